//! The loop: wait for a stop, classify it, update the thread's state, print, resume.
//!
//! `syscalls.rs` handles syscall stops, `detach.rs` leaving attached processes as they were,
//! `tracee.rs` the per-thread state, `status.rs` raw wait statuses, `procmem.rs` tracee memory.

mod detach;
pub mod fdnames;
pub mod paths;
pub mod procmem;
pub mod record;
pub mod sockinfo;
pub mod spin;
pub mod status;
mod syscalls;
pub mod tracee;

use crate::cli::{SummaryOpts, Timing};
use crate::decode::{signals, DecodeOpts};
use crate::filter::Filters;
use crate::output::Output;
use crate::summary::Summary;
use crate::sys::{self, Errno, Pid};
use status::{classify, is_group_stop, Stop};
use std::io::Write;
use tracee::{Origin, Tracee};

/// The signals that make rtrace stop tracing (see [`Tracer::handle_own_signal`]).
pub const STOP_SIGNALS: [i32; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

/// Catches the signals that end a trace, and SIGPIPE (a closed trace pipe is an error to report,
/// not a reason to die silently in the middle of a write).
pub fn install_signal_handlers() {
    sys::catch_signals(&STOP_SIGNALS);
    sys::catch_signals(&[libc::SIGPIPE]);
    sys::catch_alarm();
}

/// How long buffered output may wait for more before it is written, when the tracer would
/// otherwise block: short enough for `tail -f`, long enough to write in large blocks.
const FLUSH_DELAY_MS: u32 = 50;

/// What the tracer was told by the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub follow: bool,
    pub decode: DecodeOpts,
    pub filters: Filters,
    pub timing: Timing,
    pub summary: Option<SummaryOpts>,
    /// `-P`: the paths as given (resolved when the tracer starts).
    pub paths: Vec<std::path::PathBuf>,
    /// Read registers with PTRACE_GETREGSET instead of PTRACE_GET_SYSCALL_INFO (the fallback
    /// for kernels before 5.3 and emulators; set by `RTRACE_FORCE_REGSET=1` to test it).
    pub force_regset: bool,
    /// Whether to poll for the next stop before sleeping (see `spin.rs`).
    pub spin: spin::Mode,
    /// A test hook: the stop with this number (from 1) raises an internal error, to show that
    /// rtrace then leaves no process stopped (`RTRACE_FAULT_AT=N`).
    pub fault_at: Option<u64>,
}

/// How a traced command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    Killed(i32),
}

/// How the whole trace ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ending {
    /// The spawned command's end, if there was one.
    pub command: Option<Outcome>,
    /// A signal made rtrace detach; rtrace dies by it too, as strace does.
    pub signal: Option<i32>,
}

pub struct Tracer {
    opts: Options,
    out: Output,
    tracees: crate::pidmap::PidMap<Tracee>,
    /// The spawned command's pid (its exit status becomes rtrace's).
    main_pid: Option<Pid>,
    ending: Ending,
    /// PTRACE_GET_SYSCALL_INFO works (it is tried first, and abandoned on EIO).
    use_info: bool,
    /// The trace goes to stderr: write it out before every resume.
    flush_before_resume: bool,
    /// The flush timer is armed.
    flush_timer: bool,
    spin: spin::Spin,
    /// When the previous stop came (read only when `spin` is enabled).
    last_stop: Option<std::time::Instant>,
    /// Stops seen so far (for `fault_at`).
    stops: u64,
    /// `-yy`: socket descriptions, remembered per inode as strace does.
    /// What decoding reuses from call to call.
    work: syscalls::Workspace,
    line: Vec<u8>,
    /// `-c`/`-C` counts.
    summary: Option<Summary>,
    /// `-P` paths, resolved.
    paths: Vec<std::path::PathBuf>,
    /// `--json`, `--perfetto`: the structured outputs (see `record.rs`).
    rec: Option<Box<record::Recorder>>,
}

impl Tracer {
    pub fn new(opts: Options, mut out: Output) -> Tracer {
        crate::decode::xlat::set_style(opts.decode.xlat);
        out.set_decor(crate::output::Decor {
            stamps: opts.timing.stamps,
            relative: opts.timing.relative,
            nr: opts.timing.nr,
            ip: opts.timing.ip,
            column: opts.timing.column,
        });
        Tracer {
            summary: opts.summary.as_ref().map(|_| Summary::default()),
            paths: opts.paths.iter().map(|p| paths::resolve(p)).collect(),
            flush_before_resume: out.is_stderr(),
            flush_timer: false,
            spin: spin::Spin::new(opts.spin),
            last_stop: None,
            stops: 0,

            use_info: !opts.force_regset,
            opts,
            out,
            tracees: Default::default(),
            main_pid: None,
            ending: Ending::default(),
            work: Default::default(),
            line: Vec::with_capacity(4096),
            rec: None,
        }
    }

    /// The `-P` paths as rtrace matches them (absolute, without symlinks).
    pub fn resolved_paths(&self) -> &[std::path::PathBuf] {
        &self.paths
    }

    /// Takes over the command spawned (and seized) as `pid`; `fast`: it runs under the seccomp
    /// filter, so it is resumed with PTRACE_CONT between traced syscalls.
    pub fn add_spawned(&mut self, pid: Pid, fast: bool) {
        self.main_pid = Some(pid);
        self.tracees.insert(pid, Tracee::spawned(fast));
        self.out.set_live(self.tracees.len());
    }

    /// Takes over threads seized and interrupted with `-p`.
    pub fn add_attached(&mut self, tids: &[Pid]) {
        for &tid in tids {
            self.tracees.insert(tid, Tracee::attached());
            if self.rec.is_some() {
                self.rec_attach(tid);
            }
        }
        self.out.set_live(self.tracees.len());
    }

    /// Whether thread `tid` is traced already.
    pub fn traces(&self, tid: Pid) -> bool {
        self.tracees.contains_key(&tid)
    }

    /// The output, for the caller to print messages and report errors.
    pub fn output(&mut self) -> &mut Output {
        &mut self.out
    }

    /// Runs until no tracee is left.
    pub fn run(&mut self) -> Ending {
        while !self.tracees.is_empty() {
            if self.out.broken_pipe() {
                // Nobody reads the trace any more: stop tracing (see `abandon`).
                self.abandon();
                return self.ending;
            }
            self.handle_own_signal();
            let (pid, status) = match self.wait() {
                Ok(x) => x,
                Err(Errno::EINTR) => continue,
                Err(_) => break, // ECHILD: nothing left to wait for
            };
            self.dispatch(pid, status);
            if self.out.wants_flush() {
                self.out.flush();
            }
        }
        if let (Some(s), Some(o)) = (&self.summary, &self.opts.summary) {
            let table = s.render(o.sort, &o.columns);
            self.out.write_text(table.as_bytes());
        }
        if self.rec.is_some() {
            self.rec_finish();
        }
        self.out.flush();
        self.ending
    }

    /// Waits for the next stop. Buffered output is written when it fills a block or when it has
    /// waited [`FLUSH_DELAY_MS`]: a timer is armed when output becomes pending, and its signal
    /// interrupts a blocking wait. So a busy trace costs no write per stop, and a quiet one
    /// still shows its last lines at once.
    ///
    /// Before sleeping it may poll for a while (see `spin.rs`).
    fn wait(&mut self) -> Result<(Pid, i32), Errno> {
        if sys::take_alarm() {
            self.flush_timer = false;
            self.out.flush();
        }
        if !self.spin.enabled() {
            return self.wait_asleep();
        }
        let start = std::time::Instant::now();
        let limit = self.spin.limit();
        let mut got = None;
        while !limit.is_zero() {
            got = sys::wait_nohang()?;
            if got.is_some() || start.elapsed() >= limit {
                break;
            }
        }
        let got = match got {
            Some(x) => x,
            // A signal that came while polling would not interrupt the sleep: handle it first.
            None if sys::signal_due() => return Err(Errno::EINTR),
            None => self.wait_asleep()?,
        };
        let now = std::time::Instant::now();
        let cycle = self.last_stop.map(|t| now.duration_since(t));
        self.spin.learn(now.duration_since(start), cycle);
        self.last_stop = Some(now);
        Ok(got)
    }

    fn wait_asleep(&mut self) -> Result<(Pid, i32), Errno> {
        if self.out.pending() && !self.flush_timer {
            sys::arm_alarm(FLUSH_DELAY_MS);
            self.flush_timer = true;
        }
        sys::wait_blocking()
    }

    /// A signal to rtrace: attached processes are detached (rtrace will die by the signal, as
    /// strace does). The spawned command gets the signal too, unless the terminal already sent
    /// it to the whole process group; rtrace keeps tracing it until it is gone, so the trace
    /// shows how it ended.
    fn handle_own_signal(&mut self) {
        let Some((sig, from_tty)) = sys::take_caught_signal() else {
            return;
        };
        if sig == libc::SIGPIPE {
            return;
        }
        if self.tracees.values().any(|t| t.origin == Origin::Attached) {
            self.detach_attached();
            self.ending.signal = Some(sig);
        }
        if let (Some(main), false) = (self.main_pid, from_tty) {
            let _ = sys::kill(main, sig);
        }
    }

    fn dispatch(&mut self, pid: Pid, status: i32) {
        if let Some(n) = self.opts.fault_at {
            self.stops += 1;
            #[allow(clippy::panic)] // the test hook's whole point
            if self.stops == n {
                panic!("RTRACE_FAULT_AT={n}: an internal error, on purpose");
            }
        }
        let stop = classify(status);
        if !self.tracees.contains_key(&pid) {
            if matches!(stop, Stop::Exited(_) | Stop::Killed { .. }) {
                return; // a thread we never saw stop
            }
            self.adopt(pid);
        }
        self.dispatch_known(pid, stop);
    }

    fn dispatch_known(&mut self, pid: Pid, stop: Stop) {
        match stop {
            Stop::Exited(code) => self.on_death(pid, Outcome::Exited(code), false),
            Stop::Killed { sig, core } => self.on_death(pid, Outcome::Killed(sig), core),
            Stop::Syscall => {
                self.on_syscall_stop(pid, false);
                self.resume(pid, 0);
            }
            Stop::Event { event, sig } => self.on_event(pid, event, sig),
            Stop::Signal(sig) => self.on_signal_stop(pid, sig),
        }
    }

    /// A new thread or process reported its first stop (auto-attached by fork/vfork/clone).
    fn adopt(&mut self, pid: Pid) {
        let origin = self.origin_of_new(pid);
        // A spawned command's descendants inherit its seccomp filter.
        let fast = origin == Origin::Spawned
            && self
                .main_pid
                .and_then(|m| self.tracees.get(&m))
                .is_some_and(|t| t.fast)
            || self.tracees.values().any(|t| t.fast && t.origin == origin);
        self.tracees.insert(pid, Tracee::child(origin, fast));
        self.out.set_live(self.tracees.len());
        if self.rec.is_some() {
            self.rec_attach(pid);
        }
        // As strace: announced only when the trace itself goes to stderr (not with -o).
        if !self.opts.filters.quiet.attach && self.out.is_stderr() {
            self.out.message(&format!("Process {pid} attached"));
        }
    }

    /// Whether a new task descends from the spawned command or from an attached process: from
    /// its thread group leader or its parent, when both kinds are traced.
    fn origin_of_new(&self, pid: Pid) -> Origin {
        let has = |o| self.tracees.values().any(|t| t.origin == o);
        if !has(Origin::Attached) {
            return Origin::Spawned;
        }
        if !has(Origin::Spawned) {
            return Origin::Attached;
        }
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| -> Option<Pid> {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().parse().ok())
        };
        [field("Tgid:"), field("PPid:")]
            .into_iter()
            .flatten()
            .filter(|&p| p != pid)
            .find_map(|p| self.tracees.get(&p).map(|t| t.origin))
            .unwrap_or(Origin::Spawned)
    }

    /// Lets the tracee run on. When the trace shares stderr with the tracee, what was printed
    /// so far is written first, so the tracee's own output lands after its syscall's entry, as
    /// with strace.
    fn resume(&mut self, pid: Pid, sig: i32) {
        if self.flush_before_resume {
            self.out.flush();
        }
        // On the fast path only a traced syscall's exit needs a syscall stop.
        let (cont, exit_next) = self
            .tracees
            .get(&pid)
            .map_or((false, false), |t| (t.fast && !t.in_syscall, t.in_syscall));
        self.spin.expect(if exit_next {
            spin::Next::Exit
        } else {
            spin::Next::Other
        });
        let _ = if cont {
            sys::resume_cont(pid, sig)
        } else {
            sys::resume_syscall(pid, sig)
        };
    }

    fn on_event(&mut self, pid: Pid, event: u32, sig: i32) {
        match event {
            sys::PTRACE_EVENT_EXEC => {
                if let Ok(old) = sys::event_msg(pid) {
                    let old = old as Pid;
                    if old != pid {
                        self.pid_changed(old, pid);
                    }
                }
                // On the fast path an untraced execve has no stops: the exec event ends the
                // start-up instead.
                if let Some(t) = self.tracees.get_mut(&pid) {
                    if t.hidden && !t.in_syscall {
                        t.hidden = false;
                        t.startup = false;
                    }
                }
                self.resume(pid, 0);
            }
            sys::PTRACE_EVENT_STOP => {
                let started = self.tracees.get(&pid).is_some_and(|t| t.started);
                if let Some(t) = self.tracees.get_mut(&pid) {
                    t.started = true;
                }
                if started && is_group_stop(event, sig) {
                    if self.rec.is_some() {
                        self.rec_stop(pid, sig);
                    }
                    self.print_line(pid, |b| {
                        let _ = write!(b, "--- stopped by {} ---", signals::name(sig as u64));
                    });
                    // The tracee stays stopped, as it would untraced; rtrace hears when it goes on.
                    let _ = sys::listen(pid);
                } else {
                    self.resume(pid, 0);
                }
            }
            sys::PTRACE_EVENT_SECCOMP => {
                // Off the fast path the syscall-entry stop already showed this call.
                if self.tracees.get(&pid).is_some_and(|t| t.fast) {
                    self.on_syscall_stop(pid, true);
                }
                self.resume(pid, 0);
            }
            sys::PTRACE_EVENT_EXIT => {
                self.finish_unreturned(pid);
                self.resume(pid, 0);
            }
            _ => self.resume(pid, 0),
        }
    }

    fn on_signal_stop(&mut self, pid: Pid, sig: i32) {
        let hidden = self.tracees.get(&pid).is_some_and(|t| t.hidden);
        if hidden && sig == libc::SIGSTOP {
            // The stop the parked child raised for rtrace: not the command's. By now it has
            // installed the fast path's filter, unless the kernel refused it.
            if self.tracees.get(&pid).is_some_and(|t| t.fast) && seccomp_mode_of(pid) != Some(2) {
                if let Some(t) = self.tracees.get_mut(&pid) {
                    t.fast = false;
                }
            }
            self.resume(pid, 0);
            return;
        }
        if !hidden && self.opts.filters.shows_signal(sig) && !self.summary_only() {
            self.set_stop_info(pid);
            let info = sys::siginfo(pid).map(|b| signals::SigInfo::from_bytes(&b));
            if self.rec.is_some() {
                self.rec_signal(pid, sig, info.as_ref().ok());
            }
            self.print_line(pid, |b| {
                let _ = write!(b, "--- {} ", signals::name(sig as u64));
                match info {
                    Ok(si) => signals::print_siginfo(b, &si),
                    Err(_) => b.extend_from_slice(b"{}"),
                }
                b.extend_from_slice(b" ---");
            });
        }
        self.resume(pid, sig);
    }

    fn summary_only(&self) -> bool {
        self.opts.summary.as_ref().is_some_and(|s| s.only)
    }

    /// `-n` and `-i` for a line that is not a syscall's: the thread's last syscall, and the
    /// instruction pointer where it stopped (read only when `-i` asks for it).
    fn set_stop_info(&mut self, pid: Pid) {
        let nr = self.tracees.get(&pid).and_then(|t| {
            if t.in_syscall {
                Some(t.call.nr)
            } else {
                t.prev_nr
            }
        });
        let ip = if self.opts.timing.ip {
            let mut regs = [0u64; crate::arch::REGSET_WORDS];
            sys::regset(pid, &mut regs)
                .ok()
                .and_then(|n| crate::arch::Arch::native().decode_regs(regs.get(..n / 8)?, true))
                .map(|s| s.ip)
        } else {
            None
        };
        self.out.set_line_info(nr, ip);
    }

    fn print_line(&mut self, pid: Pid, f: impl FnOnce(&mut Vec<u8>)) {
        if !self.text_lines() {
            return;
        }
        let mut text = std::mem::take(&mut self.line);
        text.clear();
        f(&mut text);
        self.out.line(pid, &text);
        self.line = text;
    }

    /// A thread exited or was killed: finish its pending syscall line, then `+++ ... +++`.
    fn on_death(&mut self, pid: Pid, how: Outcome, core: bool) {
        self.finish_unreturned(pid);
        let nr = self.tracees.get(&pid).and_then(|t| t.prev_nr);
        self.out.set_line_info(nr, None);
        if !self.opts.filters.quiet.exit && !self.summary_only() {
            self.print_line(pid, |b| match how {
                Outcome::Exited(code) => {
                    let _ = write!(b, "+++ exited with {code} +++");
                }
                Outcome::Killed(sig) => {
                    let _ = write!(
                        b,
                        "+++ killed by {}{} +++",
                        signals::name(sig as u64),
                        if core { " (core dumped)" } else { "" }
                    );
                }
            });
        }
        if self.rec.is_some() {
            self.rec_death(pid, how, core);
        }
        self.forget(pid);
        if Some(pid) == self.main_pid {
            self.ending.command = Some(how);
        }
    }

    /// Drops a thread's state and closes its output (with `-ff`).
    fn forget(&mut self, pid: Pid) {
        self.tracees.remove(&pid);
        self.out.forget(pid);
        self.out.set_live(self.tracees.len());
    }
}

/// `Seccomp:` of /proc/PID/status (2: a filter is installed).
fn seccomp_mode_of(pid: Pid) -> Option<u32> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    crate::diagnose::facts::ProcStatus::parse(&s).seccomp
}
