//! Structures in tracee memory, printed as strace prints them (abbreviated unless `-v`):
//! stat, timespec, rlimit, utsname, pipe fds, wait status, iovec, directory entries.

use super::args::{print_buf, print_octal, print_path, print_ptr};
use super::mem::{read_exact, read_u32, read_u64};
use super::strings::quote;
use super::xlat::Hx;
use super::{signals, Ctx};
use std::io::Write;

pub(crate) fn u64_at(b: &[u8], off: usize) -> u64 {
    b.get(off..off + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_ne_bytes)
        .unwrap_or(0)
}

pub(crate) fn u32_at(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_ne_bytes)
        .unwrap_or(0)
}

/// Reads `len` bytes of a structure, or prints the pointer and returns None.
pub(crate) fn read_struct<const N: usize>(
    ctx: &mut Ctx,
    out: &mut Vec<u8>,
    addr: u64,
) -> Option<[u8; N]> {
    let mut b = [0u8; N];
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return None;
    }
    if read_exact(ctx.mem, addr, &mut b) {
        Some(b)
    } else {
        print_ptr(out, addr);
        None
    }
}

/// For output arguments: the pointer when the call failed, else `None` to go on decoding.
pub(crate) fn failed_out(ctx: &Ctx, out: &mut Vec<u8>, addr: u64) -> bool {
    if ctx.call.ok_ret().is_none() {
        print_ptr(out, addr);
        true
    } else {
        false
    }
}

// ---- file modes and devices ----

const S_IFMT: u64 = 0o170000;
const FILE_TYPES: &[(u64, &str)] = &[
    (0o140000, "S_IFSOCK"),
    (0o120000, "S_IFLNK"),
    (0o100000, "S_IFREG"),
    (0o060000, "S_IFBLK"),
    (0o040000, "S_IFDIR"),
    (0o020000, "S_IFCHR"),
    (0o010000, "S_IFIFO"),
];

/// `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777`.
pub fn print_file_mode(out: &mut Vec<u8>, mode: u64) {
    super::xlat::styled(
        out,
        &|o: &mut Vec<u8>| print_octal(o, mode),
        &|o: &mut Vec<u8>| {
            file_mode_text(o, mode);
            true
        },
    );
}

fn file_mode_text(out: &mut Vec<u8>, mode: u64) {
    let kind = mode & S_IFMT;
    match FILE_TYPES.iter().find(|(k, _)| *k == kind) {
        Some((_, n)) => {
            out.extend_from_slice(n.as_bytes());
            out.push(b'|');
        }
        None if kind != 0 => {
            let _ = write!(out, "{kind:#o}|");
        }
        None => {}
    }
    for (bit, name) in [
        (0o4000, "S_ISUID"),
        (0o2000, "S_ISGID"),
        (0o1000, "S_ISVTX"),
    ] {
        if mode & bit != 0 {
            out.extend_from_slice(name.as_bytes());
            out.push(b'|');
        }
    }
    print_octal(out, mode & 0o777);
}

/// `makedev(0x88, 0x1)` from a kernel dev_t.
pub fn print_dev(out: &mut Vec<u8>, dev: u64) {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    super::xlat::styled_hex(out, dev, &|out: &mut Vec<u8>| {
        let _ = write!(out, "makedev({}, {})", Hx(major), Hx(minor));
        true
    });
}

// ---- time ----

/// `{tv_sec=1, tv_nsec=500}` for a timespec at `addr`.
pub fn print_timespec_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<16>(ctx, out, addr) {
        let _ = write!(
            out,
            "{{tv_sec={}, tv_nsec={}}}",
            u64_at(&b, 0) as i64,
            u64_at(&b, 8) as i64
        );
    }
}

pub fn timespec_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_timespec_at(ctx, out, ctx.call.arg(i));
}

pub fn timespec_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_timespec_at(ctx, out, addr);
    }
}

/// nanosleep's `rem`: filled in only when the sleep was interrupted; otherwise the pointer.
pub fn timespec_out_rem(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    // EINTR and the restart errors: the sleep was interrupted and the kernel wrote `rem`.
    match ctx.call.ret {
        Some((e, true)) if addr != 0 && matches!(-e, 4 | 512 | 513 | 514 | 516) => {
            print_timespec_at(ctx, out, addr)
        }
        _ => print_ptr(out, addr),
    }
}

// ---- resources ----

fn print_rlim(out: &mut Vec<u8>, v: u64) {
    super::xlat::styled(
        out,
        &|o: &mut Vec<u8>| {
            let _ = write!(o, "{v}");
        },
        &|o: &mut Vec<u8>| {
            if v == u64::MAX {
                o.extend_from_slice(b"RLIM64_INFINITY");
            } else if v > 0 && v % 1024 == 0 {
                let _ = write!(o, "{}*1024", v / 1024);
            } else {
                let _ = write!(o, "{v}");
                return false;
            }
            true
        },
    );
}

fn print_rlimit_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<16>(ctx, out, addr) {
        out.extend_from_slice(b"{rlim_cur=");
        print_rlim(out, u64_at(&b, 0));
        out.extend_from_slice(b", rlim_max=");
        print_rlim(out, u64_at(&b, 8));
        out.push(b'}');
    }
}

pub fn rlimit_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_rlimit_at(ctx, out, ctx.call.arg(i));
}

pub fn rlimit_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_rlimit_at(ctx, out, addr);
    }
}

// ---- system ----

/// `{sysname="Linux", nodename="vm", ...}` (all fields with `-v`).
pub fn uname_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    let Some(b) = read_struct::<390>(ctx, out, addr) else {
        return;
    };
    let names = [
        "sysname",
        "nodename",
        "release",
        "version",
        "machine",
        "domainname",
    ];
    let shown = if ctx.opts.verbose { 6 } else { 2 };
    out.push(b'{');
    for (k, name) in names.iter().enumerate().take(shown) {
        if k > 0 {
            out.extend_from_slice(b", ");
        }
        let field = b.get(k * 65..k * 65 + 65).unwrap_or(&[]);
        let len = field.iter().position(|&c| c == 0).unwrap_or(field.len());
        let _ = write!(out, "{name}=");
        quote(out, field.get(..len).unwrap_or(&[]), false, ctx.opts.hex);
    }
    if !ctx.opts.verbose {
        out.extend_from_slice(b", ...");
    }
    out.push(b'}');
}

/// getcwd's buffer: the path (its length is the return value, NUL included).
pub fn getcwd_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    print_path(ctx, out, addr);
}

/// readlink's buffer: exactly the returned number of bytes, not NUL-terminated.
pub fn readlink_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(n) => {
            let n = n.max(0) as u64;
            ctx.scratch.clear();
            ctx.scratch.resize(n.min(4096) as usize, 0);
            if ctx.mem.read(addr, ctx.scratch) == ctx.scratch.len() {
                quote(out, ctx.scratch, false, ctx.opts.hex);
            } else {
                print_ptr(out, addr);
            }
        }
        None => print_ptr(out, addr),
    }
}

/// pipe's `[3, 4]`.
pub fn pipe_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    if let Some(b) = read_struct::<8>(ctx, out, addr) {
        print_fd_pair(ctx, out, &b);
    }
}

/// pipe's and socketpair's `[3, 4]` (with `-y`, `[3<pipe:[1]>, 4<pipe:[1]>]`).
pub fn print_fd_pair(ctx: &mut Ctx, out: &mut Vec<u8>, b: &[u8; 8]) {
    for (k, off) in [0, 4].into_iter().enumerate() {
        out.extend_from_slice(if k == 0 { b"[" } else { b", " });
        let fd = u32_at(b, off) as i32;
        let _ = write!(out, "{fd}");
        ctx.fd_name(i64::from(fd), out);
    }
    out.push(b']');
}

/// A wait status: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
pub fn print_wait_status(out: &mut Vec<u8>, status: u32) {
    let sig = u64::from(status & 0x7f);
    out.extend_from_slice(b"[{");
    if sig == 0 {
        let _ = write!(
            out,
            "WIFEXITED(s) && WEXITSTATUS(s) == {}",
            (status >> 8) & 0xff
        );
    } else if sig == 0x7f {
        let stop = u64::from((status >> 8) & 0xff);
        out.extend_from_slice(b"WIFSTOPPED(s) && WSTOPSIG(s) == ");
        signals::print_signal(out, stop);
        let event = status >> 16;
        if event != 0 {
            let _ = write!(out, " && (s >> 16) == {event}");
        }
    } else if status == 0xffff {
        out.extend_from_slice(b"WIFCONTINUED(s)");
    } else {
        out.extend_from_slice(b"WIFSIGNALED(s) && WTERMSIG(s) == ");
        signals::print_signal(out, sig);
        if status & 0x80 != 0 {
            out.extend_from_slice(b" && WCOREDUMP(s)");
        }
    }
    out.extend_from_slice(b"}]");
}

/// wait4's status pointer: decoded when a child was reaped, else the pointer.
pub fn wait_status_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(r) if r > 0 && addr != 0 => match read_u32(ctx.mem, addr) {
            Some(st) => print_wait_status(out, st),
            None => print_ptr(out, addr),
        },
        _ => print_ptr(out, addr),
    }
}

/// writev's iovec array: `[{iov_base="hi", iov_len=2}, ...]`.
pub fn iovec_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    let count = ctx.call.arg(i + 1);
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    out.push(b'[');
    for k in 0..count.min(1024) {
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
        out.extend_from_slice(b"{iov_base=");
        print_buf(ctx, out, base, len, false);
        let _ = write!(out, ", iov_len={len}}}");
    }
    out.push(b']');
}

/// The most of a CPU set strace reads: the size the kernel takes, which strace finds by probing
/// from 128 bytes (1024 CPUs, enough for the machines rtrace runs on).
const CPUSET_MAX: u64 = 128;

/// A CPU set as strace shows it: the numbers of the set bits, `[0 1]`. At most
/// [`CPUSET_MAX`] bytes are read (a length that lies costs nothing); ` ...` says there was more.
pub fn print_cpuset_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, size: u64) {
    let read = size.min(CPUSET_MAX) as usize;
    ctx.scratch.clear();
    ctx.scratch.resize(read.next_multiple_of(8), 0);
    let bytes = ctx.scratch.get_mut(..read).unwrap_or_default();
    if size == 0 || !read_exact(ctx.mem, addr, bytes) {
        print_ptr(out, addr);
        return;
    }
    out.push(b'[');
    let mut first = true;
    for (i, byte) in ctx.scratch.iter().enumerate() {
        for bit in 0..8 {
            if byte & (1 << bit) != 0 {
                if !first {
                    out.push(b' ');
                }
                first = false;
                let _ = write!(out, "{}", i * 8 + bit);
            }
        }
    }
    if (ctx.scratch.len() as u64) < size {
        out.extend_from_slice(if first { b"..." } else { b" ..." });
    }
    out.push(b']');
}

/// sched_setaffinity's mask (size in the previous argument).
pub fn cpuset_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let size = ctx.call.arg(i - 1);
    print_cpuset_at(ctx, out, ctx.call.arg(i), size);
}

/// sched_getaffinity's mask: as many bytes as the call returned.
pub fn cpuset_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(n) => print_cpuset_at(ctx, out, addr, n.max(0) as u64),
        None => print_ptr(out, addr),
    }
}

const SS_FLAGS: super::xlat::Xlat = super::xlat::Xlat {
    items: &[
        (1, "SS_ONSTACK"),
        (2, "SS_DISABLE"),
        (1 << 31, "SS_AUTODISARM"),
    ],
    unknown: "",
};

fn print_stack_t_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<24>(ctx, out, addr) {
        out.extend_from_slice(b"{ss_sp=");
        print_ptr(out, u64_at(&b, 0));
        out.extend_from_slice(b", ss_flags=");
        super::xlat::print_flags(out, &SS_FLAGS, u64::from(u32_at(&b, 8)));
        let _ = write!(out, ", ss_size={}}}", u64_at(&b, 16));
    }
}

pub fn stack_t_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_stack_t_at(ctx, out, ctx.call.arg(i));
}

pub fn stack_t_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_stack_t_at(ctx, out, addr);
    }
}

const POLL_EVENTS: super::xlat::Xlat = super::xlat::Xlat {
    items: &[
        (0x1, "POLLIN"),
        (0x2, "POLLPRI"),
        (0x4, "POLLOUT"),
        (0x8, "POLLERR"),
        (0x10, "POLLHUP"),
        (0x20, "POLLNVAL"),
        (0x40, "POLLRDNORM"),
        (0x80, "POLLRDBAND"),
        (0x100, "POLLWRNORM"),
        (0x200, "POLLWRBAND"),
        (0x400, "POLLMSG"),
        (0x1000, "POLLREMOVE"),
        (0x2000, "POLLRDHUP"),
    ],
    unknown: "",
};

/// Prints `[{fd=3, events=POLLIN}, ...]` (`revents` picks the field and skips idle entries).
pub(crate) fn print_pollfds(
    ctx: &mut Ctx,
    out: &mut Vec<u8>,
    addr: u64,
    n: u64,
    revents: bool,
) -> bool {
    let n = n.min(1 << 16);
    let mut b = [0u8; 8];
    if addr == 0 || (n > 0 && !read_exact(ctx.mem, addr, &mut b)) {
        print_ptr(out, addr);
        return false;
    }
    out.push(b'[');
    let mut shown = 0usize;
    for k in 0..n {
        if !read_exact(ctx.mem, addr.wrapping_add(8 * k), &mut b) {
            break;
        }
        let fd = u32_at(&b, 0) as i32;
        let events = u64::from(u32_at(&b, 4) & 0xffff);
        let re = u64::from(u32_at(&b, 4) >> 16);
        if revents && re == 0 {
            continue;
        }
        if !ctx.array_item(out, shown) {
            break;
        }
        shown += 1;
        let _ = write!(out, "{{fd={fd}");
        if !revents {
            ctx.fd_name(i64::from(fd), out);
        }
        let _ = write!(out, ", {}=", if revents { "revents" } else { "events" });
        super::xlat::print_flags(out, &POLL_EVENTS, if revents { re } else { events });
        out.push(b'}');
    }
    out.push(b']');
    true
}

pub fn pollfds_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let n = ctx.call.arg(i + 1);
    print_pollfds(ctx, out, ctx.call.arg(i), n, false);
}

/// poll's result: `1 ([{fd=3, revents=POLLIN}])`, or `0 (Timeout)`.
pub fn poll_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
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
    out.push(b')');
    true
}
