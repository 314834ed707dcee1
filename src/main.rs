#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

fn main() {
    let code = rtrace::app::run(std::env::args_os().collect());
    std::process::exit(code);
}
