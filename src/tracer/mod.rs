//! The loop: wait for a stop, classify it, update the thread's state, print, resume.

pub mod procmem;
pub mod status;

use crate::arch::{self, Arch, Op, SyscallStop};
use crate::decode::{self, signals, Call, Ctx, DecodeOpts};
use crate::output::Output;
use crate::sys::{self, Errno, Pid};
use procmem::ProcMem;
use status::{classify, is_group_stop, Stop};
use std::collections::HashMap;
use std::io::Write;

/// Catches the signals that end a trace (see [`Tracer::handle_own_signal`]).
pub fn install_signal_handlers() {
    sys::catch_signals(&[
        libc::SIGINT,
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGQUIT,
        libc::SIGPIPE,
    ]);
}

/// What the tracer was told by the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub follow: bool,
    pub quiet: u8,
    pub decode: DecodeOpts,
    /// Read registers with PTRACE_GETREGSET instead of PTRACE_GET_SYSCALL_INFO (the fallback
    /// for kernels before 5.3 and emulators; set by `RTRACE_FORCE_REGSET=1` to test it).
    pub force_regset: bool,
}

/// How the traced command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    Killed(i32),
}

/// One traced thread.
struct Tracee {
    /// Between a syscall's entry and exit stops.
    in_syscall: bool,
    /// The syscall being traced (valid while `in_syscall`).
    call: Call,
    /// Its entry was printed and its line is not finished.
    line_open: bool,
    /// Arguments remain to be printed at exit.
    exit_args: bool,
    /// rtrace's own start-up: nothing is shown until the command's execve.
    hidden: bool,
    /// The spawned command before its first successful execve.
    startup: bool,
    /// The first stop of this thread has been seen.
    started: bool,
}

impl Tracee {
    fn new(hidden: bool) -> Tracee {
        Tracee {
            in_syscall: false,
            call: Call {
                arch: Arch::native(),
                nr: 0,
                args: [0; 6],
                sp: 0,
                ret: None,
            },
            line_open: false,
            exit_args: false,
            hidden,
            startup: hidden,
            started: false,
        }
    }
}

pub struct Tracer {
    opts: Options,
    out: Output,
    tracees: HashMap<Pid, Tracee>,
    main_pid: Pid,
    outcome: Option<Outcome>,
    /// PTRACE_GET_SYSCALL_INFO works (it is tried first, and abandoned on EIO).
    use_info: bool,
    /// The trace goes to stderr: write it out before every resume.
    flush_before_resume: bool,
    scratch: Vec<u8>,
    line: Vec<u8>,
}

impl Tracer {
    /// A tracer for a command spawned (and seized) as `main_pid`.
    pub fn for_spawned(opts: Options, out: Output, main_pid: Pid) -> Tracer {
        let mut tracees = HashMap::new();
        tracees.insert(main_pid, Tracee::new(true));
        let flush_before_resume = out.is_stderr();
        let use_info = !opts.force_regset;
        let mut t = Tracer {
            flush_before_resume,
            opts,
            out,
            tracees,
            main_pid,
            outcome: None,
            use_info,
            scratch: Vec::with_capacity(4096),
            line: Vec::with_capacity(4096),
        };
        t.out.set_live(1);
        t
    }

    /// The output, for the caller to report errors after the run.
    pub fn output(&mut self) -> &mut Output {
        &mut self.out
    }

    /// Runs until no tracee is left; returns how the main command ended.
    pub fn run(&mut self) -> Option<Outcome> {
        loop {
            if self.tracees.is_empty() {
                break;
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
        self.out.flush();
        self.outcome
    }

    /// Waits for the next stop, writing buffered output first if the wait would block.
    fn wait(&mut self) -> Result<(Pid, i32), Errno> {
        if self.out.pending() {
            if let Some(x) = sys::wait_nohang()? {
                return Ok(x);
            }
            self.out.flush();
        }
        sys::wait_blocking()
    }

    /// A signal to rtrace is passed on to the spawned command (unless the terminal already sent
    /// it to the whole process group); rtrace keeps tracing until the command is gone, so the
    /// trace shows how it ended.
    fn handle_own_signal(&mut self) {
        match sys::take_caught_signal() {
            Some((sig, from_tty)) if sig != libc::SIGPIPE && !from_tty => {
                let _ = sys::kill(self.main_pid, sig);
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, pid: Pid, status: i32) {
        let stop = classify(status);
        if !self.tracees.contains_key(&pid) {
            if matches!(stop, Stop::Exited(_) | Stop::Killed { .. }) {
                return; // a thread we never saw stop
            }
            self.adopt(pid);
        }
        match stop {
            Stop::Exited(code) => self.on_death(pid, Outcome::Exited(code), false),
            Stop::Killed { sig, core } => self.on_death(pid, Outcome::Killed(sig), core),
            Stop::Syscall => {
                self.on_syscall_stop(pid);
                self.resume(pid, 0);
            }
            Stop::Event { event, sig } => self.on_event(pid, event, sig),
            Stop::Signal(sig) => self.on_signal_stop(pid, sig),
        }
    }

    /// A new thread or process reported its first stop (auto-attached by fork/vfork/clone).
    fn adopt(&mut self, pid: Pid) {
        self.tracees.insert(pid, Tracee::new(false));
        self.out.set_live(self.tracees.len());
        if self.opts.quiet == 0 {
            self.out.message(&format!("Process {pid} attached"));
        }
    }

    /// Lets the tracee run on. When the trace shares stderr with the tracee, what was printed
    /// so far is written first, so the tracee's own output lands after its syscall's entry, as
    /// with strace.
    fn resume(&mut self, pid: Pid, sig: i32) {
        if self.flush_before_resume {
            self.out.flush();
        }
        let _ = sys::resume_syscall(pid, sig);
    }

    fn read_stop(&mut self, pid: Pid, in_syscall: bool) -> Option<SyscallStop> {
        if self.use_info {
            let mut buf = [0u8; arch::SYSCALL_INFO_SIZE];
            match sys::syscall_info(pid, &mut buf) {
                Ok(n) => {
                    if let Some(s) = arch::parse_syscall_info(&buf, n) {
                        if s.op != Op::None {
                            return Some(s);
                        }
                    }
                }
                Err(Errno::ESRCH) => return None,
                Err(_) => self.use_info = false,
            }
        }
        let mut regs = [0u64; arch::REGSET_WORDS];
        let n = sys::regset(pid, &mut regs).ok()?;
        let words = regs.get(..n / 8)?;
        let native = Arch::native();
        let entering = match native {
            Arch::Aarch64 => arch::aarch64::x7_says_entering(words).unwrap_or(!in_syscall),
            Arch::X86_64 => !in_syscall,
        };
        native.decode_regs(words, entering)
    }

    fn on_syscall_stop(&mut self, pid: Pid) {
        let in_syscall = self.tracees.get(&pid).is_some_and(|t| t.in_syscall);
        let Some(stop) = self.read_stop(pid, in_syscall) else {
            return;
        };
        match stop.op {
            Op::Entry { nr, args } | Op::Seccomp { nr, args, .. } => {
                let arch = stop.arch.unwrap_or(Arch::native());
                self.on_entry(
                    pid,
                    Call {
                        arch,
                        nr,
                        args,
                        sp: stop.sp,
                        ret: None,
                    },
                );
            }
            Op::Exit { rval, is_error } => self.on_exit(pid, rval, is_error),
            Op::None => {}
        }
    }

    fn on_entry(&mut self, pid: Pid, call: Call) {
        let Some(t) = self.tracees.get_mut(&pid) else {
            return;
        };
        t.started = true;
        t.in_syscall = true;
        t.call = call;
        t.line_open = false;
        if t.hidden {
            let name = call.arch.syscall_name(call.nr);
            if matches!(name, Some("execve") | Some("execveat")) {
                t.hidden = false;
            } else {
                return;
            }
        }
        let opts = &self.opts.decode;
        let buf = self.out.start_line(pid);
        decode::syscall_name(buf, call.arch, call.nr);
        buf.push(b'(');
        let mut mem = ProcMem { pid };
        let mut ctx = Ctx {
            mem: &mut mem,
            opts,
            call,
            scratch: &mut self.scratch,
        };
        let more = decode::entry(&mut ctx, buf);
        t.line_open = true;
        t.exit_args = more;
    }

    fn on_exit(&mut self, pid: Pid, rval: i64, is_error: bool) {
        let Some(t) = self.tracees.get_mut(&pid) else {
            return;
        };
        if !t.in_syscall {
            return;
        }
        t.in_syscall = false;
        let call = Call {
            ret: Some((rval, is_error)),
            ..t.call
        };
        let was_open = std::mem::replace(&mut t.line_open, false);
        let is_exec = matches!(
            call.arch.syscall_name(call.nr),
            Some("execve") | Some("execveat")
        );
        let startup_exec = t.startup && is_exec;
        if startup_exec && !is_error {
            t.startup = false;
        }
        if !was_open {
            return;
        }
        let buf = match self.out.continue_line(pid) {
            Some(b) => b,
            None => {
                self.line.clear();
                decode::syscall_name(&mut self.line, call.arch, call.nr);
                self.out.resume_line(pid, &self.line)
            }
        };
        let mut mem = ProcMem { pid };
        let mut ctx = Ctx {
            mem: &mut mem,
            opts: &self.opts.decode,
            call,
            scratch: &mut self.scratch,
        };
        decode::exit(&mut ctx, buf);
        buf.extend_from_slice(b") ");
        self.out.pad(pid);
        if let Some(b) = self.out.continue_line(pid) {
            decode::retval(&mut ctx, b);
        }
        self.out.end_line(pid);
        if startup_exec && is_error {
            // The command could not be executed: say why, and hide the child's own exit path.
            self.out.message(&format!(
                "exec: {}",
                decode::errno::message(rval.unsigned_abs() as i32)
            ));
            if let Some(t) = self.tracees.get_mut(&pid) {
                t.hidden = true;
            }
        }
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
                self.resume(pid, 0);
            }
            sys::PTRACE_EVENT_STOP => {
                let started = self.tracees.get(&pid).is_some_and(|t| t.started);
                if let Some(t) = self.tracees.get_mut(&pid) {
                    t.started = true;
                }
                if started && is_group_stop(event, sig) {
                    self.print_line(pid, |b| {
                        let _ = write!(b, "--- stopped by {} ---", signals::name(sig as u64));
                    });
                    let _ = sys::listen(pid);
                } else {
                    self.resume(pid, 0);
                }
            }
            sys::PTRACE_EVENT_EXIT => {
                self.finish_unreturned(pid);
                self.resume(pid, 0);
            }
            _ => self.resume(pid, 0),
        }
    }

    /// A thread other than the leader called execve: it takes over the leader's pid. The
    /// leader's state is dropped (its pending syscall already ended with `= ?` at its exit
    /// event), the thread's open execve line is marked, and the process goes on under the
    /// leader's pid and output file.
    fn pid_changed(&mut self, old: Pid, leader: Pid) {
        let Some(mut t) = self.tracees.remove(&old) else {
            return;
        };
        if t.line_open && self.out.open_owner(old) == Some(old) {
            if let Some(b) = self.out.continue_line(old) {
                let _ = write!(b, " <pid changed to {leader} ...>");
            }
            self.out.end_line(old);
        }
        self.out.forget(old);
        self.tracees.remove(&leader);
        t.started = true;
        self.tracees.insert(leader, t);
        self.out.set_live(self.tracees.len());
        self.print_line(leader, |b| {
            let _ = write!(b, "+++ superseded by execve in pid {old} +++");
        });
    }

    fn on_signal_stop(&mut self, pid: Pid, sig: i32) {
        let hidden = self.tracees.get(&pid).is_some_and(|t| t.hidden);
        if hidden && sig == libc::SIGSTOP {
            // The stop the parked child raised for rtrace: not the command's.
            self.resume(pid, 0);
            return;
        }
        if !hidden {
            let info = sys::siginfo(pid).map(|b| signals::SigInfo::from_bytes(&b));
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

    fn print_line(&mut self, pid: Pid, f: impl FnOnce(&mut Vec<u8>)) {
        let mut text = std::mem::take(&mut self.line);
        text.clear();
        f(&mut text);
        self.out.line(pid, &text);
        self.line = text;
    }

    /// The thread is about to exit (PTRACE_EVENT_EXIT) or is gone: its syscall will not return,
    /// so its line ends with `= ?`.
    fn finish_unreturned(&mut self, pid: Pid) {
        let Some(t) = self.tracees.get_mut(&pid) else {
            return;
        };
        if std::mem::replace(&mut t.line_open, false) {
            let (call, exit_args) = (t.call, t.exit_args);
            let buf = match self.out.continue_line(pid) {
                Some(b) => {
                    if exit_args {
                        b.extend_from_slice(b" <unfinished ...>");
                    }
                    b
                }
                None => {
                    self.line.clear();
                    decode::syscall_name(&mut self.line, call.arch, call.nr);
                    self.out.resume_line(pid, &self.line)
                }
            };
            buf.extend_from_slice(b") ");
            self.out.pad(pid);
            if let Some(b) = self.out.continue_line(pid) {
                b.extend_from_slice(b"= ?");
            }
            self.out.end_line(pid);
        }
    }

    /// A thread exited or was killed: finish its pending syscall line, then `+++ ... +++`.
    fn on_death(&mut self, pid: Pid, how: Outcome, core: bool) {
        self.finish_unreturned(pid);
        if self.opts.quiet < 2 {
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
        self.tracees.remove(&pid);
        self.out.forget(pid);
        self.out.set_live(self.tracees.len());
        if pid == self.main_pid {
            self.outcome = Some(how);
        }
    }
}
