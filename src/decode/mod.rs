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

/// Options that change how values are shown (`-s`, `-x`, `-v`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeOpts {
    /// `-s`: how many bytes of a string or buffer to show.
    pub strsize: usize,
    pub hex: HexMode,
    /// `-v`: unabbreviated structures and environment arrays.
    pub verbose: bool,
}

impl Default for DecodeOpts {
    fn default() -> Self {
        DecodeOpts {
            strsize: 32,
            hex: HexMode::Off,
            verbose: false,
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

/// Everything a decoder may consult.
pub struct Ctx<'a> {
    pub mem: &'a mut dyn MemReader,
    pub opts: &'a DecodeOpts,
    pub call: Call,
    /// Scratch space for strings read from the tracee, reused across calls.
    pub scratch: &'a mut Vec<u8>,
}

impl<'a> Ctx<'a> {
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
        }
    }
}

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
        }
    }
}

/// Writes the arguments known at entry. Returns true if arguments remain for [`exit`]; then the
/// text ends with `, ` as strace's does (or, for a split argument, with its entry part).
pub fn entry(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
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
            first(ctx, out, at_entry);
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
    let kinds = arg_kinds(signature(ctx.call.arch, ctx.call.nr));
    let Some(at_entry) = kinds.iter().position(|a| a.at_exit()) else {
        return;
    };
    let mut next = at_entry;
    if let Some(A::Split(_, second)) = kinds.get(at_entry) {
        second(ctx, out, at_entry);
        next += 1;
        write_args(ctx, out, kinds, next..kinds.len(), true);
    } else {
        write_args(ctx, out, kinds, next..kinds.len(), false);
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
    match ret_kind(call.arch, call.nr) {
        Ret::Hex => {
            let _ = write!(out, "= {}", Hx(rval as u64));
        }
        Ret::Oct => {
            out.extend_from_slice(b"= ");
            args::print_octal(out, rval as u64);
        }
        Ret::With(f) => {
            out.extend_from_slice(b"= ");
            if !f(ctx, out) {
                let _ = write!(out, "{rval}");
            }
        }
        Ret::Dec => {
            let _ = write!(out, "= {rval}");
        }
    }
}

#[cfg(test)]
mod golden;
#[cfg(test)]
mod tests;
