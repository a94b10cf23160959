//! qlake: a terminal dashboard and CLI over a Parquet lake of Chinese provincial quality-improvement programmes.

pub mod cli;
pub mod core;
pub mod i18n;
pub mod tui;
