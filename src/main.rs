fn main() {
    // The export link helper of a confined qlake (core::link_helper): started by qlake itself, never by a user.
    qlake::core::link_helper::serve_if_asked();
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
