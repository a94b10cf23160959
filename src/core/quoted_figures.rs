//! The figures a source sentence writes, read by one rule: the import refuses a figure its quote does not write, and
//! `lake check` finds one in a lake written before. Both build their SQL from here.

/// The columns whose value is the figure their row's quote states: it must be written there.
pub const QUOTED_FIGURES: [(&str, &str); 2] = [("indicators", "value"), ("funding", "amount_yuan")];

/// Every number `quote` (SQL text) writes, as DECIMAL(38,4): Arabic digits (thousands separators and spaces dropped)
/// with 万/萬, 亿/億, 千 or 成 after them, Chinese numerals to 九十九 with the same, a bare 万/亿 after 上/近/超/逾
/// ("上亿元": one), and 全覆盖 as 100 (percent). With `money`, only sums of money: a number followed by 元 or by 万/亿
/// (an annex's number, a year or a programme's name such as "616" is not an amount).
pub fn figures_written(quote: &str, money: bool) -> String {
    // Full-width digits as ASCII ones; thousands separators and blanks dropped.
    let q = format!(
        "translate(replace(replace({quote}, ',', ''), ' ', ''), '０１２３４５６７８９．，', '0123456789.')"
    );
    let unit = |m: &str| {
        format!(
            "CASE WHEN regexp_matches({m}, '^[万萬][亿億]$') THEN 1000000000000 \
             WHEN regexp_matches({m}, '^千[万萬]$') THEN 10000000 WHEN regexp_matches({m}, '^百[万萬]$') THEN 1000000 \
             WHEN regexp_matches({m}, '^[万萬]$') THEN 10000 WHEN regexp_matches({m}, '^[亿億]$') THEN 100000000 \
             WHEN regexp_matches({m}, '^千$') THEN 1000 WHEN regexp_matches({m}, '^百$') THEN 100 \
             WHEN regexp_matches({m}, '^成$') THEN 10 ELSE 1 END"
        )
    };
    // The units a number may carry, longest first; an amount of money carries 元 or a unit of ten thousand and more.
    let units = if money {
        // 元 written after it (5000万元, 1.5億余元); 5000万人 or 5000万美元 is no sum of yuan.
        "(?:[万萬][亿億]|千[万萬]|百[万萬]|[万萬亿億千百])?[余多]?元"
    } else {
        "(?:[万萬][亿億]|千[万萬]|百[万萬]|[万萬亿億千百成])?"
    };
    let coverage = if money {
        ""
    } else {
        "CASE WHEN regexp_matches({q}, '全覆[盖蓋]') THEN [CAST(100 AS DECIMAL(38,4))] ELSE [] END"
    };
    let digit = |c: &str| {
        format!(
            "CASE {c} WHEN '一' THEN 1 WHEN '二' THEN 2 WHEN '两' THEN 2 WHEN '兩' THEN 2 WHEN '三' THEN 3 \
             WHEN '四' THEN 4 WHEN '五' THEN 5 WHEN '六' THEN 6 WHEN '七' THEN 7 WHEN '八' THEN 8 WHEN '九' THEN 9 \
             ELSE 0 END"
        )
    };
    // A Chinese numeral to 九百九十九: hundreds (一百, 一百零五), tens (十二, 二十, 一百二十), ones.
    let numeral = "regexp_extract(m, '^(?:[一二两兩三四五六七八九]百零?)?(?:[一二两兩三四五六七八九]?十)?[一二两兩三四五六七八九]?')";
    let rest = format!("regexp_replace({numeral}, '^[一二两兩三四五六七八九]百零?', '')");
    let tens = format!(
        "{} * 100 + \
         CASE WHEN strpos({rest}, '十') > 0 THEN \
           (CASE WHEN regexp_extract({rest}, '^([^十]*)十', 1) = '' THEN 1 \
            ELSE {} END) * 10 + {} \
         ELSE {} END",
        digit(&format!(
            "regexp_extract({numeral}, '^([一二两兩三四五六七八九])百', 1)"
        )),
        digit(&format!("regexp_extract({rest}, '^([^十]*)十', 1)")),
        digit(&format!("regexp_extract({rest}, '十(.*)$', 1)")),
        digit(&rest),
    );
    format!(
        "list_concat(\
           list_transform(regexp_extract_all({q}, '[0-9]{{1,20}}(?:\\.[0-9]{{1,8}})?{units}'), \
             lambda m: TRY_CAST(TRY_CAST(regexp_extract(m, '[0-9.]+') AS DECIMAL(38,8)) * {digit_unit} AS DECIMAL(38,4))), \
           list_transform(regexp_extract_all({q}, \
             '(?:[一二两兩三四五六七八九]百零?(?:[一二两兩三四五六七八九]?十)?[一二两兩三四五六七八九]?|\
             [一二两兩三四五六七八九]?十[一二两兩三四五六七八九]?|[一二两兩三四五六七八九]){units}'), \
             lambda m: TRY_CAST(({tens}) * {numeral_unit} AS DECIMAL(38,4))), \
           list_transform(regexp_extract_all({q}, '[上近超逾][万萬亿億]{bare_money}'), lambda m: CAST({bare_unit} AS DECIMAL(38,4))), \
           {coverage})",
        coverage = if coverage.is_empty() {
            "[]".to_string()
        } else {
            coverage.replace("{q}", &q)
        },
        bare_money = if money { "[余多]?元" } else { "" },
        bare_unit = unit("regexp_replace(substring(m, 2), '[余多]?元$', '')"),
        digit_unit = unit("regexp_replace(regexp_replace(m, '^[0-9.]+', ''), '[余多]?元$', '')"),
        numeral_unit = unit(&format!(
            "regexp_replace(substring(m, length({numeral}) + 1), '[余多]?元$', '')"
        )),
    )
}

/// The figures a row's quote writes, as its `column` must be written (SQL): an amount (`…_yuan`), or a figure whose
/// `unit` (SQL, where the row has one) is yuan, as money; any other as a number. The import and `lake check` read
/// quotes by this one rule.
pub fn figures_of_row(quote: &str, column: &str, unit: Option<&str>) -> String {
    match unit {
        Some(unit) if !column.ends_with("_yuan") => format!(
            "CASE WHEN {unit} = 'yuan' THEN {} ELSE {} END",
            figures_written(quote, true),
            figures_written(quote, false)
        ),
        _ => figures_written(quote, column.ends_with("_yuan")),
    }
}
