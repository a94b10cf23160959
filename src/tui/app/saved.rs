//! Saved queries from the Queries pane: picking one (its form when it has parameters) and running it into the pane's
//! result grid; `saved_grid`, the grid over a saved query that every pane uses.

use crate::core::gate::Pending;
use crate::core::queries::Library;
use crate::core::sql::Value;
use crate::tui::app::{App, Form, Layer};
use crate::tui::grid::{Grid, GridQuery};

impl App {
    pub(crate) fn pick_query(&mut self) {
        let Some(query) = self
            .library
            .queries
            .values()
            .nth(self.queries.cursor)
            .cloned()
        else {
            return;
        };
        if query.params.is_empty() {
            self.run_saved(&query.name, &[]);
        } else {
            self.layers.push(Layer::Form(Form::for_query(&query)));
        }
    }

    /// Run a saved query into the Queries pane's result; an error goes to the form it came from, or the status line.
    pub(super) fn run_saved(&mut self, name: &str, given: &[(String, String)]) {
        // Run now, so checked now: a refusal stays in the form that asked for it.
        let grid = saved_grid(&self.library, name, given)
            .and_then(|grid| grid.query.sql.checked().map(|_| ()).map(|()| grid));
        match grid {
            Ok(grid) => {
                if matches!(self.layers.last(), Some(Layer::Form(_))) {
                    self.layers.pop();
                }
                self.queries.result = Some(grid);
            }
            Err(e) => match self.layers.last_mut() {
                Some(Layer::Form(f)) => f.error = Some(e),
                _ => self.message = Some(e),
            },
        }
    }
}

/// A grid over a saved query with the given parameters.
pub fn saved_grid(
    library: &Library,
    name: &str,
    given: &[(String, String)],
) -> Result<Grid, String> {
    let (sql, params) = saved_statement(library, name, given)?;
    Ok(Grid::new(GridQuery {
        sql,
        params,
        label: name.to_string(),
    }))
}

/// A saved query for this library's engine, its parameters bound from text; its statement checked when first needed.
pub(super) fn saved_statement(
    library: &Library,
    name: &str,
    given: &[(String, String)],
) -> Result<(Pending, Vec<(String, Value)>), String> {
    let query = library.runnable(name).map_err(|e| e.to_string())?;
    let params = query.bind(given).map_err(|e| e.to_string())?;
    Ok((query.pending(), params))
}
