# The TUI's update code: `:` commands, status messages, prompts, the export dialog's questions, the where-from
# popup's document lines, and the tables of editor, field and mouse keys the help and docs/keys.md show.

## `:` commands (src/tui/app/commands.rs): what each does, its argument as the usage shows it, and its messages.

cmd-quit = quit qlake
cmd-help = the keys of this pane
cmd-messages = every status message of this run, whole, the latest first
cmd-lang = Chinese / English (interface and names); `:lang zh` or `:lang en` chooses
cmd-wrap = the SQL console's long lines wrap, or scroll sideways again
cmd-pane = go to a pane by name or number
cmd-export = export the rows behind the view (format from the extension)
cmd-find = find provinces, cities, chains, projects, enterprises by name; Enter opens one in Explore
cmd-row = go to row N of the grid
cmd-filter = run the ratings, coverage or funding pane with that parameter (empty clears it)

cmd-arg-name = NAME
cmd-arg-file = FILE
cmd-arg-text = TEXT
cmd-arg-n = N
# Shown in brackets: it may be left out.
cmd-arg-value = VALUE

cmd-no-message-yet = no message yet
cmd-messages-title = messages
cmd-wrap-on = long SQL lines wrap
cmd-wrap-off = long SQL lines scroll sideways
cmd-no-pane = no pane `{ $name }`
cmd-needs-argument = :{ $verb } needs { $argument }
# $usage: every command with its argument, from the table.
cmd-unknown = unknown command `{ $verb }` ({ $usage })
cmd-nothing-to-export = nothing to export here
cmd-no-grid = no grid here
cmd-row-not-number = :row takes a row number, not `{ $arg }`
cmd-filter-elsewhere = :{ $param } filters the ratings, coverage and funding panes

# The `:` commands' section of the key reference (docs/keys.md).
cmd-doc-heading = `:` commands
cmd-doc-intro = Typed after `:` (the command line); from the table in `src/tui/app/commands.rs`.
cmd-doc-command = command
cmd-doc-what = what it does

## The SQL console (src/tui/app/console.rs).

console-key-word = word left / right
console-key-line-ends = line start / end
console-key-delete-to-start = delete to the line's start
console-key-delete-word = delete the word before the cursor
console-key-esc = stop editing: pane keys, `q`, `:` and the result grid work again
console-key-enter = (not editing) edit the SQL again; a click on it too
console-key-wrap = long lines wrap instead of scrolling sideways

console-catalog-loading = the lake's tables and columns are still being read
console-no-completion = no table or column begins with `{ $word }`
# $names: the names that complete it, two spaces apart.
console-completions = { $count } names: { $names }
console-param-by-name = a value is asked for by the parameter's name: write `$year`, not `?` or `$1` (DuckDB numbers it { $bad })
console-no-config-folder = no config folder to save queries in
console-not-saved = not saved: { $error }
console-param-unnamed = not saved: a saved query's parameters have names (`$province`), not `${ $bad }`

## Drilling down and the where-from popup (src/tui/app/explore.rs).

# The overview's published figures, in the where-from popup.
explore-measure-firms = firms
explore-measure-projects = projects
explore-headline-note = { $measure }, note: { $note }
# $figure: the number with its qualifier's mark; $label: what it counts; $source: explore-headline-other-source or
# nothing; $quote: the sentence it comes from.
explore-headline-published = { $measure } published { $figure } ({ $label }){ $source }: { $quote }
explore-headline-other-source = , source { $source }
explore-no-headline = no published figure for this province: open its rows with Enter, then press i on a row
explore-no-drill = `{ $query }` declares no drill-down
explore-find-needs-text = :find needs a text: part of a name, Chinese or English
# The breadcrumb of the list of hits.
explore-find-crumb = find: { $text }
explore-organisation = an organisation has no place in the drill path: press i for where it is named
# Breadcrumbs of a level whose place the lake has no name or code for.
explore-crumb-province = province
explore-crumb-province-wide = province-wide
explore-crumb-no-chain = no chain
explore-crumb-project = project
explore-no-source-columns = this view has no source columns; a row of a table or a row-level query has them
explore-adds-up = this row adds up { $items } amounts, each with its own source: Enter lists them

## What came back from DuckDB (src/tui/app/fetch.rs).

fetch-cancelled = query cancelled
fetch-finished-before-cancel = the query had finished before it could be cancelled
fetch-tile-cancelled = cancelled (r reloads)
fetch-page-cancelled = cancelled (r runs it again)
fetch-source-failed = could not read the source: { $error }
fetch-not-saved = not saved: { $error }
fetch-exported = { $count ->
    [one] exported { $count } row to { $path }
   *[other] exported { $count } rows to { $path }
}
fetch-export-failed = export failed: { $error }
fetch-export-cancelled = export cancelled; no file written
fetch-source-missing = the source is not in the `sources` table
# The where-from popup's lines about the document: the labels line up.
fetch-doc-title = document:  { $title }
fetch-doc-publisher = publisher: { $publisher }
fetch-doc-date = date:      { $date }
fetch-doc-file = file:      { $file }

## Grid steps from the keys (src/tui/app/grid_steps.rs).

grid-step-hidden = `{ $column }` hidden: + shows hidden columns, u takes it back
grid-step-none-hidden = no column is hidden
grid-step-shown-again = { $count ->
    [one] { $count } hidden column shown again
   *[other] { $count } hidden columns shown again
}
grid-step-nothing-to-undo = nothing to take back: no filter, sort or hidden column was changed here
grid-step-copied = copied { $count } characters

## Layers: prompts and the export dialog (src/tui/app/layers.rs).

layer-prompt-save-as = save as query named:{" "}
layer-prompt-find = find:{" "}
layer-export-unknown-format = cannot tell the format from { $path }: end it in .csv, .xlsx, .parquet, .json, .jsonl, .tsv, .arrow, .md or .txt, or pick one with Tab
# $named: the format the extension says; $picked: the format chosen with Tab.
layer-export-mismatch = { $path } has the extension of { $named }, but { $picked } is picked: Enter again writes { $picked }, Tab picks another
layer-nothing-to-export = nothing to export here
layer-export-folder = { $path } names a folder: end it with a file name
layer-export-exists = { $path } exists: give another name (an export never replaces a file)
layer-exporting = exporting to { $path }…

## What outlives an update (src/tui/app/persist.rs).

persist-lake-changed = the lake changed (an import or an undo): its figures were read again
persist-library-reloaded = saved queries reloaded ({ $count } queries)
persist-library-reloaded-refused = saved queries reloaded ({ $count } queries, { $refused } refused: see `qlake query list`)

## The mouse (src/tui/app/mouse.rs): each gesture and what it does.

mouse-wheel = wheel
mouse-wheel-does = scroll the grid or popup under it
mouse-click = click
mouse-click-does = select a tab, a grid row or a province of the overview
mouse-click-selected = click on the selected row
mouse-click-selected-does = open it, as Enter does (a double-click drills)
mouse-right-click = right click
mouse-right-click-does = select the row and open where it came from, as i does
mouse-click-sql = click on the SQL
mouse-click-sql-does = edit it

## Text fields (src/tui/field.rs): the keys (as they are written on the keyboard) and what they do.

field-keys-move = ←/→ Home End
field-move = move in the text (in a form, ←/→ pick a choice)
field-keys-delete = Backspace Del
field-delete = delete before / under the cursor
field-keys-ctrl-u = Ctrl+U
field-delete-to-start = delete to the start
field-keys-ctrl-w = Ctrl+W
field-delete-word = delete the word (or folder) before the cursor
field-keys-any-text = any text
field-replaces = replaces a suggested or default value, which shows selected
field-keys-home = ~/
field-home = at the start of a file name: the home folder

## Saving a query file (src/tui/effect.rs).

effect-query-exists = { $path } exists; choose another name
effect-save-failed = could not save { $path }: { $error }

## The grid's columns (src/tui/grid/columns.rs).

columns-no-column = no column here
columns-only-column = `{ $column }` is the only column shown; it stays
cmd-arg-lang = [zh|en]
cmd-no-lang = no language `{ $lang }`: zh or en
