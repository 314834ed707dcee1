//! Turning a syscall's raw arguments and tracee memory into strace's text. Pure: memory comes
//! through [`MemReader`], so every decoder is unit-tested with a fake memory.
//!
//! A syscall's line is written in two parts. [`entry`] writes the arguments known at entry
//! (ending with `, ` when more come at exit); [`exit`] writes the rest once the return value is
//! known. Which arguments wait for the exit is data in the signature table ([`table`]).

// Tracee data must never make rtrace panic: no unchecked indexing here.
#![deny(clippy::indexing_slicing)]

pub mod args;
pub mod calls;
pub mod consts;
pub mod errno;
pub mod events;
pub mod fd;
pub mod fs;
pub mod fsconsts;
pub mod ioctl;
pub mod mem;
pub mod miscconsts;
pub mod net;
pub mod num;
pub mod proc;
pub mod procconsts;
pub mod signals;
pub mod strings;
pub mod structs;
pub mod table;
pub mod time;
pub mod xlat;

use crate::arch::Arch;
pub use mem::{FakeMem, MemReader};
use std::io::Write;
pub use strings::HexMode;
pub use table::{Ret, Sig, A};
use xlat::Hx;

/// Options that change how values are shown (`-s`, `-x`, `-v`, `-y`, and per syscall
/// `-e raw=`, `-e abbrev=`, `-e verbose=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOpts {
    /// `-s`: how many bytes of a string or buffer to show.
    pub strsize: usize,
    pub hex: HexMode,
    /// `-v` (or outside `-e abbrev=`): unabbreviated structures and environment arrays.
    pub verbose: bool,
    /// `-e raw=`: every argument and the result in hex, nothing decoded.
    pub raw: bool,
    /// `-y` (1) or `-yy` (2): descriptors are followed by what they refer to. The tracer
    /// supplies the names ([`FdNames`]).
    pub fd_names: u8,
    /// `-X`: names, numbers, or both.
    pub xlat: xlat::Style,
}

impl Default for DecodeOpts {
    fn default() -> Self {
        DecodeOpts {
            strsize: 32,
            hex: HexMode::Off,
            verbose: false,
            raw: false,
            fd_names: 0,
            xlat: xlat::Style::Abbrev,
        }
    }
}

/// A syscall being decoded: what the tracee passed, and at exit what the kernel returned.
#[derive(Clone, Copy, Debug)]
pub struct Call {
    pub arch: Arch,
    pub nr: u64,
    pub args: [u64; 6],
    /// The stack pointer at the stop (rt_sigreturn reads the signal frame through it).
    pub sp: u64,
    /// The thread's previous syscall, if known (restart_syscall says which call it resumes).
    pub prev_nr: Option<u64>,
    /// `Some((rval, is_error))` once the syscall has returned.
    pub ret: Option<(i64, bool)>,
    /// Values an entry decoder keeps for the exit (a length the kernel overwrites, shown as
    /// strace's `[128 => 16]`); zero until a decoder sets them.
    pub saved: [u64; 4],
}

impl Call {
    /// A call as it enters: no stack pointer, previous call, result or saved values yet.
    pub fn entering(arch: Arch, nr: u64, args: [u64; 6]) -> Call {
        Call {
            arch,
            nr,
            args,
            sp: 0,
            prev_nr: None,
            ret: None,
            saved: [0; 4],
        }
    }

    pub fn arg(&self, i: usize) -> u64 {
        self.args.get(i).copied().unwrap_or(0)
    }

    /// The return value if the syscall succeeded.
    pub fn ok_ret(&self) -> Option<i64> {
        match self.ret {
            Some((r, false)) => Some(r),
            _ => None,
        }
    }
}

/// What `-y` shows after a descriptor (`3</etc/passwd>`, `4<pipe:[1234]>`). The tracer answers
/// from /proc; tests use a fake.
pub trait FdNames {
    /// Appends `<...>` for descriptor `fd` of the traced process, or nothing if it is not open.
    fn fd(&mut self, fd: i32, out: &mut Vec<u8>);
    /// Appends `<...>` for the working directory (after `AT_FDCWD`).
    fn cwd(&mut self, out: &mut Vec<u8>);
}

/// Everything a decoder may consult.
pub struct Ctx<'a> {
    pub mem: &'a mut dyn MemReader,
    pub opts: &'a DecodeOpts,
    pub call: Call,
    /// Scratch space for strings read from the tracee, reused across calls.
    pub scratch: &'a mut Vec<u8>,
    /// `-y`: descriptor names; None without `-y`.
    pub fds: Option<&'a mut (dyn FdNames + 'static)>,
    /// Where each argument's text lies in the output buffer, for JSON and Perfetto (None for
    /// the text trace). An argument decoded in two parts (entry and exit) is one span when the
    /// exit part is written right after the entry part.
    pub spans: Option<&'a mut Vec<Span>>,
}

/// Byte offsets of one argument's text in the buffer it was written to.
pub type Span = std::ops::Range<usize>;

/// For tests: what `f` writes, as text.
#[cfg(test)]
pub(crate) fn written(f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut v = Vec::new();
    f(&mut v);
    String::from_utf8(v).unwrap()
}

impl<'a> Ctx<'a> {
    /// Starts element `k` of an array: `, ` after the first, and `...` in its place once `-s`
    /// elements are shown (strace cuts arrays at the string limit). False: stop there.
    pub fn array_item(&self, out: &mut Vec<u8>, k: usize) -> bool {
        if k > 0 {
            out.extend_from_slice(b", ");
        }
        if k >= self.opts.strsize {
            out.extend_from_slice(b"...");
            return false;
        }
        true
    }

    pub fn new(
        mem: &'a mut dyn MemReader,
        opts: &'a DecodeOpts,
        call: Call,
        scratch: &'a mut Vec<u8>,
    ) -> Ctx<'a> {
        Ctx {
            mem,
            opts,
            call,
            scratch,
            fds: None,
            spans: None,
        }
    }

    /// The same context, recording where each argument's text lies.
    pub fn with_spans(mut self, spans: Option<&'a mut Vec<Span>>) -> Ctx<'a> {
        self.spans = spans;
        self
    }

    /// Notes a whole argument's text.
    fn spans_push(&mut self, span: Span) {
        if let Some(spans) = self.spans.as_deref_mut() {
            spans.push(span);
        }
    }

    /// Notes the exit part of a split argument: it extends the entry part's span when it
    /// follows it directly.
    fn note_span(&mut self, span: Span) {
        let Some(spans) = self.spans.as_deref_mut() else {
            return;
        };
        match spans.last_mut() {
            Some(last) if last.end == span.start && span.start > last.start => last.end = span.end,
            _ => spans.push(span),
        }
    }

    /// The same context with descriptor names (`-y`).
    pub fn with_fds(mut self, fds: Option<&'a mut (dyn FdNames + 'static)>) -> Ctx<'a> {
        self.fds = fds;
        self
    }

    /// Appends `<...>` after descriptor `fd` when `-y` is on.
    pub fn fd_name(&mut self, fd: i64, out: &mut Vec<u8>) {
        if let (Some(names), Ok(fd)) = (self.fds.as_deref_mut(), i32::try_from(fd)) {
            if fd >= 0 {
                names.fd(fd, out);
            }
        }
    }
}

/// Syscalls whose successful result is a new descriptor (decorated by `-y`).
const FD_RESULTS: &[&str] = &[
    "accept",
    "accept4",
    "creat",
    "dup",
    "dup2",
    "dup3",
    "epoll_create",
    "epoll_create1",
    "eventfd",
    "eventfd2",
    "fanotify_init",
    "fsmount",
    "fsopen",
    "fspick",
    "inotify_init",
    "inotify_init1",
    "memfd_create",
    "memfd_secret",
    "open",
    "open_by_handle_at",
    "open_tree",
    "openat",
    "openat2",
    "perf_event_open",
    "pidfd_getfd",
    "pidfd_open",
    "signalfd",
    "signalfd4",
    "socket",
    "timerfd_create",
    "userfaultfd",
];

/// The signature for a syscall number, or `None` for a number the arch does not define.
pub fn signature(arch: Arch, nr: u64) -> Option<&'static Sig> {
    table::lookup(arch, nr)
}

/// The name strace prints for a syscall: its name, or `syscall_0x1c8` for an unknown number.
pub fn syscall_name(out: &mut Vec<u8>, arch: Arch, nr: u64) {
    match arch.syscall_name(nr) {
        Some(n) => out.extend_from_slice(n.as_bytes()),
        None => {
            let _ = write!(out, "syscall_{}", Hx(nr));
        }
    }
}

/// The arguments of a signature (six hex words for an unknown syscall).
fn arg_kinds(sig: Option<&'static Sig>) -> &'static [A] {
    const UNKNOWN: &[A] = &[A::Hex, A::Hex, A::Hex, A::Hex, A::Hex, A::Hex];
    sig.map(|s| s.args).unwrap_or(UNKNOWN)
}

fn write_args(
    ctx: &mut Ctx,
    out: &mut Vec<u8>,
    kinds: &[A],
    range: std::ops::Range<usize>,
    mut sep: bool,
) {
    for i in range {
        let Some(&kind) = kinds.get(i) else { break };
        let mark = out.len();
        if sep {
            out.extend_from_slice(b", ");
        }
        let body = out.len();
        args::print_arg(ctx, out, kind, i);
        if out.len() == body {
            out.truncate(mark); // the argument chose to print nothing (e.g. open's mode)
        } else {
            sep = true;
            if ctx.spans.is_some() {
                ctx.spans_push(body..out.len());
            }
        }
    }
}

/// Writes the arguments known at entry. Returns true if arguments remain for [`exit`]; then the
/// text ends with `, ` as strace's does (or, for a split argument, with its entry part).
pub fn entry(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    if ctx.opts.raw {
        raw_args(ctx, out);
        return false;
    }
    let kinds = arg_kinds(signature(ctx.call.arch, ctx.call.nr));
    let at_entry = kinds
        .iter()
        .position(|a| a.at_exit())
        .unwrap_or(kinds.len());
    write_args(ctx, out, kinds, 0..at_entry, false);
    match kinds.get(at_entry) {
        None => false,
        Some(A::Split(first, _)) => {
            if at_entry > 0 {
                out.extend_from_slice(b", ");
            }
            let start = out.len();
            first(ctx, out, at_entry);
            if ctx.spans.is_some() && out.len() > start {
                ctx.spans_push(start..out.len());
            }
            true
        }
        Some(_) => {
            if at_entry > 0 {
                out.extend_from_slice(b", ");
            }
            true
        }
    }
}

/// Writes the arguments that are decoded at exit (`ctx.call.ret` is set).
pub fn exit(ctx: &mut Ctx, out: &mut Vec<u8>) {
    if ctx.opts.raw {
        return;
    }
    let kinds = arg_kinds(signature(ctx.call.arch, ctx.call.nr));
    let Some(at_entry) = kinds.iter().position(|a| a.at_exit()) else {
        return;
    };
    let mut next = at_entry;
    if let Some(A::Split(_, second)) = kinds.get(at_entry) {
        let start = out.len();
        second(ctx, out, at_entry);
        if ctx.spans.is_some() {
            ctx.note_span(start..out.len());
        }
        next += 1;
        write_args(ctx, out, kinds, next..kinds.len(), true);
    } else {
        write_args(ctx, out, kinds, next..kinds.len(), false);
    }
}

/// `-e raw=`: the arguments the syscall takes, each in hex.
fn raw_args(ctx: &mut Ctx, out: &mut Vec<u8>) {
    let n = table::raw_arg_count(ctx.call.arch, ctx.call.nr);
    for i in 0..n {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        let start = out.len();
        let _ = write!(out, "{}", Hx(ctx.call.arg(i)));
        if ctx.spans.is_some() {
            ctx.spans_push(start..out.len());
        }
    }
}

/// How the return value is shown, per signature.
pub fn ret_kind(arch: Arch, nr: u64) -> Ret {
    signature(arch, nr).map(|s| s.ret).unwrap_or(Ret::Dec)
}

/// Writes `= 3`, `= 0x7f...`, `= -1 ENOENT (No such file or directory)` or `= ? ERESTARTSYS (...)`
/// for a call whose `ret` is set.
pub fn retval(ctx: &mut Ctx, out: &mut Vec<u8>) {
    let call = ctx.call;
    let Some((rval, is_error)) = call.ret else {
        out.extend_from_slice(b"= ?");
        return;
    };
    if is_error {
        let e = rval.unsigned_abs();
        let (name, msg) = errno::lookup(e).unwrap_or(("", ""));
        if errno::is_restart(e) {
            let _ = write!(out, "= ? {name} ({msg})");
        } else if name.is_empty() {
            let _ = write!(out, "= -1 {e}");
        } else {
            let _ = write!(out, "= -1 {name} ({msg})");
        }
        return;
    }
    if ctx.opts.raw {
        let _ = write!(out, "= {}", Hx(rval as u64));
        return;
    }
    match ret_kind(call.arch, call.nr) {
        Ret::Hex => {
            out.extend_from_slice(b"= ");
            num::push_hex(out, rval as u64);
        }
        Ret::Oct => {
            out.extend_from_slice(b"= ");
            args::print_octal(out, rval as u64);
        }
        Ret::With(f) => {
            out.extend_from_slice(b"= ");
            if !xlat::abbreviated(|| f(ctx, out)) {
                let _ = write!(out, "{rval}");
            }
        }
        Ret::Dec => {
            out.extend_from_slice(b"= ");
            num::push_i64(out, rval);
            if ctx.fds.is_some()
                && signature(call.arch, call.nr).is_some_and(|s| FD_RESULTS.contains(&s.name))
            {
                ctx.fd_name(rval, out);
            }
        }
    }
}

#[cfg(test)]
mod golden;
#[cfg(test)]
mod spans_tests;
#[cfg(test)]
mod tests;
