//! What `main` does: parse the command line, open the output, start the command, trace it, and
//! leave with the command's exit status (or die by its signal, as strace does).

use crate::cli::{self, Parsed};
use crate::output::Output;
use crate::session;
use crate::sys;
use crate::tracer::{self, Outcome, Tracer};

/// Runs rtrace with these arguments; returns the exit status (or does not return, when rtrace
/// re-raises the signal that killed the command).
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    let cfg = match cli::parse(args) {
        Ok(Parsed::Run(c)) => c,
        Ok(Parsed::Info(text)) => {
            print!("{text}");
            return 0;
        }
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let mut out = match Output::open(cfg.target.clone(), cfg.prefix) {
        Ok(o) => o,
        Err((path, e)) => {
            eprintln!(
                "rtrace: Can't fopen '{}': {}",
                path.display(),
                crate::decode::errno::message(e.raw_os_error().unwrap_or(0))
            );
            return 1;
        }
    };
    let mut options =
        sys::PTRACE_O_TRACESYSGOOD | sys::PTRACE_O_TRACEEXEC | sys::PTRACE_O_TRACEEXIT;
    if cfg.follow {
        options |= sys::PTRACE_O_TRACEFORK | sys::PTRACE_O_TRACEVFORK | sys::PTRACE_O_TRACECLONE;
    }
    tracer::install_signal_handlers();
    let spawned = match session::spawn(&cfg.command, options) {
        Ok(s) => s,
        Err(e) => {
            out.message(&e.to_string());
            return 1;
        }
    };
    let opts = tracer::Options {
        follow: cfg.follow,
        quiet: cfg.quiet,
        decode: cfg.decode.clone(),
        force_regset: std::env::var_os("RTRACE_FORCE_REGSET").is_some_and(|v| v == "1"),
    };
    let mut tracer = Tracer::for_spawned(opts, out, spawned.pid);
    let outcome = tracer.run();
    if let Some(e) = tracer.output().error() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let msg = format!(
                "write error: {}",
                crate::decode::errno::message(e.raw_os_error().unwrap_or(0))
            );
            tracer.output().message(&msg);
            if matches!(outcome, Some(Outcome::Exited(0)) | None) {
                return 1;
            }
        }
    }
    match outcome {
        Some(Outcome::Exited(code)) => code,
        Some(Outcome::Killed(sig)) => sys::die_by_signal(sig),
        None => 1,
    }
}
