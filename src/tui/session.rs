//! The app driven headless: keys in, effects performed (or recorded) until nothing is left to do, the screen as
//! text. Tests, `qlake tui --headless` and the benchmark all drive the app through this one API.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::mpsc;

use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::core::backend::Backend;
use crate::core::engine::on_large_stack;
use crate::core::error::{Error, Result};
use crate::tui::app::App;
use crate::tui::effect::{self, Effect};
use crate::tui::jobs::{Answer, Job, Target, execute};
use crate::tui::keymap::parse_script;
use crate::tui::requests::enqueue;
use crate::tui::view::Theme;
use crate::tui::workers::Workers;

/// What a session does with the effects that reach outside the app (files, clipboard, quit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effects {
    /// Do them, as the terminal runner does.
    Perform,
    /// Keep them in `Session::recorded` and do nothing (DuckDB jobs still run: they only read).
    Record,
}

/// How long one job took, as its answer reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub target: Target,
    pub elapsed_ms: u128,
}

pub struct Session<'a> {
    engine: &'a dyn Backend,
    pub app: &'a mut App,
    effects: Effects,
    /// Effects kept instead of performed (`Effects::Record`), in order.
    pub recorded: Vec<Effect>,
    /// Every job's time, as its answer reported it, in the order answered.
    pub timings: Vec<Timing>,
    /// The clipboard as the app last set it.
    pub clipboard: Option<String>,
    quit: bool,
    queries: effect::QueryWatch,
    runs: Runs,
    /// The engine opened again when the lake's files changed under the session ([`Session::check_lake`]).
    reopened: Option<Box<dyn Backend + Send>>,
    /// The screen, kept from one draw to the next as the terminal runner keeps its terminal (made again when the
    /// app's size changes).
    terminal: RefCell<Option<Terminal<TestBackend>>>,
}

impl<'a> Session<'a> {
    /// A session over `app`, with the first screen's queries run.
    pub fn new(engine: &'a dyn Backend, app: &'a mut App, effects: Effects) -> Session<'a> {
        app.use_engine(engine.dialect());
        let queries = effect::QueryWatch::new(app.files.user_queries.clone());
        let mut session = Session {
            engine,
            app,
            effects,
            recorded: Vec::new(),
            timings: Vec::new(),
            clipboard: None,
            quit: false,
            queries,
            runs: Runs::start(engine),
            reopened: None,
            terminal: RefCell::new(None),
        };
        let first = session.app.start();
        session.run_until_idle(first);
        session
    }

    /// Press keys written in the headless script syntax (`"2 j <enter>"`), each run until idle.
    pub fn press(&mut self, keys: &str) -> Result<&mut Self> {
        let keys = parse_script(keys).map_err(|e| Error::Usage(format!("keys: {e}")))?;
        Ok(self.press_keys(&keys))
    }

    pub fn press_keys(&mut self, keys: &[KeyEvent]) -> &mut Self {
        for key in keys {
            if self.quit {
                break;
            }
            let effects = self.app.on_key(*key);
            self.run_until_idle(effects);
        }
        self
    }

    /// A mouse event, as the terminal reports it.
    pub fn mouse(&mut self, event: crossterm::event::MouseEvent) -> &mut Self {
        let effects = self.app.on_mouse(event);
        self.run_until_idle(effects);
        self
    }

    pub fn resize(&mut self, size: (u16, u16)) -> &mut Self {
        let effects = self.app.on_resize(size);
        self.run_until_idle(effects);
        self
    }

    /// Look at the user's query folder as the terminal runner does every second: a changed file reloads the library.
    pub fn check_queries(&mut self) -> &mut Self {
        if let Some(library) = self.queries.changed() {
            let effects = self.app.on_library(library);
            self.run_until_idle(effects);
        }
        self
    }

    /// Look at the lake as the terminal runner does every second: when an import or an undo changed its files, the
    /// engine is opened again over them and every figure read again.
    pub fn check_lake(&mut self) -> Result<&mut Self> {
        if let Some(fresh) = self.engine().reopened()? {
            self.runs = Runs::start(fresh.as_ref());
            self.reopened = Some(fresh);
            let effects = self.app.on_lake_changed();
            self.run_until_idle(effects);
        }
        Ok(self)
    }

    /// The engine the session's queries go to now.
    fn engine(&self) -> &dyn Backend {
        match &self.reopened {
            Some(fresh) => fresh.as_ref(),
            None => self.engine,
        }
    }

    /// Whether the app asked to quit.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Draw the app and return the screen as text, one line per row (`crate::tui::buffer_text`).
    pub fn screen(&self, theme: &Theme) -> Result<String> {
        self.draw_then(theme, crate::tui::buffer_text)
    }

    /// Draw the app as the terminal runner draws a frame, without reading the screen back as text.
    pub fn draw(&self, theme: &Theme) -> Result<()> {
        self.draw_then(theme, |_| ())
    }

    fn draw_then<T>(&self, theme: &Theme, read: impl FnOnce(&Buffer) -> T) -> Result<T> {
        let mut kept = self.terminal.borrow_mut();
        let mut terminal = match kept.take() {
            Some(terminal)
                if terminal.backend().buffer().area.as_size() == self.app.size.into() =>
            {
                terminal
            }
            _ => crate::tui::headless_terminal(self.app.size)?,
        };
        let drawn = crate::tui::draw_headless(&mut terminal, self.app, theme).map(read)?;
        // Kept only once drawn whole: a draw that fails leaves the next one a new terminal.
        *kept = Some(terminal);
        Ok(drawn)
    }

    /// The query the pane's grid shows — a saved query's name (a statement's first words in the console) — and the
    /// values it ran with: what a driver such as the benchmark runs again elsewhere, without reading the app's state.
    pub fn current_query(&self) -> Option<(String, Vec<(String, crate::core::sql::Value)>)> {
        let grid = self.pane_grid()?;
        Some((grid.query.label.clone(), grid.query.params.clone()))
    }

    /// The rows of the pane's grid, once counted.
    pub fn row_count(&self) -> Option<u64> {
        self.pane_grid()?.total
    }

    fn pane_grid(&self) -> Option<&crate::tui::grid::Grid> {
        self.app.pane_slot().and_then(|s| self.app.grid(s))
    }

    /// Perform effects, and the effects they lead to, until none is left. Jobs handed out together (the dashboard's
    /// tiles, a page and its count) run on two threads like the interactive app's workers; answers are applied in the
    /// order the jobs were made, so every run ends on the same screen.
    pub fn run_until_idle(&mut self, effects: Vec<Effect>) {
        let mut pending: VecDeque<Effect> = effects.into();
        let mut jobs: VecDeque<Job> = VecDeque::new();
        loop {
            while let Some(effect) = pending.pop_front() {
                match effect {
                    Effect::Run(job) => {
                        enqueue(&mut jobs, job);
                    }
                    other => pending.extend(self.outside(other)),
                }
            }
            if jobs.is_empty() {
                return;
            }
            let batch: Vec<Job> = jobs.drain(..).collect();
            for answer in self.runs.batch(self.engine(), batch) {
                self.timings.push(Timing {
                    target: answer.target,
                    elapsed_ms: answer.elapsed_ms,
                });
                pending.extend(self.app.on_answer(answer));
            }
        }
    }

    /// An effect outside DuckDB: performed or recorded. Returns what the app answers to it.
    fn outside(&mut self, effect: Effect) -> Vec<Effect> {
        if effect == Effect::Quit {
            self.quit = true;
        }
        if self.effects == Effects::Record {
            self.recorded.push(effect);
            return Vec::new();
        }
        match effect {
            Effect::SaveQuery { dir, name, text } => {
                self.app
                    .on_saved(effect::save_query(&dir, &name, &text, self.app.language))
            }
            Effect::AppendHistory { file, statement } => {
                effect::append_history(&file, &statement);
                Vec::new()
            }
            Effect::Copy(text) => {
                self.clipboard = Some(text);
                Vec::new()
            }
            // Headless, every job runs to its end before the next key: there is nothing running to interrupt.
            Effect::Cancel | Effect::Quit | Effect::Run(_) => Vec::new(),
        }
    }
}

/// Feed keys one at a time, running effects until idle after each, and return the final screen as text.
pub fn run_headless(
    engine: &dyn Backend,
    app: &mut App,
    keys: &[KeyEvent],
    theme: &Theme,
) -> Result<String> {
    let mut session = Session::new(engine, app, Effects::Perform);
    session.press_keys(keys);
    session.screen(theme)
}

/// The session's jobs run on the app's workers, as on a terminal; when they cannot start, here, one after another.
enum Runs {
    Workers {
        workers: Workers,
        answers: mpsc::Receiver<Answer>,
    },
    Here,
}

impl Runs {
    fn start(engine: &dyn Backend) -> Runs {
        let (tx, answers) = mpsc::channel();
        match Workers::start(engine, move |answer| tx.send(answer).is_ok()) {
            Ok(workers) => Runs::Workers { workers, answers },
            Err(_) => Runs::Here,
        }
    }

    /// Run `batch` (jobs of distinct targets, as `enqueue` leaves them), answers in the order the jobs were made.
    /// A lone job runs on this thread when it has the workers' stack: the session waits for it either way, and
    /// handing it to a worker thread cost a drill step 25-40 ms of 110-180 on the 100M lake, 1-3 ms of 12-16 on the
    /// 1M lake (docs/performance.md). Several run on the workers, side by side.
    fn batch(&self, engine: &dyn Backend, batch: Vec<Job>) -> Vec<Answer> {
        let here = || batch.iter().map(|j| execute(engine, j)).collect();
        let Runs::Workers { workers, answers } = self else {
            return here();
        };
        if batch.len() == 1 && on_large_stack() {
            return here();
        }
        let order: Vec<u64> = batch.iter().map(|j| j.id).collect();
        let mut expected = batch.len();
        for job in batch {
            // Each job of a batch has a target of its own, so none replaces another; were one replaced, it would
            // not be answered.
            if workers.push(job).is_some() {
                expected -= 1;
            }
        }
        let mut got: Vec<Answer> = answers.iter().take(expected).collect();
        got.sort_by_key(|a| order.iter().position(|id| *id == a.id));
        got
    }
}
