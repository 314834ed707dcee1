//! Waiting for events as strace prints it: epoll (the event structure is packed on x86_64 and
//! not on aarch64), select and pselect6 with their fd sets, ppoll, and their results
//! (`1 (in [3], left {tv_sec=0, tv_usec=2})`, `0 (Timeout)`).

use super::args::{print_ptr, print_sigset_at};
use super::mem::{read_exact, read_u64};
use super::structs::{print_pollfds, u32_at, u64_at};
use super::time::{print_timeval_at, write_timespec};
use super::xlat::{print_flags, Xlat};
use super::{structs, Ctx};
use crate::arch::Arch;
use std::io::Write;

pub const EPOLL_EVENTS: Xlat = Xlat {
    items: &[
        (0x1, "EPOLLIN"),
        (0x2, "EPOLLPRI"),
        (0x4, "EPOLLOUT"),
        (0x8, "EPOLLERR"),
        (0x10, "EPOLLHUP"),
        (0x20, "EPOLLNVAL"),
        (0x40, "EPOLLRDNORM"),
        (0x80, "EPOLLRDBAND"),
        (0x100, "EPOLLWRNORM"),
        (0x200, "EPOLLWRBAND"),
        (0x400, "EPOLLMSG"),
        (0x2000, "EPOLLRDHUP"),
        (0x1000_0000, "EPOLLEXCLUSIVE"),
        (0x2000_0000, "EPOLLWAKEUP"),
        (0x4000_0000, "EPOLLONESHOT"),
        (0x8000_0000, "EPOLLET"),
    ],
    unknown: "EPOLL???",
};

/// The size of `struct epoll_event`: packed (12 bytes) on x86_64, 16 bytes on aarch64.
fn event_size(arch: Arch) -> u64 {
    match arch {
        Arch::X86_64 => 12,
        Arch::Aarch64 => 16,
    }
}

/// `{events=EPOLLIN, data={u32=3, u64=3}}` from one event's bytes.
fn write_event(out: &mut Vec<u8>, arch: Arch, b: &[u8]) {
    let events = u64::from(u32_at(b, 0));
    let data = match arch {
        Arch::X86_64 => u64_at(b, 4),
        Arch::Aarch64 => u64_at(b, 8),
    };
    out.extend_from_slice(b"{events=");
    print_flags(out, &EPOLL_EVENTS, events);
    let _ = write!(out, ", data={{u32={}, u64={data}}}}}", data as u32);
}

fn read_event(ctx: &mut Ctx, addr: u64) -> Option<[u8; 16]> {
    let mut b = [0u8; 16];
    let n = event_size(ctx.call.arch) as usize;
    read_exact(ctx.mem, addr, b.get_mut(..n)?).then_some(b)
}

/// epoll_ctl's event (NULL for EPOLL_CTL_DEL).
pub fn epoll_event_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    match read_event(ctx, addr) {
        Some(b) => write_event(out, ctx.call.arch, &b),
        None => print_ptr(out, addr),
    }
}

/// epoll_wait's events at exit: as many as the call returned, at most `-s`.
pub fn epoll_events_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    let Some(n) = ctx.call.ok_ret() else {
        print_ptr(out, addr);
        return;
    };
    let size = event_size(ctx.call.arch);
    let n = (n.max(0) as u64).min(1 << 16);
    if n > 0 && read_event(ctx, addr).is_none() {
        print_ptr(out, addr);
        return;
    }
    out.push(b'[');
    for k in 0..n {
        if !ctx.array_item(out, k as usize) {
            break;
        }
        let at = addr.wrapping_add(k * size);
        match read_event(ctx, at) {
            Some(b) => write_event(out, ctx.call.arch, &b),
            None => {
                print_ptr(out, at);
                break;
            }
        }
    }
    out.push(b']');
}

// ---- select ----

/// The largest descriptor set rtrace reads (in bits).
const MAX_FDS: u64 = 1 << 20;

/// The descriptors set in the fd_set at `addr` of `nfds` bits: `[3 4]`.
fn print_fdset_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, nfds: u64, names: bool) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let nfds = nfds.min(MAX_FDS);
    let words = nfds.div_ceil(64);
    let mut fds = Vec::new();
    for w in 0..words {
        let Some(word) = read_u64(ctx.mem, addr.wrapping_add(8 * w)) else {
            print_ptr(out, addr);
            return;
        };
        for bit in 0..64 {
            let fd = w * 64 + bit;
            if fd < nfds && word & (1 << bit) != 0 {
                fds.push(fd);
            }
        }
    }
    out.push(b'[');
    for (k, fd) in fds.iter().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        let _ = write!(out, "{fd}");
        if names {
            ctx.fd_name(*fd as i64, out);
        }
    }
    out.push(b']');
}

/// One of select's three sets (the count is the first argument).
pub fn fdset_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let nfds = u64::from(ctx.call.arg(0) as u32);
    print_fdset_at(ctx, out, ctx.call.arg(i), nfds, true);
}

/// pselect6's sixth argument: `{sigmask=[USR1], sigsetsize=8}`.
pub fn pselect_sigmask_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let (Some(set), Some(size)) = (
        read_u64(ctx.mem, addr),
        read_u64(ctx.mem, addr.wrapping_add(8)),
    ) else {
        print_ptr(out, addr);
        return;
    };
    out.extend_from_slice(b"{sigmask=");
    print_sigset_at(ctx, out, set, size);
    let _ = write!(out, ", sigsetsize={size}}}");
}

/// select and pselect6's result: `1 (in [3], out [4], left {tv_sec=0, tv_usec=2})`.
fn select_ret(ctx: &mut Ctx, out: &mut Vec<u8>, timespec: bool) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    if r == 0 {
        out.extend_from_slice(b"0 (Timeout)");
        return true;
    }
    let nfds = u64::from(ctx.call.arg(0) as u32);
    let _ = write!(out, "{r} (");
    let mut first = true;
    for (k, name) in [(1, "in"), (2, "out"), (3, "except")] {
        let addr = ctx.call.arg(k);
        if addr == 0 {
            continue;
        }
        let mut set = Vec::new();
        print_fdset_at(ctx, &mut set, addr, nfds, false);
        if set == b"[]" {
            continue;
        }
        if !first {
            out.extend_from_slice(b", ");
        }
        first = false;
        let _ = write!(out, "{name} ");
        out.extend_from_slice(&set);
    }
    let timeout = ctx.call.arg(4);
    if timeout != 0 {
        if !first {
            out.extend_from_slice(b", ");
        }
        out.extend_from_slice(b"left ");
        if timespec {
            structs::print_timespec_at(ctx, out, timeout);
        } else {
            print_timeval_at(ctx, out, timeout);
        }
    }
    out.push(b')');
    true
}

pub fn select_ret_timeval(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    select_ret(ctx, out, false)
}

pub fn select_ret_timespec(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    select_ret(ctx, out, true)
}

// ---- ppoll ----

/// ppoll's result: `2 ([{fd=8, revents=POLLIN}], left {tv_sec=0, tv_nsec=0})`.
pub fn ppoll_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    if r == 0 {
        out.extend_from_slice(b"0 (Timeout)");
        return true;
    }
    if !ctx.mem.structs() {
        return false;
    }
    let _ = write!(out, "{r} (");
    let (addr, n) = (ctx.call.arg(0), ctx.call.arg(1));
    print_pollfds(ctx, out, addr, n, true);
    let timeout = ctx.call.arg(2);
    if timeout != 0 {
        let mut b = [0u8; 16];
        out.extend_from_slice(b", left ");
        if read_exact(ctx.mem, timeout, &mut b) {
            write_timespec(out, &b);
        } else {
            print_ptr(out, timeout);
        }
    }
    out.push(b')');
    true
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
