# The command line's help (`qlake --help`, `qlake lake import --help`, …): each command's about and each
# argument's help, by the command's path (`cli-help-<path>-about`, `cli-help-<path>-arg-<id>`; the root's are
# `cli-help-about` and `cli-help-arg-<id>`), and the words of clap's own layout.

## qlake

cli-help-about = Terminal dashboard and CLI over a Parquet lake of Chinese provincial quality-improvement programmes
cli-help-long-about =
    qlake reads a lake of Parquet files (one folder per table) with DuckDB compiled in. With no command it opens the terminal dashboard.

    The lake is --lake, else $QLAKE_LAKE, else `lake` in the config file, else ./sample-data, else the sample lake built into qlake.

    Exit codes: 0 success, 1 query or data error, 2 usage error, 130 interrupted.
cli-help-arg-lake = The lake folder to read.
cli-help-arg-engine = For the dashboard, `sql`, `query run` and `bench` (the engine's rows): a remote engine over Arrow Flight SQL instead of the local lake, grpc://host:port or grpc+tls://host:port (also `engine` in the config file; tested with Sail; docs/remote.md). Credentials: QLAKE_ENGINE_USER and QLAKE_ENGINE_PASSWORD.
cli-help-arg-engine-ca = The CA certificate (PEM) a grpc+tls engine's certificate must chain to, instead of the system's roots.
cli-help-arg-engine-database = The database (or catalog.database) that holds the lake's tables on the engine: each table is sent as NAME.table (Doris' and StarRocks' catalogs, a Spark database; also `engine_database` in the config file).
cli-help-arg-engine-dialect = The SQL the engine reads: `spark` (Sail, Spark; the default) or `mysql` (Apache Doris, StarRocks); each statement is written again in it from DuckDB's reading (also `engine_dialect` in the config file).
cli-help-arg-quiet = Say nothing on success (no "wrote N rows", "imported N rows"): only warnings and errors reach stderr, for scripts and cron jobs.
cli-help-arg-lang = The language of what people read (the interface, help, messages and errors, query titles and descriptions): zh or en. Without it, `lang` in the config file decides, else the locale (LC_ALL, LC_MESSAGES, LANG: zh_* is Chinese); in the dashboard, the language last chosen with L comes before both. Machine-readable output (JSON, CSV) is the same in every language.

## qlake sql

cli-help-sql-about = Run one read-only SQL statement over the lake's tables.
cli-help-sql-arg-sql = The statement, e.g. "SELECT name_en, count(*) FROM projects JOIN provinces USING (province_code) GROUP BY 1"; `-` reads it from stdin.
cli-help-sql-arg-file = Read the statement from this file (`-f` is the output format).
cli-help-sql-arg-format = table, csv, csv-excel, tsv, json, jsonl, parquet, arrow, xlsx or markdown (default: from -o's extension, else table). CSV and TSV keep values as they are (a cell may begin with = + - @); for Excel use xlsx, where text is never a formula, or csv-excel.
cli-help-sql-arg-bom = CSV for Excel: a UTF-8 byte-order mark first and CRLF line ends (the csv-excel format), so Excel on a Chinese Windows reads the names right.
cli-help-sql-arg-output = Write to this file instead of stdout (written whole or not at all).
cli-help-sql-arg-force = Replace the output file if it exists.

## qlake query

cli-help-query-about = Saved queries: list them, show one, run one with parameters.

## qlake query list

cli-help-query-list-about = Every saved query: name, title, parameters, and whether it is shipped or yours.
cli-help-query-list-arg-format = table (default), json, csv, ... — json is for scripts.

## qlake query show

cli-help-query-show-about = A query's description, parameters and SQL.
cli-help-query-show-arg-name = The query's name (see `qlake query list`).

## qlake query run

cli-help-query-run-about = Run a saved query.
cli-help-query-run-arg-name = The query's name (see `qlake query list`).
cli-help-query-run-arg-params = A parameter value, NAME=VALUE; repeat for several.
cli-help-query-run-arg-format = table, csv, csv-excel, tsv, json, jsonl, parquet, arrow, xlsx or markdown (default: from -o's extension, else table). CSV and TSV keep values as they are (a cell may begin with = + - @); for Excel use xlsx, where text is never a formula, or csv-excel.
cli-help-query-run-arg-bom = CSV for Excel: a UTF-8 byte-order mark first and CRLF line ends (the csv-excel format), so Excel on a Chinese Windows reads the names right.
cli-help-query-run-arg-output = Write to this file instead of stdout (written whole or not at all).
cli-help-query-run-arg-force = Replace the output file if it exists.

## qlake lake

cli-help-lake-about = Look at, check, generate, build or import into lakes; declare them to a remote engine.

## qlake lake info

cli-help-lake-info-about = Tables, files, rows, real and synthetic rows, size.
cli-help-lake-info-arg-format = table, csv, csv-excel, tsv, json, jsonl, parquet, arrow, xlsx or markdown (default: from -o's extension, else table). CSV and TSV keep values as they are (a cell may begin with = + - @); for Excel use xlsx, where text is never a formula, or csv-excel.
cli-help-lake-info-arg-bom = CSV for Excel: a UTF-8 byte-order mark first and CRLF line ends (the csv-excel format), so Excel on a Chinese Windows reads the names right.
cli-help-lake-info-arg-output = Write to this file instead of stdout (written whole or not at all).
cli-help-lake-info-arg-force = Replace the output file if it exists.

## qlake lake check

cli-help-lake-check-about = Check every file against the lake contract; exit 1 when anything breaks it.

## qlake lake generate

cli-help-lake-generate-about = Write a synthetic lake of any size (same schema, deterministic) into an empty or new folder.
cli-help-lake-generate-arg-out = The folder to create.
cli-help-lake-generate-arg-enterprises = How many enterprises (the largest table).
cli-help-lake-generate-arg-seed = Seed of the arithmetic that fills the rows.

## qlake lake init

cli-help-lake-init-about = Start a lake of one's own: every contract table (empty, with its schema), the 31 provinces, and the cities of the provinces asked for.
cli-help-lake-init-arg-dir = A new or empty folder.
cli-help-lake-init-arg-cities = Also the prefecture-level divisions of this province (e.g. CN-ZJ), from the built-in list of the country's (the National Bureau of Statistics' 2023 codes; repeatable).
cli-help-lake-init-arg-tables = The contract tables this lake uses, e.g. `--tables programs,projects,chains` (the reference tables are filled by init); the others are listed in `_unused-tables.txt`, and `lake check` notes them when empty instead of calling that an error. All of them when not given.

## qlake lake add-source

cli-help-lake-add-source-about = Register a source document: its `sources` row and its text, which real rows' quotes are checked against.
cli-help-lake-add-source-arg-dir = The lake's folder.
cli-help-lake-add-source-arg-file = The document's text (.txt or .md, UTF-8); quotes of real rows are checked against it word for word.
cli-help-lake-add-source-arg-id = Its id (default: made from the file name, and printed).
cli-help-lake-add-source-arg-title = Its title, as published.
cli-help-lake-add-source-arg-title-en = Its title in English (default: the title).
cli-help-lake-add-source-arg-publisher = Its publisher.
cli-help-lake-add-source-arg-date = YYYY-MM-DD, or what is known of the date (kept as a note).

## qlake lake import

cli-help-lake-import-about = Add a file's rows to one table, each checked against the contract, the lake and its sources; all or nothing.
cli-help-lake-import-arg-dir = The lake's folder.
cli-help-lake-import-arg-table = The contract table the rows go into (e.g. projects, ratings, enterprises).
cli-help-lake-import-arg-file = A .csv, .tsv, .xlsx, .json, .jsonl or .parquet file whose columns are named as the contract's: a regular file of at most 64 GiB (CSV, TSV, Parquet), 32 MiB (JSON, JSONL) or 256 MiB (XLSX); QLAKE_IMPORT_MAX_BYTES sets another limit.
cli-help-lake-import-arg-map = The file's column THEIRS holds the contract's COLUMN (repeatable).
cli-help-lake-import-arg-units = A money column given in 万元 or 亿元 (or 元): converted to yuan (repeatable), e.g. --unit amount_yuan=万元.
cli-help-lake-import-arg-synthetic = The rows are synthetic (made to fill published totals) where the file has no is_synthetic column.
cli-help-lake-import-arg-dry-run = Check everything and show what would be added; write nothing.
cli-help-lake-import-arg-sheet = The sheet of an .xlsx file (default: the first).
cli-help-lake-import-arg-encoding = The encoding of a CSV, TSV or JSON file that is not UTF-8: gbk (as Excel saves CSV on a Chinese system), gb18030, big5, utf-16le …
cli-help-lake-import-arg-allow-unreconciled = Import although a lake rule (a reconciliation, say) fails with these rows; WHY is kept in the import log.
cli-help-lake-import-arg-short-quotes = Import real rows whose quotes are shorter than a sentence's worth (8 characters); WHY is kept in the log.
cli-help-lake-import-arg-unquoted-figures = Import figures (an indicator's value, an amount) that their quote does not write; WHY is kept in the log.

## qlake lake undo

cli-help-lake-undo-about = Take one import (its files and its record) out of the lake again.
cli-help-lake-undo-arg-dir = The lake's folder.
cli-help-lake-undo-arg-id = The import's id, as `lake info` lists it.
cli-help-lake-undo-arg-force = Undo it even if rows left in the lake refer to rows it brought, or if an older qlake recorded it without its files' sizes and hashes (only files an import writes are ever removed).

## qlake lake declare

cli-help-lake-declare-about = Print the table definitions a remote engine needs to read a copy of this lake on object storage (Spark SQL: Sail, Spark; docs/remote.md), one statement per table, for the engine's administrator to run.
cli-help-lake-declare-arg-location = Where the lake's folder was copied to, e.g. s3://bucket/lake: each table is read from LOCATION/<table>.

## qlake lake build-sample

cli-help-lake-build-sample-about = Rebuild the sample lake from its reviewable sources (lake-src/sample.sql and the seed texts).
cli-help-lake-build-sample-arg-src = The folder holding sample.sql and seeds/.
cli-help-lake-build-sample-arg-out = The lake folder to (re)write.

## qlake tui

cli-help-tui-about = Open the terminal dashboard (the default command), or drive it headless and print the final screen.
cli-help-tui-arg-headless = Run without a terminal: feed --keys, run every query to completion after each key, print the screen.
cli-help-tui-arg-size = Screen size for --headless, WIDTHxHEIGHT.
cli-help-tui-arg-keys = Keys for --headless, e.g. "j j <enter> <esc>": <name> is one key (<enter>, <c-r>, <f5>, <tab>), other words are typed.

## qlake bench

cli-help-bench-about = Measure qlake against DuckDB on the same data in one run; prints a Markdown table (docs/performance.md).
cli-help-bench-arg-quick = The smoke check: the sample lake and a 100k-enterprise lake, one run each.
cli-help-bench-arg-runs = Runs per measure (the table shows medians); the drill steps and the remote rows take at least 9 unless 1 is asked for.
cli-help-bench-arg-work-dir = Where generated benchmark lakes are kept between runs (default: qlake's cache folder).
cli-help-bench-arg-exports-dir = Where the export rows write their files, qlake's and DuckDB's alike (default: the work folder). A RAM-backed folder (/dev/shm) compares the writers instead of a disk's swing between multi-GB writes; it needs room for one file at a time (about 12 GB at 100M).
cli-help-bench-arg-scale = National scale: every measure but the import (cold start, opening, drill steps, paging, exports) on a generated 100M-enterprise lake (made once, in about 4 minutes), generating and checking 100M timed, and the drill steps on the sample, 1M and 10M lakes in the same run.
cli-help-bench-arg-only = One group of measures alone: `imports` (the 1M and 10M lakes' enterprises imported from CSV, and memory), `drill` (the cold start and the drill steps on the sample, 1M and 10M lakes; with `--scale 100m`, on the 100M lake too), `remote` (with --engine: the tiles and drill queries on the engine, against a direct client) or `peers` (Harlequin, VisiData and DuckDB's CLI against qlake's first screen, as `--peers` adds them).
cli-help-bench-arg-duckdb-cli = DuckDB's CLI for the whole-process rows (default: the one scripts/ensure-tools installs in qlake's cache, else `duckdb` on PATH).
cli-help-bench-arg-flight-client = Python with pyarrow and adbc-driver-flightsql, the direct client of `--only remote` (default: the test bed's, which scripts/testbed install makes).
cli-help-bench-arg-peers = The peers in the same run, after qlake's rows: Harlequin, VisiData and DuckDB's CLI against qlake's first screen in tmux (120x40), on each lake of the run; installs Harlequin and VisiData into qlake's cache when missing.

## qlake completions

cli-help-completions-about = Print a shell completion script.
cli-help-completions-arg-shell = bash, zsh, fish, elvish or powershell.

## The layout

cli-help-usage = Usage:
cli-help-options = Options
cli-help-arguments = Arguments
cli-help-commands = Commands
cli-help-flag-help = Print help
cli-help-flag-version = Print version
cli-help-command-help = Print this message or the help of the given subcommand(s)
cli-help-values = [possible values: { $values }]
cli-help-default = [default: { $value }]
cli-help-env = [env: { $name }]

# clap's usage errors (in English clap says them itself; these are for the other languages' parity).
cli-error-unknown-argument = unexpected argument '{ $arg }' found
cli-error-unknown-subcommand = unrecognized subcommand '{ $name }'
cli-error-missing = the following required arguments were not provided: { $args }
cli-error-invalid-value = invalid value '{ $value }' for '{ $arg }' (possible values: { $valid })
cli-error-value = invalid value '{ $value }' for '{ $arg }': { $why }
cli-error-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
cli-error-did-you-mean = tip: a similar one exists: '{ $name }'
cli-error-see-help = For more information, try '--help'.
