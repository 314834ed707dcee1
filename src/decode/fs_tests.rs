//! Golden lines for stat, statx, statfs, directory entries, timestamps and mknod, as strace 6.1
//! printed them (x86_64), with the aarch64 layouts where they differ.

use super::super::golden::*;
use crate::decode::FakeMem;

const T1: u64 = 1_796_018_658;

fn stat_x86(mode: u32, size: u64, rdev: u64, dev: u64) -> Vec<u8> {
    Bytes::new()
        .u64(dev)
        .u64(10_043_477)
        .u64(1)
        .u32(mode)
        .u32(0)
        .u32(0)
        .u32(0)
        .u64(rdev)
        .u64(size)
        .u64(4096)
        .u64(8)
        .u64(T1)
        .u64(269_828_599)
        .u64(T1)
        .u64(271_543_551)
        .u64(T1)
        .u64(271_543_551)
        .zeros(24)
        .0
}

fn stat_arm(mode: u32, size: u64, rdev: u64, dev: u64) -> Vec<u8> {
    Bytes::new()
        .u64(dev)
        .u64(10_043_477)
        .u32(mode)
        .u32(1)
        .u32(0)
        .u32(0)
        .u64(rdev)
        .u64(0)
        .u64(size)
        .u32(4096)
        .u32(0)
        .u64(8)
        .u64(T1)
        .u64(269_828_599)
        .u64(T1)
        .u64(271_543_551)
        .u64(T1)
        .u64(271_543_551)
        .zeros(8)
        .0
}

const STAT_V: &str =
    "{st_dev=makedev(0xfe, 0), st_ino=10043477, st_mode=S_IFREG|0644, st_nlink=1, \
st_uid=0, st_gid=0, st_blksize=4096, st_blocks=8, st_size=12, \
st_atime=1796018658 /* 2026-11-30T06:04:18.269828599+0000 */, st_atime_nsec=269828599, \
st_mtime=1796018658 /* 2026-11-30T06:04:18.271543551+0000 */, st_mtime_nsec=271543551, \
st_ctime=1796018658 /* 2026-11-30T06:04:18.271543551+0000 */, st_ctime_nsec=271543551}";

#[test]
fn stat_abbreviated_and_verbose_on_both_arches() {
    let mut m = FakeMem::new();
    m.map_str(P, "").map(Q, &stat_x86(0o100644, 12, 0, 0xfe00));
    assert_eq!(
        x86("newfstatat", &[3, P, Q, 0x1000], 0, &mut m),
        r#"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=12, ...}, AT_EMPTY_PATH) = 0"#
    );
    assert_eq!(
        x86v("newfstatat", &[3, P, Q, 0x1000], 0, &mut m),
        format!(r#"newfstatat(3, "", {STAT_V}, AT_EMPTY_PATH) = 0"#)
    );
    assert_eq!(
        x86v("fstat", &[3, Q], 0, &mut m),
        format!("fstat(3, {STAT_V}) = 0")
    );
    let mut a = FakeMem::new();
    a.map_str(P, "").map(Q, &stat_arm(0o100644, 12, 0, 0xfe00));
    assert_eq!(
        arm("newfstatat", &[3, P, Q, 0x1000], 0, &mut a),
        r#"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=12, ...}, AT_EMPTY_PATH) = 0"#
    );
    assert_eq!(
        armv("fstat", &[3, Q], 0, &mut a),
        format!("fstat(3, {STAT_V}) = 0")
    );
}

#[test]
fn stat_of_a_device_and_failures() {
    let mut m = FakeMem::new();
    m.map_str(P, "/dev/null")
        .map(Q, &stat_x86(0o20666, 0, 0x103, 6));
    assert_eq!(
        x86("newfstatat", &[AT_FDCWD, P, Q, 0], 0, &mut m),
        r#"newfstatat(AT_FDCWD, "/dev/null", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, 0) = 0"#
    );
    let v = x86v("newfstatat", &[AT_FDCWD, P, Q, 0], 0, &mut m);
    assert!(
        v.contains("st_dev=makedev(0, 0x6), st_ino=10043477, st_mode=S_IFCHR|0666")
            && v.contains("st_blocks=8, st_rdev=makedev(0x1, 0x3), st_atime="),
        "{v}"
    );
    assert_eq!(
        x86("newfstatat", &[AT_FDCWD, P, 0x7ffc_0000, 0], -2, &mut m),
        r#"newfstatat(AT_FDCWD, "/dev/null", 0x7ffc0000, 0) = -1 ENOENT (No such file or directory)"#
    );
    assert_eq!(x86("fstat", &[3, 0x10], 0, &mut m), "fstat(3, 0x10) = 0");
    // An aarch64 struct stat is 128 bytes: one that ends a mapping is still read.
    let mut a = FakeMem::new();
    a.map(Q, &stat_arm(0o40755, 4096, 0, 0xfe00)[..128]);
    assert_eq!(
        arm("fstat", &[3, Q], 0, &mut a),
        "fstat(3, {st_mode=S_IFDIR|0755, st_size=4096, ...}) = 0"
    );
}

fn statx_bytes(mask: u32, btime: (u64, u32)) -> Vec<u8> {
    let ts = |b: Bytes, s: u64, n: u32| b.u64(s).u32(n).u32(0);
    let b = Bytes::new()
        .u32(mask)
        .u32(4096)
        .u64(0)
        .u32(1)
        .u32(0)
        .u32(0)
        .u16(0o100644)
        .u16(0)
        .u64(10_043_477)
        .u64(12)
        .u64(8)
        .u64(0x30_3874);
    let b = ts(b, T1, 269_828_599);
    let b = ts(b, btime.0, btime.1);
    let b = ts(b, T1, 271_543_551);
    let b = ts(b, T1, 271_543_551);
    b.u32(0)
        .u32(0)
        .u32(254)
        .u32(0)
        .u64(0x1b)
        .u32(512)
        .u32(512)
        .zeros(96)
        .0
}

#[test]
fn statx_lines() {
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp/fsw/d/f")
        .map(Q, &statx_bytes(0x1fff, (T1, 269_828_599)));
    let args = [AT_FDCWD, P, 0x100, 0xfff, Q];
    assert_eq!(
        x86("statx", &args, 0, &mut m),
        r#"statx(AT_FDCWD, "/tmp/fsw/d/f", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL, {stx_mask=STATX_ALL|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=12, ...}) = 0"#
    );
    assert_eq!(
        arm("statx", &args, 0, &mut m),
        x86("statx", &args, 0, &mut m)
    );
    assert_eq!(
        x86v("statx", &args, 0, &mut m),
        "statx(AT_FDCWD, \"/tmp/fsw/d/f\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL, \
{stx_mask=STATX_ALL|STATX_MNT_ID, stx_blksize=4096, stx_attributes=0, stx_nlink=1, stx_uid=0, \
stx_gid=0, stx_mode=S_IFREG|0644, stx_ino=10043477, stx_size=12, stx_blocks=8, \
stx_attributes_mask=STATX_ATTR_COMPRESSED|STATX_ATTR_IMMUTABLE|STATX_ATTR_APPEND|STATX_ATTR_NODUMP|\
STATX_ATTR_ENCRYPTED|STATX_ATTR_AUTOMOUNT|STATX_ATTR_MOUNT_ROOT|STATX_ATTR_VERITY|STATX_ATTR_DAX, \
stx_atime={tv_sec=1796018658, tv_nsec=269828599} /* 2026-11-30T06:04:18.269828599+0000 */, \
stx_btime={tv_sec=1796018658, tv_nsec=269828599} /* 2026-11-30T06:04:18.269828599+0000 */, \
stx_ctime={tv_sec=1796018658, tv_nsec=271543551} /* 2026-11-30T06:04:18.271543551+0000 */, \
stx_mtime={tv_sec=1796018658, tv_nsec=271543551} /* 2026-11-30T06:04:18.271543551+0000 */, \
stx_rdev_major=0, stx_rdev_minor=0, stx_dev_major=254, stx_dev_minor=0, stx_mnt_id=0x1b}) = 0"
    );
    // Times whose mask bit is clear are left out; a zero time has no date; DIOALIGN adds fields.
    let mut z = FakeMem::new();
    z.map_str(P, "f").map(Q, &statx_bytes(0x3fbf, (0, 0)));
    let v = x86v("statx", &[3, P, 0x1000, 0x2000, Q], 0, &mut z);
    assert!(
        v.contains("AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_DIOALIGN, {stx_mask=STATX_TYPE|STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_ATIME|STATX_CTIME|STATX_INO|")
            && !v.contains("stx_mtime")
            && v.contains("stx_btime={tv_sec=0, tv_nsec=0}, stx_ctime=")
            && v.ends_with("stx_mnt_id=0x1b, stx_dio_mem_align=512, stx_dio_offset_align=512}) = 0"),
        "{v}"
    );
    assert_eq!(
        x86("statx", &[AT_FDCWD, P, 0x4000, 0x8000_0000, Q], -22, &mut z),
        r#"statx(AT_FDCWD, "f", AT_STATX_DONT_SYNC, 0x80000000 /* STATX_??? */, 0x7ffd3000) = -1 EINVAL (Invalid argument)"#
    );
    assert_eq!(
        x86("statx", &[AT_FDCWD, P, 0x6000, 0x201, Q], -22, &mut z),
        r#"statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC, STATX_TYPE|STATX_SIZE, 0x7ffd3000) = -1 EINVAL (Invalid argument)"#
    );
}

#[test]
fn statfs_lines() {
    let b = Bytes::new()
        .u64(0xef53)
        .u64(4096)
        .u64(66_053_021)
        .u64(62_422_939)
        .u64(20_191_390)
        .u64(16_777_216)
        .u64(16_376_738)
        .u32(0x3ead927a)
        .u32(0xa801981e)
        .u64(255)
        .u64(4096)
        .u64(0x1020)
        .zeros(32);
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp").map(Q, &b.0);
    let want = "{f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, f_bfree=62422939, \
f_bavail=20191390, f_files=16777216, f_ffree=16376738, f_fsid={val=[0x3ead927a, 0xa801981e]}, \
f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}";
    assert_eq!(
        x86("statfs", &[P, Q], 0, &mut m),
        format!(r#"statfs("/tmp", {want}) = 0"#)
    );
    assert_eq!(
        arm("fstatfs", &[3, Q], 0, &mut m),
        format!("fstatfs(3, {want}) = 0")
    );
    assert_eq!(
        x86("statfs", &[P, Q], -2, &mut m),
        r#"statfs("/tmp", 0x7ffd3000) = -1 ENOENT (No such file or directory)"#
    );
}

fn dirent64(ino: u64, off: u64, kind: u8, name: &str) -> Vec<u8> {
    let reclen = (19 + name.len() + 1).div_ceil(8) * 8;
    let mut b = Bytes::new()
        .u64(ino)
        .u64(off)
        .u16(reclen as u16)
        .u8(kind)
        .raw(name.as_bytes())
        .0;
    b.resize(reclen, 0);
    b
}

#[test]
fn getdents64_counts_and_entries() {
    let mut buf = dirent64(10043476, 1, 4, ".");
    buf.extend(dirent64(10043477, 2, 8, "f"));
    buf.extend(dirent64(
        10043478,
        3,
        8,
        "rtrace-test-26500-regset_threadexec",
    ));
    buf.extend(dirent64(10035483, i64::MAX as u64, 4, ".."));
    let len = buf.len() as i64;
    let mut m = FakeMem::new();
    m.map(P, &buf);
    assert_eq!(
        x86("getdents64", &[13, P, 4096], len, &mut m),
        format!("getdents64(13, 0x7ffd1000 /* 4 entries */, 4096) = {len}")
    );
    assert_eq!(
        x86("getdents64", &[13, P, 4096], 0, &mut m),
        "getdents64(13, 0x7ffd1000 /* 0 entries */, 4096) = 0"
    );
    assert_eq!(
        armv("getdents64", &[13, P, 4096], len, &mut m),
        format!(
            "getdents64(13, [{{d_ino=10043476, d_off=1, d_reclen=24, d_type=DT_DIR, d_name=\".\"}}, \
{{d_ino=10043477, d_off=2, d_reclen=24, d_type=DT_REG, d_name=\"f\"}}, \
{{d_ino=10043478, d_off=3, d_reclen=56, d_type=DT_REG, d_name=\"rtrace-test-26500-regset_threadexec\"}}, \
{{d_ino=10035483, d_off=9223372036854775807, d_reclen=24, d_type=DT_DIR, d_name=\"..\"}}], 4096) = {len}"
        )
    );
    assert_eq!(
        x86v("getdents64", &[13, P, 4096], 0, &mut m),
        "getdents64(13, [], 4096) = 0"
    );
    assert_eq!(
        x86("getdents64", &[3, P, 4096], -20, &mut m),
        "getdents64(3, 0x7ffd1000, 4096) = -1 ENOTDIR (Not a directory)"
    );
    // The old getdents: no type byte after the header, it is the record's last byte.
    let old = Bytes::new()
        .u64(246951)
        .u64(4294967296)
        .u16(24)
        .raw(b".\0\0\0\0")
        .u8(4)
        .0;
    let mut o = FakeMem::new();
    o.map(P, &old);
    assert_eq!(
        x86v("getdents", &[9, P, 200], 24, &mut o),
        "getdents(9, [{d_ino=246951, d_off=4294967296, d_reclen=24, d_name=\".\", d_type=DT_DIR}], 200) = 24"
    );
}

#[test]
fn timestamps() {
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp/fsw/d/f");
    m.map(Q, &Bytes::new().u64(1).u64(2).u64(0).u64((1 << 30) - 1).0);
    assert_eq!(
        x86("utimensat", &[AT_FDCWD, P, Q, 0], 0, &mut m),
        r#"utimensat(AT_FDCWD, "/tmp/fsw/d/f", [{tv_sec=1, tv_nsec=2} /* 1970-01-01T00:00:01.000000002+0000 */, UTIME_NOW], 0) = 0"#
    );
    m.map(R, &Bytes::new().u64(0).u64(0).u64(0).u64(0).0);
    assert_eq!(
        arm("utimensat", &[0, 0, R, 0], 0, &mut m),
        "utimensat(0, NULL, [{tv_sec=0, tv_nsec=0}, {tv_sec=0, tv_nsec=0}], 0) = 0"
    );
    assert_eq!(
        x86("utimensat", &[AT_FDCWD, P, 0, 0x100], 0, &mut m),
        r#"utimensat(AT_FDCWD, "/tmp/fsw/d/f", NULL, AT_SYMLINK_NOFOLLOW) = 0"#
    );
    let mut t = FakeMem::new();
    t.map_str(P, "/tmp/fsw/c/t6.c")
        .map(Q, &Bytes::new().u64(1).u64(2).u64(3).u64(4).0)
        .map(R, &Bytes::new().u64(5).u64(6).0);
    assert_eq!(
        x86("utimes", &[P, Q], 0, &mut t),
        r#"utimes("/tmp/fsw/c/t6.c", [{tv_sec=1, tv_usec=2} /* 1970-01-01T00:00:01.000002+0000 */, {tv_sec=3, tv_usec=4} /* 1970-01-01T00:00:03.000004+0000 */]) = 0"#
    );
    assert_eq!(
        x86("utime", &[P, R], 0, &mut t),
        r#"utime("/tmp/fsw/c/t6.c", {actime=5 /* 1970-01-01T00:00:05+0000 */, modtime=6 /* 1970-01-01T00:00:06+0000 */}) = 0"#
    );
    assert_eq!(
        x86("futimesat", &[AT_FDCWD, P, 0], 0, &mut t),
        r#"futimesat(AT_FDCWD, "/tmp/fsw/c/t6.c", NULL) = 0"#
    );
}

#[test]
fn mknod_shows_the_device_only_for_devices() {
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp/fsw/c/fifo");
    assert_eq!(
        x86("mknod", &[P, 0o10644, 0], 0, &mut m),
        r#"mknod("/tmp/fsw/c/fifo", S_IFIFO|0644) = 0"#
    );
    assert_eq!(
        arm("mknodat", &[AT_FDCWD, P, 0o20600, 0x103], 0, &mut m),
        r#"mknodat(AT_FDCWD, "/tmp/fsw/c/fifo", S_IFCHR|0600, makedev(0x1, 0x3)) = 0"#
    );
}
