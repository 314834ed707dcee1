//! Time as strace prints it: dates in comments (`/* 2026-11-30T06:04:18.269828599+0000 */`),
//! timespec, timeval, itimerspec, itimerval, timezone, sigevent, and the decoders of the time,
//! timer and clock syscalls.

use super::args::{print_int, print_ptr};
use super::mem::{read_exact, read_u32, read_u64};
use super::signals::print_signal;
use super::structs::{failed_out, read_struct, u32_at, u64_at};
use super::xlat::{print_const, Hx, Radix, Xlat};
use super::Ctx;
use std::io::Write;

/// The local time zone's offset at `secs` (UTC in unit tests, so golden lines do not depend on
/// the machine's zone).
fn utc_offset(secs: i64) -> i64 {
    #[cfg(test)]
    {
        let _ = secs;
        0
    }
    #[cfg(not(test))]
    {
        crate::sys::utc_offset(secs).unwrap_or(0)
    }
}

/// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift to a 400-year era starting on 0000-03-01, so leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-11-30T06:04:18.269828599+0000`: local time, with `frac` (value, digits) after the
/// seconds when it is not zero.
pub fn print_date(out: &mut Vec<u8>, secs: i64, frac: Option<(u64, usize)>) {
    let off = utc_offset(secs);
    let local = secs.saturating_add(off);
    let (y, mo, d) = civil_from_days(local.div_euclid(86_400));
    let sod = local.rem_euclid(86_400);
    let _ = write!(
        out,
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    );
    if let Some((v, digits)) = frac {
        if v != 0 {
            let _ = write!(out, ".{v:0digits$}");
        }
    }
    let sign = if off < 0 { '-' } else { '+' };
    let a = off.unsigned_abs();
    let _ = write!(out, "{sign}{:02}{:02}", a / 3600, a / 60 % 60);
}

/// ` /* date */` after a time value; nothing for the epoch itself (strace leaves a zero time
/// bare) or for a fraction out of range.
pub fn print_date_comment(out: &mut Vec<u8>, secs: i64, frac: Option<(u64, usize)>) {
    let (v, digits) = frac.unwrap_or((0, 0));
    if v >= 10u64.pow(digits as u32) || (secs == 0 && v == 0) {
        return;
    }
    out.extend_from_slice(b" /* ");
    print_date(out, secs, frac);
    out.extend_from_slice(b" */");
}

// ---- timespec and timeval ----

/// `{tv_sec=1, tv_nsec=500}` from the 16 bytes of a timespec.
pub fn write_timespec(out: &mut Vec<u8>, b: &[u8]) {
    let _ = write!(
        out,
        "{{tv_sec={}, tv_nsec={}}}",
        u64_at(b, 0) as i64,
        u64_at(b, 8) as i64
    );
}

/// `{tv_sec=1, tv_usec=500}` from the 16 bytes of a timeval.
pub fn write_timeval(out: &mut Vec<u8>, b: &[u8]) {
    let _ = write!(
        out,
        "{{tv_sec={}, tv_usec={}}}",
        u64_at(b, 0) as i64,
        u64_at(b, 8) as i64
    );
}

pub fn print_timeval_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<16>(ctx, out, addr) {
        write_timeval(out, &b);
    }
}

pub fn timeval_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_timeval_at(ctx, out, ctx.call.arg(i));
}

pub fn timeval_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_timeval_at(ctx, out, addr);
    }
}

fn print_timezone_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<8>(ctx, out, addr) {
        let _ = write!(
            out,
            "{{tz_minuteswest={}, tz_dsttime={}}}",
            u32_at(&b, 0) as i32,
            u32_at(&b, 4) as i32
        );
    }
}

pub fn timezone_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_timezone_at(ctx, out, ctx.call.arg(i));
}

pub fn timezone_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_timezone_at(ctx, out, addr);
    }
}

/// time's `[1796018831 /* 2026-11-30T06:07:11+0000 */]`.
pub fn time_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if addr == 0 || ctx.call.ok_ret().is_none() {
        print_ptr(out, addr);
        return;
    }
    match read_u64(ctx.mem, addr) {
        Some(t) => {
            let _ = write!(out, "[{}", t as i64);
            print_date_comment(out, t as i64, None);
            out.push(b']');
        }
        None => print_ptr(out, addr),
    }
}

/// time's result: `1796018831 (2026-11-30T06:07:11+0000)`.
pub fn time_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    let _ = write!(out, "{r} (");
    print_date(out, r, None);
    out.push(b')');
    true
}

// ---- interval timers ----

/// `{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=500000}}`.
fn print_itimerval_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<32>(ctx, out, addr) {
        out.extend_from_slice(b"{it_interval=");
        write_timeval(out, b.get(..16).unwrap_or(&[]));
        out.extend_from_slice(b", it_value=");
        write_timeval(out, b.get(16..).unwrap_or(&[]));
        out.push(b'}');
    }
}

pub fn itimerval_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_itimerval_at(ctx, out, ctx.call.arg(i));
}

pub fn itimerval_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_itimerval_at(ctx, out, addr);
    }
}

/// `{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=10, tv_nsec=0}}`.
fn print_itimerspec_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<32>(ctx, out, addr) {
        out.extend_from_slice(b"{it_interval=");
        write_timespec(out, b.get(..16).unwrap_or(&[]));
        out.extend_from_slice(b", it_value=");
        write_timespec(out, b.get(16..).unwrap_or(&[]));
        out.push(b'}');
    }
}

pub fn itimerspec_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_itimerspec_at(ctx, out, ctx.call.arg(i));
}

pub fn itimerspec_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_itimerspec_at(ctx, out, addr);
    }
}

// ---- POSIX timers ----

const SIGEV_SIGNAL: u32 = 0;
const SIGEV_NONE: u32 = 1;
const SIGEV_THREAD: u32 = 2;
const SIGEV_THREAD_ID: u32 = 4;

const SIGEV_NOTIFY: Xlat = Xlat {
    items: &[
        (0, "SIGEV_SIGNAL"),
        (1, "SIGEV_NONE"),
        (2, "SIGEV_THREAD"),
        (4, "SIGEV_THREAD_ID"),
    ],
    unknown: "SIGEV_???",
};

/// `{sigev_value={sival_int=5, sival_ptr=0x5}, sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL}`.
fn print_sigevent_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let Some(b) = read_struct::<32>(ctx, out, addr) else {
        return;
    };
    let value = u64_at(&b, 0);
    let signo = u32_at(&b, 8);
    let notify = u32_at(&b, 12);
    out.push(b'{');
    if !matches!(notify, SIGEV_NONE | SIGEV_THREAD_ID) {
        out.extend_from_slice(b"sigev_value={sival_int=");
        print_int(out, value);
        out.extend_from_slice(b", sival_ptr=");
        print_ptr(out, value);
        out.extend_from_slice(b"}, ");
    }
    out.extend_from_slice(b"sigev_signo=");
    if matches!(
        notify,
        SIGEV_SIGNAL | SIGEV_NONE | SIGEV_THREAD | SIGEV_THREAD_ID
    ) {
        print_signal(out, u64::from(signo));
    } else {
        let _ = write!(out, "{}", signo as i32);
    }
    out.extend_from_slice(b", sigev_notify=");
    print_const(out, &SIGEV_NOTIFY, u64::from(notify), Radix::Hex);
    match notify {
        SIGEV_THREAD_ID => {
            let _ = write!(out, ", sigev_notify_thread_id={}", u32_at(&b, 16) as i32);
        }
        SIGEV_THREAD => {
            out.extend_from_slice(b", sigev_notify_function=");
            print_ptr(out, u64_at(&b, 16));
            out.extend_from_slice(b", sigev_notify_attributes=");
            print_ptr(out, u64_at(&b, 24));
        }
        _ => {}
    }
    out.push(b'}');
}

pub fn sigevent_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_sigevent_at(ctx, out, ctx.call.arg(i));
}

/// An int written by the kernel: `[3]`, or the pointer when the call failed.
pub fn int_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    match read_u32(ctx.mem, addr) {
        Some(v) => {
            let _ = write!(out, "[{}]", v as i32);
        }
        None => print_ptr(out, addr),
    }
}

/// A clock id: its name, or the number in hex with `/* CLOCK_??? */`.
pub fn clock_id(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    print_const(out, &super::consts::CLOCK_IDS, v, Radix::Hex);
}

// ---- resource usage and process times ----

/// `{tms_utime=0, tms_stime=0, tms_cutime=0, tms_cstime=0}`.
pub fn tms_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    if let Some(b) = read_struct::<32>(ctx, out, addr) {
        let _ = write!(
            out,
            "{{tms_utime={}, tms_stime={}, tms_cutime={}, tms_cstime={}}}",
            u64_at(&b, 0),
            u64_at(&b, 8),
            u64_at(&b, 16),
            u64_at(&b, 24)
        );
    }
}

const RUSAGE_FIELDS: [&str; 14] = [
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

/// `{ru_utime={tv_sec=0, tv_usec=4009}, ru_stime={tv_sec=0, tv_usec=0}, ...}` (all with `-v`).
pub fn print_rusage_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let Some(b) = read_struct::<144>(ctx, out, addr) else {
        return;
    };
    out.extend_from_slice(b"{ru_utime=");
    write_timeval(out, b.get(..16).unwrap_or(&[]));
    out.extend_from_slice(b", ru_stime=");
    write_timeval(out, b.get(16..32).unwrap_or(&[]));
    if ctx.opts.verbose {
        for (k, name) in RUSAGE_FIELDS.iter().enumerate() {
            let _ = write!(out, ", {name}={}", u64_at(&b, 32 + 8 * k) as i64);
        }
        out.push(b'}');
    } else {
        out.extend_from_slice(b", ...}");
    }
}

pub fn rusage_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_rusage_at(ctx, out, addr);
    }
}

/// wait4's rusage: filled only when a child was reaped.
pub fn wait_rusage_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(r) if r > 0 && addr != 0 => print_rusage_at(ctx, out, addr),
        _ => print_ptr(out, addr),
    }
}

/// Reads one 16-byte timespec (for callers that print it their own way).
pub fn read_timespec(ctx: &mut Ctx, addr: u64) -> Option<(i64, i64)> {
    let mut b = [0u8; 16];
    read_exact(ctx.mem, addr, &mut b).then(|| (u64_at(&b, 0) as i64, u64_at(&b, 8) as i64))
}

/// A timespec with its date: `{tv_sec=1, tv_nsec=2} /* 1970-01-01T00:00:01.000000002+0000 */`.
pub fn write_timespec_dated(out: &mut Vec<u8>, sec: i64, nsec: i64) {
    let _ = write!(out, "{{tv_sec={sec}, tv_nsec={nsec}}}");
    if nsec >= 0 {
        print_date_comment(out, sec, Some((nsec as u64, 9)));
    }
}

/// Prints an unknown value in hex as strace's printargs does (`0x1`, `0`).
pub fn print_raw(out: &mut Vec<u8>, v: u64) {
    let _ = write!(out, "{}", Hx(v));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(secs: i64, frac: Option<(u64, usize)>) -> String {
        let mut v = Vec::new();
        print_date(&mut v, secs, frac);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(date(0, None), "1970-01-01T00:00:00+0000");
        assert_eq!(date(1, Some((2, 9))), "1970-01-01T00:00:01.000000002+0000");
        assert_eq!(
            date(1_796_018_658, Some((269_828_599, 9))),
            "2026-11-30T06:04:18.269828599+0000"
        );
        assert_eq!(
            date(1_779_294_444, Some((0, 9))),
            "2026-05-20T16:27:24+0000"
        );
        assert_eq!(date(951_782_400, None), "2000-02-29T00:00:00+0000");
        assert_eq!(date(-1, None), "1969-12-31T23:59:59+0000");
        assert_eq!(date(3, Some((4, 6))), "1970-01-01T00:00:03.000004+0000");
    }
}
