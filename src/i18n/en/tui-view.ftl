# The TUI's frame: tabs, status line, titles, headings of the panes.

view-too-small = qlake: window too small
view-language-mark = {"  "}EN
view-error = error: { $error }

status-lake = lake: { $lake }
status-engine = engine: { $engine }
status-row = row { $row }/{ $total }
status-ms = { $ms } ms
status-filter-equals = filter { $column }={ $value }
status-filter-contains = filter /{ $text }
status-sort = sort { $keys }
status-hidden = { $count } hidden (+ shows)
status-running = { $spinner } running{ $done } · Ctrl+C cancels

pane-dashboard = Overview
pane-dashboard-describe = dashboard
pane-dashboard-hint = Enter: open a province · Tab: next pane · ?: keys
pane-explore = Explore
pane-explore-describe = explore (drill-down)
pane-explore-hint = {""}
pane-ratings = Ratings
pane-ratings-describe = ratings
pane-ratings-hint = :year N  :province CODE  :rating R
pane-queries = Queries
pane-queries-describe = saved queries
pane-queries-hint = Enter: run
pane-console = SQL
pane-console-describe = SQL console
pane-console-hint = F5/Ctrl+R: run · Esc: stop editing · Ctrl+P/N: history · Ctrl+S: save as query
pane-coverage = Coverage
pane-coverage-describe = coverage against targets
pane-coverage-hint = :year N  :province CODE
pane-funding = Funding
pane-funding-describe = funding by kind, scope and year
pane-funding-hint = :year N  :province CODE

heading-overview = Overview · { $hint }
heading-ratings = Project ratings · { $hint }
heading-ratings-filtered = Project ratings [{ $filters }] · { $hint }
heading-queries = Saved queries · { $hint }
heading-queries-result = Saved queries › { $query }
heading-queries-form = Saved queries › { $query } (parameters)
heading-console = SQL console · { $hint }

console-editing = SQL (editing · Esc leaves)
console-not-editing = SQL · Enter edits
console-tables = Tables · Tab completes
console-reading-lake = reading the lake…

grid-no-rows = no rows
grid-no-rows-for = no rows for { $asked }
grid-loading = loading…

chart-coverage-title = 万 targets by city
chart-coverage-none = 万: no city targets this year
chart-coverage-reached = { $city } reached { $percent }%
chart-money-title = money by kind

scores = scores of { $project }: { $items }
scores-synthetic = scores of { $project } (SYNTHETIC, illustrative only): { $items }
scores-none = { $project }: no per-aspect scores in the lake

kpi-none-published = none published
kpi-projects-header = projects: lake (real) · published
kpi-firms-header = firms: lake (real) · published
kpi-excellent = excellent
kpi-legend = lake (real): the rows of the published figure's slice, real ones in brackets · 78+ at least, >N more than, ≈N about · * the source contradicts itself (i) · excellent: real ratings only

money-annual-totals = annual totals
money-cumulative-totals = cumulative totals
money-items = items, added per kind and year
money-other = other amounts
money-one-scale = { $heading } · one scale{ $more }

export-title = Export
export-all = all
export-rows = Export { $rows } rows (with the view's filter and sort)
export-file = {"file: "}
export-hint = Tab: format · the file name's extension decides unless a format is picked · Enter: export · Esc: cancel
frequency-title = { $label } (Enter: open rows, Esc: close)
reading-position = {" · "}{ $first }–{ $last } of { $total } · j/k PgUp/PgDn g/G
reading-title = { $title } (Esc closes){ $position }
save-params-heading = Save as query `{ $name }`: the type of each parameter
save-params-types = types: text, integer, decimal, date, boolean, choice(a, b); then `= default` or `optional`
save-params-keys = Tab/↓ next parameter · Enter save · Esc cancel
run-params-heading = The statement's parameters: a value for each
run-params-types = each value is read as the type the statement compares it with; an empty one is NULL
run-params-keys = Tab/↓ next parameter · Enter run · Esc back to the SQL
form-keys = Tab/↓ next field · ←/→ pick a choice · Enter run · Esc back

crumb-provinces = Provinces
frequency-label = frequency of { $column } in { $query }
status-saved-as = saved as { $path }
status-search-no-grid = `/` filters the rows of a grid; this view has none (f finds by name)

rescue-report = qlake's terminal was restored; please report this with the steps that led to it
terminal-signal-handler = signal handler: { $error }
terminal-lake-changed-but = the lake changed, but { $error }
workers-cannot-start = cannot start a worker thread: { $error }
workers-failed = the query's worker failed; please report this
jobs-count-no-number = the count gave no number
status-cancelling = cancelling…
