//! The call into `parse.cpp`, DuckDB's own parser behind a C function.

use std::ffi::CStr;
use std::os::raw::c_char;

unsafe extern "C" {
    fn qlake_describe_sql(sql: *const c_char, length: usize) -> *mut c_char;
    fn qlake_free_description(description: *mut c_char);
}

/// The parser's report on `sql` (see the line format in `parse.cpp`).
pub(super) fn describe(sql: &str) -> String {
    // SAFETY: the pointer and length describe `sql`'s bytes, which outlive the call; the shim copies them.
    let raw = unsafe { qlake_describe_sql(sql.as_ptr().cast(), sql.len()) };
    if raw.is_null() {
        return "error\tout of memory while parsing".to_string();
    }
    // SAFETY: the shim returns a NUL-terminated string it allocated with malloc; we copy it, then free it once.
    let report = unsafe { CStr::from_ptr(raw) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: `raw` came from qlake_describe_sql and is freed exactly once.
    unsafe { qlake_free_description(raw) };
    report
}
