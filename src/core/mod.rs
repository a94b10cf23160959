//! The core: the lake, the DuckDB engine, checks, generation and export. It knows nothing of terminals; the CLI
//! and the TUI are thin front ends over it.

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
pub mod remote;
pub mod resolve;
pub mod result_cache;
pub mod sample;
pub mod sandbox;
pub(crate) mod schema_verdicts;
pub mod scratch;
pub mod script;
pub mod target_dir;
pub mod unused_tables;
