# What the core says beyond errors.ftl: a file `lake import` cannot read, the lake's lock and `lake undo`, `lake
# check`'s problems and notes, and the protections `qlake --version` lists. Tests compare many of these sentences
# word for word: change the English only with them.

## Import: the file to import

# $file is the file as given.
core-import-unknown-format = { $file }: cannot import a `.{ $ext }` file; give a .csv, .tsv, .xlsx, .json, .jsonl or .parquet file
core-import-encoding-only-text = --encoding { $label }: only text files (CSV, TSV, JSON, JSONL) have an encoding
core-import-not-an-encoding = --encoding { $label }: not an encoding (e.g. utf-8, gbk, gb18030, big5, utf-16le)
core-import-not-in-encoding = { $file }: not { $encoding } text (bytes that encoding does not have)
core-import-not-utf8 = { $file }: not UTF-8 text; a file saved by Excel on a Chinese system is usually GBK: give --encoding gbk (or save it as "CSV UTF-8")
core-import-no-duckdb-name = { $file }: DuckDB has no name for the opened file
core-import-sniffer-no-names = { $file }: DuckDB's CSV sniffer gave no column names for it
# $reason is DuckDB's own words.
core-import-unreadable = { $file }: cannot be read: { $reason }
core-import-too-many-columns = { $file }: has { $count } columns; qlake imports files of at most { $most } columns, so nothing was imported
# $blank is yes when the repeated name is empty (header cells with no name).
core-import-repeated-column = { $file }: the column `{ $column }` appears more than once in the header, so nothing was imported
core-import-no-columns = { $file }: has no columns, so nothing was imported
# $at is where in the file (the file as a whole, or err-import-at-*); $error is the JSON reader's own words.
core-import-not-json = { $file }: { $at }: not JSON: { $error }
core-import-json-whole-file = the file
core-import-json-array-expected = an array of objects was expected
core-import-json-object-expected = an object was expected

## What a file is for, in the sentences below ($what)

core-what-csv = a CSV file to import
core-what-tsv = a TSV file to import
core-what-parquet = a Parquet file to import
core-what-json = a JSON file to import
core-what-jsonl = a JSONL file to import
core-what-workbook = a workbook to import
core-what-document = a document to register
core-what-lake-texts = a registered document's text (all the lake's texts together)
core-what-import-log = the lake's import log

## A file that is not a regular file, or too large

# $kind is one of core-file-kind-*.
core-file-not-regular = { $file }: is { $kind }; { $what } must be a regular file, so nothing was read
core-file-kind-fifo = a named pipe (FIFO)
core-file-kind-char-device = a character device
core-file-kind-block-device = a block device
core-file-kind-socket = a socket
core-file-kind-folder = a folder
core-file-kind-other = not a regular file
# $size and $limit in bytes, each also as people read it; $raise is core-file-raise-limit, core-file-give-limit or
# nothing.
core-file-too-large = { $file }: { $size } bytes ({ $size_human }) is larger than the limit of { $limit } bytes ({ $limit_human }) for { $what }{ $raise }; nothing was read
# $var is the environment variable that sets the limit; $suggested a size that would do.
core-file-raise-limit = ; raise { $var }=SIZE (e.g. { $var }={ $suggested }) to allow a larger one
core-file-give-limit = ; give { $var }=SIZE (e.g. { $var }={ $suggested }) to allow a larger one
# $value is the value as set, in double quotes.
core-file-not-a-size = { $var }={ $value }: not a size (e.g. 2GiB, 512MiB, 1000000)

## Import: a workbook (XLSX)

# $why is the reader's own words.
core-xlsx-malformed = { $file }: cannot be read: the workbook is malformed (its reader failed: { $why })
core-xlsx-no-such-sheet = { $file }: has no sheet `{ $sheet }` (sheets: { $sheets })
core-xlsx-no-sheet = { $file }: has no sheet
core-xlsx-sheet-empty = { $file }: sheet `{ $sheet }` is empty
# $value is the cell's text (its first 40 characters); $row the header's row number.
core-xlsx-cell-without-header = { $file }: sheet `{ $sheet }`: cell { $cell } holds `{ $value }` but its column has no name in the header (row { $row })
# $bounds is core-xlsx-bounds.
core-xlsx-cell-beyond = { $file }: sheet `{ $sheet }`: cell { $cell } is beyond what qlake imports ({ $bounds }), so nothing was imported
core-xlsx-bounds = at most { $rows } rows, { $columns } columns and { $cells } cells
core-xlsx-dimension-backwards = { $file }: sheet `{ $sheet }` declares the dimension { $start }:{ $end }, which ends before it starts; the workbook is malformed
core-xlsx-dimension-too-large = { $file }: sheet `{ $sheet }` declares the cells { $start }:{ $end } ({ $rows } rows × { $columns } columns = { $cells } cells); qlake imports sheets of { $bounds }, so nothing was read
# $error is the zip reader's own words.
core-xlsx-not-a-workbook = { $file }: cannot be read as a workbook: { $error }
core-xlsx-part-too-large = { $file }: its part `{ $part }` unpacks to { $bytes } bytes; qlake reads workbook parts of at most { $limit } bytes ({ $limit_human }), so nothing was read

## The import log and the lake's lock

core-lock-busy = { $root }: another import or undo is running on this lake; try again when it has ended
# After the log file's path.
core-log-symlink = is a symlink; the import log must be a file of the lake
core-log-not-regular = is not a regular file; the import log must be one
core-log-not-utf8 = not UTF-8 text
core-log-bad-line = line { $n }: not an import record: { $error }

## Undo (`lake undo`)

# $ids: the imports the log holds.
core-undo-no-such-import = { $root }: no import `{ $id }` (imports: { $ids })
core-undo-no-such-import-none = { $root }: no import `{ $id }` (imports: none)
# $why is one of core-undo-why-*, said of the file.
core-undo-refused = import { $id }: `{ $file }` { $why }; undo removes only the files its import wrote, so nothing was removed
core-undo-why-not-importable = is not a file an import writes (`{ $table }/import-ID.parquet`, ID the import's own, in the import's table folder)
# $sources is the folder of registered documents' texts (_sources).
core-undo-why-not-importable-or-source = is not a file an import writes (`{ $table }/import-ID.parquet`, ID the import's own, in the import's table folder, or `{ $sources }/ID.txt`)
core-undo-why-not-an-import-file = is not a file an import writes
core-undo-why-not-in-lake = is not in the lake
core-undo-why-folder-not-a-folder = is in `{ $folder }`, which is a symlink or not a folder
core-undo-why-cannot-look = cannot be looked at: { $error }
core-undo-why-symlink = is a symlink
core-undo-why-not-regular = is not a regular file
core-undo-why-size-changed = is { $size } bytes, but its import wrote { $bytes } (it was changed or replaced since)
core-undo-why-cannot-read = cannot be read: { $error }
core-undo-why-changed-while-checked = changed while it was being checked
core-undo-why-hash-changed = does not have the SHA-256 its import recorded (it was changed or replaced since)
core-undo-why-unrecorded = has no size and SHA-256 in the log (an import recorded by an older qlake), so qlake cannot tell it is the file the import wrote; look at it and give --force to remove it anyway
core-undo-replaced = { $path }: replaced while the undo ran; it was left in place

## `lake check`: a problem's line

# $tag is core-check-error or core-check-note; $location the file or table folder.
core-check-line = { $tag }: { $location }: { $message }
core-check-line-column = { $tag }: { $location }: column `{ $column }`: { $message }
core-check-error = error
core-check-note = note

## `lake check`: files and tables

core-check-empty-folder = folder holds no Parquet file
# A path in a table's folder that is not read.
core-check-skipped-leads-outside = a symlink that leads out of the lake; not read
core-check-skipped-not-a-lake-file = a symlink to a file of the lake folder that is not one of its Parquet files; not read
core-check-skipped-linked-folder = a symlinked folder (qlake never follows one: it could lead in a cycle); not read
core-check-skipped-special-file = not a regular file (a FIFO, socket or device); not read
core-check-missing-table = missing table `{ $table }`: no such folder
core-check-table-not-in-contract = table is not in the contract (kept and readable)
# $count row groups in all, some of whose ranges overlap.
core-check-overlapping-row-groups = { $count } row groups whose { $column } ranges overlap: drill steps by { $column } will read the whole file at scale; write it sorted by { $column } (docs/schema.md)
# $error is DuckDB's own words.
core-check-unreadable-parquet = unreadable Parquet file: { $error }
# $kind is one of err-import-kind-*.
core-check-missing-column = missing column (expected { $kind })
core-check-wrong-type = has type { $actual }, expected { $kind }
core-check-extra-column = extra column, not in the contract (kept, ignored by qlake)
# $diff lists the differences (core-check-diff-*), separated by err-list-separator.
core-check-schema-differs = schema differs from { $first } in the same table: { $diff }
core-check-diff-no-column = no column `{ $name }`
core-check-diff-other-type = `{ $name }` is { $actual }, not { $expected }
core-check-diff-extra-column = extra column `{ $name }`
core-check-diff-order = columns in a different order

## `lake check`: rows

core-check-not-one-table = cannot be read as one table: { $error }
# $file is the file that lists the tables a lake does not use.
core-check-empty-unused = table is empty: this lake does not use it ({ $file })
core-check-empty-allowed = table is empty (the contract allows it)
core-check-empty = table is empty
core-check-nulls = { $count } rows have no value; the column is required
# $allowed: the column's values, separated by " / "; $example one value found, in double quotes.
core-check-outside-allowed = { $count } rows have values outside { $allowed } (e.g. { $example })
core-check-unsourced = { $count } real rows (is_synthetic not true) have no source_id or source_quote
core-check-duplicate-keys = { $count } keys appear more than once (e.g. { $example })
# `lake undo` looks for "the lake does not have" in the English: change the two together.
core-check-dangling = { $count } rows name a `{ $table }.{ $column }` the lake does not have (e.g. { $example })

## `lake check`: the rules across rows

# $shown: the first few, separated by err-list-separator; $more: how many are not shown.
core-rule-and-more = { $shown } and { $more } more
# $class is what the kind is (public money, credit, …); $said what the row's class says.
core-rule-funding-class = { $id }: a `{ $kind }` is { $class }, but its class says `{ $said }`
core-rule-part-of-missing = { $id } is part of `{ $total }`, which is not in `funding`
core-rule-part-of-a-part = { $id } is part of `{ $total }`, which is itself a part: name the whole instead
core-rule-part-of-other-province = { $id } is part of `{ $total }`, a total of another province
core-rule-part-larger = { $id } is larger than `{ $total }`, the total it is part of
core-rule-beside-total = { $id } is public money of { $program } in { $year } beside that year's total spending { $total }: it must be `part_of` = { $total } (or the two would be counted twice)
# $scope is the totals' scope (annual total, cumulative total); $ids the rows.
core-rule-two-totals = two or more { $scope } of kind `{ $kind }` for { $program } in { $year } ({ $ids }): one must be `part_of` the other, or they would be added up
core-rule-figure-not-quoted = { $table } `{ $key }`: { $column } { $value } is not a figure its source_quote writes (in digits, with 万/亿 or in Chinese numerals): "{ $quote }"
# $tier is 万, 千 or 百; $allowed the size classes it admits; $examples some of the enterprises.
core-rule-tier-misfit = { $count } enterprises of tier { $tier } are `{ $size }`; the tier admits { $allowed } (e.g. { $examples })
# After a published figure's metric (and year): the city it is of.
core-rule-figure-city = {" "}of city { $city }
# $figure is the metric in backticks, its year and city.
core-rule-reconciliation-broken = { $id }: the lake has { $in_lake } { $measure } ({ $real } real, { $synthetic } synthetic) where the source publishes { $published } ({ $figure }, { $qualifier }) and the rule is `{ $rule }`
core-rule-published-missing = { $id }: no published figure { $figure } in `indicators`
core-rule-headlines = { $province } has { $count } headline figures for { $measure } ({ $ids }): the overview shows one

## The protections `qlake --version` and `lake info` list (after "protections: ")

-core-protections = read-only gate (DuckDB's parser) · DuckDB allowed_paths · kernel sandbox:
# $lines: one line per group of commands (core-protections-line), each on a line of its own.
core-protections-confined = { -core-protections } Landlock ABI { $abi }; each command is confined to what it writes:{ $lines }
core-protections-line = { $commands }: { $what }
core-protections-unavailable = { -core-protections } unavailable (no Landlock in this kernel)
core-protections-unavailable-here = { -core-protections } unavailable on this system
core-protections-not-applied = { -core-protections } not applied ({ $error })
core-protections-not-applied-at = { -core-protections } not applied ({ $path }: { $error })
# $what is core-protections-writes.
core-protections-active = { -core-protections } Landlock ABI { $abi } active for { $command }: { $what }
core-protections-partly = { -core-protections } Landlock partly active (older kernel ABI { $abi }): lake files cannot be written
core-protections-not-enforced = { -core-protections } not enforced by this kernel
# $parts: what may be written (core-protections-own-folders, a folder, …), separated by err-list-separator.
core-protections-writes = writes only { $parts }; the lakes { $lakes } are otherwise unwritable
core-protections-own-folders = qlake's own folders
core-protections-through-helper = { $folder } through the link helper (it holds a lake)
core-protections-exports-outside = exports outside the lakes
# $what is one of core-protections-grant-*.
core-protections-grant-in = { $what } in { $path }
core-protections-grant-anything = anything
core-protections-grant-new-files = new files
core-protections-grant-new-files-and-removals = new files and removals
core-protections-grant-appending = appending
# What each group of commands may write.
core-confine-read = qlake's own folders, and the folder of the -o file
core-confine-tui = qlake's own folders, and anywhere outside the lakes for exports (into a folder above a lake only through the link helper)
core-confine-check = qlake's own folders
core-confine-change = the lake they change (which files in it: qlake's own checks), no other lake
core-confine-make = the folder that holds the new lake (refused where it holds another lake)
core-confine-bench = its work and export folders, and anywhere outside the lakes for the peers it starts
