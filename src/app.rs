//! What `main` does: parse the command line, open the output, attach and/or start the command,
//! trace, and leave with the command's exit status (or die by its signal, as strace does).

use crate::cli::{self, Config, Parsed};
use crate::diagnose::{self, Action};
use crate::events::perfetto::Timeline;
use crate::output::{to_stderr, to_stdout, Output};
use crate::session;
use crate::sys;
use crate::tracer::record::Recorder;
use crate::tracer::{self, Outcome, Tracer};
use std::path::Path;

/// Runs rtrace with these arguments; returns the exit status (or does not return, when rtrace
/// re-raises the signal that killed the command).
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    let cfg = match cli::parse(args) {
        Ok(Parsed::Run(c)) => *c,
        Ok(Parsed::Info(text)) => {
            to_stdout(&text);
            return 0;
        }
        Err(e) => {
            to_stderr(&format!("{e}\n"));
            return 1;
        }
    };
    if let Some(form) = cfg.doctor {
        let d = crate::diagnose::report::doctor(&cfg.attach);
        match form {
            cli::Report::Text => to_stdout(&d.text()),
            cli::Report::Json => to_stdout(&d.json()),
        }
        return if d.ok() { 0 } else { 1 };
    }
    if cfg.attach.contains(&sys::getpid()) {
        to_stderr(&format!(
            "rtrace: -p {}: that is rtrace itself; a process cannot trace itself\n",
            sys::getpid()
        ));
        return 1;
    }
    let mut out = match Output::open(cfg.target.clone(), cfg.prefix) {
        Ok(o) => o,
        Err((path, e)) => return cant_open(&path, &e),
    };
    out.set_color(!cfg.json && colors(&cfg));
    let timeline = match cfg.perfetto.as_deref().map(Timeline::create).transpose() {
        Ok(t) => t,
        Err(e) => return cant_open(cfg.perfetto.as_deref().unwrap_or(Path::new("")), &e),
    };
    tracer::install_signal_handlers();
    let opts = tracer::Options {
        follow: cfg.follow,
        decode: cfg.decode,
        filters: cfg.filters.clone(),
        timing: cfg.timing,
        summary: cfg.summary.clone(),
        paths: cfg.paths.clone(),
        force_regset: std::env::var_os("RTRACE_FORCE_REGSET").is_some_and(|v| v == "1"),
        spin: spin_mode(&cfg),
        fault_at: std::env::var("RTRACE_FAULT_AT")
            .ok()
            .and_then(|v| v.parse().ok()),
    };
    let mut tracer = Tracer::new(opts, out);
    if cfg.json || timeline.is_some() {
        tracer.set_recorder(Recorder::new(cfg.json, timeline, cfg.timing));
    }
    announce_paths(&cfg, &mut tracer);
    if let Err(code) = start(&cfg, &mut tracer) {
        return code;
    }
    // An internal error must not leave any process stopped: detach everything, then report.
    let ending = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tracer.run())) {
        Ok(e) => e,
        Err(_) => {
            tracer.abandon();
            tracer
                .output()
                .message("internal error; detached from every process");
            return 1;
        }
    };
    if tracer.output().broken_pipe() {
        // Nobody reads the trace any more: end as a filter in a pipeline does, quietly, by
        // SIGPIPE (the tracer has detached or left to EXITKILL what it was tracing).
        sys::die_by_signal(libc::SIGPIPE);
    }
    if let Some(text) = tracer.output().error_text() {
        tracer.output().message(&text);
        if matches!(ending.command, Some(Outcome::Exited(0)) | None) {
            return 1;
        }
    }
    match (ending.command, ending.signal) {
        (Some(Outcome::Exited(code)), _) => code,
        (Some(Outcome::Killed(sig)), _) | (None, Some(sig)) => sys::die_by_signal(sig),
        (None, None) => 0,
    }
}

/// `--color`, decided with the environment.
fn colors(cfg: &Config) -> bool {
    use std::io::IsTerminal;
    crate::paint::enabled(
        cfg.color,
        cfg.target == crate::output::Target::Stderr,
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("CLICOLOR_FORCE").as_deref(),
    )
}

/// strace's message for an output file that cannot be created; the exit status.
fn cant_open(path: &Path, e: &std::io::Error) -> i32 {
    let msg = crate::decode::errno::message(e.raw_os_error().unwrap_or(0));
    to_stderr(&format!(
        "rtrace: Can't fopen '{}': {msg}\n",
        path.display()
    ));
    1
}

fn ptrace_options(cfg: &Config) -> u32 {
    let mut options =
        sys::PTRACE_O_TRACESYSGOOD | sys::PTRACE_O_TRACEEXEC | sys::PTRACE_O_TRACEEXIT;
    if cfg.follow {
        options |= sys::PTRACE_O_TRACEFORK | sys::PTRACE_O_TRACEVFORK | sys::PTRACE_O_TRACECLONE;
    }
    options
}

/// Attaches to every `-p` process, then spawns the command. On a refusal nothing stays
/// attached; the error is the exit status.
fn start(cfg: &Config, tracer: &mut Tracer) -> Result<(), i32> {
    let options = ptrace_options(cfg);
    // Under a seccomp filter that kills on ptrace, explain instead of dying at the first call.
    if let Some(why) = crate::diagnose::preflight(cfg.attach.first().copied()) {
        let what = match cfg.attach.first() {
            Some(pid) => format!("attach: ptrace(PTRACE_SEIZE, {pid})"),
            None => "spawn: ptrace(PTRACE_SEIZE)".to_string(),
        };
        tracer
            .output()
            .message(&format!("{what}: a seccomp filter would kill rtrace"));
        to_stderr(&why);
        return Err(1);
    }
    let cpu = if cfg.same_cpu { pin_here(tracer) } else { None };
    for &pid in &cfg.attach {
        if tracer.traces(pid) {
            continue; // a thread of a process given before, already attached with -f
        }
        match session::attach(pid, options, cfg.follow) {
            Ok(a) => {
                if let Some(cpu) = cpu {
                    for &tid in &a.tids {
                        let _ = sys::set_cpu(tid, cpu);
                    }
                }
                tracer.add_attached(&a.tids);
                if !cfg.filters.quiet.attach {
                    let msg = match a.tids.len() {
                        1 => format!("Process {} attached", a.pid),
                        n => format!("Process {} attached with {n} threads", a.pid),
                    };
                    tracer.output().message(&msg);
                }
            }
            Err(errno) => {
                let msg = crate::decode::errno::message(errno as i32);
                tracer
                    .output()
                    .message(&format!("attach: ptrace(PTRACE_SEIZE, {pid}): {msg}"));
                to_stderr(&diagnose::on_refusal(errno as i32, Action::Attach(pid)));
                tracer.detach_all();
                return Err(1);
            }
        }
    }
    if !cfg.command.is_empty() {
        let filter = fast_path_filter(cfg, tracer);
        let options = if filter.is_some() {
            options | sys::PTRACE_O_TRACESECCOMP | sys::PTRACE_O_EXITKILL
        } else {
            options
        };
        match session::spawn(&cfg.command, options, filter.as_deref()) {
            // If the kernel refuses the filter, the tracer notices at the first stop.
            Ok(s) => tracer.add_spawned(s.pid, filter.is_some()),
            Err(e) => {
                tracer.output().message(&e.to_string());
                if let session::SpawnError::Seize { errno, .. } = e {
                    to_stderr(&diagnose::on_refusal(errno as i32, Action::Spawn));
                }
                tracer.detach_all();
                return Err(1);
            }
        }
    }
    Ok(())
}

/// `--same-cpu`: pins rtrace to the CPU it runs on (a spawned command inherits the affinity;
/// attached threads are moved there), since a ptrace stop costs a cross-CPU wake-up otherwise.
/// Polling for stops (see `tracer/spin.rs`): not on one CPU, where the tracee would wait for
/// it; `RTRACE_SPIN=0` turns it off, `RTRACE_SPIN=1` makes it unconditional.
fn spin_mode(cfg: &Config) -> tracer::spin::Mode {
    use tracer::spin::Mode;
    let one_cpu = std::thread::available_parallelism().map_or(true, |n| n.get() == 1);
    match std::env::var_os("RTRACE_SPIN") {
        _ if cfg.same_cpu || one_cpu => Mode::Never,
        Some(v) if v == "0" => Mode::Never,
        Some(v) if v == "1" => Mode::Always,
        _ => Mode::Tuned,
    }
}

fn pin_here(tracer: &mut Tracer) -> Option<usize> {
    let cpu = sys::current_cpu()?;
    match sys::set_cpu(0, cpu) {
        Ok(()) => Some(cpu),
        Err(e) => {
            tracer.output().message(&format!(
                "--same-cpu: sched_setaffinity: {}",
                crate::decode::errno::message(e as i32)
            ));
            None
        }
    }
}

/// The seccomp fast path's filter, when it applies: rtrace spawns the command, the filter
/// selects a subset of syscalls, nothing asks to see every syscall (`-P`), no `-p` process
/// is traced alongside (a filter cannot be put into a running process), and children are
/// followed (`-f`): a child left untraced would get ENOSYS for every syscall the filter sends
/// to a tracer, exec included.
fn fast_path_filter(cfg: &Config, tracer: &mut Tracer) -> Option<Vec<libc::sock_filter>> {
    use crate::cli::SeccompMode;
    if cfg.seccomp == SeccompMode::Never || cfg.filters.trace.is_all() || !cfg.paths.is_empty() {
        return None;
    }
    if !cfg.attach.is_empty() {
        if cfg.seccomp == SeccompMode::Always {
            tracer
                .output()
                .message("--seccomp-bpf is not used with -p: processes attached with -p have every syscall stopped");
        }
        return None;
    }
    if !cfg.follow {
        if cfg.seccomp == SeccompMode::Always {
            tracer
                .output()
                .message("--seccomp-bpf cannot be used without -f/--follow-forks, disabling");
        }
        return None;
    }
    // execve is always in the filter, so rtrace sees a failed exec of the command; it is shown
    // only if selected.
    let mut set = cfg.filters.trace.clone();
    set.extend_names(&["execve", "execveat"]);
    crate::filter::bpf::program(&set, crate::arch::Arch::native())
}

/// `-P`: strace's note when a path resolves to another name.
fn announce_paths(cfg: &Config, tracer: &mut Tracer) {
    if cfg.filters.quiet.path_resolution {
        return;
    }
    let resolved = tracer.resolved_paths().to_vec();
    for (given, real) in cfg.paths.iter().zip(resolved) {
        if *given != real {
            let msg = format!(
                "Requested path \"{}\" resolved into \"{}\"",
                given.display(),
                real.display()
            );
            tracer.output().message(&msg);
        }
    }
}
