//! Syscall stops: reading them, choosing what to show, printing the entry and the exit, and
//! the cases where a syscall never returns (exit, death) or its thread becomes the leader
//! (exec in a thread).

use super::fdnames::ProcFds;
use super::procmem::{PageCache, ProcMem};
use super::sockinfo::Memo;
use super::Tracer;
use crate::arch::{self, Arch, Op, SyscallStop};
use crate::decode::mem::{MemReader, NoStructs};
use crate::decode::{self, Call, Ctx, DecodeOpts, FdNames, Span};
use crate::output::Output;
use crate::paint::Part as Paint;
use crate::sys::{self, Errno, Pid};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::time::Instant;

/// The buffer to continue `pid`'s line in: the open line, or a new `<... NAME resumed>` one
/// (`name` is scratch space for the name).
fn continue_or_resume<'a>(
    out: &'a mut Output,
    name: &mut Vec<u8>,
    pid: Pid,
    call: &Call,
) -> &'a mut Vec<u8> {
    if out.continue_line(pid).is_none() {
        name.clear();
        decode::syscall_name(name, call.arch, call.nr);
        return out.resume_line(pid, name);
    }
    out.start_or_continue(pid)
}

fn is_exec(call: &Call) -> bool {
    matches!(
        call.arch.syscall_name(call.nr),
        Some("execve") | Some("execveat")
    )
}

/// ` <0.000026>` for `-T`.
fn write_duration(buf: &mut Vec<u8>, since: Option<Instant>) {
    let d = since.map(|t| t.elapsed()).unwrap_or_default();
    let _ = write!(buf, " <{}.{:06}>", d.as_secs(), d.subsec_micros());
}

impl Tracer {
    /// One PTRACE_GET_SYSCALL_INFO; PTRACE_GETREGSET if the kernel lacks it. `entering` is the
    /// tracer's guess, used only with registers; `after_seccomp` means the guess is unsure.
    fn read_stop(&mut self, pid: Pid, entering: bool, after_seccomp: bool) -> Option<SyscallStop> {
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
            Arch::Aarch64 => arch::aarch64::x7_says_entering(words).unwrap_or(entering),
            Arch::X86_64 if after_seccomp => arch::x86_64::rax_says_entering(words),
            Arch::X86_64 => entering,
        };
        native.decode_regs(words, entering)
    }

    /// A syscall stop, or a seccomp stop (`seccomp`: always an entry).
    pub(super) fn on_syscall_stop(&mut self, pid: Pid, seccomp: bool) {
        let Some(t) = self.tracees.get(&pid) else {
            return;
        };
        let (entering, prev_nr) = (seccomp || !t.in_syscall, t.prev_nr);
        let after_seccomp = !seccomp && t.in_syscall && t.seccomp_entry;
        let Some(stop) = self.read_stop(pid, entering, after_seccomp) else {
            return;
        };
        if let Some(t) = self.tracees.get_mut(&pid) {
            let dup_entry = after_seccomp && matches!(stop.op, Op::Entry { .. });
            t.seccomp_entry = seccomp;
            if dup_entry {
                return; // the syscall-entry stop after this call's seccomp stop
            }
        }
        match stop.op {
            Op::Entry { nr, args } | Op::Seccomp { nr, args, .. } => {
                let arch = stop.arch.unwrap_or(Arch::native());
                let call = Call {
                    arch,
                    nr,
                    args,
                    sp: stop.sp,
                    prev_nr,
                    ret: None,
                    saved: [0; 4],
                };
                self.on_entry(pid, call, stop.ip);
                if self.rec.is_some() {
                    self.rec_entry(pid);
                }
            }
            Op::Exit { rval, is_error } => {
                self.on_exit(pid, rval, is_error);
                if self.rec.is_some() {
                    self.rec_exit(pid, rval, is_error);
                }
            }
            Op::None => {}
        }
    }

    /// Whether the filters select this call (syscall set, then -P).
    fn selects(&self, pid: Pid, call: &Call) -> bool {
        self.opts.filters.trace.contains(call.arch, call.nr)
            && (self.paths.is_empty() || super::paths::touches(pid, call, &self.paths))
    }

    fn on_entry(&mut self, pid: Pid, call: Call, ip: u64) {
        let selected = self.selects(pid, &call);
        let timed = self.opts.timing.syscall_times || self.summary.is_some();
        let staged = !self.opts.filters.status.is_all();
        let printing = !self.opts.summary.as_ref().is_some_and(|s| s.only) && self.text_lines();
        let Some(t) = self.tracees.get_mut(&pid) else {
            return;
        };
        t.started = true;
        t.in_syscall = true;
        t.call = call;
        t.ip = ip;
        t.line_open = false;
        t.selected = selected;
        if t.hidden {
            if !is_exec(&call) {
                return;
            }
            t.hidden = false;
        }
        t.entered_at = if timed && selected {
            Some(Instant::now())
        } else {
            None
        };
        if !selected || !printing {
            return;
        }
        let buf = if staged {
            t.staged.clear();
            &mut t.staged
        } else {
            self.out.set_line_info(Some(call.nr), Some(ip));
            self.out.start_line(pid)
        };
        let from = buf.len();
        decode::syscall_name(buf, call.arch, call.nr);
        buf.push(b'(');
        let (exit_args, saved) = with_ctx(&self.opts, pid, call, &mut self.work, None, |ctx| {
            (decode::entry(ctx, buf), ctx.call.saved)
        });
        t.exit_args = exit_args;
        if !staged {
            self.out.paint(pid, from, Paint::Call);
        }
        t.call.saved = saved;
        t.line_open = true;
    }

    fn on_exit(&mut self, pid: Pid, rval: i64, is_error: bool) {
        let Some(t) = self.tracees.get_mut(&pid) else {
            return;
        };
        if !t.in_syscall {
            return;
        }
        t.in_syscall = false;
        t.prev_nr = Some(t.call.nr);
        let call = Call {
            ret: Some((rval, is_error)),
            ..t.call
        };
        if t.selected {
            if let (Some(s), Some(at)) = (self.summary.as_mut(), t.entered_at) {
                s.record(call.arch, call.nr, at.elapsed(), is_error);
            }
        }
        let was_open = std::mem::replace(&mut t.line_open, false);
        let startup_exec = t.startup && is_exec(&call);
        if startup_exec && !is_error {
            t.startup = false;
        }
        if !was_open {
            return;
        }
        let (ip, entered_at) = (t.ip, t.entered_at);
        self.out.set_line_info(Some(call.nr), Some(ip));
        // With -e status=, the whole line is written now: paint it all (`--color`).
        let mut line_from = None;
        let buf = if self.opts.filters.status.is_all() {
            continue_or_resume(&mut self.out, &mut self.line, pid, &call)
        } else {
            let st = self.opts.filters.status;
            if (is_error && !st.failed) || (!is_error && !st.successful) {
                return;
            }
            let staged = std::mem::take(&mut t.staged);
            let b = self.out.start_line(pid);
            line_from = Some(b.len());
            b.extend_from_slice(&staged);
            t.staged = staged;
            b
        };
        let (from, painted) = match line_from {
            Some(f) => (f, Paint::Call),
            None => (buf.len(), Paint::Args),
        };
        let opts = &self.opts;
        with_ctx(opts, pid, call, &mut self.work, None, |ctx| {
            decode::exit(ctx, buf)
        });
        buf.extend_from_slice(b") ");
        self.out.paint(pid, from, painted);
        self.out.pad(pid);
        let buf = self.out.start_or_continue(pid);
        let from = buf.len();
        with_ctx(opts, pid, call, &mut self.work, None, |ctx| {
            decode::retval(ctx, buf)
        });
        if self.opts.timing.syscall_times {
            write_duration(buf, entered_at);
        }
        self.out.paint(pid, from, Paint::Result { error: is_error });
        self.out.end_line(pid);
        if startup_exec && is_error {
            // The command could not be executed: say why, and hide the child's own exit path.
            let msg = decode::errno::message(rval.unsigned_abs() as i32);
            self.out.message(&format!("exec: {msg}"));
            if let Some(t) = self.tracees.get_mut(&pid) {
                t.hidden = true;
            }
        }
    }

    /// The thread is about to exit (PTRACE_EVENT_EXIT) or is gone: its syscall will not return,
    /// so its line ends with `= ?`.
    pub(super) fn finish_unreturned(&mut self, pid: Pid) {
        if self.rec.is_some() {
            self.rec_unreturned(pid);
        }
        let Some(t) = self.tracees.get_mut(&pid) else {
            return;
        };
        if !std::mem::replace(&mut t.line_open, false) {
            return;
        }
        let (call, exit_args) = (t.call, t.exit_args);
        self.out.set_line_info(Some(call.nr), Some(t.ip));
        let staged = !self.opts.filters.status.is_all();
        let buf = if staged {
            if !self.opts.filters.status.unfinished {
                return;
            }
            let b = self.out.start_line(pid);
            b.extend_from_slice(&t.staged);
            if exit_args {
                b.extend_from_slice(b" <unfinished ...>");
            }
            b
        } else {
            // As strace: ` <unfinished ...>` where arguments were left for the exit, on the
            // open line or after `<... NAME resumed>`.
            let b = continue_or_resume(&mut self.out, &mut self.line, pid, &call);
            if exit_args {
                b.extend_from_slice(b" <unfinished ...>");
            }
            b
        };
        buf.extend_from_slice(b") ");
        self.out.pad(pid);
        self.out.start_or_continue(pid).extend_from_slice(b"= ?");
        self.out.end_line(pid);
    }

    /// A thread other than the leader called execve: it takes over the leader's pid. The
    /// leader's state is dropped (its pending syscall already ended with `= ?` at its exit
    /// event), the thread's open execve line is marked, and the process goes on under the
    /// leader's pid and output file.
    pub(super) fn pid_changed(&mut self, old: Pid, leader: Pid) {
        if self.rec.is_some() {
            self.rec_superseded(old, leader);
        }
        let Some(mut t) = self.tracees.remove(&old) else {
            return;
        };
        if t.line_open && self.out.open_owner(old) == Some(old) {
            let _ = write!(
                self.out.start_or_continue(old),
                " <pid changed to {leader} ...>"
            );
            self.out.end_line(old);
        }
        self.out.forget(old);
        self.tracees.remove(&leader);
        t.started = true;
        self.tracees.insert(leader, t);
        self.out.set_live(self.tracees.len());
        if !self.opts.filters.quiet.thread_execve {
            self.print_line(leader, |b| {
                let _ = write!(b, "+++ superseded by execve in pid {old} +++");
            });
        }
    }
}

/// The decoding options for one call: `-e raw=` and `-e abbrev=` choose per syscall.
fn call_opts(opts: &super::Options, call: &Call) -> DecodeOpts {
    let f = &opts.filters;
    DecodeOpts {
        verbose: !f.abbrev.contains(call.arch, call.nr),
        raw: f.raw.contains(call.arch, call.nr),
        ..opts.decode
    }
}

/// The memory a call's decoders read: all of it, or (outside `-e verbose=`) no structures.
fn with_structs<'m>(
    mem: &'m mut ProcMem<'_>,
    slot: &'m mut Option<NoStructs<'m>>,
    structs: bool,
) -> &'m mut dyn MemReader {
    if structs {
        mem
    } else {
        slot.insert(NoStructs(mem))
    }
}

/// What decoding reuses from call to call: string space, the page cache (emptied for each
/// decoding, since the tracee may have run), and `-yy`'s socket descriptions.
pub struct Workspace {
    scratch: Vec<u8>,
    pages: PageCache,
    sockets: Rc<RefCell<Memo>>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            scratch: Vec::with_capacity(4096),
            pages: PageCache::default(),
            sockets: Rc::default(),
        }
    }
}

/// Runs `f` with a decoding context for `call` of thread `pid` (`spans`: where to note each
/// argument's place in the text).
pub(super) fn with_ctx<R>(
    opts: &super::Options,
    pid: Pid,
    call: Call,
    work: &mut Workspace,
    spans: Option<&mut Vec<Span>>,
    f: impl FnOnce(&mut Ctx) -> R,
) -> R {
    let dopts = call_opts(opts, &call);
    work.pages.clear();
    let mut mem = ProcMem {
        pid,
        cache: Some(&mut work.pages),
    };
    let mut no_structs = None;
    let structs = opts.filters.verbose.contains(call.arch, call.nr);
    let mem = with_structs(&mut mem, &mut no_structs, structs);
    let mut names = fd_names(&dopts, pid, &work.sockets);
    let mut ctx = Ctx::new(mem, &dopts, call, &mut work.scratch)
        .with_fds(names.as_mut().map(|n| n as &mut dyn FdNames))
        .with_spans(spans);
    f(&mut ctx)
}

/// `-y`: names for the tracee's descriptors.
fn fd_names(opts: &DecodeOpts, pid: Pid, sockets: &Rc<RefCell<Memo>>) -> Option<ProcFds> {
    (opts.fd_names > 0).then(|| ProcFds {
        pid,
        detail: opts.fd_names > 1,
        hex: opts.hex,
        sockets: Rc::clone(sockets),
    })
}
