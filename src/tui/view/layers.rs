//! The layers over a pane: help, the cell and where-from popups, prompts, the export dialog, the parameter form and
//! the frequency view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::cells::{display_width, escape_control, truncate_to_width};
use crate::core::export::Format;
use crate::tr;
use crate::tui::app::layout::{self, Screen, popup};
use crate::tui::app::reading::{self, Tone};
use crate::tui::app::{App, Form, Layer};
use crate::tui::field::Field;
use crate::tui::view::{Theme, clear, list_line, render_grid, rows_plus};

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
        Layer::Help { scroll } | Layer::Detail { scroll, .. } | Layer::WhereFrom { scroll, .. } => {
            let figures = match layer {
                Layer::WhereFrom { figures, .. } => figures.as_slice(),
                _ => &[],
            };
            render_reading(app, theme, frame, area, index, *scroll, figures);
        }
        Layer::Prompt(prompt, text) => {
            let prompt = prompt.label(app.language);
            let rect = Rect {
                x: area.x,
                y: area.y + area.height - 1,
                width: area.width,
                height: 1,
            };
            clear(frame, rect);
            frame.render_widget(
                Paragraph::new(format!(
                    "{prompt}{}",
                    shown(
                        text,
                        true,
                        usize::from(rect.width).saturating_sub(display_width(&prompt))
                    )
                )),
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
                .map_or(tr!(app.language, "export-all"), |t| t.to_string());
            let mut body = vec![
                Line::raw(tr!(app.language, "export-rows", rows = rows)),
                Line::from(formats),
                Line::from(vec![
                    Span::raw(tr!(app.language, "export-file")),
                    // A suggestion shows selected: typing replaces it.
                    Span::styled(
                        // The dialog wraps a long name: all of it is shown.
                        escape_control(&dialog.path.with_caret()).into_owned(),
                        if dialog.path.is_selected() {
                            theme.selected()
                        } else {
                            Style::default()
                        },
                    ),
                ]),
                Line::styled(tr!(app.language, "export-hint"), theme.dim()),
            ];
            if let Some(warning) = &dialog.warning {
                body.push(Line::styled(
                    escape_control(warning).into_owned(),
                    theme.error(),
                ));
            }
            let rect = popup(area, 76, rows_plus(body.len() + 2, 2));
            clear(frame, rect);
            frame.render_widget(
                Paragraph::new(body)
                    .wrap(Wrap { trim: false })
                    .block(theme.block().title(tr!(app.language, "export-title"))),
                rect,
            );
        }
        Layer::Frequency { grid, .. } => {
            let Some((rect, inner)) = screen.frequency else {
                return;
            };
            clear(frame, rect);
            let block = theme.block().title(tr!(
                app.language,
                "frequency-title",
                label = grid.query.label.as_str()
            ));
            frame.render_widget(block, rect);
            render_grid(app, theme, frame, inner, grid);
        }
        Layer::Form(form) => render_form(app, theme, frame, screen.body, form),
        Layer::SaveParams(save) => render_save_params(app, theme, frame, screen.body, save),
        Layer::RunParams(run) => render_run_params(app, theme, frame, screen.body, run),
    }
}

/// A reading popup: as much of the screen as a comfortable line allows, its text wrapped, scrolled to `scroll`, the
/// row's figure highlighted in its quote; the title says where in the text one is.
fn render_reading(
    app: &App,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    index: usize,
    scroll: usize,
    figures: &[String],
) {
    let Some((title, lines)) = reading::wrapped(app, index) else {
        return;
    };
    let rect = layout::reading_rect(area, lines.len());
    let page = usize::from(layout::inner(rect).height);
    let scroll = scroll.min(lines.len().saturating_sub(page));
    let body: Vec<Line<'_>> = lines
        .iter()
        .skip(scroll)
        .take(page)
        .map(|(tone, text)| {
            let text = escape_control(text).into_owned();
            match tone {
                Tone::Heading => Line::styled(text, theme.accent()),
                Tone::Dim => Line::styled(text, theme.dim()),
                Tone::Alarm => Line::styled(text, theme.error()),
                Tone::Quote => highlighted(&text, figures, theme),
                Tone::Plain => Line::raw(text),
            }
        })
        .collect();
    let position = if lines.len() > page {
        tr!(
            app.language,
            "reading-position",
            first = scroll + 1,
            last = (scroll + page).min(lines.len()),
            total = lines.len()
        )
    } else {
        String::new()
    };
    clear(frame, rect);
    frame.render_widget(
        Paragraph::new(body).block(theme.block().title(tr!(
            app.language,
            "reading-title",
            title = escape_control(&title),
            position = position
        ))),
        rect,
    );
}

/// A line of a quote with every occurrence of the row's figures reversed and bold.
fn highlighted<'a>(text: &str, figures: &[String], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    let mut rest = text;
    // The earliest of the figures each time (the longest where two start together).
    while let Some((at, figure)) = figures
        .iter()
        .filter(|f| !f.is_empty())
        .filter_map(|f| rest.find(f.as_str()).map(|at| (at, f)))
        .min_by_key(|(at, f)| (*at, std::cmp::Reverse(f.len())))
    {
        spans.push(Span::raw(rest[..at].to_string()));
        spans.push(Span::styled(
            figure.clone(),
            theme.selected().add_modifier(Modifier::BOLD),
        ));
        rest = &rest[at + figure.len()..];
    }
    spans.push(Span::raw(rest.to_string()));
    Line::from(spans)
}

/// A field's text as drawn in `width` cells: control characters escaped, and with the focus the caret where the
/// cursor is, the text scrolled sideways so the caret is always in view (`…` where text is cut on the left).
fn shown(field: &Field, focused: bool, width: usize) -> String {
    if !focused {
        return truncate_to_width(&escape_control(field.as_str()), width).into_owned();
    }
    let (before, after) = field.split_at_cursor();
    let (before, after) = (escape_control(before), escape_control(after));
    let caret = crate::tui::field::CARET;
    if display_width(&before) + 1 < width {
        let room = width - display_width(&before) - 1;
        return format!("{before}{caret}{}", truncate_to_width(&after, room));
    }
    // Keep the end of the text before the caret that fits after a `…`.
    let mut kept = String::new();
    let mut used = 0;
    for c in before.chars().rev() {
        let w = display_width(&c.to_string());
        if used + w + 2 > width {
            break;
        }
        kept.insert(0, c);
        used += w;
    }
    format!("…{kept}{caret}")
}

/// A form of `$parameter: field` rows: a heading, the rows (the focused one with its caret), notes under them and
/// an error.
struct ParameterRows<'a> {
    heading: String,
    rows: Vec<(String, &'a Field)>,
    focus: usize,
    notes: [String; 2],
    error: Option<&'a str>,
}

/// A parameter form over the pane's body.
fn render_parameter_rows(
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    form: ParameterRows<'_>,
) {
    let ParameterRows {
        heading,
        rows,
        focus,
        notes,
        error,
    } = form;
    clear(frame, area);
    let width = area.width as usize;
    let mut lines = vec![
        Line::styled(escape_control(&heading).into_owned(), theme.accent()),
        Line::raw(""),
    ];
    for (i, (param, field)) in rows.into_iter().enumerate() {
        let text = format!(
            "{:>16}: {}",
            format!("${}", escape_control(&param)),
            shown(field, i == focus, width.saturating_sub(18))
        );
        lines.push(list_line(theme, &text, width, i == focus));
    }
    lines.push(Line::raw(""));
    lines.extend(notes.into_iter().map(|n| Line::styled(n, theme.dim())));
    if let Some(e) = error {
        lines.push(Line::styled(escape_control(e).into_owned(), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The types of a statement's parameters, asked before it is saved as a query.
fn render_save_params(
    app: &App,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    save: &crate::tui::app::layers::SaveParams,
) {
    let form = ParameterRows {
        heading: tr!(
            app.language,
            "save-params-heading",
            name = save.name.as_str()
        ),
        rows: save.params.iter().map(|(p, f)| (p.clone(), f)).collect(),
        focus: save.focus,
        notes: [
            tr!(app.language, "save-params-types"),
            tr!(app.language, "save-params-keys"),
        ],
        error: save.error.as_deref(),
    };
    render_parameter_rows(theme, frame, area, form);
}

/// The values of a console statement's parameters, asked before it runs.
fn render_run_params(
    app: &App,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    run: &crate::tui::app::layers::RunParams,
) {
    let form = ParameterRows {
        heading: tr!(app.language, "run-params-heading"),
        rows: run.names.iter().cloned().zip(&run.values).collect(),
        focus: run.focus,
        notes: [
            tr!(app.language, "run-params-types"),
            tr!(app.language, "run-params-keys"),
        ],
        error: None,
    };
    render_parameter_rows(theme, frame, area, form);
}

/// The parameter form of a saved query, over the pane's body.
fn render_form(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, form: &Form) {
    clear(frame, area);
    let width = area.width as usize;
    let Some(query) = app.library.queries.get(&form.query) else {
        return;
    };
    let mut lines = vec![
        Line::styled(
            escape_control(
                query.description_in(app.language == crate::tui::app::Language::Chinese),
            )
            .into_owned(),
            theme.dim(),
        ),
        Line::raw(""),
    ];
    for (i, (param, value)) in query.params.iter().zip(&form.values).enumerate() {
        let need = if param.required && param.default.is_none() {
            " *"
        } else {
            ""
        };
        let text = format!(
            "{:>16}{need}: {}",
            param.name,
            shown(value, i == form.focus, width.saturating_sub(20))
        );
        lines.push(list_line(theme, &text, width, i == form.focus));
        lines.push(Line::styled(
            truncate_to_width(
                &escape_control(&format!(
                    "{:>18}{} — {}",
                    "",
                    param.kind.describe_in(app.language),
                    param.description_in(app.language == crate::tui::app::Language::Chinese)
                )),
                width,
            )
            .into_owned(),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(tr!(app.language, "form-keys"), theme.dim()));
    if let Some(e) = &form.error {
        lines.push(Line::styled(escape_control(e).into_owned(), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
