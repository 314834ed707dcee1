//! Descriptor I/O as strace prints it: iovec arrays (readv/writev and their p/2 forms), file
//! offsets passed by pointer (sendfile, splice, copy_file_range), extended attribute values,
//! and fcntl with its lock, owner and flag arguments.

use super::args::{print_buf, print_int, print_open_flags, print_ptr};
use super::consts as c;
use super::fsconsts as fc;
use super::mem::{read_u32, read_u64};
use super::signals::{self, print_signal};
use super::structs::{read_struct, u32_at, u64_at};
use super::xlat::{flags_into, print_const, print_flags, Hx, Radix};
use super::Ctx;
use crate::arch::Arch;
use std::io::Write;

// ---- iovec ----

/// An iovec array: `[{iov_base="hi", iov_len=2}, ...]`, at most `-s` elements. With `limit`
/// (a read's result), the buffers show only the bytes the kernel filled, in order.
pub fn print_iovec(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, count: u64, limit: Option<u64>) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    if count > 0 && read_u64(ctx.mem, addr).is_none() {
        print_ptr(out, addr);
        return;
    }
    let mut left = limit;
    out.push(b'[');
    for k in 0..count.min(1 << 20) {
        if !ctx.array_item(out, k as usize) {
            break;
        }
        let at = addr.wrapping_add(16 * k);
        let (Some(base), Some(len)) =
            (read_u64(ctx.mem, at), read_u64(ctx.mem, at.wrapping_add(8)))
        else {
            print_ptr(out, at);
            break;
        };
        let shown = match left.as_mut() {
            Some(l) => {
                let n = len.min(*l);
                *l -= n;
                n
            }
            None => len,
        };
        out.extend_from_slice(b"{iov_base=");
        print_buf(ctx, out, base, shown, false);
        let _ = write!(out, ", iov_len={len}}}");
    }
    out.push(b']');
}

/// writev/pwritev's array (the count is the next argument).
pub fn iovec_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let (addr, count) = (ctx.call.arg(i), ctx.call.arg(i + 1));
    print_iovec(ctx, out, addr, count, None);
}

/// readv/preadv's array at exit: filled up to the result, or the pointer if the call failed.
pub fn iovec_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let (addr, count) = (ctx.call.arg(i), ctx.call.arg(i + 1));
    match ctx.call.ok_ret() {
        Some(r) => print_iovec(ctx, out, addr, count, Some(r.max(0) as u64)),
        None => print_ptr(out, addr),
    }
}

/// preadv2/pwritev2's flags: after the offset, in the sixth register.
pub fn rwf_flags(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    print_flags(out, &fc::RWF_FLAGS, ctx.call.arg(5));
}

/// pipe2's flags, in strace's order; O_DIRECT differs between the arches.
pub fn pipe_flags(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let direct = match ctx.call.arch {
        Arch::X86_64 => 0o40000,
        Arch::Aarch64 => 0o200000,
    };
    let items = [
        (0o200, "O_NOTIFICATION_PIPE"),
        (0o4000, "O_NONBLOCK"),
        (direct, "O_DIRECT"),
        (0o2000000, "O_CLOEXEC"),
    ];
    let v = u64::from(ctx.call.arg(i) as u32);
    if v == 0 {
        out.push(b'0');
        return;
    }
    super::xlat::styled_hex(out, v, &|out: &mut Vec<u8>| {
        let start = out.len();
        let rest = flags_into(out, &items, v, false);
        let named = out.len() > start;
        if rest != 0 {
            if named {
                out.push(b'|');
            }
            let _ = write!(out, "{}", Hx(rest));
        }
        named
    });
}

const RESOLVE_FLAGS: super::xlat::Xlat = super::xlat::Xlat {
    items: &[
        (0x1, "RESOLVE_NO_XDEV"),
        (0x2, "RESOLVE_NO_MAGICLINKS"),
        (0x4, "RESOLVE_NO_SYMLINKS"),
        (0x8, "RESOLVE_BENEATH"),
        (0x10, "RESOLVE_IN_ROOT"),
        (0x20, "RESOLVE_CACHED"),
    ],
    unknown: "RESOLVE_???",
};

/// openat2's `{flags=O_WRONLY|O_CREAT, mode=0644, resolve=0}` (mode only when it matters).
pub fn open_how_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if ctx.call.arg(i + 1) < 24 {
        print_ptr(out, addr);
        return;
    }
    let Some(b) = read_struct::<24>(ctx, out, addr) else {
        return;
    };
    let (flags, mode, resolve) = (u64_at(&b, 0), u64_at(&b, 8), u64_at(&b, 16));
    out.extend_from_slice(b"{flags=");
    print_open_flags(ctx, out, flags);
    if mode != 0 || c::open_needs_mode(ctx.call.arch, flags) {
        out.extend_from_slice(b", mode=");
        super::args::print_octal(out, mode);
    }
    out.extend_from_slice(b", resolve=");
    print_flags(out, &RESOLVE_FLAGS, resolve);
    out.push(b'}');
}

// ---- offsets ----

fn print_offset_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    match read_u64(ctx.mem, addr) {
        Some(v) => {
            let _ = write!(out, "[{}]", v as i64);
        }
        None => print_ptr(out, addr),
    }
}

/// An offset passed by pointer: `[5]`, `NULL`.
pub fn offset_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_offset_at(ctx, out, ctx.call.arg(i));
}

/// sendfile's offset at entry: `[0]`.
pub fn sendfile_off_entry(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_offset_at(ctx, out, ctx.call.arg(i));
}

/// sendfile's offset at exit: ` => [10]` when the kernel updated it.
pub fn sendfile_off_exit(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if addr == 0 || ctx.call.ok_ret().is_none() {
        return;
    }
    if let Some(v) = read_u64(ctx.mem, addr) {
        let _ = write!(out, " => [{}]", v as i64);
    }
}

// ---- extended attributes ----

/// An attribute value passed in (setxattr): its size is the next argument.
pub fn xattr_value_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let (addr, len) = (ctx.call.arg(i), ctx.call.arg(i + 1));
    if addr == 0 {
        out.extend_from_slice(b"NULL");
    } else {
        print_buf(ctx, out, addr, len, false);
    }
}

/// An attribute value or name list filled by the kernel: the returned bytes.
pub fn xattr_value_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let (addr, size) = (ctx.call.arg(i), ctx.call.arg(i + 1));
    match ctx.call.ok_ret() {
        Some(_) if addr == 0 => out.extend_from_slice(b"NULL"),
        Some(r) if size > 0 => {
            let n = (r.max(0) as u64).min(size);
            print_buf(ctx, out, addr, n, false);
        }
        _ => print_ptr(out, addr),
    }
}

// ---- fcntl ----

const F_DUPFD: u32 = 0;
const F_GETFD: u32 = 1;
const F_SETFD: u32 = 2;
const F_GETFL: u32 = 3;
const F_SETFL: u32 = 4;
const F_GETLK: u32 = 5;
const F_SETLK: u32 = 6;
const F_SETLKW: u32 = 7;
const F_SETOWN: u32 = 8;
const F_GETOWN: u32 = 9;
const F_SETSIG: u32 = 10;
const F_GETSIG: u32 = 11;
const F_SETOWN_EX: u32 = 15;
const F_GETOWN_EX: u32 = 16;
const F_GETOWNER_UIDS: u32 = 17;
const F_OFD_GETLK: u32 = 36;
const F_OFD_SETLK: u32 = 37;
const F_OFD_SETLKW: u32 = 38;
const F_SETLEASE: u32 = 1024;
const F_GETLEASE: u32 = 1025;
const F_NOTIFY: u32 = 1026;
const F_DUPFD_CLOEXEC: u32 = 1030;
const F_SETPIPE_SZ: u32 = 1031;
const F_GETPIPE_SZ: u32 = 1032;
const F_ADD_SEALS: u32 = 1033;
const F_GET_SEALS: u32 = 1034;

fn fcntl_cmd(ctx: &Ctx) -> u32 {
    ctx.call.arg(1) as u32
}

/// `{l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}` (and `l_pid` for the GETLK forms).
fn print_flock_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, pid: bool) {
    let Some(b) = read_struct::<32>(ctx, out, addr) else {
        return;
    };
    let l_type = u64::from(u32_at(&b, 0) as u16);
    let whence = u64::from(u32_at(&b, 0) >> 16);
    out.extend_from_slice(b"{l_type=");
    print_const(out, &fc::FLOCK_TYPES, l_type, Radix::Hex);
    out.extend_from_slice(b", l_whence=");
    print_const(out, &c::SEEK_WHENCE, whence, Radix::Hex);
    let _ = write!(
        out,
        ", l_start={}, l_len={}",
        u64_at(&b, 8) as i64,
        u64_at(&b, 16) as i64
    );
    if pid {
        let _ = write!(out, ", l_pid={}", u32_at(&b, 24) as i32);
    }
    out.push(b'}');
}

/// `{type=F_OWNER_PID, pid=1234}`.
fn print_owner_ex_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<8>(ctx, out, addr) {
        out.extend_from_slice(b"{type=");
        print_const(
            out,
            &fc::F_OWNER_TYPES,
            u64::from(u32_at(&b, 0)),
            Radix::Hex,
        );
        let _ = write!(out, ", pid={}}}", u32_at(&b, 4) as i32);
    }
}

/// Commands whose argument is printed at exit.
fn fcntl_arg_at_exit(cmd: u32) -> bool {
    matches!(cmd, F_GETLK | F_OFD_GETLK | F_GETOWN_EX | F_GETOWNER_UIDS)
}

/// fcntl's command and, for commands that pass one in, its argument.
pub fn fcntl_entry(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let cmd = fcntl_cmd(ctx);
    let arg = ctx.call.arg(i + 1);
    print_const(out, &c::FCNTL_CMDS, u64::from(cmd), Radix::Hex);
    match cmd {
        F_GETFD | F_GETFL | F_GETOWN | F_GETSIG | F_GETLEASE | F_GETPIPE_SZ | F_GET_SEALS => return,
        _ => out.extend_from_slice(b", "),
    }
    match cmd {
        F_DUPFD | F_DUPFD_CLOEXEC => {
            let _ = write!(out, "{}", arg as i64);
        }
        F_SETOWN | F_SETPIPE_SZ => print_int(out, arg),
        F_SETFD => print_flags(out, &c::FD_FLAGS, arg),
        F_SETFL => print_open_flags(ctx, out, arg),
        F_SETSIG => print_signal(out, arg),
        F_SETLEASE => print_const(out, &fc::FLOCK_TYPES, arg, Radix::Hex),
        F_NOTIFY => print_flags(out, &fc::DNOTIFY_FLAGS, arg),
        F_ADD_SEALS => print_flags(out, &fc::SEAL_FLAGS, arg),
        F_SETLK | F_SETLKW | F_OFD_SETLK | F_OFD_SETLKW => print_flock_at(ctx, out, arg, false),
        F_SETOWN_EX => print_owner_ex_at(ctx, out, arg),
        _ if fcntl_arg_at_exit(cmd) => {}
        _ => {
            let _ = write!(out, "{}", Hx(arg));
        }
    }
}

/// The argument of the commands that fill one in (F_GETLK, F_GETOWN_EX, ...).
pub fn fcntl_exit(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let cmd = fcntl_cmd(ctx);
    if !fcntl_arg_at_exit(cmd) {
        return;
    }
    let arg = ctx.call.arg(i + 1);
    if ctx.call.ok_ret().is_none() {
        print_ptr(out, arg);
        return;
    }
    match cmd {
        F_GETOWN_EX => print_owner_ex_at(ctx, out, arg),
        F_GETOWNER_UIDS => match (
            read_u32(ctx.mem, arg),
            read_u32(ctx.mem, arg.wrapping_add(4)),
        ) {
            (Some(a), Some(b)) => {
                let _ = write!(out, "[{a}, {b}]");
            }
            _ => print_ptr(out, arg),
        },
        _ => print_flock_at(ctx, out, arg, true),
    }
}

/// Results that strace explains: `0x1 (flags FD_CLOEXEC)`, `0 (flags O_RDONLY)`,
/// `0x2 (F_UNLCK)`, `10 (SIGUSR1)`, `0x6 (seals F_SEAL_SHRINK|F_SEAL_GROW)`.
pub fn fcntl_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    let v = r as u64;
    match fcntl_cmd(ctx) {
        F_DUPFD | F_DUPFD_CLOEXEC if ctx.fds.is_some() => {
            let _ = write!(out, "{r}");
            ctx.fd_name(r, out);
            return true;
        }
        F_GETFD if r != 0 => {
            let _ = write!(out, "{} (flags ", Hx(v));
            print_flags(out, &c::FD_FLAGS, v);
        }
        F_GETFL => {
            let _ = write!(out, "{} (flags ", Hx(v));
            print_const(out, &c::ACCMODE, v & 3, Radix::Dec);
            let rest = flags_into(out, c::open_flags(ctx.call.arch).items, v & !3, true);
            if rest != 0 {
                let _ = write!(out, "|{}", Hx(rest));
            }
        }
        F_GETLEASE => {
            let _ = write!(out, "{} (", Hx(v));
            print_const(out, &fc::FLOCK_TYPES, v, Radix::Hex);
        }
        F_GETSIG if r != 0 => {
            let _ = write!(out, "{r} (");
            out.extend_from_slice(signals::name(v).as_bytes());
        }
        F_GET_SEALS => {
            let _ = write!(out, "{} (seals ", Hx(v));
            print_flags(out, &fc::SEAL_FLAGS, v);
        }
        _ => return false,
    }
    out.push(b')');
    true
}

#[cfg(test)]
#[path = "fd_tests.rs"]
mod tests;
