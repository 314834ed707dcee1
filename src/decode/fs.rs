//! File system structures as strace prints them: struct stat (abbreviated, or whole with `-v`),
//! statx, statfs, directory entries, the timestamps of utimensat/utimes/utime, and mknod's
//! mode and device.

use super::args::print_ptr;
use super::fsconsts as fc;
use super::mem::read_exact;
use super::strings::quote;
use super::structs::{failed_out, print_dev, print_file_mode, read_struct, u32_at, u64_at};
use super::time::{print_date_comment, write_timespec_dated};
use super::xlat::{print_const, print_flags, print_flags_unknown, Hx, Radix};
use super::Ctx;
use crate::arch::Arch;
use std::io::Write;

const S_IFMT: u64 = 0o170000;
const S_IFCHR: u64 = 0o020000;
const S_IFBLK: u64 = 0o060000;

fn is_device(mode: u64) -> bool {
    matches!(mode & S_IFMT, S_IFCHR | S_IFBLK)
}

fn u16_at(b: &[u8], off: usize) -> u16 {
    b.get(off..off + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_ne_bytes)
        .unwrap_or(0)
}

// ---- stat ----

/// `struct stat` of either arch, by field.
struct Stat {
    dev: u64,
    ino: u64,
    mode: u64,
    nlink: u64,
    uid: u32,
    gid: u32,
    rdev: u64,
    size: i64,
    blksize: i64,
    blocks: i64,
    /// atime, mtime, ctime: seconds and nanoseconds.
    times: [(i64, u64); 3],
}

/// The size of `struct stat` on each arch.
fn stat_size(arch: Arch) -> usize {
    match arch {
        Arch::X86_64 => 144,
        Arch::Aarch64 => 128,
    }
}

fn parse_stat(arch: Arch, b: &[u8]) -> Stat {
    let times = [
        (u64_at(b, 72) as i64, u64_at(b, 80)),
        (u64_at(b, 88) as i64, u64_at(b, 96)),
        (u64_at(b, 104) as i64, u64_at(b, 112)),
    ];
    match arch {
        Arch::X86_64 => Stat {
            dev: u64_at(b, 0),
            ino: u64_at(b, 8),
            nlink: u64_at(b, 16),
            mode: u64::from(u32_at(b, 24)),
            uid: u32_at(b, 28),
            gid: u32_at(b, 32),
            rdev: u64_at(b, 40),
            size: u64_at(b, 48) as i64,
            blksize: u64_at(b, 56) as i64,
            blocks: u64_at(b, 64) as i64,
            times,
        },
        Arch::Aarch64 => Stat {
            dev: u64_at(b, 0),
            ino: u64_at(b, 8),
            mode: u64::from(u32_at(b, 16)),
            nlink: u64::from(u32_at(b, 20)),
            uid: u32_at(b, 24),
            gid: u32_at(b, 28),
            rdev: u64_at(b, 32),
            size: u64_at(b, 48) as i64,
            blksize: i64::from(u32_at(b, 56) as i32),
            blocks: u64_at(b, 64) as i64,
            times,
        },
    }
}

fn write_stat(out: &mut Vec<u8>, st: &Stat, verbose: bool) {
    let size_or_rdev = |out: &mut Vec<u8>| {
        if is_device(st.mode) {
            out.extend_from_slice(b"st_rdev=");
            print_dev(out, st.rdev);
        } else {
            let _ = write!(out, "st_size={}", st.size);
        }
    };
    if !verbose {
        out.extend_from_slice(b"{st_mode=");
        print_file_mode(out, st.mode);
        out.extend_from_slice(b", ");
        size_or_rdev(out);
        out.extend_from_slice(b", ...}");
        return;
    }
    out.extend_from_slice(b"{st_dev=");
    print_dev(out, st.dev);
    let _ = write!(out, ", st_ino={}, st_mode=", st.ino);
    print_file_mode(out, st.mode);
    let _ = write!(
        out,
        ", st_nlink={}, st_uid={}, st_gid={}, st_blksize={}, st_blocks={}, ",
        st.nlink, st.uid, st.gid, st.blksize, st.blocks
    );
    size_or_rdev(out);
    for (name, (sec, nsec)) in ["st_atime", "st_mtime", "st_ctime"].iter().zip(st.times) {
        let _ = write!(out, ", {name}={sec}");
        print_date_comment(out, sec, Some((nsec, 9)));
        let _ = write!(out, ", {name}_nsec={nsec}");
    }
    out.push(b'}');
}

/// stat/fstat/lstat/newfstatat's buffer: `{st_mode=S_IFREG|0644, st_size=33699, ...}`, the whole
/// structure with `-v`, the pointer when the call failed.
pub fn stat_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    let size = stat_size(ctx.call.arch);
    let mut b = [0u8; 144];
    let ok = match b.get_mut(..size) {
        Some(dst) => read_exact(ctx.mem, addr, dst),
        None => false,
    };
    if !ok {
        print_ptr(out, addr);
        return;
    }
    let st = parse_stat(ctx.call.arch, &b);
    write_stat(out, &st, ctx.opts.verbose);
}

// ---- statx ----

/// statx's flags: the sync type by name, then the other AT_ flags.
pub fn statx_flags(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    out.extend_from_slice(match v & 0x6000 {
        0 => b"AT_STATX_SYNC_AS_STAT".as_slice(),
        0x2000 => b"AT_STATX_FORCE_SYNC",
        0x4000 => b"AT_STATX_DONT_SYNC",
        _ => b"AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC",
    });
    let rest = v & !0x6000;
    if rest != 0 {
        out.push(b'|');
        print_flags(out, &fc::AT_FLAGS_NO_SYNC, rest);
    }
}

/// statx's request mask (`STATX_ALL`, `STATX_TYPE|STATX_SIZE`, `0x80000000 /* STATX_??? */`).
pub fn statx_mask(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_flags_unknown(out, &fc::STATX_MASK, u64::from(ctx.call.arg(i) as u32));
}

const STATX_ATIME: u32 = 0x20;
const STATX_MTIME: u32 = 0x40;
const STATX_CTIME: u32 = 0x80;
const STATX_BTIME: u32 = 0x800;
const STATX_MNT_ID: u32 = 0x1000;
const STATX_DIOALIGN: u32 = 0x2000;

fn write_statx_time(out: &mut Vec<u8>, b: &[u8], off: usize) {
    let sec = u64_at(b, off) as i64;
    let nsec = u32_at(b, off + 8);
    let _ = write!(out, "{{tv_sec={sec}, tv_nsec={nsec}}}");
    print_date_comment(out, sec, Some((u64::from(nsec), 9)));
}

/// `{stx_mask=STATX_ALL|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=12, ...}`.
pub fn statx_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    let Some(b) = read_struct::<160>(ctx, out, addr) else {
        return;
    };
    let mask = u32_at(&b, 0);
    let verbose = ctx.opts.verbose;
    out.extend_from_slice(b"{stx_mask=");
    print_flags_unknown(out, &fc::STATX_MASK, u64::from(mask));
    if verbose {
        let _ = write!(out, ", stx_blksize={}", u32_at(&b, 4));
    }
    out.extend_from_slice(b", stx_attributes=");
    print_flags(out, &fc::STATX_ATTRS, u64_at(&b, 8));
    if verbose {
        let _ = write!(
            out,
            ", stx_nlink={}, stx_uid={}, stx_gid={}",
            u32_at(&b, 16),
            u32_at(&b, 20),
            u32_at(&b, 24)
        );
    }
    out.extend_from_slice(b", stx_mode=");
    print_file_mode(out, u64::from(u16_at(&b, 28)));
    if verbose {
        let _ = write!(out, ", stx_ino={}", u64_at(&b, 32));
    }
    let _ = write!(out, ", stx_size={}", u64_at(&b, 40));
    if !verbose {
        out.extend_from_slice(b", ...}");
        return;
    }
    let _ = write!(out, ", stx_blocks={}, stx_attributes_mask=", u64_at(&b, 48));
    print_flags(out, &fc::STATX_ATTRS, u64_at(&b, 56));
    for (bit, name, off) in [
        (STATX_ATIME, "stx_atime", 64),
        (STATX_BTIME, "stx_btime", 80),
        (STATX_CTIME, "stx_ctime", 96),
        (STATX_MTIME, "stx_mtime", 112),
    ] {
        if mask & bit != 0 {
            let _ = write!(out, ", {name}=");
            write_statx_time(out, &b, off);
        }
    }
    let _ = write!(
        out,
        ", stx_rdev_major={}, stx_rdev_minor={}, stx_dev_major={}, stx_dev_minor={}",
        u32_at(&b, 128),
        u32_at(&b, 132),
        u32_at(&b, 136),
        u32_at(&b, 140)
    );
    if mask & STATX_MNT_ID != 0 {
        let _ = write!(out, ", stx_mnt_id={}", Hx(u64_at(&b, 144)));
    }
    if mask & STATX_DIOALIGN != 0 {
        let _ = write!(
            out,
            ", stx_dio_mem_align={}, stx_dio_offset_align={}",
            u32_at(&b, 152),
            u32_at(&b, 156)
        );
    }
    out.push(b'}');
}

// ---- statfs ----

/// `{f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ..., f_flags=ST_VALID|ST_RELATIME}`.
pub fn statfs_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    let Some(b) = read_struct::<120>(ctx, out, addr) else {
        return;
    };
    out.extend_from_slice(b"{f_type=");
    print_const(out, &fc::FS_MAGIC, u64_at(&b, 0), Radix::Hex);
    let _ = write!(
        out,
        ", f_bsize={}, f_blocks={}, f_bfree={}, f_bavail={}, f_files={}, f_ffree={}, \
         f_fsid={{val=[{}, {}]}}, f_namelen={}, f_frsize={}, f_flags=",
        u64_at(&b, 8) as i64,
        u64_at(&b, 16),
        u64_at(&b, 24),
        u64_at(&b, 32),
        u64_at(&b, 40),
        u64_at(&b, 48),
        Hx(u64::from(u32_at(&b, 56))),
        Hx(u64::from(u32_at(&b, 60))),
        u64_at(&b, 64) as i64,
        u64_at(&b, 72) as i64,
    );
    print_flags(out, &fc::STATFS_FLAGS, u64_at(&b, 80));
    out.push(b'}');
}

// ---- directory entries ----

/// The largest directory buffer rtrace decodes entry by entry.
const MAX_DIRENTS: u64 = 1 << 20;

/// getdents/getdents64's buffer: `0x55d0... /* 5 entries */`, or with `-v` the entries.
fn dirents(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize, wide: bool) {
    let addr = ctx.call.arg(i);
    let Some(len) = ctx.call.ok_ret().filter(|_| ctx.mem.structs()) else {
        print_ptr(out, addr);
        return;
    };
    let len = (len.max(0) as u64).min(MAX_DIRENTS) as usize;
    ctx.scratch.clear();
    ctx.scratch.resize(len, 0);
    if len > 0 && !read_exact(ctx.mem, addr, ctx.scratch) {
        print_ptr(out, addr);
        return;
    }
    let buf = std::mem::take(ctx.scratch);
    let verbose = ctx.opts.verbose;
    if verbose {
        out.push(b'[');
    } else {
        print_ptr(out, addr);
    }
    let header = if wide { 19 } else { 18 };
    let mut off = 0usize;
    let mut n = 0usize;
    while off < buf.len() {
        let rec = buf.get(off..).unwrap_or(&[]);
        let reclen = usize::from(u16_at(rec, 16));
        if rec.len() < header || reclen < header || reclen > rec.len() {
            break;
        }
        if verbose {
            if n > 0 {
                out.extend_from_slice(b", ");
            }
            let name_area = rec.get(header..reclen).unwrap_or(&[]);
            let name_len = name_area
                .iter()
                .position(|&c| c == 0)
                .unwrap_or(name_area.len());
            let name = name_area.get(..name_len).unwrap_or(&[]);
            let d_type = if wide {
                rec.get(18)
            } else {
                rec.get(reclen - 1)
            };
            let d_type = u64::from(d_type.copied().unwrap_or(0));
            if wide {
                let _ = write!(
                    out,
                    "{{d_ino={}, d_off={}, d_reclen={reclen}, d_type=",
                    u64_at(rec, 0),
                    u64_at(rec, 8) as i64
                );
                print_const(out, &fc::DIRENT_TYPES, d_type, Radix::Dec);
                out.extend_from_slice(b", d_name=");
                quote(out, name, false, ctx.opts.hex);
            } else {
                let _ = write!(
                    out,
                    "{{d_ino={}, d_off={}, d_reclen={reclen}, d_name=",
                    u64_at(rec, 0),
                    u64_at(rec, 8)
                );
                quote(out, name, false, ctx.opts.hex);
                out.extend_from_slice(b", d_type=");
                print_const(out, &fc::DIRENT_TYPES, d_type, Radix::Dec);
            }
            out.push(b'}');
        }
        n += 1;
        off += reclen;
    }
    *ctx.scratch = buf;
    if verbose {
        out.push(b']');
    } else {
        let _ = write!(out, " /* {n} entries */");
    }
}

pub fn dirents64_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    dirents(ctx, out, i, true);
}

pub fn dirents_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    dirents(ctx, out, i, false);
}

// ---- timestamps ----

const UTIME_NOW: i64 = (1 << 30) - 1;
const UTIME_OMIT: i64 = (1 << 30) - 2;

/// utimensat's times: `[{tv_sec=1, tv_nsec=2} /* ... */, UTIME_NOW]`.
pub fn utimens_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    let Some(b) = read_struct::<32>(ctx, out, addr) else {
        return;
    };
    out.push(b'[');
    for k in 0..2 {
        if k > 0 {
            out.extend_from_slice(b", ");
        }
        let sec = u64_at(&b, 16 * k) as i64;
        let nsec = u64_at(&b, 16 * k + 8) as i64;
        match nsec {
            UTIME_NOW => out.extend_from_slice(b"UTIME_NOW"),
            UTIME_OMIT => out.extend_from_slice(b"UTIME_OMIT"),
            _ => write_timespec_dated(out, sec, nsec),
        }
    }
    out.push(b']');
}

/// utimes/futimesat's times: `[{tv_sec=1, tv_usec=2} /* ... */, {...}]`.
pub fn utimes_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    let Some(b) = read_struct::<32>(ctx, out, addr) else {
        return;
    };
    out.push(b'[');
    for k in 0..2 {
        if k > 0 {
            out.extend_from_slice(b", ");
        }
        let sec = u64_at(&b, 16 * k) as i64;
        let usec = u64_at(&b, 16 * k + 8) as i64;
        let _ = write!(out, "{{tv_sec={sec}, tv_usec={usec}}}");
        if usec >= 0 {
            print_date_comment(out, sec, Some((usec as u64, 6)));
        }
    }
    out.push(b']');
}

/// utime's `{actime=5 /* ... */, modtime=6 /* ... */}`.
pub fn utimbuf_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    let Some(b) = read_struct::<16>(ctx, out, addr) else {
        return;
    };
    let (a, m) = (u64_at(&b, 0) as i64, u64_at(&b, 8) as i64);
    let _ = write!(out, "{{actime={a}");
    print_date_comment(out, a, None);
    let _ = write!(out, ", modtime={m}");
    print_date_comment(out, m, None);
    out.push(b'}');
}

// ---- mknod ----

/// mknod's mode and, for devices, the device: `S_IFCHR|0600, makedev(0x1, 0x3)`.
pub fn mknod_rest(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let mode = u64::from(ctx.call.arg(i) as u32);
    print_file_mode(out, mode);
    if is_device(mode) {
        out.extend_from_slice(b", ");
        print_dev(out, ctx.call.arg(i + 1));
    }
}

#[cfg(test)]
#[path = "fs_tests.rs"]
mod tests;
