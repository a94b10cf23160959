//! The import's refusals as people read them: each problem with the row it is on, in the file's own terms.

use super::*;

/// How many row problems are printed; the count says how many there were in all.
pub(super) const SHOWN_PROBLEMS: usize = 200;

/// Every problem found, as the user reads them: file, line (or row, record), column, value, what is wrong.
pub(super) fn problems_error(
    problems: &[validate::RowProblem],
    format: InputFormat,
    file_label: &str,
    root: &Path,
) -> Error {
    let lang = crate::i18n::process_lang();
    let mut lines: Vec<String> = problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| {
            let at = locate(lang, format, p.row);
            let (file, column, message) = (file_label, p.column.as_str(), p.message.as_str());
            match (p.value.as_deref(), p.other_row) {
                (Some(value), None) => crate::tr!(
                    lang,
                    "err-import-problem",
                    file = file,
                    at = at,
                    column = column,
                    value = value,
                    message = message
                ),
                (None, None) => crate::tr!(
                    lang,
                    "err-import-problem-no-value",
                    file = file,
                    at = at,
                    column = column,
                    message = message
                ),
                (Some(value), Some(other)) => crate::tr!(
                    lang,
                    "err-import-problem-other-row",
                    file = file,
                    at = at,
                    column = column,
                    value = value,
                    message = message,
                    other = locate(lang, format, other)
                ),
                (None, Some(other)) => crate::tr!(
                    lang,
                    "err-import-problem-no-value-other-row",
                    file = file,
                    at = at,
                    column = column,
                    message = message,
                    other = locate(lang, format, other)
                ),
            }
        })
        .collect();
    if problems.len() > SHOWN_PROBLEMS {
        lines.push(crate::tr!(
            lang,
            "err-import-more-problems",
            count = problems.len() - SHOWN_PROBLEMS
        ));
    }
    lines.push(crate::tr!(
        lang,
        "err-import-problems-in-all",
        file = file_label,
        count = problems.len(),
        root = root.display().to_string()
    ));
    Error::Invalid(lines.join("\n"))
}

/// Where a row is in the file, in `lang`: the format's own words (`line 3`, `row 3`, `record 3`) in English.
pub(super) fn locate(lang: crate::i18n::Lang, format: InputFormat, row: i64) -> String {
    let english = format.locate(row);
    if lang == crate::i18n::Lang::English {
        return english;
    }
    match english.split_once(' ') {
        Some(("line", n)) => crate::tr!(lang, "err-import-at-line", n = n),
        Some(("row", n)) => crate::tr!(lang, "err-import-at-row", n = n),
        Some(("record", n)) => crate::tr!(lang, "err-import-at-record", n = n),
        _ => english,
    }
}

/// What DuckDB's `error()` raises in the import's one pass over a file, at the first row a row rule finds wrong.
pub(super) const ROW_PROBLEM: &str = "qlake: a row the import refuses";
