//! The socket syscalls as strace 6.1 prints them: socket, socketpair, bind, connect, listen,
//! accept/accept4, getsockname/getpeername, shutdown, sendto/recvfrom, sendmsg/recvmsg,
//! sendmmsg/recvmmsg, setsockopt/getsockopt.
//!
//! The decoders here handle the arguments that depend on each other: a protocol shown by its
//! family's names, a socket address whose length is another argument, and the value-result
//! lengths (`[128 => 16]`) whose entry value is kept in [`Call::saved`](super::Call) until the
//! exit. Socket addresses are in [`sockaddr`], messages in [`msg`], options in [`sockopt`].
//! Layouts and numbers are the same on x86_64 and aarch64 (both LP64, asm-generic socket
//! constants), so nothing here depends on the arch.

pub mod consts;
mod msg;
#[cfg(test)]
mod msg_tests;
pub mod optnames;
mod sockaddr;
mod sockopt;
#[cfg(test)]
mod tests;

pub use msg::{
    mmsg_timeout, recvmmsg_entry, recvmmsg_exit, recvmmsg_ret, recvmsg_entry, recvmsg_exit,
    sendmmsg_out, sendmsg_in,
};
pub use sockaddr::{inet6_text, print_sockaddr};
pub use sockopt::{
    getsockopt_len, getsockopt_save, getsockopt_val, setsockopt_val, sockopt_level, sockopt_name,
};

use super::args::{print_buf, print_int, print_ptr};
use super::mem::read_u32;
use super::xlat::{flags_into, print_const, Hx, Radix, Xlat};
use super::Ctx;
use consts::{ETH_PROTOS, IPPROTOS, MSG_FLAGS, NETLINK_PROTOS, SOCK_FLAGS, SOCK_TYPES};
use std::io::Write;

pub const AF_UNIX: u64 = 1;
pub const AF_INET: u64 = 2;
pub const AF_INET6: u64 = 10;
pub const AF_NETLINK: u64 = 16;
pub const AF_PACKET: u64 = 17;

/// `Call::saved[3]` bits: which saved slots hold a value read at entry.
const SAVED_LEN: u64 = 1;
const SAVED_TIMEOUT: u64 = 2;

fn u16_at(b: &[u8], off: usize) -> u16 {
    b.get(off..off + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_ne_bytes)
        .unwrap_or(0)
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_ne_bytes)
        .unwrap_or(0)
}

fn u64_at(b: &[u8], off: usize) -> u64 {
    b.get(off..off + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_ne_bytes)
        .unwrap_or(0)
}

/// Flags as strace's socket calls print them: `A|B`, `A|0x20` for leftover bits next to known
/// ones, `0x20 /* SOCK_??? */` when no bit is known, `0` for none.
pub fn print_flags_c(out: &mut Vec<u8>, x: &Xlat, v: u64) {
    if v == 0 {
        out.push(b'0');
        return;
    }
    crate::decode::xlat::styled_hex(out, v, &|out: &mut Vec<u8>| {
        let start = out.len();
        let rest = flags_into(out, x.items, v, false);
        let named = out.len() > start;
        if rest == 0 {
            return true;
        }
        if named {
            let _ = write!(out, "|{}", Hx(rest));
        } else {
            let _ = write!(out, "{} /* {} */", Hx(rest), x.unknown);
        }
        named
    });
}

/// A uid or gid as strace prints it: -1 for (uid_t)-1, else unsigned.
fn print_id(out: &mut Vec<u8>, v: u32) {
    if v == u32::MAX {
        out.extend_from_slice(b"-1");
    } else {
        let _ = write!(out, "{v}");
    }
}

/// Saves the value of a length pointer at entry (`*lenp`) for [`print_len_pair`].
fn save_len(ctx: &mut Ctx, lenp: u64) {
    if let Some(v) = read_u32(ctx.mem, lenp) {
        ctx.call.saved[0] = u64::from(v);
        ctx.call.saved[3] |= SAVED_LEN;
    }
}

/// The length saved at entry, if it could be read.
fn saved_len(ctx: &Ctx) -> Option<u32> {
    (ctx.call.saved[3] & SAVED_LEN != 0).then_some(ctx.call.saved[0] as u32)
}

/// A value-result length at exit: `[16]`, `[128 => 16]` when the kernel changed it, `[128]`
/// after a failure, the pointer when it could not be read at entry.
fn print_len_pair(ctx: &mut Ctx, out: &mut Vec<u8>, lenp: u64) {
    if lenp == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let Some(before) = saved_len(ctx) else {
        print_ptr(out, lenp);
        return;
    };
    let after = if ctx.call.ok_ret().is_some() {
        read_u32(ctx.mem, lenp)
    } else {
        Some(before)
    };
    match after {
        Some(a) if a != before => {
            let _ = write!(out, "[{} => {}]", before as i32, a as i32);
        }
        Some(a) => {
            let _ = write!(out, "[{}]", a as i32);
        }
        None => print_ptr(out, lenp),
    }
}

// ---- socket, socketpair, accept4, shutdown ----

/// socket's type: `SOCK_STREAM|SOCK_CLOEXEC`; an unknown type is folded into the flags
/// (`SOCK_CLOEXEC|0x7`).
pub fn socket_type(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    match SOCK_TYPES.name(v & 0xf) {
        Some(name) => {
            crate::decode::xlat::styled_hex(out, v & 0xf, &|out: &mut Vec<u8>| {
                out.extend_from_slice(name.as_bytes());
                true
            });
            if v & !0xf != 0 {
                out.push(b'|');
                print_flags_c(out, &SOCK_FLAGS, v & !0xf);
            }
        }
        None => print_flags_c(out, &SOCK_FLAGS, v),
    }
}

/// socket's protocol, named by the family in argument 0: `IPPROTO_TCP`, `NETLINK_ROUTE`,
/// `htons(ETH_P_ALL)`, else a number.
pub fn socket_protocol(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    match u64::from(ctx.call.arg(0) as u32) {
        AF_INET | AF_INET6 => print_const(out, &IPPROTOS, v, Radix::Hex),
        AF_NETLINK => print_const(out, &NETLINK_PROTOS, v, Radix::Hex),
        AF_PACKET => print_htons_proto(out, (v as u16).swap_bytes()),
        _ => print_int(out, v),
    }
}

/// An Ethernet protocol in network order: `htons(ETH_P_IP)`.
fn print_htons_proto(out: &mut Vec<u8>, host: u16) {
    out.extend_from_slice(b"htons(");
    print_const(out, &ETH_PROTOS, u64::from(host), Radix::Hex);
    out.push(b')');
}

/// accept4's flags.
pub fn accept4_flags(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_flags_c(out, &SOCK_FLAGS, u64::from(ctx.call.arg(i) as u32));
}

/// The MSG_* flags of the send and receive calls.
pub fn msg_flags(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_flags_c(out, &MSG_FLAGS, u64::from(ctx.call.arg(i) as u32));
}

// ---- addresses passed in, and value-result addresses ----

/// A socket address passed in, its length in the next argument (bind, connect, sendto).
pub fn sockaddr_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let len = i64::from(ctx.call.arg(i + 1) as u32 as i32);
    print_sockaddr(ctx, out, ctx.call.arg(i), len);
}

/// At entry: keeps `*addrlen` (the next argument) for the exit, when an address is asked for.
pub fn addrlen_save(ctx: &mut Ctx, _out: &mut Vec<u8>, i: usize) {
    if ctx.call.arg(i) != 0 {
        save_len(ctx, ctx.call.arg(i + 1));
    }
}

/// At exit: the address the kernel filled in (its length is the smaller of `*addrlen` before
/// and after), or the pointer if the call failed.
pub fn sockaddr_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let after = match (ctx.call.ok_ret(), saved_len(ctx)) {
        (Some(_), Some(before)) => read_u32(ctx.mem, ctx.call.arg(i + 1)).map(|a| a.min(before)),
        _ => None,
    };
    match after {
        Some(len) => print_sockaddr(ctx, out, addr, i64::from(len as i32)),
        None => print_ptr(out, addr),
    }
}

/// At exit: `*addrlen` (argument i, after the address): `[16]` or `[128 => 16]`.
pub fn addrlen_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let lenp = ctx.call.arg(i);
    if i > 0 && ctx.call.arg(i - 1) == 0 {
        print_ptr(out, lenp);
    } else {
        print_len_pair(ctx, out, lenp);
    }
}

/// recvfrom's buffer at entry: nothing printed; keeps `*addrlen` (argument 5).
pub fn recvfrom_entry(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    addrlen_save(ctx, out, 4);
}

/// recvfrom's buffer at exit: the bytes received (no more than its size), or the pointer.
pub fn recvfrom_buf(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(r) => {
            let len = (r.max(0) as u64).min(ctx.call.arg(i + 1));
            print_buf(ctx, out, addr, len, false);
        }
        None => print_ptr(out, addr),
    }
}
