//! What the screen needs from DuckDB, and what came back. `schedule` asks for whatever is missing (tiles, the
//! visible pages and counts, the selected rating's scores, an open where-from's document) through the request
//! tracker; `on_answer` takes an answer only when the tracker says it is the latest for its target.

use crate::core::queries::OwnQuery;
use crate::tr;
use crate::tui::app::dashboard::Table;
use crate::tui::app::{App, Language, Layer, Pane};
use crate::tui::effect::Effect;
use crate::tui::jobs::{Answer, Outcome, Slot, Target, Work};

impl App {
    /// Issue a job through the tracker and hand it to the runner.
    pub(super) fn run(&mut self, target: Target, work: Work) {
        let job = self.requests.issue(target, work);
        self.emit(Effect::Run(job));
    }

    /// A job's answer; stale ones (not the latest for their target, or for a grid since reset) are dropped.
    pub fn on_answer(&mut self, answer: Answer) -> Vec<Effect> {
        if !self.requests.accept(&answer) {
            return self.finish();
        }
        let Answer {
            target,
            outcome,
            elapsed_ms,
            ..
        } = answer;
        let lang = self.language;
        if matches!(outcome, Outcome::Cancelled) {
            self.message = Some(tr!(lang, "fetch-cancelled"));
        }
        // The query ended on its own before the cancel reached it: nothing is being cancelled any more.
        let cancelled_too_late = !matches!(outcome, Outcome::Cancelled)
            && self.message.as_deref()
                == Some(crate::i18n::text(self.language, super::CANCELLING, &[]).as_str())
            && !self.requests.busy();
        if cancelled_too_late {
            self.message = Some(tr!(lang, "fetch-finished-before-cancel"));
        }
        match target {
            Target::Tile(i) => {
                if let Some(t) = self.dashboard.tiles.get_mut(i) {
                    t.loaded = true;
                    match outcome {
                        Outcome::Rows { columns, rows, .. } => {
                            t.table = Table { columns, rows };
                            t.error = None;
                        }
                        Outcome::Failed(e) => t.error = Some(e),
                        Outcome::Cancelled => t.error = Some(tr!(lang, "fetch-tile-cancelled")),
                        _ => {}
                    }
                }
            }
            Target::Page {
                slot,
                page,
                generation,
            } => {
                let rows = self.grid_rows(slot);
                if let Some(g) = self.grid_mut(slot).filter(|g| g.generation() == generation) {
                    g.elapsed_ms = Some(elapsed_ms);
                    match outcome {
                        Outcome::Rows {
                            columns,
                            numeric,
                            rows: cells,
                            total,
                        } => {
                            if let (None, Some(total)) = (g.total, total) {
                                g.set_total(total, rows);
                            }
                            g.store_page(page, columns, numeric, cells, rows);
                        }
                        Outcome::Failed(e) => g.error = Some(e),
                        Outcome::Cancelled => g.error = Some(tr!(lang, "fetch-page-cancelled")),
                        _ => {}
                    }
                }
            }
            Target::Count { slot, generation } => {
                let rows = self.grid_rows(slot);
                if let Some(g) = self.grid_mut(slot).filter(|g| g.generation() == generation) {
                    match outcome {
                        Outcome::Count(n) => g.set_total(n, rows),
                        Outcome::Failed(e) => g.error = Some(e),
                        _ => {}
                    }
                }
            }
            Target::Scores => {
                if let (Some(project), Outcome::Rows { columns, rows, .. }) =
                    (self.scores.asked.clone(), outcome)
                {
                    self.scores.shown = Some((project, Table { columns, rows }));
                }
            }
            Target::Catalog => self.on_catalog(outcome),
            Target::Values { table, column } => {
                if let Outcome::Rows { rows, .. } = outcome {
                    let values = rows
                        .into_iter()
                        .filter_map(|r| r.into_iter().next().flatten());
                    self.lake_values.insert((table, column), values.collect());
                }
            }
            Target::Source => {
                let lines = match outcome {
                    Outcome::Rows { columns, rows, .. } => {
                        document_lines(&Table { columns, rows }, lang)
                    }
                    Outcome::Failed(e) => vec![tr!(lang, "fetch-source-failed", error = e)],
                    _ => Vec::new(),
                };
                if let Some(Layer::WhereFrom { document, .. }) = self.layers.last_mut() {
                    *document = Some(lines);
                }
            }
            Target::ConsoleParams => match outcome {
                Outcome::Parameters(names) => self.on_console_parameters(Ok(names)),
                Outcome::Failed(e) => self.on_console_parameters(Err(e)),
                _ => {}
            },
            Target::SaveAs => match outcome {
                Outcome::Parameters(names) => self.on_parameters(names),
                Outcome::Failed(e) => self.message = Some(tr!(lang, "fetch-not-saved", error = e)),
                _ => {}
            },
            Target::Export => {
                self.message = Some(match outcome {
                    Outcome::Exported { rows, path } => tr!(
                        lang,
                        "fetch-exported",
                        count = rows,
                        path = path.display().to_string()
                    ),
                    Outcome::Failed(e) => tr!(lang, "fetch-export-failed", error = e),
                    Outcome::Cancelled => tr!(lang, "fetch-export-cancelled"),
                    _ => String::new(),
                });
            }
        }
        self.finish()
    }

    /// Ask for what the screen needs and nobody has asked for yet.
    pub(super) fn schedule(&mut self) {
        // The grid keys act on, the pane's grid under a layer, and the grid a frequency view was opened from.
        let mut slots: Vec<Slot> = Vec::new();
        for slot in [self.active_slot(), self.pane_slot()].into_iter().flatten() {
            if !slots.contains(&slot) {
                slots.push(slot);
            }
        }
        for layer in &self.layers {
            if let Layer::Frequency { parent, .. } = layer
                && !slots.contains(parent)
            {
                slots.push(*parent);
            }
        }
        for slot in slots {
            self.schedule_grid(slot);
        }
        // What the pane needs beside its grid (the overview's tiles, the ratings' scores, the console's tables).
        let component = self.pane_spec().component;
        component.schedule(self);
        self.schedule_source();
        self.schedule_values();
    }

    /// The lake's values for the open form's `choice of table.column` parameters, each read once.
    fn schedule_values(&mut self) {
        let Some(Layer::Form(form)) = self.layers.last() else {
            return;
        };
        let wanted: Vec<(&'static str, &'static str)> = self
            .library
            .queries
            .get(&form.query)
            .map(|q| {
                q.params
                    .iter()
                    .filter_map(|p| match p.kind {
                        crate::core::queries::ParamKind::ChoiceOf { table, column } => {
                            Some((table, column))
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (table, column) in wanted {
            let target = Target::Values { table, column };
            if !self.lake_values.contains_key(&(table, column)) && !self.requests.waiting(target) {
                self.run(target, Work::Values { table, column });
            }
        }
    }

    pub(crate) fn schedule_tiles(&mut self) {
        let mut due = Vec::new();
        for i in 0..self.dashboard.tiles.len() {
            let Some(tile) = self.dashboard.tiles.get(i) else {
                continue;
            };
            if tile.loaded || self.requests.waiting(Target::Tile(i)) {
                continue;
            }
            let name = tile.query.clone();
            // The tiles' figures are remembered for the lake's files as they are: their statements are checked by
            // the gate only if they must run.
            match super::saved::saved_statement(&self.library, &name, &[]) {
                Ok((sql, params)) => due.push((i, sql, params)),
                Err(e) => {
                    if let Some(t) = self.dashboard.tiles.get_mut(i) {
                        t.error = Some(e);
                        t.loaded = true;
                    }
                }
            }
        }
        // The longest statements are queued first. On a first start of a lake state, the two workers parse, check
        // and run every tile's statement, and the frame waits for the last to finish, so the slowest should start
        // first. A text's length is the estimate at hand before anything runs: parsing costs by the byte, and the
        // longest here, the reconciliations' 8 KB over six tables, is also the slowest to run; behind the others it
        // ran alone for 47 of the sample lake's 104 ms (docs/performance.md).
        due.sort_by_key(|(_, sql, _)| std::cmp::Reverse(sql.text().len()));
        for (i, sql, params) in due {
            self.run(Target::Tile(i), Work::Remembered { sql, params });
        }
    }

    /// The pages that show the grid's visible rows, then its count when no page told it.
    fn schedule_grid(&mut self, slot: Slot) {
        let rows = self.grid_rows(slot);
        let Some(g) = self.grid(slot).filter(|g| g.error.is_none()) else {
            return;
        };
        let generation = g.generation();
        let page_target = |page| Target::Page {
            slot,
            page,
            generation,
        };
        let missing: Vec<u64> = g
            .missing_pages(rows)
            .into_iter()
            .filter(|p| !self.requests.waiting(page_target(*p)))
            .collect();
        let mut work = Vec::new();
        for page in missing {
            match g.page_work(page) {
                Ok(w) => work.push((page_target(page), w)),
                Err(e) => {
                    if let Some(g) = self.grid_mut(slot) {
                        g.error = Some(e);
                    }
                    return;
                }
            }
        }
        let count_target = Target::Count { slot, generation };
        let count =
            (g.total.is_none() && !g.pages.is_empty() && !self.requests.waiting(count_target))
                .then(|| g.count_sql().ok())
                .flatten();
        for (target, w) in work {
            self.run(target, w);
        }
        if let Some((sql, params)) = count {
            self.run(count_target, Work::Count { sql, params });
        }
    }

    /// The per-aspect scores of the selected rating; a newer row's request replaces a queued older one.
    pub(crate) fn schedule_scores(&mut self) {
        let Some(ratings) = self.pane_grid(Pane::RATINGS) else {
            return;
        };
        let (project, year) = (ratings.text("project_id"), ratings.text("year"));
        if project.is_empty() || year.is_empty() {
            return;
        }
        let shown = self
            .scores
            .shown
            .as_ref()
            .is_some_and(|(p, _)| *p == project);
        if shown || self.scores.asked.as_deref() == Some(project.as_str()) {
            return;
        }
        let given = [
            ("project_id".to_string(), project.clone()),
            ("year".to_string(), year),
        ];
        if let Ok(work) = self.saved_rows(OwnQuery::PROJECT_SCORES.name(), &given) {
            self.scores.asked = Some(project);
            self.run(Target::Scores, work);
        }
    }

    fn schedule_source(&mut self) {
        let wanted = match self.layers.last() {
            Some(Layer::WhereFrom {
                source_id,
                document: None,
                ..
            }) if !self.requests.waiting(Target::Source) => source_id.clone(),
            _ => return,
        };
        let document = OwnQuery::SOURCE_DOCUMENT.name();
        if let Ok(work) = self.saved_rows(document, &[("source_id".into(), wanted)]) {
            self.run(Target::Source, work);
        }
    }

    /// The rows of a shipped or user query with parameters given as text.
    pub(super) fn saved_rows(
        &self,
        name: &str,
        given: &[(String, String)],
    ) -> Result<Work, String> {
        let (sql, params) = super::saved::saved_statement(&self.library, name, given)?;
        Ok(Work::Rows {
            sql: sql.checked()?.clone(),
            params,
        })
    }
}

/// The where-from popup's lines about the document in `lang`, from `source-document`'s named columns.
fn document_lines(table: &Table, lang: Language) -> Vec<String> {
    let Some(row) = table.rows.first() else {
        return vec![tr!(lang, "fetch-source-missing")];
    };
    let date = Some(table.value(row, "published_on"))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| table.value(row, "date_note"));
    vec![
        tr!(lang, "fetch-doc-title", title = table.value(row, "title")),
        tr!(
            lang,
            "fetch-doc-publisher",
            publisher = table.value(row, "publisher")
        ),
        tr!(lang, "fetch-doc-date", date = date),
        tr!(lang, "fetch-doc-file", file = table.value(row, "file")),
    ]
}
