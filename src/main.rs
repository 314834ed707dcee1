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
    // An internal error is one line, not a backtrace: rtrace then detaches from everything
    // and says so (see `app::run`).
    std::panic::set_hook(Box::new(|info| {
        use std::io::Write;
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(std::io::stderr(), "rtrace: internal error{at}: {msg}");
    }));
    let code = rtrace::app::run(std::env::args_os().collect());
    std::process::exit(code);
}
