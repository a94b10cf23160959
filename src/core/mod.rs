//! The core: the lake, the DuckDB engine, checks, generation and export. It knows nothing of terminals — no terminal
//! library, no asking whether a stream is one (`tui_structure::the_core_knows_no_terminal_and_the_tui_no_cli`) — and
//! its modules import one another without a cycle (`structure`); the CLI and the TUI are thin front ends over it.

pub mod atomic_file;
pub mod backend;
pub mod cells;
pub mod check;
pub mod config;
pub mod contract;
pub mod declare;
pub mod divisions;
pub mod engine;
pub mod error;
pub mod export;
pub mod format;
pub mod gate;
pub mod generate;
pub mod import;
pub mod info;
pub mod lake;
pub mod lakeinit;
pub mod lakewriter;
pub mod link_helper;
pub mod pinyin;
pub mod queries;
pub mod quoted_figures;
pub mod remote;
pub mod resolve;
pub mod result_cache;
pub mod sample;
pub mod sandbox;
pub(crate) mod schema_verdicts;
pub mod scratch;
pub mod script;
pub mod sql;
pub mod target_dir;
pub mod unused_tables;
