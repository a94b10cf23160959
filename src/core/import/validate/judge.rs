//! Running the rules: the SQL that counts or lists the rows a rule refuses, and each refusal as people read it.

use super::*;

/// Every problem of every row that any rule finds, ordered by row.
pub fn problems(
    conn: &Connection,
    table: &Table,
    mapped: &[Mapped],
    lake: &LakeSide,
) -> Result<Vec<RowProblem>> {
    let rules = rules(table, mapped, lake);
    let said: HashMap<String, String> = rules.iter().filter_map(|r| r.said.clone()).collect();
    let selects: Vec<String> = rules.into_iter().map(|r| r.select).collect();
    let mut found = run(conn, table, &selects)?;
    // The rules' SQL says each message in English, as it is shown in English.
    let lang = crate::i18n::process_lang();
    if lang != Lang::English {
        for problem in &mut found {
            if let Some(words) = said
                .get(&problem.message)
                .cloned()
                .or_else(|| not_verbatim(lang, &problem.message))
            {
                problem.message = words;
            }
        }
    }
    Ok(found)
}

/// The message of the rule on a quote its source's text does not hold, which its SQL makes per row (where the text
/// parts from the quote), in `lang`; `None` for any other message, or one not of that form.
pub(super) fn not_verbatim(lang: Lang, message: &str) -> Option<String> {
    let rest = message.strip_prefix(NOT_VERBATIM)?;
    if rest == NO_PASSAGE {
        return Some(crate::tr!(lang, "err-import-quote-not-verbatim-nowhere"));
    }
    let (n, rest) = rest
        .strip_prefix("; the text has its first ")?
        .split_once(" characters, then reads `")?;
    let (text, quote) = rest
        .strip_suffix('`')?
        .split_once("` where the quote reads `")?;
    Some(crate::tr!(
        lang,
        "err-import-quote-not-verbatim-closest",
        n = n,
        text = text,
        quote = quote
    ))
}

/// How the message of a quote its source's text does not hold begins, and how it ends when no passage of the text
/// begins as the quote does (the SQL of the rule says them; [`not_verbatim`] reads them).
pub(super) const NOT_VERBATIM: &str = "is not found verbatim in its source's text";

pub(super) const NO_PASSAGE: &str = "; no passage of the text begins as it does";

/// True for a row (of a relation named `incoming`) that a rule of scope `Read` finds a problem in. Those rules never
/// look at the lake, so no lake tables are given.
pub fn read_rules_fail(table: &Table, mapped: &[Mapped]) -> String {
    let rules = rules(
        table,
        mapped,
        &LakeSide {
            tables: &[],
            rules_by_row: false,
            short_quotes: true,
            unquoted_figures: true,
        },
    );
    // A lookup in the writing pass would join in the write's pipeline; every read rule looks at the row alone (a
    // unit test says so), so none is left out here.
    any_condition(
        rules
            .iter()
            .filter(|r| r.scope == Scope::Read && r.looks == Looks::AtRow),
    )
}

/// A query of one number, 0 when every rule of scope `Written` holds for `incoming` (else the rows one or more rules
/// find, plus what each rule of its own query finds). Which rows they are the text pass tells; this only decides,
/// in one scan for every rule judged in a scan (`problems` reads the rows once per rule).
pub fn written_problem_count(table: &Table, mapped: &[Mapped], lake: &LakeSide) -> String {
    let rules: Vec<Rule> = rules(table, mapped, lake)
        .into_iter()
        .filter(|r| r.scope == Scope::Written)
        .collect();
    let (beyond, in_scan): (Vec<&Rule>, Vec<&Rule>) =
        rules.iter().partition(|r| r.looks == Looks::Beyond);
    let by_row = any_condition(in_scan.into_iter());
    let counts: Vec<String> =
        std::iter::once(format!("(SELECT count(*) FROM incoming WHERE {by_row})"))
            .chain(beyond.into_iter().map(|r| {
                r.count
                    .clone()
                    .unwrap_or_else(|| format!("(SELECT count(*) FROM ({}))", r.select))
            }))
            .collect();
    format!("SELECT {}", counts.join(" + "))
}

/// True where `value` is NULL or nothing but what `trim` removes (Unicode spaces too, such as 　). Its first character
/// decides first: trimming each of a million values copies each, 80 ms, the first character alone is inlined.
pub(super) fn blank(value: &str) -> String {
    format!("({value} IS NULL OR (trim(left({value}, 1)) = '' AND trim({value}) = ''))")
}

/// The conditions of `rules` as one: true where any of them is.
pub(super) fn any_condition<'a>(rules: impl Iterator<Item = &'a Rule>) -> String {
    let conditions: Vec<String> = rules.map(|r| format!("({})", r.condition)).collect();
    if conditions.is_empty() {
        "false".into()
    } else {
        // A NULL condition (a comparison with NULL) is no problem, as in the WHERE of the rule itself.
        format!("coalesce({}, false)", conditions.join(" OR "))
    }
}

pub(super) fn run(conn: &Connection, table: &Table, selects: &[String]) -> Result<Vec<RowProblem>> {
    if selects.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT _row, col, val, msg, other FROM ({}) ORDER BY _row, col",
        selects.join(" UNION ALL ")
    );
    let lang = crate::i18n::process_lang();
    let failed = |e: duckdb::Error| Error::Query {
        context: crate::tr!(lang, "err-import-checking-rows", table = table.name),
        message: e.to_string(),
    };
    let mut stmt = conn.prepare(&sql).map_err(failed)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RowProblem {
                row: r.get(0)?,
                column: r.get(1)?,
                value: r.get(2)?,
                message: r.get(3)?,
                other_row: r.get(4)?,
            })
        })
        .map_err(failed)?;
    rows.collect::<std::result::Result<_, _>>().map_err(failed)
}
