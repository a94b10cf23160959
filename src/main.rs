fn main() {
    std::process::exit(qlake::cli::run());
}
