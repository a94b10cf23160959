//! The terminal is given back whatever ends the TUI. A panic: the panic hook restores the terminal first, then prints
//! color-eyre's report (message, location, how to get a backtrace) where it can be read, on the normal screen; the
//! default hook would print it onto the alternate screen, gone a moment later. An abort (a stack overflow, a failed
//! allocation, `abort()` in C++): no destructor runs, so a SIGABRT handler restores the saved terminal modes and
//! leaves the alternate screen with async-signal-safe calls only, then lets the abort go on.

use std::sync::atomic::{AtomicBool, Ordering};

static SAVED: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// The terminal's modes as they are now (called before raw mode is entered).
fn current_modes() -> Option<libc::termios> {
    // SAFETY: a zeroed termios is a valid value to hand tcgetattr, which fills it; on error it is dropped.
    let mut modes: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: tcgetattr writes only into `modes`.
    let ok = unsafe { libc::tcgetattr(libc::STDOUT_FILENO, &mut modes) } == 0;
    ok.then_some(modes)
}

extern "C" fn on_abort(signal: libc::c_int) {
    // Alternate screen off, cursor on, colours reset, and every mouse-reporting mode off.
    const LEAVE: &[u8] =
        b"\x1b[?1049l\x1b[?25h\x1b[0m\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\r\n";
    // SAFETY: write, tcsetattr, signal and raise are async-signal-safe; the statics are only read.
    unsafe {
        if let Some(modes) = SAVED.get() {
            libc::tcsetattr(libc::STDOUT_FILENO, libc::TCSANOW, modes);
        }
        libc::write(libc::STDOUT_FILENO, LEAVE.as_ptr().cast(), LEAVE.len());
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// Call before entering raw mode: the modes saved are the ones to give back.
pub(super) fn install() {
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    install_panic_report();
    if let Some(modes) = current_modes() {
        let _ = SAVED.set(modes);
    }
    // SAFETY: installing a handler that only makes async-signal-safe calls.
    unsafe {
        libc::signal(libc::SIGABRT, on_abort as *const () as libc::sighandler_t);
    }
}

/// Restore the terminal, then report the panic with color-eyre (plain when `NO_COLOR` is set).
fn install_panic_report() {
    let mut builder = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .panic_section(crate::tr!(crate::i18n::process_lang(), "rescue-report"));
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        builder = builder.theme(color_eyre::config::Theme::new());
    }
    let (panic_hook, _) = builder.into_hooks();
    let report = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        report(info);
    }));
}

static RESTORED: AtomicBool = AtomicBool::new(false);

/// Give the terminal back, once: leaving the alternate screen a second time (the panic hook, then the guard as the
/// panic unwinds) would move the cursor back over the report.
pub(super) fn restore() {
    if !RESTORED.swap(true, Ordering::SeqCst) {
        // The mouse first: a terminal left reporting it would fill the shell with escape codes.
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
        ratatui::restore();
    }
}
