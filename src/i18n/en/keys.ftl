# The keys' help: what each action does (keymap.rs names the actions), and where bindings apply.

context-global = everywhere
context-grid = result grids
context-console = SQL console
context-form = parameter form and dialogs
context-reading = help, cell and where-from popups

action-quit = quit qlake
action-next-pane = next pane
action-previous-pane = previous pane
action-help = this help
action-command-line = command line (:q, :export FILE, :lang, :pane NAME)
action-toggle-language = Chinese / English (interface and names)
action-cancel = cancel the running query
action-up = row up
action-down = row down
action-left = column left
action-right = column right
action-page-up = page up
action-page-down = page down
action-top = first row
action-bottom = last row
action-open = open: drill down, run, pick
action-back = back: up a level, close
action-search = filter rows containing text
action-frequency = frequency of the current column
action-sort-ascending = sort by column, ascending
action-sort-descending = sort by column, descending
action-then-sort-ascending = then by this column, ascending (a further sort key)
action-then-sort-descending = then by this column, descending (a further sort key)
action-clear-filter = clear filter and sort
action-hide-column = hide the current column
action-show-columns = show the hidden columns again
action-undo = take back the last filter, sort or hidden column
action-cell-detail = show the whole cell
action-where-from = where this row came from
action-copy-cell = copy the cell (OSC 52)
action-copy-row = copy the row (OSC 52)
action-export = export the rows behind the view
action-refresh = run again
action-find = find by name: provinces, cities, chains, projects, enterprises
action-narrower = current column narrower
action-wider = current column wider
action-run = run the statement
action-history-previous = previous statement in history
action-history-next = next statement in history
action-save-query = save as a saved query
action-complete = complete a table or column name
action-next-field = next field
action-previous-field = previous field
action-submit = confirm

help-title = Keys: { $pane }
help-text-fields = text fields
help-figures = figures
help-mark-at-least = at least (据不完全统计, 以上)
help-mark-more-than = more than (超, 余, 多)
help-mark-about = about (近, 约)
help-mark-at-most = at most or up to
help-mark-expected-example = 150万 (exp.)
help-mark-expected = expected (预计, 可达)
help-mark-slice = rows of the published figure's slice in the lake, real ones in brackets
help-mark-synthetic = real ratings, and the synthetic ones beside them
help-mark-contradicts = the source contradicts itself (i shows the sentence)
help-sql-editor = SQL editor
help-mouse = mouse
help-commands = `:` commands: { $commands }

where-title = Where from
where-source = source: { $source }
where-loading = loading the document…
where-synthetic = SYNTHETIC row: detail made to fill the published total quoted below

keys-doc-intro = # Keys

    Generated from the keymap in `src/tui/keymap.rs`; a test keeps this file in step (in Chinese: [keys.zh-CN.md](keys.zh-CN.md)). Every action can be rebound in the config file, in every context it has (a plain character never replaces a key where text is typed) or in one, named `context.action` with the context's name shown below, e.g.
keys-doc-keys = keys
keys-doc-action = action
keys-doc-config-name = name in config
keys-doc-what = what they do
keys-doc-fields = Every text field (prompts, the export file, forms) edits alike:
keys-doc-editor = While editing, typed text goes into the SQL; the editor's own keys:
keys-doc-mouse = Mouse
keys-doc-mouse-off = (`mouse = false` in the config file, or `QLAKE_MOUSE=0`, leaves the mouse to the terminal)
keys-doc-mouse-column = mouse

keys-unknown-context = [keys]: unknown context `{ $context }` in `{ $name }`
keys-unknown-action = [keys]: unknown action `{ $action }`
keys-not-a-key = [keys]: `{ $key }` is not a key (for `{ $name }`)
keys-conflict = [keys]: `{ $key }` would be the key of both `{ $action }` and `{ $other }` ({ $context }); give one of them another key
keys-unknown-key = unknown key <{ $name }>
