//! The one integration-test binary (each test binary links its own copy of DuckDB).

mod bad_lakes;
mod bench_smoke;
mod cli;
mod e2e_tmux;
mod export_formats;
mod foreign_writers;
mod fuzz;
mod lake_check;
mod sample_lake;
mod saved_queries;
mod sql_safety;
mod support;
mod tui;
