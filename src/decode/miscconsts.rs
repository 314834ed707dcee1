//! Tables and small printers for the long tail of syscalls that rtrace shows with their
//! argument count and simple kinds: System V IPC, NUMA policies, ptrace requests, seccomp,
//! bpf, keyctl, io_uring, fsconfig, landlock, fanotify, userfaultfd, ustat.

use super::args::print_octal;
use super::structs::print_dev;
use super::xlat::{print_const, print_flags, Radix, Xlat};
use super::Ctx;
use std::io::Write;

macro_rules! xlat {
    ($name:ident, $unknown:expr, [$(($v:expr, $n:expr)),* $(,)?]) => {
        pub const $name: Xlat = Xlat { items: &[$(($v as u64, $n)),*], unknown: $unknown };
    };
}

// ---- System V IPC ----

/// An IPC key: `IPC_PRIVATE`, or the key in hex.
pub fn ipc_key(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let key = ctx.call.arg(i) as u32;
    if key == 0 {
        out.extend_from_slice(b"IPC_PRIVATE");
    } else {
        let _ = write!(out, "{key:#x}");
    }
}

xlat!(
    IPC_GET_FLAGS,
    "",
    [
        (0o1000, "IPC_CREAT"),
        (0o2000, "IPC_EXCL"),
        (0o4000, "IPC_NOWAIT")
    ]
);

/// msgget/semget/shmget's flags: `IPC_CREAT|0600`, `000`.
pub fn ipc_get_flags(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    let named = v & 0o7000;
    if named != 0 {
        print_flags(out, &IPC_GET_FLAGS, named);
        out.push(b'|');
    }
    print_octal(out, v & !0o7000);
}

xlat!(
    IPC_CMDS,
    "IPC_???",
    [
        (0, "IPC_RMID"),
        (1, "IPC_SET"),
        (2, "IPC_STAT"),
        (3, "IPC_INFO"),
        (11, "MSG_STAT"),
        (12, "MSG_INFO"),
        (13, "MSG_STAT_ANY"),
    ]
);

xlat!(
    SEM_CMDS,
    "SEM_???",
    [
        (0, "IPC_RMID"),
        (1, "IPC_SET"),
        (2, "IPC_STAT"),
        (3, "IPC_INFO"),
        (11, "GETPID"),
        (12, "GETVAL"),
        (13, "GETALL"),
        (14, "GETNCNT"),
        (15, "GETZCNT"),
        (16, "SETVAL"),
        (17, "SETALL"),
        (18, "SEM_STAT"),
        (19, "SEM_INFO"),
        (20, "SEM_STAT_ANY"),
    ]
);

xlat!(
    SHM_CMDS,
    "SHM_???",
    [
        (0, "IPC_RMID"),
        (1, "IPC_SET"),
        (2, "IPC_STAT"),
        (3, "IPC_INFO"),
        (11, "SHM_LOCK"),
        (12, "SHM_UNLOCK"),
        (13, "SHM_STAT"),
        (14, "SHM_INFO"),
        (15, "SHM_STAT_ANY"),
    ]
);

xlat!(
    IPC_MSG_FLAGS,
    "",
    [
        (0o4000, "IPC_NOWAIT"),
        (0o10000, "MSG_NOERROR"),
        (0o20000, "MSG_EXCEPT"),
        (0o40000, "MSG_COPY")
    ]
);

xlat!(
    SHMAT_FLAGS,
    "",
    [
        (0o10000, "SHM_RDONLY"),
        (0o20000, "SHM_RND"),
        (0o40000, "SHM_REMAP"),
        (0o100000, "SHM_EXEC")
    ]
);

// ---- memory policies ----

xlat!(
    MPOL_MODES,
    "MPOL_???",
    [
        (0, "MPOL_DEFAULT"),
        (1, "MPOL_PREFERRED"),
        (2, "MPOL_BIND"),
        (3, "MPOL_INTERLEAVE"),
        (4, "MPOL_LOCAL"),
        (5, "MPOL_PREFERRED_MANY"),
    ]
);

// ---- ptrace ----

xlat!(
    PTRACE_REQUESTS,
    "PTRACE_???",
    [
        (0, "PTRACE_TRACEME"),
        (1, "PTRACE_PEEKTEXT"),
        (2, "PTRACE_PEEKDATA"),
        (3, "PTRACE_PEEKUSER"),
        (4, "PTRACE_POKETEXT"),
        (5, "PTRACE_POKEDATA"),
        (6, "PTRACE_POKEUSER"),
        (7, "PTRACE_CONT"),
        (8, "PTRACE_KILL"),
        (9, "PTRACE_SINGLESTEP"),
        (16, "PTRACE_ATTACH"),
        (17, "PTRACE_DETACH"),
        (24, "PTRACE_SYSCALL"),
        (0x4200, "PTRACE_SETOPTIONS"),
        (0x4201, "PTRACE_GETEVENTMSG"),
        (0x4202, "PTRACE_GETSIGINFO"),
        (0x4203, "PTRACE_SETSIGINFO"),
        (0x4204, "PTRACE_GETREGSET"),
        (0x4205, "PTRACE_SETREGSET"),
        (0x4206, "PTRACE_SEIZE"),
        (0x4207, "PTRACE_INTERRUPT"),
        (0x4208, "PTRACE_LISTEN"),
        (0x4209, "PTRACE_PEEKSIGINFO"),
        (0x420a, "PTRACE_GETSIGMASK"),
        (0x420b, "PTRACE_SETSIGMASK"),
        (0x420c, "PTRACE_SECCOMP_GET_FILTER"),
        (0x420d, "PTRACE_SECCOMP_GET_METADATA"),
        (0x420e, "PTRACE_GET_SYSCALL_INFO"),
        (0x420f, "PTRACE_GET_RSEQ_CONFIGURATION"),
    ]
);

// ---- seccomp, bpf, keyctl ----

xlat!(
    SECCOMP_OPS,
    "SECCOMP_SET_MODE_???",
    [
        (0, "SECCOMP_SET_MODE_STRICT"),
        (1, "SECCOMP_SET_MODE_FILTER"),
        (2, "SECCOMP_GET_ACTION_AVAIL"),
        (3, "SECCOMP_GET_NOTIF_SIZES"),
    ]
);

xlat!(
    BPF_CMDS,
    "BPF_???",
    [
        (0, "BPF_MAP_CREATE"),
        (1, "BPF_MAP_LOOKUP_ELEM"),
        (2, "BPF_MAP_UPDATE_ELEM"),
        (3, "BPF_MAP_DELETE_ELEM"),
        (4, "BPF_MAP_GET_NEXT_KEY"),
        (5, "BPF_PROG_LOAD"),
        (6, "BPF_OBJ_PIN"),
        (7, "BPF_OBJ_GET"),
        (8, "BPF_PROG_ATTACH"),
        (9, "BPF_PROG_DETACH"),
        (10, "BPF_PROG_TEST_RUN"),
        (11, "BPF_PROG_GET_NEXT_ID"),
        (12, "BPF_MAP_GET_NEXT_ID"),
        (13, "BPF_PROG_GET_FD_BY_ID"),
        (14, "BPF_MAP_GET_FD_BY_ID"),
        (15, "BPF_OBJ_GET_INFO_BY_FD"),
        (16, "BPF_PROG_QUERY"),
        (17, "BPF_RAW_TRACEPOINT_OPEN"),
        (18, "BPF_BTF_LOAD"),
        (19, "BPF_BTF_GET_FD_BY_ID"),
        (20, "BPF_TASK_FD_QUERY"),
        (21, "BPF_MAP_LOOKUP_AND_DELETE_ELEM"),
        (22, "BPF_MAP_FREEZE"),
        (23, "BPF_BTF_GET_NEXT_ID"),
        (24, "BPF_MAP_LOOKUP_BATCH"),
        (25, "BPF_MAP_LOOKUP_AND_DELETE_BATCH"),
        (26, "BPF_MAP_UPDATE_BATCH"),
        (27, "BPF_MAP_DELETE_BATCH"),
        (28, "BPF_LINK_CREATE"),
        (29, "BPF_LINK_UPDATE"),
        (30, "BPF_LINK_GET_FD_BY_ID"),
        (31, "BPF_LINK_GET_NEXT_ID"),
        (32, "BPF_ENABLE_STATS"),
        (33, "BPF_ITER_CREATE"),
        (34, "BPF_LINK_DETACH"),
        (35, "BPF_PROG_BIND_MAP"),
    ]
);

xlat!(
    KEYCTL_CMDS,
    "KEYCTL_???",
    [
        (0, "KEYCTL_GET_KEYRING_ID"),
        (1, "KEYCTL_JOIN_SESSION_KEYRING"),
        (2, "KEYCTL_UPDATE"),
        (3, "KEYCTL_REVOKE"),
        (4, "KEYCTL_CHOWN"),
        (5, "KEYCTL_SETPERM"),
        (6, "KEYCTL_DESCRIBE"),
        (7, "KEYCTL_CLEAR"),
        (8, "KEYCTL_LINK"),
        (9, "KEYCTL_UNLINK"),
        (10, "KEYCTL_SEARCH"),
        (11, "KEYCTL_READ"),
        (12, "KEYCTL_INSTANTIATE"),
        (13, "KEYCTL_NEGATE"),
        (14, "KEYCTL_SET_REQKEY_KEYRING"),
        (15, "KEYCTL_SET_TIMEOUT"),
        (16, "KEYCTL_ASSUME_AUTHORITY"),
        (17, "KEYCTL_GET_SECURITY"),
        (18, "KEYCTL_SESSION_TO_PARENT"),
        (19, "KEYCTL_REJECT"),
        (20, "KEYCTL_INSTANTIATE_IOV"),
        (21, "KEYCTL_INVALIDATE"),
        (22, "KEYCTL_GET_PERSISTENT"),
        (23, "KEYCTL_DH_COMPUTE"),
        (24, "KEYCTL_PKEY_QUERY"),
        (25, "KEYCTL_PKEY_ENCRYPT"),
        (26, "KEYCTL_PKEY_DECRYPT"),
        (27, "KEYCTL_PKEY_SIGN"),
        (28, "KEYCTL_PKEY_VERIFY"),
        (29, "KEYCTL_RESTRICT_KEYRING"),
        (30, "KEYCTL_MOVE"),
        (31, "KEYCTL_CAPABILITIES"),
        (32, "KEYCTL_WATCH_KEY"),
    ]
);

// ---- io_uring, fsconfig, landlock, fanotify, userfaultfd ----

xlat!(
    IORING_REGISTER_OPS,
    "IORING_REGISTER_???",
    [
        (0, "IORING_REGISTER_BUFFERS"),
        (1, "IORING_UNREGISTER_BUFFERS"),
        (2, "IORING_REGISTER_FILES"),
        (3, "IORING_UNREGISTER_FILES"),
        (4, "IORING_REGISTER_EVENTFD"),
        (5, "IORING_UNREGISTER_EVENTFD"),
        (6, "IORING_REGISTER_FILES_UPDATE"),
        (7, "IORING_REGISTER_EVENTFD_ASYNC"),
        (8, "IORING_REGISTER_PROBE"),
        (9, "IORING_REGISTER_PERSONALITY"),
        (10, "IORING_UNREGISTER_PERSONALITY"),
        (11, "IORING_REGISTER_RESTRICTIONS"),
        (12, "IORING_REGISTER_ENABLE_RINGS"),
        (13, "IORING_REGISTER_FILES2"),
        (14, "IORING_REGISTER_FILES_UPDATE2"),
        (15, "IORING_REGISTER_BUFFERS2"),
        (16, "IORING_REGISTER_BUFFERS_UPDATE"),
        (17, "IORING_REGISTER_IOWQ_AFF"),
        (18, "IORING_UNREGISTER_IOWQ_AFF"),
        (19, "IORING_REGISTER_IOWQ_MAX_WORKERS"),
        (20, "IORING_REGISTER_RING_FDS"),
        (21, "IORING_UNREGISTER_RING_FDS"),
        (22, "IORING_REGISTER_PBUF_RING"),
        (23, "IORING_UNREGISTER_PBUF_RING"),
        (24, "IORING_REGISTER_SYNC_CANCEL"),
        (25, "IORING_REGISTER_FILE_ALLOC_RANGE"),
    ]
);

xlat!(
    FSCONFIG_CMDS,
    "FSCONFIG_???",
    [
        (0, "FSCONFIG_SET_FLAG"),
        (1, "FSCONFIG_SET_STRING"),
        (2, "FSCONFIG_SET_BINARY"),
        (3, "FSCONFIG_SET_PATH"),
        (4, "FSCONFIG_SET_PATH_EMPTY"),
        (5, "FSCONFIG_SET_FD"),
        (6, "FSCONFIG_CMD_CREATE"),
        (7, "FSCONFIG_CMD_RECONFIGURE"),
    ]
);

xlat!(
    LANDLOCK_RULES,
    "LANDLOCK_RULE_???",
    [(1, "LANDLOCK_RULE_PATH_BENEATH")]
);

xlat!(
    LANDLOCK_CREATE_FLAGS,
    "LANDLOCK_CREATE_RULESET_???",
    [(1, "LANDLOCK_CREATE_RULESET_VERSION")]
);

xlat!(
    KEXEC_FILE_FLAGS,
    "KEXEC_FILE_???",
    [
        (1, "KEXEC_FILE_UNLOAD"),
        (2, "KEXEC_FILE_ON_CRASH"),
        (4, "KEXEC_FILE_NO_INITRAMFS"),
    ]
);

xlat!(
    UFFD_FLAGS,
    "UFFD_???",
    [
        (1, "UFFD_USER_MODE_ONLY"),
        (0o4000, "O_NONBLOCK"),
        (0o2000000, "O_CLOEXEC"),
    ]
);

xlat!(
    FAN_CLASSES,
    "FAN_CLASS_???",
    [
        (0, "FAN_CLASS_NOTIF"),
        (4, "FAN_CLASS_CONTENT"),
        (8, "FAN_CLASS_PRE_CONTENT"),
    ]
);

xlat!(
    FAN_INIT_FLAGS,
    "FAN_???",
    [
        (0x1, "FAN_CLOEXEC"),
        (0x2, "FAN_NONBLOCK"),
        (0x10, "FAN_UNLIMITED_QUEUE"),
        (0x20, "FAN_UNLIMITED_MARKS"),
        (0x40, "FAN_ENABLE_AUDIT"),
        (0x80, "FAN_REPORT_PIDFD"),
        (0x100, "FAN_REPORT_TID"),
        (0x200, "FAN_REPORT_FID"),
        (0x400, "FAN_REPORT_DIR_FID"),
        (0x800, "FAN_REPORT_NAME"),
        (0x1000, "FAN_REPORT_TARGET_FID"),
    ]
);

/// fanotify_init's flags: the notification class, then the other flags.
pub fn fanotify_init_flags(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    print_const(out, &FAN_CLASSES, v & 0xc, Radix::Hex);
    let rest = v & !0xc;
    if rest != 0 {
        out.push(b'|');
        print_flags(out, &FAN_INIT_FLAGS, rest);
    }
}

/// ustat's device: `makedev(0x8, 0x1)`.
pub fn dev_in(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_dev(out, ctx.call.arg(i));
}
