//! An export to a file with its progress on stderr when a person watches (a terminal), and the summary line after it.

use super::*;

/// Run an export, reporting progress on stderr when it is a terminal and the export takes more than a moment.
/// Ctrl+C interrupts the query and leaves no file behind.
pub(crate) fn export_with_progress(
    engine: &dyn Backend,
    query: &QueryText,
    format: Format,
    destination: &Destination,
) -> Result<i32> {
    let _guard = interrupt::install(engine.interrupt());
    let lang = crate::i18n::process_lang();
    let started = Instant::now();
    let show_progress =
        std::io::stderr().is_terminal() && matches!(destination, Destination::File { .. });
    let mut shown = false;
    let percent_shown = std::sync::atomic::AtomicBool::new(false);
    let summary = export::export_reporting(
        engine,
        query,
        format,
        destination,
        &mut |rows| {
            if show_progress && started.elapsed().as_millis() > 500 {
                eprint!("\r{}", crate::tr!(lang, "cli-progress-rows", count = rows));
                shown = true;
            }
            interrupt::check()
        },
        // CSV, TSV and Parquet files are written by DuckDB itself: its own estimate is all there is to show.
        &|percent| {
            if show_progress {
                eprint!(
                    "\r{}",
                    crate::tr!(
                        lang,
                        "cli-progress-percent",
                        percent = crate::core::cells::fixed(percent, 0)
                    )
                );
                percent_shown.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
    );
    if shown || percent_shown.load(std::sync::atomic::Ordering::Relaxed) {
        eprint!("\r\x1b[K");
    }
    let summary = summary?;
    match &summary.path {
        Some(path) => note!(
            "{}",
            crate::tr!(
                lang,
                "cli-wrote-rows",
                count = summary.rows,
                file = escape_lines(&path.display().to_string())
            )
        ),
        None if format == Format::Table && std::io::stderr().is_terminal() => {
            note!(
                "{}",
                crate::tr!(lang, "cli-rows-shown", count = summary.rows)
            );
        }
        None => {}
    }
    Ok(0)
}
