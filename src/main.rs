fn main() {
    let code = rtrace::app::run(std::env::args_os().collect());
    std::process::exit(code);
}
