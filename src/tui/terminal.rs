//! The interactive TUI on the real terminal. DuckDB work runs on two worker threads, each with its own connection,
//! fed by a queue where a newer read replaces a queued stale one; terminal input is read on its own thread. Both
//! feed one channel: the UI thread drains everything pending, applies it, performs the effects the app returns, then
//! draws once, and never blocks anywhere but on that channel; an ending signal (SIGTERM, SIGHUP, a SIGINT from
//! outside) is sent into it too, so it is acted on at once, even when a hung-up terminal makes reading spin.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

use crate::core::backend::Backend;
use crate::core::error::{Error, Result};
use crate::tui::app::App;
use crate::tui::effect::{self, Effect};
use crate::tui::jobs;
use crate::tui::view::{Theme, render};
use crate::tui::workers::Workers;
use crate::tui::{osc52, rescue};

/// Restores the terminal when dropped, whatever happened.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        rescue::restore();
    }
}

/// What reaches the UI thread: input from the terminal, an answer from a worker, or a signal to end.
enum Incoming {
    Input(Event),
    InputClosed,
    Answer(jobs::Answer),
    Stop,
}

/// The interactive TUI on the real terminal. DuckDB work runs on worker threads, each with its own connection;
/// terminal input is read on its own thread. Both feed one channel: the UI thread drains everything pending,
/// applies it, then draws once, and never blocks anywhere but on that channel (an ending signal is sent into it:
/// [`on_ending_signal`]).
/// Returns the app as it ended, for what it was showing to be kept.
pub fn run_terminal(engine: &dyn Backend, mut app: App, theme: &Theme, mouse: bool) -> Result<App> {
    app.use_engine(engine.dialect());
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel::<Incoming>();
    let waker = tx.clone();
    // Held until the TUI ends: then the signals have their default actions again (an exit that hangs afterwards can
    // still be ended with Ctrl+C).
    let _ending = on_ending_signal(&stop, move || {
        let _ = waker.send(Incoming::Stop);
    })
    .map_err(|e| {
        Error::Invalid(crate::tr!(
            crate::i18n::process_lang(),
            "terminal-signal-handler",
            error = e.to_string()
        ))
    })?;
    // The workers stop when they are dropped, however the loop below ends.
    let to_ui = {
        let answers = tx.clone();
        move |answer| answers.send(Incoming::Answer(answer)).is_ok()
    };
    let workers = Workers::start(engine, to_ui.clone())?;
    // The engine opened again when the lake's files changed under the app (an import or an undo from a shell).
    let mut reopened: Option<Box<dyn Backend + Send>> = None;
    // The effects the app returns, performed here; `cancelling` repeats interrupts until the app is idle.
    let mut runner = Runner {
        workers,
        cancelling: false,
        quit: false,
        clipboard: Vec::new(),
    };

    // An abort (a stack overflow, a failed allocation) runs no destructor: restore the terminal from the signal.
    rescue::install();
    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
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
    let first = app.start();
    runner.perform(&mut app, first);
    // User query files edited while the app runs are picked up within about a second.
    let mut queries = effect::QueryWatch::new(app.files.user_queries.clone());
    let mut looked = std::time::Instant::now();
    // The engine may open on first use: once the first complete frame is drawn, it opens in the background so the
    // first step does not wait for it.
    let mut warmed = false;
    while !runner.quit && !stop.load(Ordering::Relaxed) {
        terminal
            .draw(|f| render(&app, theme, f))
            .map_err(|e| Error::Invalid(e.to_string()))?;
        if !warmed && !app.busy() {
            engine.warm_up();
            warmed = true;
        }
        for text in runner.clipboard.drain(..) {
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
            let effects = match item {
                Incoming::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                    app.on_key(key)
                }
                Incoming::Input(Event::Resize(w, h)) => app.on_resize((w, h)),
                Incoming::Input(Event::Mouse(m)) => app.on_mouse(m),
                Incoming::Input(_) => Vec::new(),
                Incoming::InputClosed | Incoming::Stop => vec![Effect::Quit],
                Incoming::Answer(answer) => app.on_answer(answer),
            };
            runner.perform(&mut app, effects);
            if runner.quit {
                break;
            }
        }
        if !app.busy() {
            runner.cancelling = false;
        }
        if runner.cancelling {
            // Repeat until the workers report back: an interrupt that lands before a query starts is lost.
            for interrupt in &runner.workers.interrupts {
                interrupt();
            }
        }
        // DuckDB's own estimate for the longest-running query, once it has one (after about 150 ms).
        app.progress = if app.busy() {
            runner
                .workers
                .progress
                .iter()
                .filter_map(|progress| progress())
                .reduce(f64::max)
        } else {
            None
        };
        if looked.elapsed() >= Duration::from_secs(1) {
            looked = std::time::Instant::now();
            if let Some(library) = queries.changed() {
                let effects = app.on_library(library);
                runner.perform(&mut app, effects);
            }
            // Not while a query runs: its answer would come from the engine being replaced.
            let current: &dyn Backend = match &reopened {
                Some(fresh) => fresh.as_ref(),
                None => engine,
            };
            if !app.busy() {
                match current.reopened() {
                    Ok(Some(fresh)) => match Workers::start(fresh.as_ref(), to_ui.clone()) {
                        Ok(workers) => {
                            runner.workers = workers;
                            reopened = Some(fresh);
                            let effects = app.on_lake_changed();
                            runner.perform(&mut app, effects);
                        }
                        Err(e) => {
                            app.message = Some(crate::tr!(
                                app.language,
                                "terminal-lake-changed-but",
                                error = e.to_string()
                            ))
                        }
                    },
                    Ok(None) => {}
                    Err(e) => {
                        app.message = Some(crate::tr!(
                            app.language,
                            "terminal-lake-changed-but",
                            error = e.to_string()
                        ))
                    }
                }
            }
        }
        app.ticks = app.ticks.wrapping_add(1);
    }
    Ok(app)
}

/// The signals that end the app: a SIGINT from outside (Ctrl+C in raw mode is a key, cancel), SIGTERM and SIGHUP.
const ENDING_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

/// On an ending signal, `stop` is set in the handler and `wake` is called from a thread of its own, so the UI thread
/// ends at once: the flag alone is seen only when the UI thread's wait for input times out (up to 400 ms), and
/// meanwhile a hung-up terminal makes crossterm's reader spin on end-of-file, which is never an event.
fn on_ending_signal(
    stop: &Arc<AtomicBool>,
    wake: impl FnOnce() + Send + 'static,
) -> std::io::Result<EndingSignals> {
    let over = Arc::new(AtomicBool::new(false));
    let mut flags = Vec::new();
    for signal in ENDING_SIGNALS {
        // Registered first, idle until `over`: then the signal's own default action again (signal-hook cannot put
        // the original handler back).
        signal_hook::flag::register_conditional_default(signal, Arc::clone(&over))?;
        flags.push(signal_hook::flag::register(signal, Arc::clone(stop))?);
    }
    let mut signals = signal_hook::iterator::Signals::new(ENDING_SIGNALS)?;
    let waker = signals.handle();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            wake();
        }
    });
    Ok(EndingSignals { flags, waker, over })
}

/// What [`on_ending_signal`] registered. Dropped, its thread ends and each signal has its default action again: an
/// exit that hangs after the TUI (in DuckDB's teardown, say) can still be ended with Ctrl+C or SIGTERM.
struct EndingSignals {
    flags: Vec<signal_hook::SigId>,
    waker: signal_hook::iterator::Handle,
    over: Arc<AtomicBool>,
}

impl Drop for EndingSignals {
    fn drop(&mut self) {
        for id in self.flags.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        self.waker.close();
        self.over.store(true, Ordering::SeqCst);
    }
}

/// Performs the app's effects for the interactive loop.
struct Runner {
    workers: Workers,
    cancelling: bool,
    quit: bool,
    /// Text to put on the clipboard after the next frame is drawn.
    clipboard: Vec<String>,
}

impl Runner {
    fn perform(&mut self, app: &mut App, effects: Vec<Effect>) {
        let mut pending: std::collections::VecDeque<Effect> = effects.into();
        while let Some(effect) = pending.pop_front() {
            match effect {
                Effect::Run(job) => {
                    // A stale queued read is dropped for the newer one; its answer would only be dropped anyway.
                    let _ = self.workers.push(job);
                }
                Effect::Cancel => self.cancelling = true,
                Effect::Copy(text) => self.clipboard.push(text),
                Effect::SaveQuery { dir, name, text } => {
                    pending.extend(app.on_saved(effect::save_query(
                        &dir,
                        &name,
                        &text,
                        app.language,
                    )));
                }
                Effect::AppendHistory { file, statement } => {
                    effect::append_history(&file, &statement)
                }
                Effect::Quit => self.quit = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ending_signal_wakes_the_ui_thread_and_sets_the_flag() {
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let ending = on_ending_signal(&stop, move || {
            let _ = tx.send(());
        })
        .expect("handlers");
        // SAFETY: raising a signal this process handles while `ending` lives; once it is dropped below, SIGHUP,
        // SIGINT and SIGTERM end the test binary again as they would without this test.
        unsafe { libc::raise(libc::SIGHUP) };
        assert!(
            rx.recv_timeout(Duration::from_secs(30)).is_ok(),
            "the UI thread was not woken by SIGHUP"
        );
        assert!(stop.load(Ordering::SeqCst));
        drop(ending);
    }
}
