//! The layers over a pane: help, the cell and where-from popups, prompts, the export dialog, the parameter form and
//! the frequency view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::core::cells::{escape_control, truncate_to_width};
use crate::core::export::Format;
use crate::tui::app::{App, Form, Layer};
use crate::tui::keymap::Context;
use crate::tui::layout::{Screen, popup};
use crate::tui::view::{Theme, list_line, render_grid, rows_plus};

/// One layer, drawn over what is under it (`render` draws them bottom-up).
pub(super) fn render_layer(
    app: &App,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    screen: &Screen,
    index: usize,
) {
    let Some(layer) = app.layers.get(index) else {
        return;
    };
    match layer {
        Layer::Help => {
            // The keys of what is under the help, by the same rule that routes keys.
            let context = app.context_under(app.layers.get(..index).unwrap_or_default());
            let mut contexts = vec![Context::Global];
            if context != Context::Global {
                contexts.push(context);
            }
            let lines: Vec<Line<'_>> = app
                .keymap
                .listing(&contexts)
                .into_iter()
                .map(|(_, keys, action)| {
                    Line::raw(format!("{:>18}  {}", keys.join(" "), action.describe()))
                })
                .collect();
            let rect = popup(area, 72, rows_plus(lines.len(), 2));
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(format!("Keys: {} (Esc closes)", app.pane.title())),
                ),
                rect,
            );
        }
        Layer::Detail { title, lines } => {
            let body: Vec<Line<'_>> = lines
                .iter()
                .map(|l| Line::raw(escape_control(l).into_owned()))
                .collect();
            let rect = popup(area, 76, rows_plus(body.len(), 4));
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: false }).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(escape_control(title).into_owned()),
                ),
                rect,
            );
        }
        Layer::WhereFrom {
            quote,
            synthetic,
            source_id,
            document,
        } => {
            let mut body = vec![Line::styled(format!("source: {source_id}"), theme.accent())];
            match document {
                Some(lines) => body.extend(
                    lines
                        .iter()
                        .map(|l| Line::raw(escape_control(l).into_owned())),
                ),
                None => body.push(Line::styled("loading the document…", theme.dim())),
            }
            if *synthetic {
                body.push(Line::styled(
                    "SYNTHETIC row: detail made to fill the published total quoted below",
                    theme.error(),
                ));
            }
            body.push(Line::raw(""));
            body.extend(
                quote
                    .split('\n')
                    .map(|l| Line::raw(format!("“{}", escape_control(l.trim())))),
            );
            let rect = popup(area, 78, 16);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: false }).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title("Where from (Esc closes)"),
                ),
                rect,
            );
        }
        Layer::Prompt(prompt, text) => {
            let prompt = prompt.label();
            let rect = Rect {
                x: area.x,
                y: area.y + area.height - 1,
                width: area.width,
                height: 1,
            };
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(format!("{prompt}{}█", escape_control(text))),
                rect,
            );
        }
        Layer::Export(dialog) => {
            let formats: Vec<Span<'_>> = Format::ALL
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    if i == dialog.format {
                        Span::styled(format!(" {} ", f.name()), theme.selected())
                    } else {
                        Span::raw(format!(" {} ", f.name()))
                    }
                })
                .collect();
            let rows = app
                .grid(dialog.slot)
                .and_then(|g| g.total)
                .map_or("all".to_string(), |t| t.to_string());
            let body = vec![
                Line::raw(format!(
                    "Export {rows} rows (with the view's filter and sort)"
                )),
                Line::from(formats),
                Line::raw(format!("file: {}█", escape_control(&dialog.path))),
                Line::styled(
                    "Tab: format · type the file name · Enter: export · Esc: cancel",
                    theme.dim(),
                ),
            ];
            let rect = popup(area, 76, 6);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(body)
                    .wrap(Wrap { trim: false })
                    .block(Block::default().borders(Borders::ALL).title("Export")),
                rect,
            );
        }
        Layer::Frequency { grid, .. } => {
            let Some((rect, inner)) = screen.frequency else {
                return;
            };
            frame.render_widget(Clear, rect);
            let block = Block::default().borders(Borders::ALL).title(format!(
                "{} (Enter: open rows, Esc: close)",
                grid.query.label
            ));
            frame.render_widget(block, rect);
            render_grid(app, theme, frame, inner, grid);
        }
        Layer::Form(form) => render_form(app, theme, frame, screen.body, form),
    }
}

/// The parameter form of a saved query, over the pane's body.
fn render_form(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, form: &Form) {
    frame.render_widget(Clear, area);
    let width = area.width as usize;
    let Some(query) = app.library.queries.get(&form.query) else {
        return;
    };
    let mut lines = vec![
        Line::styled(escape_control(&query.description).into_owned(), theme.dim()),
        Line::raw(""),
    ];
    for (i, (param, value)) in query.params.iter().zip(&form.values).enumerate() {
        let need = if param.required && param.default.is_none() {
            " *"
        } else {
            ""
        };
        let text = format!("{:>16}{need}: {}", param.name, escape_control(value));
        lines.push(list_line(theme, &text, width, i == form.focus));
        lines.push(Line::styled(
            truncate_to_width(
                &escape_control(&format!(
                    "{:>18}{} — {}",
                    "",
                    param.kind.describe(),
                    param.description
                )),
                width,
            )
            .into_owned(),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Tab/↓ next field · Enter run · Esc back",
        theme.dim(),
    ));
    if let Some(e) = &form.error {
        lines.push(Line::styled(escape_control(e).into_owned(), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
