//! Ctrl+C (and SIGTERM) during a CLI query: interrupt DuckDB, stop the writer at the next batch, and let the
//! export's temporary file be removed on the way out. A second signal exits at once.

use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

use crate::core::error::{Error, Result};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub struct Guard {
    handle: Option<Handle>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.close();
        }
    }
}

pub fn install(interrupt: crate::core::backend::Interrupt) -> Guard {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) else {
        return Guard { handle: None };
    };
    let handle = signals.handle();
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                exit_now();
            }
            // An interrupt that lands before DuckDB starts a query is lost, and an export may open a second
            // connection after the signal: keep interrupting until the work stops and the process exits.
            let interrupt = interrupt.clone();
            std::thread::spawn(move || {
                loop {
                    interrupt();
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
            });
            // Once seen under heavy load: DuckDB tearing down an interrupted COPY never returned, and an interrupt
            // call can itself wait on a connection being torn down, so the deadline has a thread of its own that
            // touches nothing. Exiting is safe at any moment (an export's file is linked into place only when
            // complete; stale temp folders are cleaned on the next start), so a Ctrl+C always ends qlake.
            std::thread::spawn(|| {
                std::thread::sleep(std::time::Duration::from_secs(5));
                exit_now();
            });
        }
    });
    Guard {
        handle: Some(handle),
    }
}

/// End the process with 130 now, without `exit`'s clean-up: the main thread may itself be inside `exit`, stuck in
/// DuckDB's static destructors, and a second `exit` would wait on it for ever (a CI run hung there). Nothing is
/// lost: stderr is unbuffered, an export's file is anonymous until complete, and stale spill folders are cleaned on
/// the next start.
fn exit_now() -> ! {
    // SAFETY: `_exit` has no preconditions; it ends the process without running any user-space clean-up.
    unsafe { libc::_exit(130) }
}

/// Called between batches: stop writing once a signal came (an interrupt that reached DuckDB between two of its
/// calls is otherwise lost).
pub fn check() -> Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}
