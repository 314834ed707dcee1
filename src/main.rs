// Outside tests nothing may panic on tracee data or user input: no unwrap/expect, no
// indexing or slicing that can go out of bounds, no explicit panics.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

fn main() {
    let code = rtrace::app::run(std::env::args_os().collect());
    std::process::exit(code);
}
