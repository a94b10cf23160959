//! The app driven headless: keys in, effects performed (or recorded) until nothing is left to do, the screen as
//! text. Tests, `qlake tui --headless` and the benchmark all drive the app through this one API.

use std::collections::VecDeque;

use crossterm::event::KeyEvent;

use crate::core::engine::{Engine, THREAD_STACK_BYTES};
use crate::core::error::{Error, Result};
use crate::tui::app::App;
use crate::tui::effect::{self, Effect};
use crate::tui::jobs::{Answer, Job, Target, execute};
use crate::tui::keymap::parse_script;
use crate::tui::requests::enqueue;
use crate::tui::view::Theme;

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
    engine: &'a Engine,
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
}

impl<'a> Session<'a> {
    /// A session over `app`, with the first screen's queries run.
    pub fn new(engine: &'a Engine, app: &'a mut App, effects: Effects) -> Session<'a> {
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

    /// Whether the app asked to quit.
    pub fn quit(&self) -> bool {
        self.quit
    }

    pub fn screen(&self, theme: &Theme) -> Result<String> {
        crate::tui::screen_text(self.app, theme)
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
            for answer in execute_batch(self.engine, &batch) {
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
                self.app.on_saved(effect::save_query(&dir, &name, &text))
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
    engine: &Engine,
    app: &mut App,
    keys: &[KeyEvent],
    theme: &Theme,
) -> Result<String> {
    let mut session = Session::new(engine, app, Effects::Perform);
    session.press_keys(keys);
    session.screen(theme)
}

/// Run a batch of jobs like the interactive app's two workers do: each on its own connection, on a thread with the
/// workers' stack (the caller's, a test harness's say, may be small), answers in the order the jobs were made.
fn execute_batch(engine: &Engine, batch: &[Job]) -> Vec<Answer> {
    let workers: Vec<Engine> = (0..batch.len().min(2))
        .filter_map(|_| engine.try_clone().ok())
        .collect();
    if workers.is_empty() {
        return batch.iter().map(|j| execute(engine, j)).collect();
    }
    let shares = workers.len();
    let mut answers: Vec<(usize, Answer)> = std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .into_iter()
            .enumerate()
            .map(|(w, worker)| {
                let share: Vec<(usize, &Job)> = batch
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % shares == w)
                    .collect();
                let spawned = std::thread::Builder::new()
                    .stack_size(THREAD_STACK_BYTES)
                    .spawn_scoped(scope, {
                        let share = share.clone();
                        move || {
                            share
                                .iter()
                                .map(|(i, j)| (*i, execute(&worker, j)))
                                .collect::<Vec<_>>()
                        }
                    });
                (share, spawned)
            })
            .collect();
        let mut all = Vec::new();
        for (share, spawned) in handles {
            match spawned.map(|h| h.join()) {
                Ok(Ok(answers)) => all.extend(answers),
                // The thread could not start or panicked: run its share here so no job is lost.
                _ => all.extend(share.iter().map(|(i, j)| (*i, execute(engine, j)))),
            }
        }
        all
    });
    answers.sort_by_key(|(i, _)| *i);
    answers.into_iter().map(|(_, a)| a).collect()
}
