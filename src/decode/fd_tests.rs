//! Golden lines for iovec arrays, offsets by pointer, extended attributes, fcntl, ioctl and
//! pipe2's flags, as strace 6.1 printed them.

use super::super::golden::*;
use crate::decode::FakeMem;

fn iov(entries: &[(u64, u64)]) -> Vec<u8> {
    let mut b = Bytes::new();
    for &(base, len) in entries {
        b = b.u64(base).u64(len);
    }
    b.0
}

#[test]
fn readv_shows_what_the_kernel_filled() {
    let mut m = FakeMem::new();
    m.map(Q, b"abc")
        .map(Q + 0x100, b"de\0\0")
        .map(Q + 0x200, &[0; 10]);
    m.map(P, &iov(&[(Q, 3), (Q + 0x100, 4), (Q + 0x200, 10)]));
    assert_eq!(
        x86("readv", &[3, P, 3], 5, &mut m),
        r#"readv(3, [{iov_base="abc", iov_len=3}, {iov_base="de", iov_len=4}, {iov_base="", iov_len=10}], 3) = 5"#
    );
    assert_eq!(
        arm("readv", &[3, 8, 2], -14, &mut m),
        "readv(3, 0x8, 2) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        x86("preadv2", &[3, P, 2, 0, 0, 1], 3, &mut m),
        r#"preadv2(3, [{iov_base="abc", iov_len=3}, {iov_base="", iov_len=4}], 2, 0, RWF_HIPRI) = 3"#
    );
}

#[test]
fn writev_truncates_each_buffer_and_the_array() {
    let mut m = FakeMem::new();
    m.map(Q, &[b'x'; 40]);
    let many: Vec<(u64, u64)> = (0..34).map(|_| (Q, 1)).collect();
    m.map(P, &iov(&many));
    m.map(R, &iov(&[(Q, 40)]));
    let xs = "x".repeat(32);
    assert_eq!(
        x86("writev", &[4, R, 1], 40, &mut m),
        format!(r#"writev(4, [{{iov_base="{xs}"..., iov_len=40}}], 1) = 40"#)
    );
    let one = r#"{iov_base="x", iov_len=1}"#;
    let shown = vec![one; 32].join(", ");
    assert_eq!(
        arm("writev", &[4, P, 34], 34, &mut m),
        format!("writev(4, [{shown}, ...], 34) = 34")
    );
    assert_eq!(
        x86("writev", &[4, 0, 0], 0, &mut m),
        "writev(4, NULL, 0) = 0"
    );
    assert_eq!(
        x86("pwritev", &[4, R, 1, 20], 40, &mut m),
        format!(r#"pwritev(4, [{{iov_base="{xs}"..., iov_len=40}}], 1, 20) = 40"#)
    );
}

#[test]
fn offsets_by_pointer() {
    let mut m = FakeMem::new();
    m.map(P, &10u64.to_le_bytes());
    assert_eq!(
        x86("sendfile", &[4, 3, P, 10], 10, &mut m),
        "sendfile(4, 3, [10] => [10], 10) = 10"
    );
    assert_eq!(
        arm("sendfile", &[4, 3, 0, 10], 10, &mut m),
        "sendfile(4, 3, NULL, 10) = 10"
    );
    m.map(Q, &0u64.to_le_bytes());
    assert_eq!(
        x86("copy_file_range", &[3, Q, 4, Q, 5, 0], 5, &mut m),
        "copy_file_range(3, [0], 4, [0], 5, 0) = 5"
    );
    m.map(R, &5u64.to_le_bytes());
    assert_eq!(
        x86("splice", &[3, R, 6, 0, 5, 1], 5, &mut m),
        "splice(3, [5], 6, NULL, 5, SPLICE_F_MOVE) = 5"
    );
    assert_eq!(
        arm("tee", &[5, 8, 5, 2], 5, &mut m),
        "tee(5, 8, 5, SPLICE_F_NONBLOCK) = 5"
    );
}

#[test]
fn xattrs() {
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp/fsw/d/f")
        .map_str(Q, "user.x")
        .map(R, b"user.x\0val");
    assert_eq!(
        x86("setxattr", &[P, Q, R + 7, 3, 0], 0, &mut m),
        r#"setxattr("/tmp/fsw/d/f", "user.x", "val", 3, 0) = 0"#
    );
    assert_eq!(
        x86("getxattr", &[P, Q, R + 7, 64], 3, &mut m),
        r#"getxattr("/tmp/fsw/d/f", "user.x", "val", 64) = 3"#
    );
    assert_eq!(
        arm("listxattr", &[P, R, 64], 7, &mut m),
        r#"listxattr("/tmp/fsw/d/f", "user.x\0", 64) = 7"#
    );
    assert_eq!(
        x86("lgetxattr", &[P, Q, 0, 0], -61, &mut m),
        r#"lgetxattr("/tmp/fsw/d/f", "user.x", NULL, 0) = -1 ENODATA (No data available)"#
    );
    assert_eq!(
        x86("fgetxattr", &[3, Q, R, 64], -61, &mut m),
        r#"fgetxattr(3, "user.x", 0x7ffd5000, 64) = -1 ENODATA (No data available)"#
    );
}

fn flock(kind: u16, whence: u16, start: i64, len: i64, pid: u32) -> Vec<u8> {
    Bytes::new()
        .u16(kind)
        .u16(whence)
        .u32(0)
        .u64(start as u64)
        .u64(len as u64)
        .u32(pid)
        .u32(0)
        .0
}

#[test]
fn fcntl_locks_and_owners() {
    let mut m = FakeMem::new();
    m.map(P, &flock(1, 0, 0, 10, 0));
    assert_eq!(
        x86("fcntl", &[3, 6, P], 0, &mut m),
        "fcntl(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}) = 0"
    );
    m.map(Q, &flock(2, 0, 0, 10, 0));
    assert_eq!(
        arm("fcntl", &[3, 5, Q], 0, &mut m),
        "fcntl(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=10, l_pid=0}) = 0"
    );
    assert_eq!(
        x86("fcntl", &[3, 36, Q], 0, &mut m),
        "fcntl(3, F_OFD_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=10, l_pid=0}) = 0"
    );
    m.map(R, &flock(7, 9, -5, 0, 0));
    assert_eq!(
        x86("fcntl", &[5, 6, R], -22, &mut m),
        "fcntl(5, F_SETLK, {l_type=0x7 /* F_??? */, l_whence=0x9 /* SEEK_??? */, l_start=-5, l_len=0}) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        x86("fcntl", &[5, 5, R], -22, &mut m),
        "fcntl(5, F_GETLK, 0x7ffd5000) = -1 EINVAL (Invalid argument)"
    );
    let mut o = FakeMem::new();
    o.map(P, &Bytes::new().u32(1).u32(24839).0);
    assert_eq!(
        x86("fcntl", &[3, 16, P], 0, &mut o),
        "fcntl(3, F_GETOWN_EX, {type=F_OWNER_PID, pid=24839}) = 0"
    );
    o.map(Q, &Bytes::new().u32(2).u32(5).0);
    assert_eq!(
        x86("fcntl", &[5, 15, Q], 0, &mut o),
        "fcntl(5, F_SETOWN_EX, {type=F_OWNER_PGRP, pid=5}) = 0"
    );
}

#[test]
fn fcntl_commands_and_results() {
    let mut m = FakeMem::new();
    let f = |m: &mut FakeMem, args: &[u64], r: i64| x86("fcntl", args, r, m);
    assert_eq!(
        f(&mut m, &[3, 3], 0),
        "fcntl(3, F_GETFL) = 0 (flags O_RDONLY)"
    );
    assert_eq!(
        f(&mut m, &[3, 3], 0x8c02),
        "fcntl(3, F_GETFL) = 0x8c02 (flags O_RDWR|O_APPEND|O_NONBLOCK|O_LARGEFILE)"
    );
    assert_eq!(f(&mut m, &[3, 1], 0), "fcntl(3, F_GETFD) = 0");
    assert_eq!(
        f(&mut m, &[3, 1], 1),
        "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)"
    );
    assert_eq!(
        f(&mut m, &[5, 2, 3], 0),
        "fcntl(5, F_SETFD, FD_CLOEXEC|0x2) = 0"
    );
    assert_eq!(
        f(&mut m, &[5, 4, 0x8000_0002], 0),
        "fcntl(5, F_SETFL, O_RDWR|0x80000000) = 0"
    );
    assert_eq!(
        f(&mut m, &[3, 1025], 2),
        "fcntl(3, F_GETLEASE) = 0x2 (F_UNLCK)"
    );
    assert_eq!(f(&mut m, &[3, 11], 10), "fcntl(3, F_GETSIG) = 10 (SIGUSR1)");
    assert_eq!(f(&mut m, &[5, 10, 0], 0), "fcntl(5, F_SETSIG, 0) = 0");
    assert_eq!(
        f(&mut m, &[5, 1034], 6),
        "fcntl(5, F_GET_SEALS) = 0x6 (seals F_SEAL_SHRINK|F_SEAL_GROW)"
    );
    assert_eq!(
        f(&mut m, &[5, 1033, 6], 0),
        "fcntl(5, F_ADD_SEALS, F_SEAL_SHRINK|F_SEAL_GROW) = 0"
    );
    assert_eq!(
        f(&mut m, &[5, 0, 0xffff_ffff], -22),
        "fcntl(5, F_DUPFD, 4294967295) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        f(&mut m, &[5, 8, 0xffff_fff9], 0),
        "fcntl(5, F_SETOWN, -7) = 0"
    );
    assert_eq!(
        f(&mut m, &[5, 0x270f, 5], -22),
        "fcntl(5, 0x270f /* F_??? */, 0x5) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        f(&mut m, &[5, 1036, P], 0),
        "fcntl(5, 0x40c /* F_??? */, 0x7ffd1000) = 0"
    );
    assert_eq!(
        f(&mut m, &[3, 1026, 6], -20),
        "fcntl(3, F_NOTIFY, DN_MODIFY|DN_CREATE) = -1 ENOTDIR (Not a directory)"
    );
    assert_eq!(
        f(&mut m, &[5, 1024, 0], 0),
        "fcntl(5, F_SETLEASE, F_RDLCK) = 0"
    );
}

fn termios(iflag: u32, oflag: u32, cflag: u32, lflag: u32, line: u8) -> Vec<u8> {
    let cc = [
        0x3, 0x1c, 0x7f, 0x15, 0x4, 0, 0x1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0, 0, 0,
    ];
    Bytes::new()
        .u32(iflag)
        .u32(oflag)
        .u32(cflag)
        .u32(lflag)
        .u8(line)
        .raw(&cc)
        .0
}

const TTY: &str = "c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, \
c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE";

#[test]
fn ioctl_terminal_requests() {
    let mut m = FakeMem::new();
    m.map(P, &termios(0x500, 0x5, 0xbf, 0x8a3b, 0));
    assert_eq!(
        x86("ioctl", &[0, 0x5401, P], 0, &mut m),
        format!("ioctl(0, TCGETS, {{{TTY}, ...}}) = 0")
    );
    assert_eq!(
        arm("ioctl", &[0, 0x5402, P], 0, &mut m),
        format!("ioctl(0, SNDCTL_TMR_START or TCSETS, {{{TTY}, ...}}) = 0")
    );
    assert_eq!(
        x86v("ioctl", &[0, 0x5401, P], 0, &mut m),
        format!(
            "ioctl(0, TCGETS, {{{TTY}, c_line=N_TTY, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, \
[VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, [VTIME]=0, [VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, \
[VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, [VREPRINT]=0x12, [VDISCARD]=0xf, [VWERASE]=0x17, \
[VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]}}) = 0"
        )
    );
    assert_eq!(
        x86("ioctl", &[3, 0x5401, P], -25, &mut m),
        "ioctl(3, TCGETS, 0x7ffd1000) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
    // strace's quirks: empty flag sets print nothing, the fixed fields keep their `|`.
    m.map(Q, &termios(0, 0x3500, 0x100f_1022, 0, 99));
    assert_eq!(
        x86v("ioctl", &[0, 0x5404, Q], 0, &mut m)
            .split(", c_cc")
            .next()
            .unwrap(),
        "ioctl(0, SNDCTL_TMR_CONTINUE or TCSETSF, {c_iflag=, c_oflag=NL1|CR2|TAB2|BS1|VT0|FF0|, \
c_cflag=B115200|B4000000<<IBSHIFT|CS7|, c_lflag=, c_line=0x63 /* N_??? */"
    );
    m.map(
        Q + 0x100,
        &termios(u32::MAX, u32::MAX, u32::MAX, u32::MAX, 7),
    );
    assert_eq!(
        x86("ioctl", &[0, 0x5403, Q + 0x100], 0, &mut m),
        "ioctl(0, SNDCTL_TMR_STOP or TCSETSW, {c_iflag=IGNBRK|BRKINT|IGNPAR|PARMRK|INPCK|ISTRIP|\
INLCR|IGNCR|ICRNL|IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8|0xffff8000, c_oflag=NL1|CR3|XTABS|BS1|VT1|\
FF1|OPOST|OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL|0xffff0000, c_cflag=B4000000|\
B4000000<<IBSHIFT|CS8|CSTOPB|CREAD|PARENB|PARODD|HUPCL|CLOCAL|CMSPAR|CRTSCTS|0x2ff0e000, \
c_lflag=ISIG|ICANON|XCASE|ECHO|ECHOE|ECHOK|ECHONL|NOFLSH|IEXTEN|ECHOCTL|ECHOPRT|ECHOKE|FLUSHO|\
PENDIN|TOSTOP|EXTPROC|0xfffe2000, ...}) = 0"
    );
    m.map(R, &Bytes::new().u16(24).u16(80).u16(0).u16(0).0);
    assert_eq!(
        x86("ioctl", &[1, 0x5413, R], 0, &mut m),
        "ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0"
    );
    m.map(R + 0x100, &25943u32.to_le_bytes());
    assert_eq!(
        arm("ioctl", &[0, 0x540f, R + 0x100], 0, &mut m),
        "ioctl(0, TIOCGPGRP, [25943]) = 0"
    );
    assert_eq!(
        x86("ioctl", &[0, 0x5410, R + 0x100], 0, &mut m),
        "ioctl(0, TIOCSPGRP, [25943]) = 0"
    );
}

#[test]
fn ioctl_other_requests() {
    let mut m = FakeMem::new();
    m.map(P, &1u32.to_le_bytes())
        .map(Q, &0x80000u32.to_le_bytes());
    assert_eq!(
        x86("ioctl", &[0, 0x5421, P], 0, &mut m),
        "ioctl(0, FIONBIO, [1]) = 0"
    );
    assert_eq!(
        x86("ioctl", &[0, 0x5451, 0], 0, &mut m),
        "ioctl(0, FIOCLEX) = 0"
    );
    assert_eq!(
        x86("ioctl", &[0, 0x540b, 0], 0, &mut m),
        "ioctl(0, TCFLSH, TCIFLUSH) = 0"
    );
    assert_eq!(
        arm("ioctl", &[3, 0x8008_6601, Q], 0, &mut m),
        "ioctl(3, FS_IOC_GETFLAGS, [FS_EXTENT_FL]) = 0"
    );
    assert_eq!(
        x86("ioctl", &[4, 0x4004_9409, 3], -95, &mut m),
        "ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)"
    );
    assert_eq!(
        x86("ioctl", &[0, 0x1234, 0], -25, &mut m),
        "ioctl(0, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
    assert_eq!(
        arm("ioctl", &[0, 0xc010_fe01, P], -25, &mut m),
        "ioctl(0, _IOC(_IOC_READ|_IOC_WRITE, 0xfe, 0x1, 0x10), 0x7ffd1000) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
    assert_eq!(
        x86("ioctl", &[0, 0x5603, 5], -25, &mut m),
        "ioctl(0, VBG_IOCTL_VMMDEV_REQUEST_BIG or VT_GETSTATE, 0x5) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
}

#[test]
fn pipe2_flags_per_arch() {
    let mut m = FakeMem::new();
    m.map(P, &Bytes::new().u32(5).u32(6).0);
    assert_eq!(
        x86("pipe2", &[P, 0o2004000], 0, &mut m),
        "pipe2([5, 6], O_NONBLOCK|O_CLOEXEC) = 0"
    );
    assert_eq!(
        x86("pipe2", &[P, 0o40000], 0, &mut m),
        "pipe2([5, 6], O_DIRECT) = 0"
    );
    assert_eq!(
        arm("pipe2", &[P, 0o200000], 0, &mut m),
        "pipe2([5, 6], O_DIRECT) = 0"
    );
    assert_eq!(arm("pipe2", &[P, 0], 0, &mut m), "pipe2([5, 6], 0) = 0");
}

#[test]
fn openat2_how() {
    let mut m = FakeMem::new();
    m.map_str(P, "/etc")
        .map(Q, &Bytes::new().u64(0o2000000).u64(0).u64(0xc).0)
        .map(R, &Bytes::new().u64(0o101).u64(0o644).u64(0).0);
    assert_eq!(
        x86("openat2", &[AT_FDCWD, P, Q, 24], -18, &mut m),
        r#"openat2(AT_FDCWD, "/etc", {flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH}, 24) = -1 EXDEV (Invalid cross-device link)"#
    );
    assert_eq!(
        arm("openat2", &[AT_FDCWD, P, R, 24], 3, &mut m),
        r#"openat2(AT_FDCWD, "/etc", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=0}, 24) = 3"#
    );
}
