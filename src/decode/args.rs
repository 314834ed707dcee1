//! Printers for the argument kinds of the signature table, and the small value printers the
//! struct decoders share.

use super::mem::{read_cstr, read_u64};
use super::strings::{quote, HexMode};
use super::xlat::Hx;
use super::xlat::{flags_into, print_const, print_flags, styled_hex, Radix};
use super::{consts, signals, Ctx, A};
use std::io::Write;

/// The longest path rtrace reads (PATH_MAX).
const PATH_MAX: usize = 4096;
/// How many pointers of an argv or envp array rtrace follows at most.
const MAX_ARRAY: usize = 1 << 16;

pub fn print_arg(ctx: &mut Ctx, out: &mut Vec<u8>, kind: A, i: usize) {
    let v = ctx.call.arg(i);
    match kind {
        A::Int => print_int(out, v),
        A::Fd => print_fd(ctx, out, v),
        A::Uint => super::num::push_u64(out, u64::from(v as u32)),
        A::Long => super::num::push_i64(out, v as i64),
        A::Ulong => super::num::push_u64(out, v),
        A::Hex => print_hex(out, v),
        A::Ptr => print_ptr(out, v),
        A::Dirfd => print_dirfd(ctx, out, v),
        A::Path => print_path(ctx, out, v),
        A::Str => print_str(ctx, out, v),
        A::Argv => print_argv(ctx, out, v),
        A::Envp => print_envp(ctx, out, v),
        A::BufIn(n) => {
            let len = ctx.call.arg(usize::from(n));
            print_buf(ctx, out, v, len, false);
        }
        A::BufOut(n) | A::BufOutHex(n) => match ctx.call.ok_ret() {
            Some(r) => {
                let len = (r.max(0) as u64).min(ctx.call.arg(usize::from(n)));
                print_buf(ctx, out, v, len, matches!(kind, A::BufOutHex(_)));
            }
            None => print_ptr(out, v),
        },
        A::Flags(x) => print_flags(out, x, v),
        A::Const(x) => print_const(out, x, v, Radix::Dec),
        A::ConstHex(x) => print_const(out, x, v, Radix::Hex),
        A::OpenFlags => print_open_flags(ctx, out, v),
        A::OpenMode(n) => {
            if consts::open_needs_mode(ctx.call.arch, ctx.call.arg(usize::from(n))) {
                print_octal(out, v);
            }
        }
        A::Mode => print_octal(out, v),
        A::Prot => print_flags(out, &consts::MMAP_PROT, v),
        A::MmapFlags => print_mmap_flags(ctx, out, v),
        A::Signal => signals::print_signal(out, v),
        A::SigsetIn(n) => print_sigset_at(ctx, out, v, ctx.call.arg(usize::from(n))),
        A::SigsetOut(n) => match ctx.call.ok_ret() {
            Some(_) => print_sigset_at(ctx, out, v, ctx.call.arg(usize::from(n))),
            None => print_ptr(out, v),
        },
        A::In(f) | A::Out(f) => f(ctx, out, i),
        A::Split(first, second) => {
            first(ctx, out, i);
            second(ctx, out, i);
        }
    }
}

pub fn print_int(out: &mut Vec<u8>, v: u64) {
    super::num::push_i64(out, i64::from(v as u32 as i32));
}

/// Hex as C's `%#lx`: `0x20`, but `0` for zero.
pub fn print_hex(out: &mut Vec<u8>, v: u64) {
    super::num::push_hex(out, v);
}

/// `NULL` or the address in hex.
pub fn print_ptr(out: &mut Vec<u8>, v: u64) {
    if v == 0 {
        out.extend_from_slice(b"NULL");
    } else {
        super::num::push_hex(out, v);
    }
}

/// A mode in octal the way C's `%#03o` prints it: `0644`, `022`, `000`.
pub fn print_octal(out: &mut Vec<u8>, v: u64) {
    let s = if v == 0 {
        String::from("0")
    } else {
        format!("0{v:o}")
    };
    for _ in s.len()..3 {
        out.push(b'0');
    }
    out.extend_from_slice(s.as_bytes());
}

/// A descriptor: the number, and with `-y` what it refers to (`3</etc/passwd>`).
pub fn print_fd(ctx: &mut Ctx, out: &mut Vec<u8>, v: u64) {
    print_int(out, v);
    ctx.fd_name(i64::from(v as u32 as i32), out);
}

/// A directory descriptor of the *at() calls: `AT_FDCWD` (with `-y`, `AT_FDCWD</cwd>`) or a
/// descriptor.
pub fn print_dirfd(ctx: &mut Ctx, out: &mut Vec<u8>, v: u64) {
    if v as u32 as i32 == -100 {
        super::xlat::styled(
            out,
            &|o: &mut Vec<u8>| o.extend_from_slice(b"-100"),
            &|o: &mut Vec<u8>| {
                o.extend_from_slice(b"AT_FDCWD");
                true
            },
        );
        if let Some(names) = ctx.fds.as_deref_mut() {
            names.cwd(out);
        }
    } else {
        print_fd(ctx, out, v);
    }
}

/// A path: read up to PATH_MAX, never truncated by `-s`; an unreadable pointer prints as hex.
pub fn print_path(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    print_cstring(ctx, out, addr, PATH_MAX);
}

/// A C string, truncated at `-s` with `...`.
pub fn print_str(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let max = ctx.opts.strsize;
    print_cstring(ctx, out, addr, max);
}

fn print_cstring(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, max: usize) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    match read_cstr(ctx.mem, addr, max, ctx.scratch) {
        Some(terminated) => quote(out, ctx.scratch, !terminated, ctx.opts.hex),
        None => print_ptr(out, addr),
    }
}

/// A buffer of `len` bytes: the first `-s` bytes quoted, `...` if there are more.
pub fn print_buf(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, len: u64, force_hex: bool) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let show = len.min(ctx.opts.strsize as u64) as usize;
    ctx.scratch.clear();
    ctx.scratch.resize(show, 0);
    if show > 0 && ctx.mem.read(addr, ctx.scratch) != show {
        print_ptr(out, addr);
        return;
    }
    let hex = if force_hex {
        HexMode::All
    } else {
        ctx.opts.hex
    };
    quote(out, ctx.scratch, (show as u64) < len, hex);
}

/// An array of string pointers ending with NULL: `["ls", "-l"]`, at most `-s` elements.
pub fn print_argv(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let max = ctx.opts.strsize;
    print_str_array(ctx, out, addr, max);
}

/// An array of string pointers ending with NULL, at most `max` elements.
fn print_str_array(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, max: usize) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let Some(first) = read_u64(ctx.mem, addr) else {
        print_ptr(out, addr);
        return;
    };
    out.push(b'[');
    let mut p = first;
    let mut n = 0usize;
    while p != 0 {
        if n > 0 {
            out.extend_from_slice(b", ");
        }
        if n >= max {
            out.extend_from_slice(b"...");
            break;
        }
        print_str(ctx, out, p);
        n += 1;
        match read_u64(ctx.mem, addr.wrapping_add(8 * n as u64)) {
            Some(next) => p = next,
            None => {
                // As strace: the array runs into memory that cannot be read.
                let _ = write!(out, ", ... /* {} */", Hx(addr.wrapping_add(8 * n as u64)));
                break;
            }
        }
    }
    out.push(b']');
}

/// The environment: `0x7ffd... /* 35 vars */`, or with `-v` the whole array (strace does not
/// limit its length by `-s`, only each string).
pub fn print_envp(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if ctx.opts.verbose {
        print_str_array(ctx, out, addr, MAX_ARRAY);
        return;
    }
    print_ptr(out, addr);
    if addr == 0 {
        return;
    }
    let Some((n, terminated)) = count_words_to_null(ctx.mem, addr) else {
        return; // not even the first pointer can be read: the address alone, as strace
    };
    let _ = write!(
        out,
        " /* {n} var{}{} */",
        if n == 1 { "" } else { "s" },
        if terminated { "" } else { ", unterminated" }
    );
}

/// How far a scan for the end of a pointer array goes (2^24 pointers, 128 MB): far beyond what
/// execve accepts, so only a hostile array is cut, and it is then shown as unterminated.
const SCAN_MAX_WORDS: u64 = 1 << 24;

/// The number of non-NULL words at `addr` before a NULL one, read a page at a time, and whether
/// the NULL was found (false: memory ended first). None if the first word is unreadable.
fn count_words_to_null(mem: &mut dyn super::MemReader, addr: u64) -> Option<(u64, bool)> {
    let mut chunk = [0u8; 4096];
    let mut n = 0u64;
    while n < SCAN_MAX_WORDS {
        let at = addr.wrapping_add(8 * n);
        // Up to the end of the page, so that a read never spans into an unmapped one.
        let room = (4096 - (at % 4096) as usize).max(8);
        let got = mem.read(at, chunk.get_mut(..room).unwrap_or_default());
        let words = got / 8;
        if words == 0 {
            return (n > 0).then_some((n, false));
        }
        for w in chunk.chunks_exact(8).take(words) {
            if w.iter().all(|&b| b == 0) {
                return Some((n, true));
            }
            n += 1;
        }
    }
    Some((n, false))
}

/// Open flags: the access mode by name, then the other flags (`O_RDONLY|O_CLOEXEC`).
pub fn print_open_flags(ctx: &Ctx, out: &mut Vec<u8>, v: u64) {
    let arch = ctx.call.arch;
    styled_hex(out, v, &|out: &mut Vec<u8>| {
        let name = consts::ACCMODE.name(v & 3).unwrap_or("O_ACCMODE");
        out.extend_from_slice(name.as_bytes());
        let rest = flags_into(out, consts::open_flags(arch).items, v & !3, true);
        if rest != 0 {
            let _ = write!(out, "|{}", Hx(rest));
        }
        true
    });
}

fn print_mmap_flags(ctx: &Ctx, out: &mut Vec<u8>, v: u64) {
    let arch = ctx.call.arch;
    styled_hex(out, v, &|out: &mut Vec<u8>| mmap_flags_text(arch, out, v));
}

fn mmap_flags_text(arch: crate::arch::Arch, out: &mut Vec<u8>, v: u64) -> bool {
    let kind = v & 0xf;
    let start = out.len();
    if let Some(n) = consts::MMAP_TYPE.name(kind) {
        out.extend_from_slice(n.as_bytes());
    }
    let named_type = out.len() > start;
    let rest_in = if named_type { v & !0xf } else { v };
    let rest = flags_into(out, consts::mmap_flags(arch).items, rest_in, named_type);
    let named = out.len() > start;
    if rest != 0 {
        if named {
            out.push(b'|');
        }
        let _ = write!(out, "{}", Hx(rest));
    } else if !named {
        out.push(b'0');
    }
    named
}

/// A signal set in tracee memory of `size` bytes.
pub fn print_sigset_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, size: u64) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    let size = size.min(8) as usize;
    let mut b = [0u8; 8];
    let ok = match b.get_mut(..size) {
        Some(dst) => size > 0 && super::mem::read_exact(ctx.mem, addr, dst),
        None => false,
    };
    if ok {
        signals::print_sigset(out, u64::from_ne_bytes(b), (size * 8) as u32);
    } else {
        print_ptr(out, addr);
    }
}
