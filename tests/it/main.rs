//! The one integration-test binary (each test binary links its own copy of DuckDB).

// Test code: a failed expectation is the test failing.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod analyst_trial;
mod attack_findings;
mod bad_lakes;
mod bench_smoke;
mod chinese;
mod cli;
mod e2e_tmux;
mod export_formats;
mod foreign_writers;
mod fuzz;
mod gate_layers;
mod honest_figures;
mod import_hostile;
mod imports;
mod lake_check;
mod lake_corrections;
mod lake_untouchable;
mod paging;
mod partials;
mod remembered;
mod remote;
mod sample_lake;
mod saved_queries;
mod sql_safety;
mod structure;
mod support;
mod tui;
mod tui_structure;
mod tui_usability;
mod write_side_exports;
mod write_side_lake;
