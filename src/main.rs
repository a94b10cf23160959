fn main() {
    // The export link helper of a confined qlake (core::link_helper): started by qlake itself, never by a user.
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(std::ffi::OsStr::new(qlake::core::link_helper::ARG)) {
        std::process::exit(qlake::core::link_helper::serve(
            args.map(Into::into).collect(),
        ));
    }
    // The whole program runs on a thread with the same large stack as the TUI's workers, so a query that one path
    // can run (a few hundred chained CTEs) never overflows another path's smaller stack.
    let worker = qlake::core::engine::spawn_with_large_stack("qlake", qlake::cli::run);
    let code = match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => 101,
        Err(e) => {
            eprintln!("qlake: cannot start: {e}");
            1
        }
    };
    std::process::exit(code);
}
