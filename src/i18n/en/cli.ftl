# What the command line tells a person: what a command did (stderr, unless --quiet), warnings, usage errors, and the
# words of `query show` and of `query list`'s table. Machine-readable output (JSON, CSV, exit codes) is never here.

## Errors and warnings

cli-error = qlake: { $message }
cli-warning = qlake: warning: { $message }
cli-warning-script-not-checked = qlake: warning: the table's script was not looked at: { $error }
# Between the items of a list in a sentence (formats, files).
cli-list-separator = {", "}

## Arguments

cli-not-name-value = `{ $value }` is not NAME=VALUE
cli-not-a-size = `{ $value }` is not a size like 100x30 (at most { $width }x{ $height })
cli-unknown-format = unknown format `{ $value }`; use one of { $names }
cli-format-from-path = cannot tell the format from { $path }; add --format (csv, csv-excel, tsv, json, jsonl, parquet, arrow, xlsx, markdown, table)
cli-bom-not-csv = --bom is for CSV; { $format } has no byte-order mark to add
cli-engine-not-for-lake-commands = --engine { $url }: the dashboard, `qlake sql`, `qlake query run` and `qlake bench` reach a remote engine; the lake commands read the local lake (leave out --engine and QLAKE_ENGINE)
cli-keys-invalid = --keys: { $error }
cli-tui-needs-terminal = the dashboard needs a terminal; use a subcommand (see --help) or `qlake tui --headless`
cli-stdin-too-large = stdin: the statement is larger than { $mib } MiB
cli-stdin-not-utf8 = stdin: the statement is not UTF-8 text
cli-sql-needs-statement = qlake sql needs a statement, `-` or --file FILE

## Exports (`sql`, `query run`)

# Progress on a terminal while a file is written.
cli-progress-rows = { $count } rows…
cli-progress-percent = { $percent }% …
cli-wrote-rows = qlake: wrote { $count ->
        [one] { $count } row
       *[other] { $count } rows
    } to { $file }
# After a table on the terminal.
cli-rows-shown = ({ $count ->
        [one] { $count } row
       *[other] { $count } rows
    })

## Saved queries (`query list`'s table, `query show`)

cli-list-heading-name = name
cli-list-heading-title = title
cli-list-heading-parameters = parameters
cli-list-heading-origin = origin
cli-list-heading-engines = engines
cli-list-origin-shipped = shipped
cli-list-origin-user = user
cli-list-origin-user-overrides = user (overrides shipped)
# $param is `NAME: KIND`.
cli-list-param-optional = { $param } (optional)
cli-show-file = file: { $path }
cli-show-no-parameters = parameters: none
cli-show-parameters = parameters:
cli-show-param-default = default { $value }
cli-show-param-required = required
cli-show-param-optional = optional
# One parameter; $need is one of the three above.
cli-show-param = { $name } ({ $kind }, { $need }) { $description }
cli-show-drill = drills into: { $query } { $bind }
cli-show-drill-when = drills into: { $query } { $bind } (rows where { $column } = { $value })

## Lakes (`lake info`, `check`, `generate`, `build-sample`, `init`, `import`, `undo`; `--version`)

# What keeps the lake unwritable ($status names the layers).
cli-protections = protections: { $status }
cli-info-lake = lake: { $root } ({ $origin })
# One import of the log, in `lake info`; $unreconciled is yes or no.
cli-info-import = import { $id }  { $at }  { $user }  { $rows } rows into { $table }  from { $file }{ $unreconciled ->
        [yes] {"  "}(unreconciled)
       *[no] {""}
    }
cli-check-problems = qlake: { $count } problems in { $dir }
cli-check-passed = qlake: { $dir } matches the contract ({ $notes } notes)
cli-generated = qlake: wrote { $enterprises } enterprises, { $projects } projects, { $chains } chains ({ $files } files) to { $dir } in { $seconds } s
cli-built-sample = qlake: built the sample lake in { $out } from { $src }
cli-init-done = qlake: a new lake in { $dir }: every contract table, { $provinces } provinces, { $cities } cities, quoting `{ $source }` (in { $sources_dir }/)
cli-imported = qlake: imported { $rows } rows into `{ $table }` from { $file } as import { $id }
# With --allow-unreconciled: $why is the reason given.
cli-imported-unreconciled = qlake: imported { $rows } rows into `{ $table }` from { $file } as import { $id } (unreconciled: { $why })
cli-already-imported = qlake: { $file } was imported into `{ $table }` already (import { $id } at { $at }); nothing to do
cli-dry-run = qlake: dry run: { $rows } rows would be added to `{ $table }`; nothing written. The first rows:
cli-undone = qlake: undid import { $id } ({ $rows } rows of `{ $table }` from { $file }): removed { $files }

cli-bench-missing = the benchmark binary { $path } is missing: it is built beside qlake (`cargo build --locked` builds both)
