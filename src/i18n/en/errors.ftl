# The errors people meet most, from the core: the read-only gate's refusals, a saved query's parameters, and what an
# import finds wrong in a file. Tests compare many of these sentences word for word: change the English only with
# them.

## Kinds of error (what `Error` says around its details)

# The folder given as the lake cannot be read as one; $reason says why.
err-lake-not-found = lake folder { $path }: { $reason }
err-refused = refused by qlake's read-only gate: { $reason }
# $context is what was being done; $message is DuckDB's own.
err-locked-down = { $context }: refused by DuckDB's lock-down: { $message }
err-interrupted = interrupted
# On a line of its own after a DuckDB error whose advice to `SET` something was taken out.
err-setting-advice-removed = (DuckDB's advice to change a setting does not apply: qlake's settings are locked.)
# On a line of its own after DuckDB's error when a query ran out of temporary disk space.
err-spill-hint = The query needs more temporary disk space than qlake lets one process use (a quarter of the free disk by default, so one query cannot fill a shared disk): narrow the query, or raise the cap with QLAKE_MAX_TEMP=40GiB or max_temp in the config file.
# Between the items of a list in a sentence (names, values, SQL keywords).
err-list-separator = {", "}

## The read-only gate's reasons (after "refused by qlake's read-only gate: ")

err-gate-nul = the statement contains a NUL byte
err-gate-too-long = the statement is { $bytes } bytes; qlake reads statements of at most { $mib } MiB
err-gate-beyond-parse-limits = the statement is beyond what qlake parses ({ $tokens } tokens, at most { $most_tokens }; brackets nested { $depth } deep, at most { $deepest })
err-gate-too-many-query-blocks = the statement holds { $count } query blocks (SELECTs and set operations); qlake runs at most { $most } in one statement, since DuckDB's planning cost grows faster than their number
err-gate-empty = the statement is empty
# $kinds lists the kinds of statement DuckDB read (SELECT, COPY, …).
err-gate-several-statements = DuckDB reads { $count } statements here ({ $kinds }); qlake runs exactly one read-only statement at a time
# $explain is ANALYZE or nothing; $inner is the kind of statement EXPLAIN wraps (COPY, INSERT, …).
err-gate-explain-wraps = EXPLAIN { $explain } wraps a { $inner } statement; qlake only explains read-only queries
err-gate-pivot-without-in = DuckDB runs this as several statements (a PIVOT without an IN list creates a type first); list the values: PIVOT … ON column IN (…)
# $kind is DuckDB's kind of statement (INSERT, COPY, ATTACH, SET, …).
err-gate-not-read-only = { $kind } statements are not allowed; qlake runs read-only queries (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, PIVOT, EXPLAIN)
err-gate-writing-node = the query holds a { $node } statement inside it (a write); qlake is read-only
err-gate-uninspectable = part of the query could not be inspected ({ $reason }), so it is not run
# $reason is one of the err-gate-reason-* below.
err-gate-function-refused = the function `{ $name }` is not allowed: it { $reason }
err-gate-table-function-refused = the table function `{ $name }` is not allowed: it { $reason }
err-gate-view-refused = DuckDB's view `{ $name }` is not allowed: it { $reason }
err-gate-function-unknown = DuckDB has no function `{ $name }` that qlake knows: a query may call only the functions of DuckDB's catalogue, each classified by qlake (docs/reliability.md)
err-gate-table-function-unknown = DuckDB has no table function `{ $name }` that qlake knows: a query may call only the functions of DuckDB's catalogue, each classified by qlake (docs/reliability.md)
err-gate-file-by-path = `{ $name }` reads a file by its path; query the lake's tables by their names
err-gate-show-not-lake-table = DESCRIBE, SUMMARIZE and SHOW name only the lake's tables here (`{ $name }` is not one; `SHOW <name>` of anything else shows one of DuckDB's settings or another catalogue object)
err-gate-remote-show = DESCRIBE, SUMMARIZE and SHOW are DuckDB's; on a remote engine a query reads only the lake's tables
err-gate-remote-qualified = `{ $name }` names another catalog or schema; on a remote engine a query reads only the lake's tables, by their bare names
err-gate-remote-not-lake-table = `{ $name }` is not one of the lake's tables; on a remote engine a query reads only those ({ $tables })
err-gate-remote-table-function = the table function `{ $name }` reads what the engine decides, not the lake's tables; on a remote engine a query reads only those

## Why a function or view is refused: each completes "it …" in the sentences above

err-gate-reason-runs-sql = runs SQL text of its own, which the gate cannot inspect
err-gate-reason-writes = writes (to the database, a sequence or a log)
err-gate-reason-settings = reads or changes DuckDB's settings, which hold every lake path and qlake's lock-down
err-gate-reason-secrets = shows secrets
err-gate-reason-paths = shows file paths (the lake's files in view definitions, databases, extensions, temporary files)
err-gate-reason-file-metadata = lists the file system
err-gate-reason-session = shows or changes the session (its logs, prepared statements, variables or random seed)
err-gate-reason-external = reaches another connection or an external resource
err-gate-reason-memory = reads memory at an address it is given
err-gate-reason-sleep = holds the engine without reading, out of cancel's reach
err-gate-reason-database = opens a database file
err-gate-reason-internal = is DuckDB's internal plumbing, not for queries

## Saved queries and their parameters

err-query-param-twice = parameter `{ $param }` of query `{ $query }` is given twice; give it once
err-query-no-such-param = query `{ $query }` has no parameter `{ $param }`; its parameters are: { $params }
err-query-no-such-param-none = query `{ $query }` has no parameter `{ $param }`; its parameters are: none
# $why is one of the err-value-* below.
err-query-param-value = parameter `{ $param }` of query `{ $query }`: { $why }
# A query file's default that is not a value of its parameter's kind.
err-query-param-default = { $path }: default of `{ $param }`: { $why }
# $kind is the parameter's kind as the query file writes it (integer, date, choice(a, b), …); $description is the file's.
err-query-param-needed = query `{ $query }` needs --param { $param }=… ({ $kind }: { $description })
# A `choice of table.column` parameter given a value the lake does not hold; $values are (some of) those it holds.
err-query-value-not-in-lake = parameter `{ $param }` of query `{ $query }`: `{ $value }` is not among this lake's { $table }.{ $column } ({ $held ->
        [none] it has none
        [more] { $values }, …
       *[all] { $values }
    })
# $engines are the query's `-- engines:` dialects; $engine the dialect of the engine it would go to.
err-query-not-for-engine = query `{ $query }` is written for { $engines } only (its `-- engines:` line), so it is not sent to an engine that reads { $engine } SQL; `qlake query list` shows which queries run where
err-query-unknown = no saved query named `{ $name }`; see `qlake query list`
# $closest: up to three names, each in backticks.
err-query-unknown-did-you-mean = no saved query named `{ $name }`; did you mean { $closest }?

## A parameter's value (after "parameter `NAME` of query `QUERY`: "); $value is the value as typed, in double quotes

err-value-nul = the value contains a NUL byte
err-value-not-integer = { $value } is not an integer
err-value-not-decimal = { $value } is not a decimal number
err-value-not-boolean = { $value } is not a boolean (true or false)
err-value-not-date = { $value } is not a date (YYYY-MM-DD)
err-value-not-a-choice = { $value } is not one of { $choices }
err-value-not-a-province = { $value } is not a province's code or name

## Import (`lake import`): the command line

# $flag is --unit or --map; $value the column given twice.
err-import-option-twice = { $flag }: `{ $value }` is given twice; give it once
err-import-reason-missing = { $flag } needs the reason, in words: it is kept in the import log
err-import-reason-too-long = { $flag }: a reason of at most { $most } characters (it is kept in the import log)
err-import-no-such-table = no table `{ $table }` in the contract (tables: { $tables })
err-import-hive-partitioned = { $root }: `{ $table }` is written in Hive partitions; imports add plain files and cannot go into it
err-import-table-folder-not-a-folder = { $folder }: a symlink or a file, not a folder of the lake; imports write only into the lake's own table folders
err-import-document-folder-not-a-folder = { $folder }: a symlink or a file, not a folder of the lake; a document's text is written only into the lake's own folder

## Import: the file's columns (each on a line of its own, then err-import-nothing-imported)

err-import-missing-column = { $file }: no column `{ $column }`, which `{ $table }` requires
err-import-unit-not-money = --unit { $column }={ $unit }: `{ $column }` is not a money column
err-import-unit-unknown = --unit { $column }={ $unit }: the unit is 元, 万元 or 亿元 (yuan, wan, yi)
err-import-unit-no-such-column = --unit { $column }=…: `{ $table }` has no column `{ $column }`
err-import-map-no-such-column = --map { $from }={ $to }: `{ $table }` has no column `{ $to }`
err-import-map-not-in-file = --map { $from }={ $to }: { $file } has no column `{ $from }`
# $columns are the table's columns.
err-import-column-not-in-table = { $file }: column `{ $column }` is not a column of `{ $table }`; rename it with --map '{ $column }=COLUMN' (columns: { $columns })
err-import-nothing-imported = { $file }: nothing was imported

## Import: a row's problems, one a line

# Where a row is: $n is its number in the file.
err-import-at-line = line { $n }
err-import-at-row = row { $n }
err-import-at-record = record { $n }
# $at is one of the three above; $message one of the rule messages below.
err-import-problem = { $file }: { $at }: column `{ $column }`: `{ $value }` { $message }
err-import-problem-no-value = { $file }: { $at }: column `{ $column }`: { $message }
# $other is the row first seen with the same key (one of err-import-at-*).
err-import-problem-other-row = { $file }: { $at }: column `{ $column }`: `{ $value }` { $message } { $other }
err-import-problem-no-value-other-row = { $file }: { $at }: column `{ $column }`: { $message } { $other }
err-import-more-problems = … and { $count } more
err-import-problems-in-all = { $file }: { $count ->
        [one] { $count } problem
       *[other] { $count } problems
    } in all; nothing was imported into { $root }

## Import: what a rule finds wrong with a value (after the value)

# $kind is one of err-import-kind-*.
err-import-not-kind = is not { $kind }
err-import-not-kind-after-unit = is not { $kind } (after the unit conversion)
err-import-kind-text = text (VARCHAR)
err-import-kind-integer = integer
err-import-kind-money = exact money in yuan (DECIMAL or integer)
err-import-kind-exact = exact number (DECIMAL or integer)
err-import-kind-boolean = BOOLEAN
err-import-kind-date = DATE
# $least is the smallest sum the lake takes (10000 yuan).
err-import-money-under-wan = is under 1万元 ({ $least } yuan): a figure in 万元 or 亿元? convert it with --unit { $column }=万元 (or 亿元)
err-import-required = has no value; the column is required
# $allowed: the column's values, separated by " / ".
err-import-not-allowed = is not one of { $allowed }
err-import-unknown-reference = is not a `{ $table }.{ $column }` in the lake
err-import-real-row-needs-source = a real row needs source_id and source_quote (rows made up to fill a total are imported with --synthetic or an is_synthetic column)
err-import-source-not-registered = has no text in the lake's _sources folder; register the document with `qlake lake add-source`
# The quote's first $n characters are in the text; after them the text reads $text where the quote reads $quote.
err-import-quote-not-verbatim-closest = is not found verbatim in its source's text; the text has its first { $n } characters, then reads `{ $text }` where the quote reads `{ $quote }`
err-import-quote-not-verbatim-nowhere = is not found verbatim in its source's text; no passage of the text begins as it does
err-import-quote-other-script = is in its source's text in the other script (simplified / traditional, as 连 / 連): quote the text as it is written
err-import-quote-other-blanks = is in its source's text only with other blanks or punctuation (，or , ; a space, a line break): quote the text as it is written
err-import-quote-too-short = is shorter than { $least } characters: too little to show where the row comes from (quote the sentence; --short-quotes 'WHY' imports short ones, recorded)
err-import-figure-not-quoted = is not a figure its source_quote writes (in digits, with 万/亿, or in Chinese numerals): quote the sentence that gives it (--unquoted-figures 'WHY' imports it anyway, recorded)
# $rule is what the lake's rule says of the row.
err-import-lake-rule = { $rule }: a rule of the lake (give --allow-unreconciled 'WHY' to import it anyway, recorded)
# Followed by the row first seen with the same key.
err-import-repeats-key = repeats the key of
err-import-key-in-lake = is a key the lake already has
# What was being done when DuckDB failed, before its error.
err-import-checking-rows = checking the rows for `{ $table }`

## Import: the lake as a whole (each followed by the problems, one a line)

err-import-lake-rules-fail = { $file }: the lake's rules fail with these rows, so nothing was imported (give --allow-unreconciled 'WHY' to import them anyway, recorded in the import log):
err-import-checks-disagree = { $file }: the checks of the rows as written and as read disagree, so nothing was imported; please report this with the file
err-import-lake-rules-check-failed = checking the lake's rules failed
err-import-lake-rules-check-error = checking the lake's rules: { $error }
err-import-hashing-failed = hashing the file failed

## Undo (`lake undo`)

# $emptied: the tables the undo would leave empty, in backticks.
err-undo-would-empty = `{ $table }` refers to `{ $emptied }`, which would be left empty
err-undo-would-leave-dangling = { $root }: undoing import { $id } would leave rows referring to rows it brought, so nothing was removed (give --force to undo it anyway):

# A parameter's kind as the form and `query show` tell it (the query file's own words).
kind-text = text
kind-search = search
kind-integer = integer
kind-decimal = decimal
kind-boolean = boolean
kind-date = date
kind-choice = choice({ $values })
kind-choice-of = choice of { $column }
