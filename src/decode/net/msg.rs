//! Messages: `struct msghdr` (sendmsg, recvmsg) with its name, iovec array and control messages
//! (SCM_RIGHTS, SCM_CREDENTIALS, ...), and the `struct mmsghdr` vectors of sendmmsg/recvmmsg.
//!
//! Layouts (LP64, both arches): msghdr is 56 bytes (name, namelen, iov, iovlen, control,
//! controllen, flags at 0, 8, 16, 24, 32, 40, 48); mmsghdr is a msghdr and `msg_len`, 64 bytes;
//! cmsghdr is 16 bytes (len, level, type) followed by data aligned to 8.

use super::consts::MSG_FLAGS;
use super::optnames::{IP_CMSG_TYPES, LEVELS, SCM_TYPES};
use super::sockaddr::{print_inet_addr, print_sockaddr, print_sockaddr_bytes};
use super::{
    print_flags_c, print_id, save_len, saved_len, u32_at, u64_at, SAVED_LEN, SAVED_TIMEOUT,
};
use crate::decode::args::{print_buf, print_ptr};
use crate::decode::mem::{read_exact, read_u32};
use crate::decode::strings::quote;
use crate::decode::xlat::{print_const, Hx, Radix, Xlat};
use crate::decode::Ctx;
use std::io::Write;

const MSGHDR: usize = 56;
const MMSGHDR: u64 = 64;
const CMSGHDR: u64 = 16;
/// The most control-message bytes rtrace reads.
const CONTROL_MAX: u64 = 1 << 16;
/// How many entries of a vector rtrace reads at most (strace's output stops at `-s` anyway).
const VEC_MAX: u64 = 1 << 16;

/// cmsg_level names; unknown levels get a different comment than setsockopt's.
const CMSG_LEVELS: Xlat = Xlat {
    items: LEVELS.items,
    unknown: "SOL_???",
};

const SOL_IP: u64 = 0;
const SOL_SOCKET: u64 = 1;

/// The fields of a msghdr.
struct MsgHdr {
    name: u64,
    namelen: u32,
    iov: u64,
    iovlen: u64,
    control: u64,
    controllen: u64,
    flags: u32,
}

fn read_msghdr(ctx: &mut Ctx, addr: u64) -> Option<MsgHdr> {
    let mut b = [0u8; MSGHDR];
    if !read_exact(ctx.mem, addr, &mut b) {
        return None;
    }
    Some(MsgHdr {
        name: u64_at(&b, 0),
        namelen: u32_at(&b, 8),
        iov: u64_at(&b, 16),
        iovlen: u64_at(&b, 24),
        control: u64_at(&b, 32),
        controllen: u64_at(&b, 40),
        flags: u32_at(&b, 48),
    })
}

/// How a msghdr is shown: for a received message, the bytes received (the iovec data is cut
/// there) and `msg_namelen` before the call.
#[derive(Clone, Copy, Default)]
struct Received {
    data: Option<u64>,
    namelen_before: Option<u32>,
}

/// `{msg_name=..., msg_namelen=16, msg_iov=[...], msg_iovlen=1, msg_control=[...],
/// msg_controllen=24, msg_flags=0}`, or the pointer if unreadable.
fn print_msghdr(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, recv: Received) {
    let Some(m) = read_msghdr(ctx, addr) else {
        print_ptr(out, addr);
        return;
    };
    let namelen = match recv.namelen_before {
        Some(before) => before.min(m.namelen),
        None => m.namelen,
    };
    out.extend_from_slice(b"{msg_name=");
    print_sockaddr(ctx, out, m.name, i64::from(namelen as i32));
    out.extend_from_slice(b", msg_namelen=");
    match recv.namelen_before {
        Some(before) if before != m.namelen => {
            let _ = write!(out, "{} => {}", before as i32, m.namelen as i32);
        }
        _ => {
            let _ = write!(out, "{}", m.namelen as i32);
        }
    }
    out.extend_from_slice(b", msg_iov=");
    print_iov(ctx, out, m.iov, m.iovlen, recv.data);
    let _ = write!(out, ", msg_iovlen={}", m.iovlen);
    if m.controllen != 0 {
        out.extend_from_slice(b", msg_control=");
        print_cmsgs(ctx, out, m.control, m.controllen);
    }
    let _ = write!(out, ", msg_controllen={}, msg_flags=", m.controllen);
    print_flags_c(out, &MSG_FLAGS, u64::from(m.flags));
    out.push(b'}');
}

/// An iovec array; with `data`, only that many bytes are shown across the buffers.
fn print_iov(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, count: u64, data: Option<u64>) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let mut b = [0u8; 16];
    if count > 0 && !read_exact(ctx.mem, addr, &mut b) {
        print_ptr(out, addr);
        return;
    }
    let mut left = data;
    out.push(b'[');
    for k in 0..count.min(VEC_MAX) {
        if !ctx.array_item(out, k as usize) {
            break;
        }
        let at = addr.wrapping_add(16 * k);
        if !read_exact(ctx.mem, at, &mut b) {
            let _ = write!(out, "... /* {} */", Hx(at));
            break;
        }
        let (base, len) = (u64_at(&b, 0), u64_at(&b, 8));
        let show = match left {
            Some(l) => {
                let s = l.min(len);
                left = Some(l - s);
                s
            }
            None => len,
        };
        out.extend_from_slice(b"{iov_base=");
        print_buf(ctx, out, base, show, false);
        let _ = write!(out, ", iov_len={len}}}");
    }
    out.push(b']');
}

/// The control messages of `controllen` bytes at `addr`.
fn print_cmsgs(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, controllen: u64) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    if controllen < CMSGHDR {
        print_ptr(out, addr);
        return;
    }
    let size = controllen.min(CONTROL_MAX) as usize;
    let mut buf = vec![0u8; size];
    if !crate::decode::mem::read_exact(ctx.mem, addr, &mut buf) {
        print_ptr(out, addr);
        return;
    }
    let total = size as u64;
    let mut off = 0u64;
    let mut consumed = 0u64;
    let mut n = 0usize;
    out.push(b'[');
    while total - off >= CMSGHDR {
        if !ctx.array_item(out, n) {
            consumed = total;
            break;
        }
        n += 1;
        let o = off as usize;
        let len = u64_at(&buf, o);
        let level = u64::from(u32_at(&buf, o + 8));
        let kind = u64::from(u32_at(&buf, o + 12));
        let _ = write!(out, "{{cmsg_len={len}, cmsg_level=");
        print_const(out, &CMSG_LEVELS, level, Radix::Hex);
        out.extend_from_slice(b", cmsg_type=");
        match level {
            SOL_SOCKET => print_const(out, &SCM_TYPES, kind, Radix::Hex),
            SOL_IP => print_const(out, &IP_CMSG_TYPES, kind, Radix::Hex),
            _ => {
                let _ = write!(out, "{}", Hx(kind));
            }
        }
        let end = len.min(total - off) as usize;
        if let Some(data) = buf.get(o + CMSGHDR as usize..o + end.max(CMSGHDR as usize)) {
            if !data.is_empty() {
                print_cmsg_data(ctx, out, level, kind, data);
            }
        }
        out.push(b'}');
        if len < CMSGHDR {
            consumed = off + CMSGHDR;
            break;
        }
        off = off.saturating_add(len.saturating_add(7) & !7).min(total);
        consumed = off;
    }
    if consumed < total {
        let _ = write!(out, ", ... /* {} */", Hx(addr.wrapping_add(consumed)));
    }
    out.push(b']');
}

/// `, cmsg_data=...` for the control messages strace decodes.
fn print_cmsg_data(ctx: &mut Ctx, out: &mut Vec<u8>, level: u64, kind: u64, data: &[u8]) {
    match (level, kind) {
        // SCM_RIGHTS: the file descriptors.
        (SOL_SOCKET, 1) => {
            out.extend_from_slice(b", cmsg_data=");
            print_int_array(ctx, out, data, true);
        }
        // SCM_CREDENTIALS: struct ucred.
        (SOL_SOCKET, 2) if data.len() >= 12 => {
            let _ = write!(out, ", cmsg_data={{pid={}, uid=", u32_at(data, 0) as i32);
            print_id(out, u32_at(data, 4));
            out.extend_from_slice(b", gid=");
            print_id(out, u32_at(data, 8));
            out.push(b'}');
        }
        // SCM_SECURITY: the security context.
        (SOL_SOCKET, 3) => {
            out.extend_from_slice(b", cmsg_data=");
            let show = data.len().min(ctx.opts.strsize);
            quote(
                out,
                data.get(..show).unwrap_or_default(),
                show < data.len(),
                ctx.opts.hex,
            );
        }
        // SO_TIMESTAMP_OLD, SO_TIMESTAMP_NEW: a timeval.
        (SOL_SOCKET, 29 | 63) if data.len() >= 16 => {
            let _ = write!(
                out,
                ", cmsg_data={{tv_sec={}, tv_usec={}}}",
                u64_at(data, 0) as i64,
                u64_at(data, 8) as i64
            );
        }
        // SO_TIMESTAMPNS_OLD, SO_TIMESTAMPNS_NEW: a timespec.
        (SOL_SOCKET, 35 | 64) if data.len() >= 16 => {
            let _ = write!(
                out,
                ", cmsg_data={{tv_sec={}, tv_nsec={}}}",
                u64_at(data, 0) as i64,
                u64_at(data, 8) as i64
            );
        }
        // IP_TTL, IP_CHECKSUM: ints.
        (SOL_IP, 2 | 23) => {
            out.extend_from_slice(b", cmsg_data=");
            print_int_array(ctx, out, data, false);
        }
        // IP_PKTINFO: struct in_pktinfo.
        (SOL_IP, 8) if data.len() >= 12 => {
            let _ = write!(out, ", cmsg_data={{ipi_ifindex=");
            super::sockaddr::print_ifindex(out, u32_at(data, 0));
            out.extend_from_slice(b", ipi_spec_dst=");
            print_inet_addr(out, data, 4);
            out.extend_from_slice(b", ipi_addr=");
            print_inet_addr(out, data, 8);
            out.push(b'}');
        }
        // IP_ORIGDSTADDR: a socket address.
        (SOL_IP, 20) if data.len() >= 2 => {
            out.extend_from_slice(b", cmsg_data=");
            let b = data.get(..data.len().min(128)).unwrap_or_default();
            print_sockaddr_bytes(ctx, out, b);
        }
        _ => {}
    }
}

/// `[3, 4]`: the ints in `data`, at most `-s` of them.
/// An array of ints; with `fds` (SCM_RIGHTS) they are descriptors, named with `-y`.
fn print_int_array(ctx: &mut Ctx, out: &mut Vec<u8>, data: &[u8], fds: bool) {
    out.push(b'[');
    for (k, c) in data.chunks_exact(4).enumerate() {
        if !ctx.array_item(out, k) {
            break;
        }
        let fd = u32_at(c, 0) as i32;
        let _ = write!(out, "{fd}");
        if fds {
            ctx.fd_name(i64::from(fd), out);
        }
    }
    out.push(b']');
}

// ---- sendmsg, recvmsg ----

/// sendmsg's message.
pub fn sendmsg_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_msghdr(ctx, out, ctx.call.arg(i), Received::default());
}

/// recvmsg at entry: nothing shown; keeps `msg_namelen`.
pub fn recvmsg_entry(ctx: &mut Ctx, _out: &mut Vec<u8>, i: usize) {
    save_len(ctx, ctx.call.arg(i).wrapping_add(8));
}

/// recvmsg at exit: the message received; after a failure only `{msg_namelen=N}`.
pub fn recvmsg_exit(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(r) => {
            let recv = Received {
                data: Some(r.max(0) as u64),
                namelen_before: saved_len(ctx),
            };
            print_msghdr(ctx, out, addr, recv);
        }
        None => match saved_len(ctx).or_else(|| read_u32(ctx.mem, addr.wrapping_add(8))) {
            Some(n) => {
                let _ = write!(out, "{{msg_namelen={}}}", n as i32);
            }
            None => print_ptr(out, addr),
        },
    }
}

// ---- sendmmsg, recvmmsg ----

/// How many recvmmsg entries keep their `msg_namelen` from entry (4 × 16 bits in `saved[0]`).
const SAVED_NAMELENS: u64 = 4;

/// `[{msg_hdr={...}, msg_len=5}, ...]`: `count` entries; `sent` is how many have a `msg_len`.
fn print_mmsgs(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, count: u64, sent: u64, recv: bool) {
    let mut b = [0u8; 4];
    if count > 0 && !read_exact(ctx.mem, addr, &mut b) {
        print_ptr(out, addr);
        return;
    }
    out.push(b'[');
    for k in 0..count.min(VEC_MAX) {
        if !ctx.array_item(out, k as usize) {
            break;
        }
        let at = addr.wrapping_add(MMSGHDR * k);
        let Some(msg_len) = read_u32(ctx.mem, at.wrapping_add(MSGHDR as u64)) else {
            let _ = write!(out, "... /* {} */", Hx(at));
            break;
        };
        let mut received = Received::default();
        if recv {
            received.data = Some(u64::from(msg_len));
            if k < SAVED_NAMELENS {
                let v = (ctx.call.saved[0] >> (16 * k)) as u16;
                received.namelen_before = (v != u16::MAX).then_some(u32::from(v));
            }
        }
        out.extend_from_slice(b"{msg_hdr=");
        print_msghdr(ctx, out, at, received);
        if k < sent {
            let _ = write!(out, ", msg_len={msg_len}");
        }
        out.push(b'}');
    }
    out.push(b']');
}

/// sendmmsg's vector, shown at exit with each message's `msg_len` (none after a failure).
pub fn sendmmsg_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let sent = ctx.call.ok_ret().map_or(0, |r| r.max(0) as u64);
    let count = u64::from(ctx.call.arg(i + 1) as u32);
    print_mmsgs(ctx, out, ctx.call.arg(i), count, sent, false);
}

/// recvmmsg at entry: keeps the first entries' `msg_namelen` and the timeout (argument 4).
pub fn recvmmsg_entry(ctx: &mut Ctx, _out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    let count = u64::from(ctx.call.arg(i + 1) as u32);
    let mut packed = u64::MAX;
    for k in 0..count.min(SAVED_NAMELENS) {
        let at = addr.wrapping_add(MMSGHDR * k + 8);
        if let Some(v) = read_u32(ctx.mem, at).filter(|&v| v < u32::from(u16::MAX)) {
            packed &= !(0xffff << (16 * k));
            packed |= u64::from(v) << (16 * k);
        }
    }
    ctx.call.saved[0] = packed;
    let mut ts = [0u8; 16];
    if read_exact(ctx.mem, ctx.call.arg(4), &mut ts) {
        ctx.call.saved[1] = u64_at(&ts, 0);
        ctx.call.saved[2] = u64_at(&ts, 8);
        ctx.call.saved[3] |= SAVED_TIMEOUT;
    }
    ctx.call.saved[3] &= !SAVED_LEN;
}

/// recvmmsg at exit: the messages received, or the pointer after a failure.
pub fn recvmmsg_exit(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(r) => {
            let n = r.max(0) as u64;
            print_mmsgs(ctx, out, addr, n, n, true);
        }
        None => print_ptr(out, addr),
    }
}

/// recvmmsg's timeout as it was at entry.
pub fn mmsg_timeout(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if addr == 0 {
        out.extend_from_slice(b"NULL");
    } else if ctx.call.saved[3] & SAVED_TIMEOUT != 0 {
        let _ = write!(
            out,
            "{{tv_sec={}, tv_nsec={}}}",
            ctx.call.saved[1] as i64, ctx.call.saved[2] as i64
        );
    } else {
        print_ptr(out, addr);
    }
}

/// recvmmsg's result, with the time left of a timeout: `2 (left {tv_sec=0, tv_nsec=999})`.
pub fn recvmmsg_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let (Some(r), addr) = (ctx.call.ok_ret(), ctx.call.arg(4)) else {
        return false;
    };
    let mut ts = [0u8; 16];
    if addr == 0 || !read_exact(ctx.mem, addr, &mut ts) {
        return false;
    }
    let _ = write!(
        out,
        "{r} (left {{tv_sec={}, tv_nsec={}}})",
        u64_at(&ts, 0) as i64,
        u64_at(&ts, 8) as i64
    );
    true
}
