//! Drilling down: from the overview or any grid whose saved query declares a drill, into the Explore pane's stack
//! of levels; and the where-from popup of a row.

use crate::tr;
use crate::tui::app::{App, Layer, Pane, saved_grid};
use crate::tui::grid::Grid;
use crate::tui::jobs::Slot;

/// A level on the way to a hit: its query, parameters, breadcrumb, and the row to land on.
type Step = (
    String,
    Vec<(String, String)>,
    String,
    Option<(String, Option<String>)>,
);

#[derive(Debug, Clone)]
pub struct Level {
    pub query: String,
    pub crumb: String,
    pub grid: Grid,
    /// The pane this level was opened from, when not from Explore itself: going back returns there.
    pub return_to: Option<Pane>,
    /// A level a `:find` hit opened: going back returns to the list of hits.
    pub hits: Option<Box<Level>>,
}

impl App {
    fn level(
        &self,
        query: &str,
        params: &[(String, String)],
        crumb: String,
    ) -> Result<Level, String> {
        Ok(Level {
            query: query.to_string(),
            crumb,
            grid: saved_grid(&self.library, query, params)?,
            return_to: None,
            hits: None,
        })
    }

    /// `i` on the overview: the sentences the selected province's published figures come from, each with what it
    /// counts and its qualifier's mark, and the reconciliation's note where it has one (where a source contradicts
    /// itself: the overview's `*`). Read from the reconciliations tile, as the key figures are.
    pub(crate) fn headline_where_from(&mut self) {
        let Some(province) = self
            .dashboard
            .tile(crate::core::queries::TileKind::KeyFigures)
            .and_then(|t| {
                t.table
                    .rows
                    .get(self.dashboard.card)
                    .map(|r| t.table.value(r, "province_code"))
            })
        else {
            return;
        };
        let lang = self.language;
        let mut quotes = Vec::new();
        let mut numbers = Vec::new();
        let mut source_id = String::new();
        for (measure, label) in [
            ("enterprises", tr!(lang, "explore-measure-firms")),
            ("projects", tr!(lang, "explore-measure-projects")),
        ] {
            let Some((t, row)) = self.dashboard.headline(&province, measure) else {
                continue;
            };
            let quote = t.value(row, "source_quote");
            if quote.is_empty() {
                continue;
            }
            let note = t.value(row, "note");
            if !note.is_empty() {
                quotes.push(tr!(
                    lang,
                    "explore-headline-note",
                    measure = &label,
                    note = &note
                ));
            }
            let source = t.value(row, "source_id");
            let other = !source_id.is_empty() && source != source_id;
            if source_id.is_empty() {
                source_id = source.clone();
            }
            let published = t.value(row, "published");
            numbers.extend(published.parse::<f64>().ok());
            quotes.push(tr!(
                lang,
                "explore-headline-published",
                measure = &label,
                figure = crate::core::cells::qualified(
                    lang,
                    published.trim_end_matches(".0000"),
                    &t.value(row, "qualifier")
                ),
                label = crate::tui::app::dashboard::headline_label(t, row, lang),
                source = if other {
                    tr!(lang, "explore-headline-other-source", source = &source)
                } else {
                    String::new()
                },
                quote = &quote,
            ));
        }
        if quotes.is_empty() {
            self.message = Some(tr!(lang, "explore-no-headline"));
            return;
        }
        let quote = quotes.join("\n");
        self.layers.push(Layer::WhereFrom {
            figures: crate::tui::app::reading::figure_in(&quote, &numbers)
                .into_iter()
                .collect(),
            quote,
            synthetic: false,
            source_id,
            document: None,
            scroll: 0,
        });
    }

    pub(crate) fn drill_from_dashboard(&mut self) {
        let Some(tile) = self
            .dashboard
            .tile(crate::core::queries::TileKind::KeyFigures)
        else {
            return;
        };
        let Some(row) = tile.table.rows.get(self.dashboard.card) else {
            return;
        };
        let code = tile.table.value(row, "province_code");
        if code.is_empty() {
            return;
        }
        let name = Some(tile.table.value(row, self.name_column()))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| code.clone());
        // Where a province opens is the key figures' query's `-- drill:` line, as for any other grid.
        let drill = self
            .library
            .queries
            .get(&tile.query)
            .and_then(|q| q.drill_for(|column| tile.table.value(row, column)))
            .map(|drill| {
                let params = drill.params(|column| {
                    Some(tile.table.value(row, column)).filter(|value| !value.is_empty())
                });
                (drill.query.clone(), params)
            });
        let Some((target, params)) = drill else {
            let query = tile.query.clone();
            self.message = Some(tr!(self.language, "explore-no-drill", query = query));
            return;
        };
        self.explore.truncate(1);
        // The provinces level keeps its cursor on the province opened, so Esc comes back to it.
        if let Some(first) = self.explore.first_mut()
            && let Some(i) = first.grid.pages.get(&0).and_then(|p| {
                let column = first
                    .grid
                    .columns
                    .iter()
                    .position(|c| c == "province_code")?;
                p.rows
                    .iter()
                    .position(|r| r.get(column).and_then(Option::as_deref) == Some(code.as_str()))
            })
        {
            first.grid.cursor = i as u64;
        }
        match self.level(&target, &params, name) {
            Ok(level) => self.explore.push(level),
            Err(e) => self.message = Some(e),
        }
        self.pane = Pane::EXPLORE;
    }

    pub(crate) fn drill(&mut self, slot: Slot) {
        let query_name = match slot {
            Slot::Explore(i) => self.explore.get(i).map(|l| l.query.clone()),
            _ => self.grid(slot).map(|g| g.query.label.clone()),
        };
        let Some(query) = query_name.and_then(|q| self.library.queries.get(&q).cloned()) else {
            return;
        };
        let Some(grid) = self.grid(slot) else { return };
        if grid.current_row().is_none() {
            return;
        }
        let Some(drill) = query.drill_for(|column| grid.text(column)).cloned() else {
            self.message = Some(tr!(self.language, "explore-no-drill", query = &query.name));
            return;
        };
        // A NULL key (the province-wide row, the row of projects with no chain) is left unbound: the target's
        // optional parameter is then NULL and matches with IS NOT DISTINCT FROM, never an empty string.
        let params = drill.params(|column| grid.cell(column).flatten().map(str::to_string));
        let crumb = self.row_label(grid);
        let came_from = self.pane;
        match self.level(&drill.query, &params, crumb) {
            Ok(mut level) => {
                if !matches!(slot, Slot::Explore(_)) {
                    // Opened from another pane: Esc on this level goes back there.
                    self.explore.truncate(1);
                    level.return_to = Some(came_from);
                }
                self.explore.push(level);
                self.pane = Pane::EXPLORE;
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// `:find TEXT`: the hits, as an Explore level over the provinces.
    pub(super) fn find(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            self.message = Some(tr!(self.language, "explore-find-needs-text"));
            return;
        }
        // 當陽 finds 当阳, ＨＢ finds HB: the lake writes names in simplified script and half-width forms.
        let folded = crate::core::script::search_form(text);
        let crumb = tr!(self.language, "explore-find-crumb", text = text);
        let find = crate::core::queries::OwnQuery::FIND.name();
        match self.level(find, &[("text".into(), folded)], crumb) {
            Ok(level) => {
                self.explore.truncate(1);
                self.explore.push(level);
                self.pane = Pane::EXPLORE;
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// Enter on a hit of `:find`: the Explore levels down to it, the cursor of each on the way (province, city,
    /// chain, project), as if one had drilled there.
    pub(crate) fn open_hit(&mut self) {
        let Some(hit) = self.explore.last().map(|l| l.grid.clone()) else {
            return;
        };
        if hit.current_row().is_none() {
            return;
        }
        let value = |c: &str| hit.cell(c).flatten().map(str::to_string);
        let kind = hit.text("kind");
        let name = self.row_label(&hit);
        let (province, city, chain, project) = (
            value("province_code"),
            value("city_code"),
            value("chain_id"),
            value("project_id"),
        );
        let given = |pairs: &[(&str, &Option<String>)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .filter_map(|(p, v)| v.as_ref().map(|v| (p.to_string(), v.clone())))
                .collect()
        };
        let seek = |column: &str, v: &Option<String>| Some((column.to_string(), v.clone()));
        // (query, parameters, crumb, the row to land on)
        let mut path: Vec<Step> = Vec::new();
        // A place's name in the language shown (its code where the lake has no name for it).
        let lang = self.language;
        let zh = lang == crate::tui::app::Language::Chinese;
        let place = |v: &Option<String>, stem: &str, none: &str| {
            value(&format!("{stem}_{}", if zh { "zh" } else { "en" }))
                .or_else(|| v.clone())
                .unwrap_or_else(|| none.to_string())
        };
        match kind.as_str() {
            "organisation" => {
                self.message = Some(tr!(lang, "explore-organisation"));
                return;
            }
            "programme" => path.push((
                crate::core::queries::OwnQuery::PROJECTS_OF_PROGRAMME
                    .name()
                    .to_string(),
                given(&[("program_id", &value("program_id"))]),
                name,
                None,
            )),
            _ => {
                // Each level below the provinces is where the level above drills (its `-- drill:` line), with the
                // parameters that line binds read from the hit's own columns: editing `queries/` changes the path.
                let from_hit = |column: &str| value(column);
                let first = self
                    .explore
                    .first()
                    .map(|l| l.query.clone())
                    .unwrap_or_default();
                let cities = self.drill_step(&first, &from_hit, false);
                let chains = cities
                    .as_ref()
                    .and_then(|(q, _)| self.drill_step(q, &from_hit, false));
                let projects = chains
                    .as_ref()
                    .and_then(|(q, _)| self.drill_step(q, &from_hit, false));
                let chain_enterprises = chains
                    .as_ref()
                    .and_then(|(q, _)| self.drill_step(q, &from_hit, true));
                let project_enterprises = projects
                    .as_ref()
                    .and_then(|(q, _)| self.drill_step(q, &from_hit, false));
                let (Some(cities), Some(chains)) = (cities, chains) else {
                    self.message = Some(tr!(lang, "explore-no-drill", query = first));
                    return;
                };
                let province_label =
                    place(&province, "province", &tr!(lang, "explore-crumb-province"));
                let city_label = place(&city, "city", &tr!(lang, "explore-crumb-province-wide"));
                let chain_label = place(&chain, "chain", &tr!(lang, "explore-crumb-no-chain"));
                let project_label = place(&project, "project", &tr!(lang, "explore-crumb-project"));
                // How deep the hit sits: province, city, chain, project, enterprise.
                let depth = match kind.as_str() {
                    "province" => 0,
                    "city" => 1,
                    "chain" => 2,
                    "project" => 3,
                    _ => 4,
                };
                if depth == 0 {
                    path.push((cities.0, cities.1, name, None));
                } else {
                    let at_city = seek("city_code", &city);
                    path.push((cities.0, cities.1, province_label, at_city));
                    if depth == 1 {
                        path.push((chains.0, chains.1, name, None));
                    } else {
                        let at_chain = seek("chain_id", &chain);
                        path.push((chains.0, chains.1, city_label, at_chain));
                        if (depth == 3 || (depth == 4 && project.is_some()))
                            && let Some((query, params)) = projects
                        {
                            let at_project = seek("project_id", &project);
                            path.push((query, params, chain_label.clone(), at_project));
                        }
                        // An enterprise: under its project, else under its chain.
                        let at = seek("enterprise_id", &value("id"));
                        let under = match (depth, &project, &chain) {
                            (4, Some(_), _) => project_enterprises.map(|e| (e, project_label)),
                            (4, None, Some(_)) => chain_enterprises.map(|e| (e, chain_label)),
                            _ => None,
                        };
                        if let Some(((query, params), crumb)) = under {
                            path.push((query, params, crumb, at));
                        }
                    }
                }
            }
        }
        // The list of hits is kept: going back from the hit returns to it.
        let hits = self.explore.pop();
        self.explore.truncate(1);
        if let Some(first) = self.explore.first_mut() {
            first.grid.seek = seek("province_code", &province);
            if first.grid.pages.contains_key(&0) {
                // Loaded already: reset so the page comes again and the cursor lands on the province.
                first.grid.reset_rows();
            }
        }
        for (query, params, crumb, at) in path {
            match self.level(&query, &params, crumb) {
                Ok(mut level) => {
                    level.grid.seek = at;
                    self.explore.push(level);
                }
                Err(e) => {
                    self.message = Some(e);
                    return;
                }
            }
        }
        if let Some(deepest) = self.explore.last_mut() {
            deepest.hits = hits.map(Box::new);
        }
        self.pane = Pane::EXPLORE;
    }

    /// Where rows of `from` drill, as its `-- drill:` line says (`conditional`: the line of the rows a `when` picks
    /// out, else the main one), with the parameters the line binds read through `cell`.
    fn drill_step(
        &self,
        from: &str,
        cell: &dyn Fn(&str) -> Option<String>,
        conditional: bool,
    ) -> Option<(String, Vec<(String, String)>)> {
        let query = self.library.queries.get(from)?;
        let drill = if conditional {
            query.drills.iter().find(|d| d.when.is_some())?
        } else {
            query.main_drill()?
        };
        Some((drill.query.clone(), drill.params(cell)))
    }

    /// What a row is called in the breadcrumb: its name in the current language, else its id.
    fn row_label(&self, grid: &Grid) -> String {
        for column in [
            self.name_column(),
            self.title_column(),
            "name",
            "name_zh",
            "name_en",
            "project_id",
            "chain_id",
            "city_code",
        ] {
            let v = grid.text(column);
            if !v.is_empty() {
                return v;
            }
        }
        grid.current_row()
            .and_then(|r| r.first().cloned().flatten())
            .unwrap_or_default()
    }

    pub(crate) fn where_from(&mut self, slot: Option<Slot>) {
        let Some(g) = slot.and_then(|s| self.grid(s)) else {
            // The overview's province has the sentences of its published figures; another pane without a grid (the
            // saved-query list) has no row to say where it came from.
            let component = self.pane_spec().component;
            component.where_from(self);
            return;
        };
        let (Some(quote), Some(source_id)) = (g.cell("source_quote"), g.cell("source_id")) else {
            self.message = Some(tr!(self.language, "explore-no-source-columns"));
            return;
        };
        // A row that adds up several amounts has no one sentence: its items each have theirs.
        let items = g.text("items").parse::<u64>().unwrap_or(1);
        if source_id.is_none() && items > 1 {
            self.message = Some(tr!(self.language, "explore-adds-up", items = items));
            return;
        }
        let quote = quote.unwrap_or_default().to_string();
        // The row's numbers, years left out: one of them is usually the figure its sentence gives.
        let numbers: Vec<f64> = g
            .columns
            .iter()
            .zip(&g.numeric)
            .filter(|(c, numeric)| **numeric && !c.contains("year"))
            .filter_map(|(c, _)| g.text(c).parse().ok())
            .collect();
        // A rating is a figure too: 优秀 as the quote writes it.
        let rating =
            Some(g.text("rating_zh")).filter(|r| !r.is_empty() && quote.contains(r.as_str()));
        let layer = Layer::WhereFrom {
            figures: crate::tui::app::reading::figure_in(&quote, &numbers)
                .into_iter()
                .chain(rating)
                .collect(),
            quote,
            synthetic: g.text("is_synthetic") == "true",
            source_id: source_id.unwrap_or_default().to_string(),
            document: None,
            scroll: 0,
        };
        self.layers.push(layer);
    }
}
