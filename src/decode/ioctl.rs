//! ioctl: request names (strace joins the names of requests that share a number with " or "),
//! unknown requests as `_IOC(dir, type, nr, size)`, and the arguments of the terminal and
//! file requests: termios, winsize, integers passed by pointer, file attribute flags.

use super::args::{print_hex, print_int, print_ptr};
use super::mem::read_u32;
use super::structs::{read_struct, u32_at};
use super::xlat::{print_const, print_flags, Hx, Radix, Xlat};
use super::Ctx;
use std::io::Write;

macro_rules! xlat {
    ($name:ident, $unknown:expr, [$(($v:expr, $n:expr)),* $(,)?]) => {
        const $name: Xlat = Xlat { items: &[$(($v as u64, $n)),*], unknown: $unknown };
    };
}

/// Request numbers and names. The same on x86_64 and aarch64 (both use the generic layout).
const NAMES: &[(u32, &str)] = &[
    (0x1, "FIBMAP"),
    (0x2, "FIGETBSZ"),
    (0x125d, "BLKROSET"),
    (0x125e, "BLKROGET"),
    (0x125f, "BLKRRPART"),
    (0x1260, "BLKGETSIZE"),
    (0x1261, "BLKFLSBUF"),
    (0x1268, "BLKSSZGET"),
    (0x1277, "BLKDISCARD"),
    (0x1278, "BLKIOMIN"),
    (0x1279, "BLKIOOPT"),
    (0x127a, "BLKALIGNOFF"),
    (0x127b, "BLKPBSZGET"),
    (0x127f, "BLKZEROOUT"),
    (0x5401, "TCGETS"),
    (0x5402, "SNDCTL_TMR_START or TCSETS"),
    (0x5403, "SNDCTL_TMR_STOP or TCSETSW"),
    (0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF"),
    (0x5405, "TCGETA"),
    (0x5406, "TCSETA"),
    (0x5407, "TCSETAW"),
    (0x5408, "TCSETAF"),
    (0x5409, "TCSBRK"),
    (0x540a, "TCXONC"),
    (0x540b, "TCFLSH"),
    (0x540c, "TIOCEXCL"),
    (0x540d, "TIOCNXCL"),
    (0x540e, "TIOCSCTTY"),
    (0x540f, "TIOCGPGRP"),
    (0x5410, "TIOCSPGRP"),
    (0x5411, "TIOCOUTQ"),
    (0x5412, "TIOCSTI"),
    (0x5413, "TIOCGWINSZ"),
    (0x5414, "TIOCSWINSZ"),
    (0x5415, "TIOCMGET"),
    (0x5416, "TIOCMBIS"),
    (0x5417, "TIOCMBIC"),
    (0x5418, "TIOCMSET"),
    (0x5419, "TIOCGSOFTCAR"),
    (0x541a, "TIOCSSOFTCAR"),
    (0x541b, "FIONREAD"),
    (0x541c, "TIOCLINUX"),
    (0x541d, "TIOCCONS"),
    (0x541e, "TIOCGSERIAL"),
    (0x541f, "TIOCSSERIAL"),
    (0x5420, "TIOCPKT"),
    (0x5421, "FIONBIO"),
    (0x5422, "TIOCNOTTY"),
    (0x5423, "TIOCSETD"),
    (0x5424, "TIOCGETD"),
    (0x5425, "TCSBRKP"),
    (0x5427, "TIOCSBRK"),
    (0x5428, "TIOCCBRK"),
    (0x5429, "TIOCGSID"),
    (0x5432, "TCGETX"),
    (0x5433, "TCSETX"),
    (0x5434, "TCSETXF"),
    (0x5435, "TCSETXW"),
    (0x5437, "TIOCVHANGUP"),
    (0x5441, "TIOCGPTPEER"),
    (0x5450, "FIONCLEX"),
    (0x5451, "FIOCLEX"),
    (0x5452, "FIOASYNC"),
    (0x5453, "TIOCSERCONFIG"),
    (0x5454, "TIOCSERGWILD"),
    (0x5455, "TIOCSERSWILD"),
    (0x5456, "TIOCGLCKTRMIOS"),
    (0x5457, "TIOCSLCKTRMIOS"),
    (0x5458, "TIOCSERGSTRUCT"),
    (0x5459, "TIOCSERGETLSR"),
    (0x545a, "TIOCSERGETMULTI"),
    (0x545b, "TIOCSERSETMULTI"),
    (0x545c, "TIOCMIWAIT"),
    (0x545d, "TIOCGICOUNT"),
    (0x5460, "FIOQSIZE"),
    (0x5603, "VBG_IOCTL_VMMDEV_REQUEST_BIG or VT_GETSTATE"),
    (0x4020940d, "BTRFS_IOC_CLONE_RANGE or FICLONERANGE"),
    (0x40045431, "TIOCSPTLCK"),
    (0x40045436, "TIOCSIG"),
    (0x40049409, "BTRFS_IOC_CLONE or FICLONE"),
    (0x40086602, "FS_IOC_SETFLAGS"),
    (0x40087602, "FS_IOC_SETVERSION"),
    (0x401c5820, "FS_IOC_FSSETXATTR"),
    (0x402c542b, "TCSETS2"),
    (0x402c542c, "TCSETSW2"),
    (0x402c542d, "TCSETSF2"),
    (0x80045430, "TIOCGPTN"),
    (0x80045432, "TIOCGDEV"),
    (0x80045438, "TIOCGPKT"),
    (0x80045439, "TIOCGPTLCK"),
    (0x80045440, "TIOCGEXCL"),
    (0x80081270, "BLKBSZGET"),
    (0x80081272, "BLKGETSIZE64"),
    (0x80086601, "FS_IOC_GETFLAGS"),
    (0x80087601, "FS_IOC_GETVERSION"),
    (0x801c581f, "FS_IOC_FSGETXATTR"),
    (0x802c542a, "TCGETS2"),
    (0xc0045877, "FIFREEZE"),
    (0xc0045878, "FITHAW"),
    (0xc0185879, "FITRIM"),
    (0xc020660b, "FS_IOC_FIEMAP"),
    (0xc0189436, "BTRFS_IOC_FILE_EXTENT_SAME or FIDEDUPERANGE"),
];

const TCGETS: u32 = 0x5401;
const TCSETS: u32 = 0x5402;
const TCSETSW: u32 = 0x5403;
const TCSETSF: u32 = 0x5404;
const TCSBRK: u32 = 0x5409;
const TCXONC: u32 = 0x540a;
const TCFLSH: u32 = 0x540b;
const TIOCEXCL: u32 = 0x540c;
const TIOCNXCL: u32 = 0x540d;
const TIOCSCTTY: u32 = 0x540e;
const TIOCGPGRP: u32 = 0x540f;
const TIOCSPGRP: u32 = 0x5410;
const TIOCOUTQ: u32 = 0x5411;
const TIOCGWINSZ: u32 = 0x5413;
const TIOCSWINSZ: u32 = 0x5414;
const FIONREAD: u32 = 0x541b;
const FIONBIO: u32 = 0x5421;
const TIOCNOTTY: u32 = 0x5422;
const TCSBRKP: u32 = 0x5425;
const TIOCGSID: u32 = 0x5429;
const FIONCLEX: u32 = 0x5450;
const FIOCLEX: u32 = 0x5451;
const FIOASYNC: u32 = 0x5452;
const TIOCSPTLCK: u32 = 0x40045431;
const FICLONE: u32 = 0x40049409;
const TIOCGPTN: u32 = 0x80045430;
const FS_IOC_GETFLAGS: u32 = 0x80086601;
const FS_IOC_SETFLAGS: u32 = 0x40086602;

/// How a request's argument is shown.
#[derive(Clone, Copy)]
enum Arg {
    /// No argument.
    None,
    /// The argument in hex, at entry.
    Raw,
    /// A decimal int, at entry.
    Int,
    /// A constant at entry.
    Const(&'static Xlat),
    /// An int passed in by pointer: `[1]`.
    IntIn,
    /// An int filled in by the kernel.
    IntOut,
    /// File attribute flags by pointer.
    FlagsIn,
    FlagsOut,
    TermiosIn,
    TermiosOut,
    WinsizeIn,
    WinsizeOut,
}

impl Arg {
    fn at_exit(self) -> bool {
        matches!(
            self,
            Arg::IntOut | Arg::FlagsOut | Arg::TermiosOut | Arg::WinsizeOut
        )
    }
}

xlat!(
    TCFLSH_ARGS,
    "TC???",
    [(0, "TCIFLUSH"), (1, "TCOFLUSH"), (2, "TCIOFLUSH")]
);
xlat!(
    TCXONC_ARGS,
    "TC???",
    [(0, "TCOOFF"), (1, "TCOON"), (2, "TCIOFF"), (3, "TCION")]
);

fn arg_kind(req: u32) -> Arg {
    match req {
        TCGETS => Arg::TermiosOut,
        TCSETS | TCSETSW | TCSETSF => Arg::TermiosIn,
        TIOCGWINSZ => Arg::WinsizeOut,
        TIOCSWINSZ => Arg::WinsizeIn,
        TIOCGPGRP | TIOCGSID | FIONREAD | TIOCOUTQ | TIOCGPTN => Arg::IntOut,
        TIOCSPGRP | FIONBIO | FIOASYNC | TIOCSPTLCK => Arg::IntIn,
        FIOCLEX | FIONCLEX | TIOCEXCL | TIOCNXCL | TIOCNOTTY => Arg::None,
        TCFLSH => Arg::Const(&TCFLSH_ARGS),
        TCXONC => Arg::Const(&TCXONC_ARGS),
        TCSBRK | TCSBRKP | TIOCSCTTY | FICLONE => Arg::Int,
        FS_IOC_GETFLAGS => Arg::FlagsOut,
        FS_IOC_SETFLAGS => Arg::FlagsIn,
        _ => Arg::Raw,
    }
}

/// `_IOC(_IOC_READ|_IOC_WRITE, 0xfe, 0x1, 0x10)` for a request rtrace has no name for.
fn print_ioc(out: &mut Vec<u8>, req: u32) {
    let dir = req >> 30;
    out.extend_from_slice(b"_IOC(");
    out.extend_from_slice(match dir {
        0 => b"_IOC_NONE".as_slice(),
        1 => b"_IOC_WRITE",
        2 => b"_IOC_READ",
        _ => b"_IOC_READ|_IOC_WRITE",
    });
    let _ = write!(
        out,
        ", {}, {}, {})",
        Hx(u64::from((req >> 8) & 0xff)),
        Hx(u64::from(req & 0xff)),
        Hx(u64::from((req >> 16) & 0x3fff))
    );
}

fn request(ctx: &Ctx) -> u32 {
    ctx.call.arg(1) as u32
}

/// The request and, for requests that pass something in, the argument.
pub fn ioctl_entry(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let req = request(ctx);
    super::xlat::styled_hex(out, u64::from(req), &|out: &mut Vec<u8>| {
        match NAMES.iter().find(|(v, _)| *v == req) {
            Some((_, n)) => out.extend_from_slice(n.as_bytes()),
            None => print_ioc(out, req),
        }
        true
    });
    let arg = ctx.call.arg(2);
    let kind = arg_kind(req);
    if matches!(kind, Arg::None) {
        return;
    }
    out.extend_from_slice(b", ");
    match kind {
        Arg::Raw => print_hex(out, arg),
        Arg::Int => print_int(out, arg),
        Arg::Const(x) => print_const(out, x, arg, Radix::Dec),
        Arg::IntIn => print_int_at(ctx, out, arg),
        Arg::FlagsIn => print_fsflags_at(ctx, out, arg),
        Arg::TermiosIn => print_termios_at(ctx, out, arg),
        Arg::WinsizeIn => print_winsize_at(ctx, out, arg),
        _ => {}
    }
}

/// The argument of requests that fill it in; the pointer when the call failed.
pub fn ioctl_exit(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let kind = arg_kind(request(ctx));
    if !kind.at_exit() {
        return;
    }
    let arg = ctx.call.arg(2);
    if ctx.call.ok_ret().is_none() {
        print_ptr(out, arg);
        return;
    }
    match kind {
        Arg::IntOut => print_int_at(ctx, out, arg),
        Arg::FlagsOut => print_fsflags_at(ctx, out, arg),
        Arg::TermiosOut => print_termios_at(ctx, out, arg),
        Arg::WinsizeOut => print_winsize_at(ctx, out, arg),
        _ => {}
    }
}

fn print_int_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    match read_u32(ctx.mem, addr) {
        Some(v) => {
            let _ = write!(out, "[{}]", v as i32);
        }
        None => print_ptr(out, addr),
    }
}

xlat!(
    FS_FLAGS,
    "FS_???",
    [
        (0x1, "FS_SECRM_FL"),
        (0x2, "FS_UNRM_FL"),
        (0x4, "FS_COMPR_FL"),
        (0x8, "FS_SYNC_FL"),
        (0x10, "FS_IMMUTABLE_FL"),
        (0x20, "FS_APPEND_FL"),
        (0x40, "FS_NODUMP_FL"),
        (0x80, "FS_NOATIME_FL"),
        (0x100, "FS_DIRTY_FL"),
        (0x200, "FS_COMPRBLK_FL"),
        (0x400, "FS_NOCOMP_FL"),
        (0x800, "FS_ENCRYPT_FL"),
        (0x1000, "FS_INDEX_FL"),
        (0x2000, "FS_IMAGIC_FL"),
        (0x4000, "FS_JOURNAL_DATA_FL"),
        (0x8000, "FS_NOTAIL_FL"),
        (0x10000, "FS_DIRSYNC_FL"),
        (0x20000, "FS_TOPDIR_FL"),
        (0x40000, "FS_HUGE_FILE_FL"),
        (0x80000, "FS_EXTENT_FL"),
        (0x100000, "FS_VERITY_FL"),
        (0x200000, "FS_EA_INODE_FL"),
        (0x400000, "FS_EOFBLOCKS_FL"),
        (0x800000, "FS_NOCOW_FL"),
        (0x2000000, "FS_DAX_FL"),
        (0x10000000, "FS_INLINE_DATA_FL"),
        (0x20000000, "FS_PROJINHERIT_FL"),
        (0x40000000, "FS_CASEFOLD_FL"),
        (0x80000000, "FS_RESERVED_FL"),
    ]
);

fn print_fsflags_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    match read_u32(ctx.mem, addr) {
        Some(v) => {
            out.push(b'[');
            print_flags(out, &FS_FLAGS, u64::from(v));
            out.push(b']');
        }
        None => print_ptr(out, addr),
    }
}

fn print_winsize_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<8>(ctx, out, addr) {
        let h = |k: usize| {
            b.get(2 * k..2 * k + 2)
                .and_then(|s| s.try_into().ok())
                .map(u16::from_ne_bytes)
                .unwrap_or(0)
        };
        let _ = write!(
            out,
            "{{ws_row={}, ws_col={}, ws_xpixel={}, ws_ypixel={}}}",
            h(0),
            h(1),
            h(2),
            h(3)
        );
    }
}

// ---- termios ----

xlat!(
    IFLAGS,
    "",
    [
        (0x1, "IGNBRK"),
        (0x2, "BRKINT"),
        (0x4, "IGNPAR"),
        (0x8, "PARMRK"),
        (0x10, "INPCK"),
        (0x20, "ISTRIP"),
        (0x40, "INLCR"),
        (0x80, "IGNCR"),
        (0x100, "ICRNL"),
        (0x200, "IUCLC"),
        (0x400, "IXON"),
        (0x800, "IXANY"),
        (0x1000, "IXOFF"),
        (0x2000, "IMAXBEL"),
        (0x4000, "IUTF8"),
    ]
);

xlat!(
    OFLAGS,
    "",
    [
        (0x1, "OPOST"),
        (0x2, "OLCUC"),
        (0x4, "ONLCR"),
        (0x8, "OCRNL"),
        (0x10, "ONOCR"),
        (0x20, "ONLRET"),
        (0x40, "OFILL"),
        (0x80, "OFDEL"),
    ]
);

xlat!(
    CFLAGS,
    "",
    [
        (0x40, "CSTOPB"),
        (0x80, "CREAD"),
        (0x100, "PARENB"),
        (0x200, "PARODD"),
        (0x400, "HUPCL"),
        (0x800, "CLOCAL"),
        (0x40000000, "CMSPAR"),
        (0x80000000, "CRTSCTS"),
    ]
);

xlat!(
    LFLAGS,
    "",
    [
        (0x1, "ISIG"),
        (0x2, "ICANON"),
        (0x4, "XCASE"),
        (0x8, "ECHO"),
        (0x10, "ECHOE"),
        (0x20, "ECHOK"),
        (0x40, "ECHONL"),
        (0x80, "NOFLSH"),
        (0x8000, "IEXTEN"),
        (0x200, "ECHOCTL"),
        (0x400, "ECHOPRT"),
        (0x800, "ECHOKE"),
        (0x1000, "FLUSHO"),
        (0x4000, "PENDIN"),
        (0x100, "TOSTOP"),
        (0x10000, "EXTPROC"),
    ]
);

xlat!(
    BAUDS,
    "",
    [
        (0, "B0"),
        (1, "B50"),
        (2, "B75"),
        (3, "B110"),
        (4, "B134"),
        (5, "B150"),
        (6, "B200"),
        (7, "B300"),
        (8, "B600"),
        (9, "B1200"),
        (10, "B1800"),
        (11, "B2400"),
        (12, "B4800"),
        (13, "B9600"),
        (14, "B19200"),
        (15, "B38400"),
        (0x1000, "BOTHER"),
        (0x1001, "B57600"),
        (0x1002, "B115200"),
        (0x1003, "B230400"),
        (0x1004, "B460800"),
        (0x1005, "B500000"),
        (0x1006, "B576000"),
        (0x1007, "B921600"),
        (0x1008, "B1000000"),
        (0x1009, "B1152000"),
        (0x100a, "B1500000"),
        (0x100b, "B2000000"),
        (0x100c, "B2500000"),
        (0x100d, "B3000000"),
        (0x100e, "B3500000"),
        (0x100f, "B4000000"),
    ]
);

xlat!(
    LINE_DISCIPLINES,
    "N_???",
    [
        (0, "N_TTY"),
        (1, "N_SLIP"),
        (2, "N_MOUSE"),
        (3, "N_PPP"),
        (4, "N_STRIP"),
        (5, "N_AX25"),
        (6, "N_X25"),
        (7, "N_6PACK"),
        (8, "N_MASC"),
        (9, "N_R3964"),
        (10, "N_PROFIBUS_FDL"),
        (11, "N_IRDA"),
        (12, "N_SMSBLOCK"),
        (13, "N_HDLC"),
        (14, "N_SYNC_PPP"),
        (15, "N_HCI"),
        (16, "N_GIGASET_M101"),
        (17, "N_SLCAN"),
        (18, "N_PPS"),
        (19, "N_V253"),
        (20, "N_CAIF"),
        (21, "N_GSM0710"),
        (22, "N_TI_WL"),
        (23, "N_TRACESINK"),
        (24, "N_TRACEROUTER"),
        (25, "N_NCI"),
        (26, "N_SPEAKUP"),
        (27, "N_NULL"),
        (28, "N_MCTP"),
        (29, "N_DEVELOPMENT"),
    ]
);

const CC_NAMES: [&str; 17] = [
    "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP",
    "VSUSP", "VEOL", "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2",
];

/// Flags as strace prints termios flags: nothing at all when none is set.
fn termios_flags(out: &mut Vec<u8>, x: &Xlat, v: u64) {
    if v != 0 {
        print_flags(out, x, v);
    }
}

fn print_baud(out: &mut Vec<u8>, v: u64) {
    match BAUDS.name(v) {
        Some(n) => out.extend_from_slice(n.as_bytes()),
        None => {
            let _ = write!(out, "{}", Hx(v));
        }
    }
}

/// The kernel's `struct termios` (36 bytes on both arches), as TCGETS/TCSETS show it.
fn print_termios_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let Some(b) = read_struct::<36>(ctx, out, addr) else {
        return;
    };
    let (iflag, oflag, cflag, lflag) = (
        u64::from(u32_at(&b, 0)),
        u64::from(u32_at(&b, 4)),
        u64::from(u32_at(&b, 8)),
        u64::from(u32_at(&b, 12)),
    );
    out.extend_from_slice(b"{c_iflag=");
    termios_flags(out, &IFLAGS, iflag);
    let tab = match oflag & 0x1800 {
        0x1800 => String::from("XTABS"),
        t => format!("TAB{}", t >> 11),
    };
    let _ = write!(
        out,
        ", c_oflag=NL{}|CR{}|{tab}|BS{}|VT{}|FF{}|",
        (oflag >> 8) & 1,
        (oflag >> 9) & 3,
        (oflag >> 13) & 1,
        (oflag >> 14) & 1,
        (oflag >> 15) & 1
    );
    termios_flags(out, &OFLAGS, oflag & !0xff00);
    out.extend_from_slice(b", c_cflag=");
    print_baud(out, cflag & 0x100f);
    out.push(b'|');
    let ibaud = (cflag >> 16) & 0x100f;
    if ibaud != 0 {
        print_baud(out, ibaud);
        out.extend_from_slice(b"<<IBSHIFT|");
    }
    let _ = write!(out, "CS{}|", 5 + ((cflag >> 4) & 3));
    termios_flags(out, &CFLAGS, cflag & !0x100f_103f);
    out.extend_from_slice(b", c_lflag=");
    termios_flags(out, &LFLAGS, lflag);
    if !ctx.opts.verbose {
        out.extend_from_slice(b", ...}");
        return;
    }
    out.extend_from_slice(b", c_line=");
    let line = b.get(16).copied().unwrap_or(0);
    print_const(out, &LINE_DISCIPLINES, u64::from(line), Radix::Hex);
    out.extend_from_slice(b", c_cc=[");
    for (k, v) in b.get(17..36).unwrap_or(&[]).iter().enumerate() {
        if k > 0 {
            out.extend_from_slice(b", ");
        }
        match CC_NAMES.get(k) {
            Some(n) => {
                let _ = write!(out, "[{n}]={}", Hx(u64::from(*v)));
            }
            None => {
                let _ = write!(out, "[{k}]={}", Hx(u64::from(*v)));
            }
        }
    }
    out.extend_from_slice(b"]}");
}
