//! Compiles the read-only gate's shim over DuckDB's own parser against the headers of the bundled DuckDB build.

fn main() {
    println!("cargo:rerun-if-changed=src/core/gate/parse.cpp");
    println!("cargo:rerun-if-changed=src/core/gate/parts.cpp");
    println!("cargo:rerun-if-changed=src/core/gate/shim.hpp");
    println!("cargo:rerun-if-changed=src/core/gate/parts.hpp");
    let include = std::env::var("DEP_DUCKDB_INCLUDE")
        .unwrap_or_else(|_| panic!("libduckdb-sys did not publish its include folder (DEP_DUCKDB_INCLUDE); qlake needs the bundled DuckDB"));
    let mut build = cc::Build::new();
    build
        .cpp(true)
        .file("src/core/gate/parse.cpp")
        .file("src/core/gate/parts.cpp")
        .include(&include)
        .flag_if_supported("-std=c++17")
        .warnings(false)
        .flag_if_supported("-w")
        // DuckDB's bundled build defines exactly one of DEBUG and NDEBUG from its profile (optimised, no debug
        // info here); headers that check either must see the same choice.
        .define("NDEBUG", None)
        .opt_level(2);
    build.compile("qlake_gate_parse");
}
