//! The calls into `parse.cpp`: DuckDB's own parser and lexer behind C functions.

use std::ffi::CStr;
use std::os::raw::c_char;

unsafe extern "C" {
    fn qlake_describe_sql(sql: *const c_char, length: usize) -> *mut c_char;
    fn qlake_tokenize_sql(sql: *const c_char, length: usize) -> *mut c_char;
    fn qlake_serialized_facts(sql: *const c_char, length: usize) -> *mut c_char;
    fn qlake_string_literal(sql: *const c_char, length: usize) -> *mut c_char;
    fn qlake_free_description(description: *mut c_char);
    fn qlake_part_plan(
        texts: *const *const c_char,
        lengths: *const usize,
        count: usize,
    ) -> *mut c_char;
}

/// The parser's report on `sql` (see the line format in `parse.cpp`).
pub(super) fn describe(sql: &str) -> String {
    call(qlake_describe_sql, sql).unwrap_or_else(|| "error\tout of memory while parsing".into())
}

/// What DuckDB's own serializer writes of the parsed tree of `sql` (see `FactSerializer` in `parse.cpp`): the tests'
/// independent account to hold the gate's walk to.
pub(super) fn serialized_facts(sql: &str) -> String {
    call(qlake_serialized_facts, sql).unwrap_or_else(|| "error\tout of memory".into())
}

/// DuckDB's value of one string-literal token (`parse.cpp`): "ok <value>" or "no <why>".
pub(super) fn string_literal(token: &str) -> String {
    call(qlake_string_literal, token).unwrap_or_default()
}

/// The lexer's tokens of `sql`, one "start kind" line each (`parse.cpp`).
pub(super) fn tokenize(sql: &str) -> String {
    call(qlake_tokenize_sql, sql).unwrap_or_default()
}

/// Each unit's statements over some of its table's files, and the statement combining their parts (`parts.cpp`):
/// the statement, the file column, then a CTE, a scan and a table per unit.
pub(super) fn part_plan(fields: &[&str]) -> String {
    call_fields(qlake_part_plan, fields).unwrap_or_else(|| "no\tout of memory".into())
}

fn call_fields(
    shim: unsafe extern "C" fn(*const *const c_char, *const usize, usize) -> *mut c_char,
    fields: &[&str],
) -> Option<String> {
    let pointers: Vec<*const c_char> = fields.iter().map(|f| f.as_ptr().cast()).collect();
    let lengths: Vec<usize> = fields.iter().map(|f| f.len()).collect();
    // SAFETY: each pointer and length describe one of `fields`' byte strings, which outlive the call; the shim copies
    // them.
    let raw = unsafe { shim(pointers.as_ptr(), lengths.as_ptr(), fields.len()) };
    owned(raw)
}

fn call(
    shim: unsafe extern "C" fn(*const c_char, usize) -> *mut c_char,
    sql: &str,
) -> Option<String> {
    // SAFETY: the pointer and length describe `sql`'s bytes, which outlive the call; the shim copies them.
    let raw = unsafe { shim(sql.as_ptr().cast(), sql.len()) };
    owned(raw)
}

/// The shim's answer as a Rust string, its buffer freed.
fn owned(raw: *mut c_char) -> Option<String> {
    if raw.is_null() {
        return None;
    }
    // SAFETY: the shim returns a NUL-terminated string it allocated with malloc; we copy it, then free it once.
    let report = unsafe { CStr::from_ptr(raw) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: `raw` came from one of the shims and is freed exactly once.
    unsafe { qlake_free_description(raw) };
    Some(report)
}
