//! Decoders for syscalls whose arguments depend on each other: clone, clone3, futex,
//! rt_sigaction, rt_sigreturn.

use super::args::{print_hex, print_int, print_ptr};
use super::mem::{read_exact, read_u64};
use super::structs::print_timespec_at;
use super::xlat::Hx;
use super::xlat::{flags_into, print_flags};
use super::{consts as c, signals, Call, Ctx};
use crate::arch::Arch;
use std::io::Write;

const CLONE_PIDFD: u64 = 0x1000;
const CLONE_SETTLS: u64 = 0x80000;
const CLONE_PARENT_SETTID: u64 = 0x100000;
const CLONE_CHILD_CLEARTID: u64 = 0x200000;
const CLONE_CHILD_SETTID: u64 = 0x1000000;
const CLONE_INTO_CGROUP: u64 = 0x200000000;

/// clone's flags with the exit signal in the low byte: `CLONE_VM|...|SIGCHLD`.
fn print_clone_flags(out: &mut Vec<u8>, flags: u64) {
    let sig = flags & 0xff;
    let start = out.len();
    let rest = flags_into(out, c::CLONE_FLAGS.items, flags & !0xff, false);
    if sig != 0 {
        if out.len() > start {
            out.push(b'|');
        }
        signals::print_signal(out, sig);
    }
    if rest != 0 {
        if out.len() > start {
            out.push(b'|');
        }
        let _ = write!(out, "{}", Hx(rest));
    }
    if out.len() == start {
        out.push(b'0');
    }
}

/// The clone argument registers by meaning: (flags, stack, parent_tid, child_tid, tls).
fn clone_regs(call: &Call) -> (u64, u64, u64, u64, u64) {
    let a = |i| call.arg(i);
    match call.arch {
        Arch::X86_64 => (a(0), a(1), a(2), a(3), a(4)),
        Arch::Aarch64 => (a(0), a(1), a(2), a(4), a(3)),
    }
}

pub fn clone_entry(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let (flags, stack, ..) = clone_regs(&ctx.call);
    out.extend_from_slice(b"child_stack=");
    print_ptr(out, stack);
    out.extend_from_slice(b", flags=");
    print_clone_flags(out, flags);
}

/// The tid written through a pointer: `[1234]`, or the pointer if unreadable.
fn print_tid_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let mut b = [0u8; 4];
    if read_exact(ctx.mem, addr, &mut b) {
        let _ = write!(out, "[{}]", i32::from_ne_bytes(b));
    } else {
        print_ptr(out, addr);
    }
}

pub fn clone_exit(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let (flags, _, ptid, ctid, tls) = clone_regs(&ctx.call);
    if flags & (CLONE_PARENT_SETTID | CLONE_PIDFD) != 0 {
        out.extend_from_slice(b", parent_tid=");
        if ctx.call.ok_ret().is_some() {
            print_tid_at(ctx, out, ptid);
        } else {
            print_ptr(out, ptid);
        }
    }
    if flags & CLONE_SETTLS != 0 {
        out.extend_from_slice(b", tls=");
        print_ptr(out, tls);
    }
    if flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID) != 0 {
        out.extend_from_slice(b", child_tidptr=");
        print_ptr(out, ctid);
    }
}

/// `struct clone_args` as far as rtrace shows it.
fn read_clone_args(ctx: &mut Ctx) -> Option<[u64; 11]> {
    let addr = ctx.call.arg(0);
    let size = ctx.call.arg(1).min(88) as usize;
    if size < 64 {
        return None;
    }
    let mut b = [0u8; 88];
    if !read_exact(ctx.mem, addr, b.get_mut(..size)?) {
        return None;
    }
    let mut w = [0u64; 11];
    for (k, slot) in w.iter_mut().enumerate() {
        *slot = u64::from_ne_bytes(b.get(k * 8..k * 8 + 8)?.try_into().ok()?);
    }
    Some(w)
}

pub fn clone3_entry(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let Some(w) = read_clone_args(ctx) else {
        print_ptr(out, ctx.call.arg(0));
        return;
    };
    let [flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup] =
        w;
    out.extend_from_slice(b"{flags=");
    print_flags(out, &c::CLONE_FLAGS, flags);
    if flags & CLONE_PIDFD != 0 {
        let _ = write!(out, ", pidfd={}", Hx(pidfd));
    }
    if flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID) != 0 {
        let _ = write!(out, ", child_tid={}", Hx(child_tid));
    }
    if flags & CLONE_PARENT_SETTID != 0 {
        let _ = write!(out, ", parent_tid={}", Hx(parent_tid));
    }
    out.extend_from_slice(b", exit_signal=");
    signals::print_signal(out, exit_signal);
    out.extend_from_slice(b", stack=");
    print_ptr(out, stack);
    let _ = write!(out, ", stack_size={}", Hx(stack_size));
    if flags & CLONE_SETTLS != 0 {
        out.extend_from_slice(b", tls=");
        print_ptr(out, tls);
    }
    if set_tid_size != 0 {
        let _ = write!(
            out,
            ", set_tid={}, set_tid_size={}",
            Hx(set_tid),
            set_tid_size
        );
    }
    if flags & CLONE_INTO_CGROUP != 0 {
        let _ = write!(out, ", cgroup={cgroup}");
    }
    out.push(b'}');
}

pub fn clone3_exit(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    if ctx.call.ok_ret().is_none() {
        return;
    }
    let Some(w) = read_clone_args(ctx) else {
        return;
    };
    let flags = w[0];
    let mut parts = Vec::new();
    if flags & CLONE_PIDFD != 0 {
        let mut p = b"pidfd=".to_vec();
        print_tid_at(ctx, &mut p, w[1]);
        parts.push(p);
    }
    if flags & CLONE_PARENT_SETTID != 0 {
        let mut p = b"parent_tid=".to_vec();
        print_tid_at(ctx, &mut p, w[3]);
        parts.push(p);
    }
    if !parts.is_empty() {
        out.extend_from_slice(b" => {");
        out.extend_from_slice(&parts.join(&b", "[..]));
        out.push(b'}');
    }
}

// ---- futex ----

const FUTEX_PRIVATE_FLAG: u64 = 128;
const FUTEX_CLOCK_REALTIME: u64 = 256;

/// Everything after futex's address: the op, then the arguments that op uses.
pub fn futex_rest(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let op = ctx.call.arg(1) as u32 as u64;
    let cmd = op & !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    let (val, timeout, uaddr2, val3) = (
        ctx.call.arg(2),
        ctx.call.arg(3),
        ctx.call.arg(4),
        ctx.call.arg(5),
    );
    match c::FUTEX_OPS.name(cmd) {
        Some(n) => super::xlat::styled_hex(out, op, &|out: &mut Vec<u8>| {
            out.extend_from_slice(n.as_bytes());
            if op & FUTEX_PRIVATE_FLAG != 0 {
                out.extend_from_slice(b"_PRIVATE");
            }
            if op & FUTEX_CLOCK_REALTIME != 0 {
                out.extend_from_slice(b"|FUTEX_CLOCK_REALTIME");
            }
            true
        }),
        None => print_hex(out, op),
    }
    let int = |out: &mut Vec<u8>, v: u64| {
        out.extend_from_slice(b", ");
        print_int(out, v);
    };
    let ptr = |out: &mut Vec<u8>, v: u64| {
        out.extend_from_slice(b", ");
        print_ptr(out, v);
    };
    match cmd {
        0 => {
            int(out, val);
            out.extend_from_slice(b", ");
            print_timespec_at(ctx, out, timeout);
        }
        1 | 2 => int(out, val),
        3 => {
            int(out, val);
            int(out, timeout);
            ptr(out, uaddr2);
        }
        4 | 12 => {
            int(out, val);
            int(out, timeout);
            ptr(out, uaddr2);
            int(out, val3);
        }
        5 => {
            int(out, val);
            int(out, timeout);
            ptr(out, uaddr2);
            let _ = write!(out, ", {}", Hx(val3));
        }
        6 | 13 => {
            out.extend_from_slice(b", ");
            print_timespec_at(ctx, out, timeout);
        }
        7 | 8 => {}
        9 => {
            int(out, val);
            out.extend_from_slice(b", ");
            print_timespec_at(ctx, out, timeout);
            print_bitset(out, val3);
        }
        10 => {
            int(out, val);
            print_bitset(out, val3);
        }
        11 => {
            int(out, val);
            out.extend_from_slice(b", ");
            print_timespec_at(ctx, out, timeout);
            ptr(out, uaddr2);
        }
        _ => {
            for v in [val, timeout, uaddr2, val3] {
                let _ = write!(out, ", {}", Hx(v));
            }
        }
    }
}

fn print_bitset(out: &mut Vec<u8>, v: u64) {
    if v as u32 == u32::MAX {
        out.extend_from_slice(b", FUTEX_BITSET_MATCH_ANY");
    } else {
        let _ = write!(out, ", {}", Hx(u64::from(v as u32)));
    }
}

// ---- signals ----

fn print_sigaction_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let mut b = [0u8; 32];
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    if !read_exact(ctx.mem, addr, &mut b) {
        print_ptr(out, addr);
        return;
    }
    let w = |k: usize| {
        b.get(k * 8..k * 8 + 8)
            .and_then(|s| s.try_into().ok())
            .map(u64::from_ne_bytes)
            .unwrap_or(0)
    };
    let (handler, flags, restorer, mask) = (w(0), w(1), w(2), w(3));
    out.extend_from_slice(b"{sa_handler=");
    match handler {
        0 => out.extend_from_slice(b"SIG_DFL"),
        1 => out.extend_from_slice(b"SIG_IGN"),
        h => print_hex(out, h),
    }
    out.extend_from_slice(b", sa_mask=");
    signals::print_sigset(out, mask, 64);
    out.extend_from_slice(b", sa_flags=");
    print_flags(out, &c::SA_FLAGS, flags);
    if flags & 0x0400_0000 != 0 {
        out.extend_from_slice(b", sa_restorer=");
        print_ptr(out, restorer);
    }
    out.push(b'}');
}

pub fn sigaction_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_sigaction_at(ctx, out, ctx.call.arg(i));
}

pub fn sigaction_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if ctx.call.ok_ret().is_none() {
        print_ptr(out, addr);
    } else {
        print_sigaction_at(ctx, out, addr);
    }
}

/// rt_sigreturn shows the mask it restores, read from the signal frame at the stack pointer.
pub fn sigreturn_mask(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let offset = match ctx.call.arch {
        // struct rt_sigframe after the return address was popped: uc.uc_sigmask.
        Arch::X86_64 => 296,
        // struct rt_sigframe { siginfo (128); ucontext { ..., uc_sigmask at 40 } }.
        Arch::Aarch64 => 128 + 40,
    };
    out.extend_from_slice(b"{mask=");
    match read_u64(ctx.mem, ctx.call.sp.wrapping_add(offset)) {
        Some(mask) => signals::print_sigset(out, mask, 64),
        None => print_ptr(out, ctx.call.sp.wrapping_add(offset)),
    }
    out.push(b'}');
}

/// restart_syscall names the call it resumes: `<... resuming interrupted read ...>`.
pub fn restart_syscall(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let name = ctx
        .call
        .prev_nr
        .and_then(|nr| ctx.call.arch.syscall_name(nr));
    let _ = write!(
        out,
        "<... resuming interrupted {} ...>",
        name.unwrap_or("system call")
    );
}
