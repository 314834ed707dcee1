//! Process attributes as strace prints them: prctl's options, capabilities, user and group ids
//! by pointer, supplementary groups, sysinfo, scheduling parameters, waitid and the siginfo
//! of the rt_sig* calls, membarrier.

use super::args::{print_hex, print_int, print_ptr, print_str};
use super::mem::{read_exact, read_u32};
use super::signals::{self, print_siginfo, print_signal, SigInfo};
use super::structs::{failed_out, read_struct, u32_at, u64_at};
use super::xlat::{print_const, print_flags, Hx, Radix, Xlat};
use super::Ctx;
use std::io::Write;

macro_rules! xlat {
    ($name:ident, $unknown:expr, [$(($v:expr, $n:expr)),* $(,)?]) => {
        pub const $name: Xlat = Xlat { items: &[$(($v as u64, $n)),*], unknown: $unknown };
    };
}

const CAPS: [&str; 41] = [
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
];

/// A capability number: `CAP_SYS_ADMIN`, or `0x63 /* CAP_??? */`.
fn print_cap(out: &mut Vec<u8>, v: u64) {
    match usize::try_from(v).ok().and_then(|k| CAPS.get(k)) {
        Some(n) => out.extend_from_slice(n.as_bytes()),
        None => {
            let _ = write!(out, "{} /* CAP_??? */", Hx(v));
        }
    }
}

/// A capability set: `1<<CAP_CHOWN|1<<CAP_KILL`, `0`.
fn print_capset(out: &mut Vec<u8>, set: u64) {
    if set == 0 {
        out.push(b'0');
        return;
    }
    let mut first = true;
    for bit in 0..64 {
        if set & (1 << bit) == 0 {
            continue;
        }
        if !first {
            out.push(b'|');
        }
        first = false;
        match CAPS.get(bit) {
            Some(n) => {
                let _ = write!(out, "1<<{n}");
            }
            None => {
                let _ = write!(out, "1<<{bit}");
            }
        }
    }
}

// ---- prctl ----

xlat!(
    PRCTL_OPTIONS,
    "PR_???",
    [
        (1, "PR_SET_PDEATHSIG"),
        (2, "PR_GET_PDEATHSIG"),
        (3, "PR_GET_DUMPABLE"),
        (4, "PR_SET_DUMPABLE"),
        (5, "PR_GET_UNALIGN"),
        (6, "PR_SET_UNALIGN"),
        (7, "PR_GET_KEEPCAPS"),
        (8, "PR_SET_KEEPCAPS"),
        (9, "PR_GET_FPEMU"),
        (10, "PR_SET_FPEMU"),
        (11, "PR_GET_FPEXC"),
        (12, "PR_SET_FPEXC"),
        (13, "PR_GET_TIMING"),
        (14, "PR_SET_TIMING"),
        (15, "PR_SET_NAME"),
        (16, "PR_GET_NAME"),
        (19, "PR_GET_ENDIAN"),
        (20, "PR_SET_ENDIAN"),
        (21, "PR_GET_SECCOMP"),
        (22, "PR_SET_SECCOMP"),
        (23, "PR_CAPBSET_READ"),
        (24, "PR_CAPBSET_DROP"),
        (25, "PR_GET_TSC"),
        (26, "PR_SET_TSC"),
        (27, "PR_GET_SECUREBITS"),
        (28, "PR_SET_SECUREBITS"),
        (29, "PR_SET_TIMERSLACK"),
        (30, "PR_GET_TIMERSLACK"),
        (31, "PR_TASK_PERF_EVENTS_DISABLE"),
        (32, "PR_TASK_PERF_EVENTS_ENABLE"),
        (33, "PR_MCE_KILL"),
        (34, "PR_MCE_KILL_GET"),
        (35, "PR_SET_MM"),
        (36, "PR_SET_CHILD_SUBREAPER"),
        (37, "PR_GET_CHILD_SUBREAPER"),
        (38, "PR_SET_NO_NEW_PRIVS"),
        (39, "PR_GET_NO_NEW_PRIVS"),
        (40, "PR_GET_TID_ADDRESS"),
        (41, "PR_SET_THP_DISABLE"),
        (42, "PR_GET_THP_DISABLE"),
        (43, "PR_MPX_ENABLE_MANAGEMENT"),
        (44, "PR_MPX_DISABLE_MANAGEMENT"),
        (45, "PR_SET_FP_MODE"),
        (46, "PR_GET_FP_MODE"),
        (47, "PR_CAP_AMBIENT"),
        (50, "PR_SVE_SET_VL"),
        (51, "PR_SVE_GET_VL"),
        (52, "PR_GET_SPECULATION_CTRL"),
        (53, "PR_SET_SPECULATION_CTRL"),
        (54, "PR_PAC_RESET_KEYS"),
        (55, "PR_SET_TAGGED_ADDR_CTRL"),
        (56, "PR_GET_TAGGED_ADDR_CTRL"),
        (57, "PR_SET_IO_FLUSHER"),
        (58, "PR_GET_IO_FLUSHER"),
        (59, "PR_SET_SYSCALL_USER_DISPATCH"),
        (60, "PR_PAC_SET_ENABLED_KEYS"),
        (61, "PR_PAC_GET_ENABLED_KEYS"),
        (62, "PR_SCHED_CORE"),
        (63, "PR_SME_SET_VL"),
        (64, "PR_SME_GET_VL"),
        (0x59616d61, "PR_SET_PTRACER"),
        (0x53564d41, "PR_SET_VMA"),
    ]
);

xlat!(
    DUMPABLE,
    "SUID_DUMP_???",
    [
        (0, "SUID_DUMP_DISABLE"),
        (1, "SUID_DUMP_USER"),
        (2, "SUID_DUMP_ROOT"),
    ]
);

xlat!(
    CAP_AMBIENT_OPS,
    "PR_CAP_AMBIENT_???",
    [
        (1, "PR_CAP_AMBIENT_IS_SET"),
        (2, "PR_CAP_AMBIENT_RAISE"),
        (3, "PR_CAP_AMBIENT_LOWER"),
        (4, "PR_CAP_AMBIENT_CLEAR_ALL"),
    ]
);

xlat!(
    SECCOMP_MODES,
    "SECCOMP_MODE_???",
    [
        (0, "SECCOMP_MODE_DISABLED"),
        (1, "SECCOMP_MODE_STRICT"),
        (2, "SECCOMP_MODE_FILTER"),
    ]
);

const PR_SET_PDEATHSIG: u64 = 1;
const PR_GET_PDEATHSIG: u64 = 2;
const PR_GET_DUMPABLE: u64 = 3;
const PR_SET_DUMPABLE: u64 = 4;
const PR_GET_KEEPCAPS: u64 = 7;
const PR_SET_KEEPCAPS: u64 = 8;
const PR_GET_TIMING: u64 = 13;
const PR_SET_NAME: u64 = 15;
const PR_GET_NAME: u64 = 16;
const PR_GET_SECCOMP: u64 = 21;
const PR_SET_SECCOMP: u64 = 22;
const PR_CAPBSET_READ: u64 = 23;
const PR_CAPBSET_DROP: u64 = 24;
const PR_GET_SECUREBITS: u64 = 27;
const PR_SET_TIMERSLACK: u64 = 29;
const PR_GET_TIMERSLACK: u64 = 30;
const PR_TASK_PERF_EVENTS_DISABLE: u64 = 31;
const PR_TASK_PERF_EVENTS_ENABLE: u64 = 32;
const PR_SET_CHILD_SUBREAPER: u64 = 36;
const PR_GET_CHILD_SUBREAPER: u64 = 37;
const PR_SET_NO_NEW_PRIVS: u64 = 38;
const PR_GET_NO_NEW_PRIVS: u64 = 39;
const PR_SET_THP_DISABLE: u64 = 41;
const PR_GET_THP_DISABLE: u64 = 42;
const PR_CAP_AMBIENT: u64 = 47;
const PR_GET_IO_FLUSHER: u64 = 58;
const PR_SET_PTRACER: u64 = 0x59616d61;

fn prctl_option(ctx: &Ctx) -> u64 {
    u64::from(ctx.call.arg(0) as u32)
}

/// Options whose second argument is filled in by the kernel.
fn prctl_out(option: u64) -> bool {
    matches!(
        option,
        PR_GET_PDEATHSIG | PR_GET_NAME | PR_GET_CHILD_SUBREAPER
    )
}

/// prctl's option and the arguments it passes in.
pub fn prctl_entry(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let option = prctl_option(ctx);
    let a = |k: usize| ctx.call.arg(k);
    let (a2, a3, a4, a5) = (a(1), a(2), a(3), a(4));
    print_const(out, &PRCTL_OPTIONS, option, Radix::Hex);
    match option {
        PR_GET_DUMPABLE
        | PR_GET_KEEPCAPS
        | PR_GET_TIMING
        | PR_GET_SECCOMP
        | PR_GET_SECUREBITS
        | PR_GET_TIMERSLACK
        | PR_TASK_PERF_EVENTS_DISABLE
        | PR_TASK_PERF_EVENTS_ENABLE
        | PR_GET_IO_FLUSHER => {}
        _ if prctl_out(option) => out.extend_from_slice(b", "),
        PR_SET_PDEATHSIG => {
            out.extend_from_slice(b", ");
            print_signal(out, a2);
        }
        PR_SET_DUMPABLE => {
            out.extend_from_slice(b", ");
            print_const(out, &DUMPABLE, a2, Radix::Hex);
        }
        PR_SET_NAME => {
            out.extend_from_slice(b", ");
            print_str(ctx, out, a2);
        }
        PR_CAPBSET_READ | PR_CAPBSET_DROP => {
            out.extend_from_slice(b", ");
            print_cap(out, a2);
        }
        PR_SET_KEEPCAPS | PR_SET_CHILD_SUBREAPER | PR_SET_TIMERSLACK => {
            let _ = write!(out, ", {a2}");
        }
        PR_SET_NO_NEW_PRIVS | PR_GET_NO_NEW_PRIVS | PR_SET_THP_DISABLE | PR_GET_THP_DISABLE => {
            let _ = write!(out, ", {a2}, {a3}, {a4}, {a5}");
        }
        PR_SET_SECCOMP => {
            out.extend_from_slice(b", ");
            print_const(out, &SECCOMP_MODES, a2, Radix::Hex);
            if a2 == 2 {
                out.extend_from_slice(b", ");
                print_ptr(out, a3);
            }
        }
        PR_CAP_AMBIENT => {
            out.extend_from_slice(b", ");
            print_const(out, &CAP_AMBIENT_OPS, a2, Radix::Hex);
            out.extend_from_slice(b", ");
            if matches!(a2, 1..=3) {
                print_cap(out, a3);
            } else {
                print_hex(out, a3);
            }
            let _ = write!(out, ", {}, {}", Hx(a4), Hx(a5));
        }
        PR_SET_PTRACER => {
            out.extend_from_slice(b", ");
            if a2 as i64 == -1 {
                out.extend_from_slice(b"PR_SET_PTRACER_ANY");
            } else {
                print_int(out, a2);
            }
        }
        _ => {
            let _ = write!(out, ", {}, {}, {}, {}", Hx(a2), Hx(a3), Hx(a4), Hx(a5));
        }
    }
}

/// What the GET options wrote: `[SIGTERM]`, `"name"`, `[1]`.
pub fn prctl_exit(ctx: &mut Ctx, out: &mut Vec<u8>, _i: usize) {
    let option = prctl_option(ctx);
    if !prctl_out(option) {
        return;
    }
    let addr = ctx.call.arg(1);
    if failed_out(ctx, out, addr) {
        return;
    }
    if option == PR_GET_NAME {
        print_str(ctx, out, addr);
        return;
    }
    match read_u32(ctx.mem, addr) {
        Some(v) => {
            out.push(b'[');
            if option == PR_GET_PDEATHSIG {
                print_signal(out, u64::from(v));
            } else {
                let _ = write!(out, "{}", v as i32);
            }
            out.push(b']');
        }
        None => print_ptr(out, addr),
    }
}

/// PR_GET_DUMPABLE's result: `1 (SUID_DUMP_USER)`.
pub fn prctl_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    if prctl_option(ctx) != PR_GET_DUMPABLE {
        return false;
    }
    let _ = write!(out, "{r} (");
    print_const(out, &DUMPABLE, r as u64, Radix::Hex);
    out.push(b')');
    true
}

// ---- capget / capset ----

xlat!(
    CAP_VERSIONS,
    "_LINUX_CAPABILITY_VERSION_???",
    [
        (0x19980330, "_LINUX_CAPABILITY_VERSION_1"),
        (0x20071026, "_LINUX_CAPABILITY_VERSION_2"),
        (0x20080522, "_LINUX_CAPABILITY_VERSION_3"),
    ]
);

/// `{version=_LINUX_CAPABILITY_VERSION_3, pid=0}`.
pub fn cap_header_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if let Some(b) = read_struct::<8>(ctx, out, addr) {
        out.extend_from_slice(b"{version=");
        print_const(out, &CAP_VERSIONS, u64::from(u32_at(&b, 0)), Radix::Hex);
        let _ = write!(out, ", pid={}}}", u32_at(&b, 4) as i32);
    }
}

fn print_cap_data_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let header = ctx.call.arg(0);
    let version = read_u32(ctx.mem, header).unwrap_or(0);
    let words = if version == 0x19980330 { 1 } else { 2 };
    let mut b = [0u8; 24];
    let ok = match b.get_mut(..12 * words) {
        Some(dst) => read_exact(ctx.mem, addr, dst),
        None => false,
    };
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    if !ok {
        print_ptr(out, addr);
        return;
    }
    let set = |k: usize| {
        let lo = u64::from(u32_at(&b, 4 * k));
        let hi = if words == 2 {
            u64::from(u32_at(&b, 12 + 4 * k))
        } else {
            0
        };
        lo | hi << 32
    };
    out.extend_from_slice(b"{effective=");
    print_capset(out, set(0));
    out.extend_from_slice(b", permitted=");
    print_capset(out, set(1));
    out.extend_from_slice(b", inheritable=");
    print_capset(out, set(2));
    out.push(b'}');
}

pub fn cap_data_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_cap_data_at(ctx, out, ctx.call.arg(i));
}

pub fn cap_data_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_cap_data_at(ctx, out, addr);
    }
}

// ---- ids and groups ----

/// A uid or gid filled in by the kernel: `[0]`.
pub fn id_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    match read_u32(ctx.mem, addr) {
        Some(v) => {
            out.push(b'[');
            print_id(out, u64::from(v));
            out.push(b']');
        }
        None => print_ptr(out, addr),
    }
}

/// A uid or gid: `-1` for the "unchanged" value, else unsigned.
pub fn print_id(out: &mut Vec<u8>, v: u64) {
    let v = v as u32;
    if v == u32::MAX {
        out.extend_from_slice(b"-1");
    } else {
        let _ = write!(out, "{v}");
    }
}

fn print_groups_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, n: u64) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    if n > 0 && read_u32(ctx.mem, addr).is_none() {
        print_ptr(out, addr);
        return;
    }
    out.push(b'[');
    for k in 0..n.min(1 << 16) {
        if !ctx.array_item(out, k as usize) {
            break;
        }
        match read_u32(ctx.mem, addr.wrapping_add(4 * k)) {
            Some(g) => print_id(out, u64::from(g)),
            None => {
                print_ptr(out, addr.wrapping_add(4 * k));
                break;
            }
        }
    }
    out.push(b']');
}

/// getgroups's list at exit: as many as returned.
pub fn groups_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    match ctx.call.ok_ret() {
        Some(n) => print_groups_at(ctx, out, addr, n.max(0) as u64),
        None => print_ptr(out, addr),
    }
}

/// setgroups's list (the count is the first argument).
pub fn groups_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let n = u64::from(ctx.call.arg(0) as u32);
    print_groups_at(ctx, out, ctx.call.arg(i), n);
}

// ---- system information ----

/// `{uptime=4323, loads=[332608, 211872, 138624], totalram=..., ..., mem_unit=1}`.
pub fn sysinfo_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if failed_out(ctx, out, addr) {
        return;
    }
    let Some(b) = read_struct::<112>(ctx, out, addr) else {
        return;
    };
    let w = |k: usize| u64_at(&b, 8 * k);
    let _ = write!(
        out,
        "{{uptime={}, loads=[{}, {}, {}], totalram={}, freeram={}, sharedram={}, bufferram={}, \
         totalswap={}, freeswap={}, procs={}, totalhigh={}, freehigh={}, mem_unit={}}}",
        w(0) as i64,
        w(1),
        w(2),
        w(3),
        w(4),
        w(5),
        w(6),
        w(7),
        w(8),
        w(9),
        u32_at(&b, 80) as u16,
        w(11),
        w(12),
        u32_at(&b, 104)
    );
}

// ---- scheduling ----

xlat!(
    SCHED_POLICIES,
    "SCHED_???",
    [
        (0, "SCHED_OTHER"),
        (1, "SCHED_FIFO"),
        (2, "SCHED_RR"),
        (3, "SCHED_BATCH"),
        (4, "SCHED_ISO"),
        (5, "SCHED_IDLE"),
        (6, "SCHED_DEADLINE"),
    ]
);

fn print_policy(out: &mut Vec<u8>, v: u64) {
    let v = u64::from(v as u32);
    print_const(out, &SCHED_POLICIES, v & !0x4000_0000, Radix::Hex);
    if v & 0x4000_0000 != 0 {
        out.extend_from_slice(b"|SCHED_RESET_ON_FORK");
    }
}

pub fn sched_policy(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_policy(out, ctx.call.arg(i));
}

/// sched_getscheduler's result: `0 (SCHED_OTHER)`.
pub fn sched_policy_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    let _ = write!(out, "{r} (");
    print_policy(out, r as u64);
    out.push(b')');
    true
}

fn print_sched_param_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_struct::<4>(ctx, out, addr) {
        let _ = write!(out, "[{}]", u32_at(&b, 0) as i32);
    }
}

/// A struct sched_param passed in: `[0]`.
pub fn sched_param_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_sched_param_at(ctx, out, ctx.call.arg(i));
}

pub fn sched_param_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_sched_param_at(ctx, out, addr);
    }
}

// ---- siginfo and signals ----

fn print_siginfo_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    let Some(b) = read_struct::<128>(ctx, out, addr) else {
        return;
    };
    let si = SigInfo::from_bytes(&b);
    if si.signo == 0 {
        out.extend_from_slice(b"{}");
    } else {
        print_siginfo(out, &si);
    }
}

/// A siginfo passed in (rt_sigqueueinfo, pidfd_send_signal).
pub fn siginfo_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_siginfo_at(ctx, out, ctx.call.arg(i));
}

/// A siginfo filled in by the kernel (waitid, rt_sigtimedwait).
pub fn siginfo_out(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if !failed_out(ctx, out, addr) {
        print_siginfo_at(ctx, out, addr);
    }
}

/// A result that is a signal number: `10 (SIGUSR1)`.
pub fn signal_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    if r <= 0 {
        return false;
    }
    let _ = write!(out, "{r} ({})", signals::name(r as u64));
    true
}

// ---- membarrier ----

xlat!(
    MEMBARRIER_CMDS,
    "MEMBARRIER_CMD_???",
    [
        (0, "MEMBARRIER_CMD_QUERY"),
        (1, "MEMBARRIER_CMD_GLOBAL"),
        (2, "MEMBARRIER_CMD_GLOBAL_EXPEDITED"),
        (4, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED"),
        (8, "MEMBARRIER_CMD_PRIVATE_EXPEDITED"),
        (16, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED"),
        (32, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE"),
        (64, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE"),
        (128, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ"),
        (256, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"),
    ]
);

/// MEMBARRIER_CMD_QUERY's result: the supported commands.
pub fn membarrier_ret(ctx: &mut Ctx, out: &mut Vec<u8>) -> bool {
    let Some(r) = ctx.call.ok_ret() else {
        return false;
    };
    if ctx.call.arg(0) as u32 != 0 || r == 0 {
        return false;
    }
    let _ = write!(out, "{} (", Hx(r as u64));
    print_flags(out, &MEMBARRIER_CMDS, r as u64);
    out.push(b')');
    true
}

#[cfg(test)]
#[path = "proc_tests.rs"]
mod tests;
