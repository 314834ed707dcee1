//! Small tables and decoders of the process, memory and timer calls: getrusage's who,
//! ioprio values, kcmp types, mincore's vector, personality, pidfd/signalfd/timerfd flags,
//! syslog's actions.

use super::args::{print_buf, print_ptr};
use super::xlat::{flags_into, print_const, Hx, Radix, Xlat};
use super::Ctx;
use std::io::Write;

macro_rules! xlat {
    ($name:ident, $unknown:expr, [$(($v:expr, $n:expr)),* $(,)?]) => {
        pub const $name: Xlat = Xlat { items: &[$(($v as u64, $n)),*], unknown: $unknown };
    };
}

xlat!(
    RUSAGE_WHO,
    "RUSAGE_???",
    [
        (0, "RUSAGE_SELF"),
        (0xffff_ffff, "RUSAGE_CHILDREN"),
        (1, "RUSAGE_THREAD"),
    ]
);

/// getrusage's who (an int: RUSAGE_CHILDREN is -1).
pub fn rusage_who(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    match RUSAGE_WHO.name(v) {
        Some(n) => out.extend_from_slice(n.as_bytes()),
        None => {
            let _ = write!(out, "{} /* RUSAGE_??? */", v as u32 as i32);
        }
    }
}

xlat!(
    MREMAP_FLAGS,
    "MREMAP_???",
    [
        (1, "MREMAP_MAYMOVE"),
        (2, "MREMAP_FIXED"),
        (4, "MREMAP_DONTUNMAP")
    ]
);

/// mremap's flags, and the new address only when MREMAP_FIXED asks for one.
pub fn mremap_rest(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let flags = ctx.call.arg(i);
    super::xlat::print_flags(out, &MREMAP_FLAGS, flags);
    if flags & 2 != 0 {
        out.extend_from_slice(b", ");
        print_ptr(out, ctx.call.arg(i + 1));
    }
}

xlat!(
    IOPRIO_WHO,
    "IOPRIO_WHO_???",
    [
        (1, "IOPRIO_WHO_PROCESS"),
        (2, "IOPRIO_WHO_PGRP"),
        (3, "IOPRIO_WHO_USER"),
    ]
);

xlat!(
    IOPRIO_CLASSES,
    "IOPRIO_CLASS_???",
    [
        (0, "IOPRIO_CLASS_NONE"),
        (1, "IOPRIO_CLASS_RT"),
        (2, "IOPRIO_CLASS_BE"),
        (3, "IOPRIO_CLASS_IDLE"),
    ]
);

/// `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`.
fn print_ioprio(out: &mut Vec<u8>, v: u64) {
    let class = (v >> 13) & 0x7;
    out.extend_from_slice(b"IOPRIO_PRIO_VALUE(");
    print_const(out, &IOPRIO_CLASSES, class, Radix::Dec);
    let _ = write!(out, ", {})", v & 0x1fff);
}

pub fn ioprio_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_ioprio(out, u64::from(ctx.call.arg(i) as u32));
}

/// ioprio_get's result: `0 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0))`.
pub fn ioprio_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    let _ = write!(out, "{r} (");
    print_ioprio(out, r as u64);
    out.push(b')');
    true
}

xlat!(
    KCMP_TYPES,
    "KCMP_???",
    [
        (0, "KCMP_FILE"),
        (1, "KCMP_VM"),
        (2, "KCMP_FILES"),
        (3, "KCMP_FS"),
        (4, "KCMP_SIGHAND"),
        (5, "KCMP_IO"),
        (6, "KCMP_SYSVSEM"),
        (7, "KCMP_EPOLL_TFD"),
    ]
);

xlat!(MLOCK_FLAGS, "MLOCK_???", [(1, "MLOCK_ONFAULT")]);

xlat!(PIDFD_FLAGS, "PIDFD_???", [(0o4000, "PIDFD_NONBLOCK")]);

xlat!(
    SFD_FLAGS,
    "SFD_???",
    [(0o2000000, "SFD_CLOEXEC"), (0o4000, "SFD_NONBLOCK")]
);

xlat!(
    TFD_FLAGS,
    "TFD_???",
    [(0o2000000, "TFD_CLOEXEC"), (0o4000, "TFD_NONBLOCK")]
);

xlat!(
    TFD_TIMER_FLAGS,
    "TFD_TIMER_???",
    [(1, "TFD_TIMER_ABSTIME"), (2, "TFD_TIMER_CANCEL_ON_SET")]
);

/// mincore's vector: one byte per page, `[1, 0, 0, 0]`, at most `-s` of them.
pub fn mincore_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if ctx.call.ok_ret().is_none() || addr == 0 {
        print_ptr(out, addr);
        return;
    }
    let pages = ctx.call.arg(i - 1).div_ceil(4096);
    let shown = pages.min(ctx.opts.strsize as u64) as usize;
    ctx.scratch.clear();
    ctx.scratch.resize(shown, 0);
    if !super::mem::read_exact(ctx.mem, addr, ctx.scratch) {
        print_ptr(out, addr);
        return;
    }
    out.push(b'[');
    for (k, b) in ctx.scratch.iter().enumerate() {
        if k > 0 {
            out.extend_from_slice(b", ");
        }
        let _ = write!(out, "{b}");
    }
    if (shown as u64) < pages {
        out.extend_from_slice(b", ...");
    }
    out.push(b']');
}

// ---- personality ----

xlat!(
    PERSONA_FLAGS,
    "",
    [
        (0x0020000, "UNAME26"),
        (0x0040000, "ADDR_NO_RANDOMIZE"),
        (0x0080000, "FDPIC_FUNCPTRS"),
        (0x0100000, "MMAP_PAGE_ZERO"),
        (0x0200000, "ADDR_COMPAT_LAYOUT"),
        (0x0400000, "READ_IMPLIES_EXEC"),
        (0x0800000, "ADDR_LIMIT_32BIT"),
        (0x1000000, "SHORT_INODE"),
        (0x2000000, "WHOLE_SECONDS"),
        (0x4000000, "STICKY_TIMEOUTS"),
        (0x8000000, "ADDR_LIMIT_3GB"),
    ]
);

/// A personality value: `PER_LINUX32|ADDR_NO_RANDOMIZE`, or hex for other types.
fn print_persona(out: &mut Vec<u8>, v: u64) {
    let kind = match v & 0xff {
        0 => "PER_LINUX",
        8 => "PER_LINUX32",
        _ => {
            let _ = write!(out, "{}", Hx(v));
            return;
        }
    };
    out.extend_from_slice(kind.as_bytes());
    let rest = flags_into(out, PERSONA_FLAGS.items, v & !0xff, true);
    if rest != 0 {
        let _ = write!(out, "|{}", Hx(rest));
    }
}

pub fn personality_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    if v == 0xffff_ffff {
        out.extend_from_slice(b"0xffffffff");
    } else {
        print_persona(out, v);
    }
}

/// personality's result, the previous persona: `0 (PER_LINUX)`, `0x8 (PER_LINUX32)`.
pub fn personality_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    let _ = write!(out, "{} (", Hx(r as u64));
    print_persona(out, r as u64);
    out.push(b')');
    true
}

// ---- syslog ----

xlat!(
    SYSLOG_ACTIONS,
    "SYSLOG_ACTION_???",
    [
        (0, "SYSLOG_ACTION_CLOSE"),
        (1, "SYSLOG_ACTION_OPEN"),
        (2, "SYSLOG_ACTION_READ"),
        (3, "SYSLOG_ACTION_READ_ALL"),
        (4, "SYSLOG_ACTION_READ_CLEAR"),
        (5, "SYSLOG_ACTION_CLEAR"),
        (6, "SYSLOG_ACTION_CONSOLE_OFF"),
        (7, "SYSLOG_ACTION_CONSOLE_ON"),
        (8, "SYSLOG_ACTION_CONSOLE_LEVEL"),
        (9, "SYSLOG_ACTION_SIZE_UNREAD"),
        (10, "SYSLOG_ACTION_SIZE_BUFFER"),
    ]
);

fn syslog_reads(ctx: &Ctx) -> bool {
    matches!(ctx.call.arg(0) as u32, 2..=4)
}

/// syslog's action as `3 /* SYSLOG_ACTION_READ_ALL */`, and the level for CONSOLE_LEVEL.
pub fn syslog_entry(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let action = ctx.call.arg(0) as u32;
    let _ = write!(out, "{}", action as i32);
    if let Some(n) = SYSLOG_ACTIONS.name(u64::from(action)) {
        let _ = write!(out, " /* {n} */");
    }
    if syslog_reads(ctx) {
        out.extend_from_slice(b", ");
    } else if action == 8 {
        let _ = write!(out, ", {}", ctx.call.arg(2) as u32 as i32);
    }
}

/// The buffer the read actions fill, and its length.
pub fn syslog_exit(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    if !syslog_reads(ctx) {
        return;
    }
    let (addr, len) = (ctx.call.arg(1), ctx.call.arg(2) as u32 as i32);
    match ctx.call.ok_ret() {
        Some(r) => print_buf(ctx, out, addr, r.max(0) as u64, false),
        None => print_ptr(out, addr),
    }
    let _ = write!(out, ", {len}");
}
