//! The terminal dashboard: the app state and update (`app`), the view (`view`), the grid, the keymap, jobs for
//! DuckDB, and two ways to drive it — a real terminal with worker threads (`run_terminal`) and headless, with every
//! job run inline until idle (`run_headless`, used by tests and `qlake tui --headless`).

pub mod app;
pub mod grid;
pub mod jobs;
pub mod keymap;
mod rescue;
pub mod view;

use std::collections::VecDeque;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::core::engine::Engine;
use crate::core::error::{Error, Result};
use app::App;
use jobs::{Job, execute};
use view::{Theme, render};

/// Run every job, feeding answers back, until nothing is left to do. Jobs handed out together (the dashboard's
/// tiles, a page and its count) run on two threads like the interactive app's workers; their answers are applied in
/// the order the jobs were made, so the result is the same on every run.
pub fn run_until_idle(engine: &Engine, app: &mut App, jobs: Vec<Job>) {
    let mut queue: VecDeque<Job> = jobs.into();
    while !queue.is_empty() {
        let batch: Vec<Job> = queue.drain(..).collect();
        for answer in execute_batch(engine, &batch) {
            queue.extend(app.on_answer(answer));
        }
    }
}

/// Run a batch of jobs like the interactive app's two workers do: each on its own connection, on a thread with the
/// workers' stack (the caller's, a test harness's say, may be small), answers in the order the jobs were made.
fn execute_batch(engine: &Engine, batch: &[Job]) -> Vec<jobs::Answer> {
    let workers: Vec<Engine> = (0..batch.len().min(2))
        .filter_map(|_| engine.try_clone().ok())
        .collect();
    if workers.is_empty() {
        return batch.iter().map(|j| execute(engine, j)).collect();
    }
    let shares = workers.len();
    let mut answers: Vec<(usize, jobs::Answer)> = std::thread::scope(|scope| {
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
                    .stack_size(crate::core::engine::THREAD_STACK_BYTES)
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

/// Feed keys one at a time, running effects until idle after each, and return the final screen as text.
pub fn run_headless(
    engine: &Engine,
    app: &mut App,
    keys: &[KeyEvent],
    theme: &Theme,
) -> Result<String> {
    let first = app.schedule();
    run_until_idle(engine, app, first);
    for key in keys {
        let jobs = app.on_key(*key);
        run_until_idle(engine, app, jobs);
        if app.quit {
            break;
        }
    }
    screen_text(app, theme)
}

/// Render the app on a test backend of its size and return the screen, one line per row, trailing spaces cut.
pub fn screen_text(app: &App, theme: &Theme) -> Result<String> {
    let (w, h) = app.size;
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).map_err(|e| Error::Invalid(e.to_string()))?;
    terminal
        .draw(|f| render(app, theme, f))
        .map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(buffer_text(terminal.backend().buffer()))
}

pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The largest headless screen: far beyond any real terminal, and small enough that its buffers fit in memory.
pub const MAX_SCREEN: (u16, u16) = (2000, 1000);

/// Parse `100x30` (at most [`MAX_SCREEN`]).
pub fn parse_size(text: &str) -> Option<(u16, u16)> {
    let (w, h) = text.split_once(['x', 'X'])?;
    let (w, h): (u16, u16) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    ((1..=MAX_SCREEN.0).contains(&w) && (1..=MAX_SCREEN.1).contains(&h)).then_some((w, h))
}

/// Restores the terminal when dropped, whatever happened.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// What reaches the UI thread: input from the terminal, or an answer from a worker.
enum Incoming {
    Input(Event),
    InputClosed,
    Answer(jobs::Answer),
}

/// The interactive TUI on the real terminal. DuckDB work runs on worker threads, each with its own connection;
/// terminal input is read on its own thread. Both feed one channel: the UI thread drains everything pending,
/// applies it, then draws once, and never blocks anywhere but on that channel (so SIGTERM and SIGHUP are always
/// seen, even when a hung-up terminal makes reading spin).
pub fn run_terminal(engine: &Engine, mut app: App, theme: &Theme) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    // Ctrl+C in raw mode is a key (cancel); a SIGINT from outside, SIGTERM and SIGHUP end the app cleanly.
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| Error::Invalid(format!("signal handler: {e}")))?;
    }
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (tx, rx) = mpsc::channel::<Incoming>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let mut interrupts = Vec::new();
    let mut progress = Vec::new();
    for _ in 0..2 {
        let worker = engine.try_clone()?;
        interrupts.push(worker.interrupter());
        progress.push(worker.progress_handle());
        let jobs_in = Arc::clone(&job_rx);
        let answers = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("qlake-worker".into())
            .stack_size(crate::core::engine::THREAD_STACK_BYTES)
            .spawn(move || {
                loop {
                    let job = match jobs_in.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    if answers
                        .send(Incoming::Answer(execute(&worker, &job)))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        spawned.map_err(|e| Error::Invalid(format!("cannot start a worker thread: {e}")))?;
    }
    let send = |jobs: Vec<Job>| {
        for job in jobs {
            let _ = job_tx.send(job);
        }
    };

    // An abort (a stack overflow, a failed allocation) runs no destructor: restore the terminal from the signal.
    rescue::install();
    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    let input = tx.clone();
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(e) => {
                    if input.send(Incoming::Input(e)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = input.send(Incoming::InputClosed);
                    return;
                }
            }
        }
    });
    send(app.schedule());
    while !app.quit && !stop.load(Ordering::Relaxed) {
        terminal
            .draw(|f| render(&app, theme, f))
            .map_err(|e| Error::Invalid(e.to_string()))?;
        if let Some(text) = app.clipboard.take() {
            let mut out = std::io::stdout();
            let _ = out.write_all(osc52(&text).as_bytes());
            let _ = out.flush();
        }
        let timeout = if app.busy() {
            Duration::from_millis(80)
        } else {
            Duration::from_millis(400)
        };
        let mut pending: Vec<Incoming> = rx.recv_timeout(timeout).into_iter().collect();
        // A burst of keys over SSH costs one frame; the burst is bounded so drawing is never starved.
        while pending.len() < 4096 {
            match rx.try_recv() {
                Ok(item) => pending.push(item),
                Err(_) => break,
            }
        }
        for item in pending {
            match item {
                Incoming::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                    send(app.on_key(key))
                }
                Incoming::Input(Event::Resize(w, h)) => {
                    app.size = (w, h);
                    send(app.schedule());
                }
                Incoming::Input(_) => {}
                Incoming::InputClosed => app.quit = true,
                Incoming::Answer(answer) => send(app.on_answer(answer)),
            }
            if app.quit {
                break;
            }
        }
        if app.cancel_requested {
            // Repeat until the workers report back: an interrupt that lands before a query starts is lost.
            for handle in &interrupts {
                handle.interrupt();
            }
        }
        // DuckDB's own estimate for the longest-running query, once it has one (after about 150 ms).
        app.progress = if app.busy() {
            progress
                .iter()
                .filter_map(|h| h.query_progress().percentage())
                .reduce(f64::max)
        } else {
            None
        };
        app.ticks = app.ticks.wrapping_add(1);
    }
    Ok(())
}

/// The OSC 52 sequence that puts `text` on the clipboard of the terminal (also across SSH and tmux).
pub fn osc52(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}
