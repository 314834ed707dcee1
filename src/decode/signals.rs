//! Signals: names, signal sets, and siginfo as strace prints them. x86_64 and aarch64 share the
//! generic numbering; real-time signals are SIGRTMIN (32) and SIGRT_n above it.

use super::xlat::Hx;
use super::xlat::{print_const, Radix, Xlat};
use std::borrow::Cow;
use std::io::Write;

const NAMES: [&str; 32] = [
    "0",
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS",
];

/// The highest signal number of these arches.
pub const NSIG: u64 = 64;

/// `SIGINT`, `SIGRTMIN`, `SIGRT_3`, or the number for anything else.
pub fn name(sig: u64) -> Cow<'static, str> {
    match sig {
        1..=31 => Cow::Borrowed(NAMES.get(sig as usize).copied().unwrap_or("?")),
        32 => Cow::Borrowed("SIGRTMIN"),
        33..=NSIG => Cow::Owned(format!("SIGRT_{}", sig - 32)),
        _ => Cow::Owned(format!("{}", sig as i64 as i32)),
    }
}

/// The number of a signal name (`SIGINT`, `INT`, `RTMIN`, `SIGRT_2`), or a number.
pub fn number(s: &str) -> Option<u64> {
    if let Ok(n) = s.parse::<u64>() {
        return (1..=NSIG).contains(&n).then_some(n);
    }
    let s = s.strip_prefix("SIG").unwrap_or(s).to_ascii_uppercase();
    (1..=NSIG).find(|&n| name(n).strip_prefix("SIG") == Some(s.as_str()))
}

/// Prints a signal number argument: its name, or the number with `/* SIG_??? */`... as strace
/// does for numbers outside 1..=64 (0 prints as `0`).
pub fn print_signal(out: &mut Vec<u8>, sig: u64) {
    let sig = sig as u32 as u64;
    super::xlat::styled(
        out,
        &|o: &mut Vec<u8>| {
            let _ = write!(o, "{}", sig as i32);
        },
        &|o: &mut Vec<u8>| {
            if (1..=NSIG).contains(&sig) {
                o.extend_from_slice(name(sig).as_bytes());
                true
            } else {
                let _ = write!(o, "{}", sig as i32);
                false
            }
        },
    );
}

/// Prints a signal set of `bits` valid bits (`[INT QUIT]`, `~[RTMIN RT_1]`, `[]`).
pub fn print_sigset(out: &mut Vec<u8>, mask: u64, bits: u32) {
    let bits = bits.min(NSIG as u32);
    let valid = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let mut mask = mask & valid;
    if mask.count_ones() * 2 > bits {
        out.push(b'~');
        mask = !mask & valid;
    }
    out.push(b'[');
    let mut first = true;
    for bit in 0..bits {
        if mask & (1 << bit) != 0 {
            if !first {
                out.push(b' ');
            }
            first = false;
            let num = u64::from(bit) + 1;
            let n = name(num);
            let short = n.strip_prefix("SIG").unwrap_or(&n);
            super::xlat::styled(
                out,
                &|o: &mut Vec<u8>| {
                    let _ = write!(o, "{num}");
                },
                &|o: &mut Vec<u8>| {
                    o.extend_from_slice(short.as_bytes());
                    true
                },
            );
        }
    }
    out.push(b']');
}

const SI_CODES: Xlat = Xlat {
    items: &[
        (0, "SI_USER"),
        (0x80, "SI_KERNEL"),
        ((-1i64) as u64, "SI_QUEUE"),
        ((-2i64) as u64, "SI_TIMER"),
        ((-3i64) as u64, "SI_MESGQ"),
        ((-4i64) as u64, "SI_ASYNCIO"),
        ((-5i64) as u64, "SI_SIGIO"),
        ((-6i64) as u64, "SI_TKILL"),
        ((-7i64) as u64, "SI_DETHREAD"),
        ((-60i64) as u64, "SI_ASYNCNL"),
    ],
    unknown: "",
};

fn signal_codes(sig: u64) -> &'static [&'static str] {
    match sig {
        4 => &[
            "ILL_ILLOPC",
            "ILL_ILLOPN",
            "ILL_ILLADR",
            "ILL_ILLTRP",
            "ILL_PRVOPC",
            "ILL_PRVREG",
            "ILL_COPROC",
            "ILL_BADSTK",
            "ILL_BADIADDR",
        ],
        8 => &[
            "FPE_INTDIV",
            "FPE_INTOVF",
            "FPE_FLTDIV",
            "FPE_FLTOVF",
            "FPE_FLTUND",
            "FPE_FLTRES",
            "FPE_FLTINV",
            "FPE_FLTSUB",
        ],
        11 => &[
            "SEGV_MAPERR",
            "SEGV_ACCERR",
            "SEGV_BNDERR",
            "SEGV_PKUERR",
            "SEGV_ACCADI",
            "SEGV_ADIDERR",
            "SEGV_ADIPERR",
            "SEGV_MTEAERR",
            "SEGV_MTESERR",
            "SEGV_CPERR",
        ],
        7 => &[
            "BUS_ADRALN",
            "BUS_ADRERR",
            "BUS_OBJERR",
            "BUS_MCEERR_AR",
            "BUS_MCEERR_AO",
        ],
        5 => &[
            "TRAP_BRKPT",
            "TRAP_TRACE",
            "TRAP_BRANCH",
            "TRAP_HWBKPT",
            "TRAP_UNK",
            "TRAP_PERF",
        ],
        17 => &[
            "CLD_EXITED",
            "CLD_KILLED",
            "CLD_DUMPED",
            "CLD_TRAPPED",
            "CLD_STOPPED",
            "CLD_CONTINUED",
        ],
        29 => &[
            "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP",
        ],
        31 => &["SYS_SECCOMP", "SYS_USER_DISPATCH"],
        _ => &[],
    }
}

/// The fields of a raw 64-bit `siginfo_t` that strace shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigInfo {
    pub signo: i32,
    pub errno: i32,
    pub code: i32,
    raw: [u64; 6],
}

impl SigInfo {
    /// Reads the kernel's 128-byte siginfo.
    pub fn from_bytes(b: &[u8]) -> SigInfo {
        let i32_at = |o: usize| {
            b.get(o..o + 4)
                .and_then(|s| s.try_into().ok())
                .map(i32::from_ne_bytes)
                .unwrap_or(0)
        };
        let mut raw = [0u64; 6];
        for (i, w) in raw.iter_mut().enumerate() {
            let o = 16 + 8 * i;
            *w = b
                .get(o..o + 8)
                .and_then(|s| s.try_into().ok())
                .map(u64::from_ne_bytes)
                .unwrap_or(0);
        }
        SigInfo {
            signo: i32_at(0),
            errno: i32_at(4),
            code: i32_at(8),
            raw,
        }
    }

    /// Builds one from its parts (for tests): `union_words` start at byte 16.
    pub fn new(signo: i32, errno: i32, code: i32, union_words: &[u64]) -> SigInfo {
        let mut raw = [0u64; 6];
        for (d, s) in raw.iter_mut().zip(union_words) {
            *d = *s;
        }
        SigInfo {
            signo,
            errno,
            code,
            raw,
        }
    }

    fn lo32(&self, word: usize) -> i32 {
        self.raw.get(word).map(|w| *w as u32 as i32).unwrap_or(0)
    }
    fn hi32(&self, word: usize) -> u32 {
        self.raw.get(word).map(|w| (*w >> 32) as u32).unwrap_or(0)
    }
    fn word(&self, word: usize) -> u64 {
        self.raw.get(word).copied().unwrap_or(0)
    }
}

fn print_ptr(out: &mut Vec<u8>, p: u64) {
    if p == 0 {
        out.extend_from_slice(b"NULL");
    } else {
        let _ = write!(out, "{}", Hx(p));
    }
}

/// Prints `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=..., ...}`.
pub fn print_siginfo(out: &mut Vec<u8>, si: &SigInfo) {
    let sig = si.signo as u32 as u64;
    out.extend_from_slice(b"{si_signo=");
    print_signal(out, sig);
    if si.errno != 0 {
        let _ = write!(out, ", si_errno=");
        match super::errno::name(si.errno.unsigned_abs() as u64) {
            Some(n) => out.extend_from_slice(n.as_bytes()),
            None => {
                let _ = write!(out, "{}", si.errno);
            }
        }
    }
    out.extend_from_slice(b", si_code=");
    let code = si.code;
    let user = code <= 0 || code == 0x80;
    if user {
        print_const(out, &SI_CODES, code as i64 as u64, Radix::Dec);
    } else {
        match signal_codes(sig).get((code - 1) as usize) {
            Some(n) => super::xlat::styled_hex(out, code as u64, &|o: &mut Vec<u8>| {
                o.extend_from_slice(n.as_bytes());
                true
            }),
            None => {
                let _ = write!(out, "{code}");
            }
        }
    }
    if user {
        match code {
            -2 => {
                // SI_TIMER
                let _ = write!(
                    out,
                    ", si_timerid={}, si_overrun={}",
                    Hx(si.lo32(0) as u32 as u64),
                    si.hi32(0)
                );
                print_sigval(out, si);
            }
            0x80 => {
                if matches!(sig, 4 | 7 | 8 | 11) {
                    out.extend_from_slice(b", si_addr=");
                    print_ptr(out, si.word(0));
                }
            }
            _ => {
                let _ = write!(out, ", si_pid={}, si_uid={}", si.lo32(0), si.hi32(0));
                if matches!(code, -1 | -3 | -4 | -60) {
                    print_sigval(out, si);
                }
            }
        }
    } else {
        match sig {
            17 => {
                let _ = write!(
                    out,
                    ", si_pid={}, si_uid={}, si_status=",
                    si.lo32(0),
                    si.hi32(0)
                );
                let status = si.lo32(1);
                if code == 1 {
                    let _ = write!(out, "{status}");
                } else {
                    print_signal(out, status as u64);
                }
                out.extend_from_slice(b", si_utime=");
                print_clock_ticks(out, si.word(2));
                out.extend_from_slice(b", si_stime=");
                print_clock_ticks(out, si.word(3));
            }
            4 | 5 | 7 | 8 | 11 => {
                out.extend_from_slice(b", si_addr=");
                print_ptr(out, si.word(0));
            }
            29 => {
                let _ = write!(out, ", si_band={}, si_fd={}", si.word(0) as i64, si.lo32(1));
            }
            31 => {
                out.extend_from_slice(b", si_call_addr=");
                print_ptr(out, si.word(0));
                let _ = write!(
                    out,
                    ", si_syscall={}, si_arch={}",
                    si.lo32(1),
                    Hx(u64::from(si.hi32(1)))
                );
            }
            _ => {}
        }
    }
    out.push(b'}');
}

/// CPU time in clock ticks (USER_HZ, 100 on Linux), with the seconds in a comment when not 0:
/// `1 /* 0.01 s */`.
fn print_clock_ticks(out: &mut Vec<u8>, ticks: u64) {
    let _ = write!(out, "{}", ticks as i64);
    if ticks != 0 {
        let _ = write!(out, " /* {}.{:02} s */", ticks / 100, ticks % 100);
    }
}

fn print_sigval(out: &mut Vec<u8>, si: &SigInfo) {
    let v = si.word(1);
    let _ = write!(out, ", si_int={}, si_ptr=", v as u32 as i32);
    print_ptr(out, v);
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::decode::written as s;

    #[test]
    fn names() {
        assert_eq!(name(2), "SIGINT");
        assert_eq!(name(29), "SIGIO");
        assert_eq!(name(32), "SIGRTMIN");
        assert_eq!(name(34), "SIGRT_2");
        assert_eq!(name(0), "0");
        assert_eq!(number("SIGTERM"), Some(15));
        assert_eq!(number("kill"), Some(9));
        assert_eq!(number("RT_1"), Some(33));
        assert_eq!(number("9"), Some(9));
        assert_eq!(number("SIGNOPE"), None);
    }

    #[test]
    fn sigsets() {
        assert_eq!(s(|o| print_sigset(o, 0, 64)), "[]");
        assert_eq!(s(|o| print_sigset(o, 0b110, 64)), "[INT QUIT]");
        assert_eq!(s(|o| print_sigset(o, !(3u64 << 31), 64)), "~[RTMIN RT_1]");
        assert_eq!(s(|o| print_sigset(o, u64::MAX, 64)), "~[]");
        assert_eq!(s(|o| print_sigset(o, 1 << 16, 64)), "[CHLD]");
    }

    #[test]
    fn siginfo_chld_segv_user() {
        let chld = SigInfo::new(17, 0, 1, &[1772, 0, 0, 0]);
        assert_eq!(
            s(|o| print_siginfo(o, &chld)),
            "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1772, si_uid=0, si_status=0, si_utime=0, si_stime=0}"
        );
        let killed = SigInfo::new(17, 0, 2, &[5 | (1000u64 << 32), 9, 1, 250]);
        assert_eq!(
            s(|o| print_siginfo(o, &killed)),
            "{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=5, si_uid=1000, si_status=SIGKILL, si_utime=1 /* 0.01 s */, si_stime=250 /* 2.50 s */}"
        );
        let segv = SigInfo::new(11, 0, 1, &[0]);
        assert_eq!(
            s(|o| print_siginfo(o, &segv)),
            "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}"
        );
        let stop = SigInfo::new(19, 0, 0, &[23625]);
        assert_eq!(
            s(|o| print_siginfo(o, &stop)),
            "{si_signo=SIGSTOP, si_code=SI_USER, si_pid=23625, si_uid=0}"
        );
        let tkill = SigInfo::new(10, 0, -6, &[7]);
        assert_eq!(
            s(|o| print_siginfo(o, &tkill)),
            "{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=7, si_uid=0}"
        );
    }

    #[test]
    fn siginfo_from_bytes() {
        let mut b = [0u8; 128];
        b[0..4].copy_from_slice(&11i32.to_ne_bytes());
        b[8..12].copy_from_slice(&2i32.to_ne_bytes());
        b[16..24].copy_from_slice(&0x1000u64.to_ne_bytes());
        let si = SigInfo::from_bytes(&b);
        assert_eq!(
            s(|o| print_siginfo(o, &si)),
            "{si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x1000}"
        );
        // Garbage never panics.
        let junk = SigInfo::from_bytes(&[0xff; 7]);
        let _ = s(|o| print_siginfo(o, &junk));
        let junk = SigInfo::new(-5, 999, 77, &[u64::MAX; 6]);
        let _ = s(|o| print_siginfo(o, &junk));
    }
}
