//! Constant and flag tables, in the order strace prints them. Values that differ between x86_64
//! and aarch64 have one table per arch.

use super::xlat::Xlat;
use crate::arch::Arch;

macro_rules! xlat {
    ($name:ident, $unknown:expr, [$(($v:expr, $n:expr)),* $(,)?]) => {
        pub const $name: Xlat = Xlat { items: &[$(($v as u64, $n)),*], unknown: $unknown };
    };
}

/// Open flags other than the access mode. x86_64 layout.
const OPEN_FLAGS_X86_64: Xlat = Xlat {
    items: &[
        (0o100, "O_CREAT"),
        (0o200, "O_EXCL"),
        (0o400, "O_NOCTTY"),
        (0o1000, "O_TRUNC"),
        (0o2000, "O_APPEND"),
        (0o4000, "O_NONBLOCK"),
        (0o4010000, "O_SYNC"),
        (0o10000, "O_DSYNC"),
        (0o40000, "O_DIRECT"),
        (0o100000, "O_LARGEFILE"),
        (0o400000, "O_NOFOLLOW"),
        (0o1000000, "O_NOATIME"),
        (0o2000000, "O_CLOEXEC"),
        (0o10000000, "O_PATH"),
        (0o20200000, "O_TMPFILE"),
        (0o200000, "O_DIRECTORY"),
        (0o20000, "FASYNC"),
    ],
    unknown: "",
};

/// Open flags other than the access mode. aarch64 (generic) layout.
const OPEN_FLAGS_AARCH64: Xlat = Xlat {
    items: &[
        (0o100, "O_CREAT"),
        (0o200, "O_EXCL"),
        (0o400, "O_NOCTTY"),
        (0o1000, "O_TRUNC"),
        (0o2000, "O_APPEND"),
        (0o4000, "O_NONBLOCK"),
        (0o4010000, "O_SYNC"),
        (0o10000, "O_DSYNC"),
        (0o200000, "O_DIRECT"),
        (0o400000, "O_LARGEFILE"),
        (0o100000, "O_NOFOLLOW"),
        (0o1000000, "O_NOATIME"),
        (0o2000000, "O_CLOEXEC"),
        (0o10000000, "O_PATH"),
        (0o20040000, "O_TMPFILE"),
        (0o40000, "O_DIRECTORY"),
        (0o20000, "FASYNC"),
    ],
    unknown: "",
};

pub fn open_flags(arch: Arch) -> &'static Xlat {
    match arch {
        Arch::X86_64 => &OPEN_FLAGS_X86_64,
        Arch::Aarch64 => &OPEN_FLAGS_AARCH64,
    }
}

/// The bits of `flags` that make open take a mode argument (O_CREAT, O_TMPFILE).
pub fn open_needs_mode(arch: Arch, flags: u64) -> bool {
    let tmpfile = match arch {
        Arch::X86_64 => 0o20000000,
        Arch::Aarch64 => 0o20000000,
    };
    flags & 0o100 != 0 || flags & tmpfile != 0
}

xlat!(
    ACCMODE,
    "",
    [
        (0, "O_RDONLY"),
        (1, "O_WRONLY"),
        (2, "O_RDWR"),
        (3, "O_ACCMODE")
    ]
);

xlat!(
    AT_FLAGS,
    "",
    [
        (0x100, "AT_SYMLINK_NOFOLLOW"),
        (0x200, "AT_REMOVEDIR"),
        (0x400, "AT_SYMLINK_FOLLOW"),
        (0x800, "AT_NO_AUTOMOUNT"),
        (0x1000, "AT_EMPTY_PATH"),
        (0x2000, "AT_STATX_FORCE_SYNC"),
        (0x4000, "AT_STATX_DONT_SYNC"),
        (0x8000, "AT_RECURSIVE"),
    ]
);

xlat!(
    FACCESSAT_FLAGS,
    "",
    [
        (0x100, "AT_SYMLINK_NOFOLLOW"),
        (0x200, "AT_EACCESS"),
        (0x1000, "AT_EMPTY_PATH"),
    ]
);

xlat!(
    ACCESS_MODES,
    "",
    [(0, "F_OK"), (4, "R_OK"), (2, "W_OK"), (1, "X_OK")]
);

xlat!(
    MMAP_PROT,
    "",
    [
        (0, "PROT_NONE"),
        (0x1, "PROT_READ"),
        (0x2, "PROT_WRITE"),
        (0x4, "PROT_EXEC"),
        (0x8, "PROT_SEM"),
        (0x10, "PROT_BTI"),
        (0x20, "PROT_MTE"),
        (0x01000000, "PROT_GROWSDOWN"),
        (0x02000000, "PROT_GROWSUP"),
    ]
);

xlat!(
    MMAP_TYPE,
    "",
    [
        (1, "MAP_SHARED"),
        (2, "MAP_PRIVATE"),
        (3, "MAP_SHARED_VALIDATE")
    ]
);

const MMAP_FLAGS_X86_64: Xlat = Xlat {
    items: &[
        (0x10, "MAP_FIXED"),
        (0x20, "MAP_ANONYMOUS"),
        (0x40, "MAP_32BIT"),
        (0x100, "MAP_GROWSDOWN"),
        (0x800, "MAP_DENYWRITE"),
        (0x1000, "MAP_EXECUTABLE"),
        (0x2000, "MAP_LOCKED"),
        (0x4000, "MAP_NORESERVE"),
        (0x8000, "MAP_POPULATE"),
        (0x10000, "MAP_NONBLOCK"),
        (0x20000, "MAP_STACK"),
        (0x40000, "MAP_HUGETLB"),
        (0x80000, "MAP_SYNC"),
        (0x100000, "MAP_FIXED_NOREPLACE"),
        (0x4000000, "MAP_UNINITIALIZED"),
    ],
    unknown: "",
};

const MMAP_FLAGS_AARCH64: Xlat = Xlat {
    items: &[
        (0x10, "MAP_FIXED"),
        (0x20, "MAP_ANONYMOUS"),
        (0x100, "MAP_GROWSDOWN"),
        (0x800, "MAP_DENYWRITE"),
        (0x1000, "MAP_EXECUTABLE"),
        (0x2000, "MAP_LOCKED"),
        (0x4000, "MAP_NORESERVE"),
        (0x8000, "MAP_POPULATE"),
        (0x10000, "MAP_NONBLOCK"),
        (0x20000, "MAP_STACK"),
        (0x40000, "MAP_HUGETLB"),
        (0x80000, "MAP_SYNC"),
        (0x100000, "MAP_FIXED_NOREPLACE"),
        (0x4000000, "MAP_UNINITIALIZED"),
    ],
    unknown: "",
};

pub fn mmap_flags(arch: Arch) -> &'static Xlat {
    match arch {
        Arch::X86_64 => &MMAP_FLAGS_X86_64,
        Arch::Aarch64 => &MMAP_FLAGS_AARCH64,
    }
}

xlat!(
    MREMAP_FLAGS,
    "",
    [
        (1, "MREMAP_MAYMOVE"),
        (2, "MREMAP_FIXED"),
        (4, "MREMAP_DONTUNMAP")
    ]
);

xlat!(
    MADVISE,
    "MADV_???",
    [
        (0, "MADV_NORMAL"),
        (1, "MADV_RANDOM"),
        (2, "MADV_SEQUENTIAL"),
        (3, "MADV_WILLNEED"),
        (4, "MADV_DONTNEED"),
        (8, "MADV_FREE"),
        (9, "MADV_REMOVE"),
        (10, "MADV_DONTFORK"),
        (11, "MADV_DOFORK"),
        (12, "MADV_MERGEABLE"),
        (13, "MADV_UNMERGEABLE"),
        (14, "MADV_HUGEPAGE"),
        (15, "MADV_NOHUGEPAGE"),
        (16, "MADV_DONTDUMP"),
        (17, "MADV_DODUMP"),
        (18, "MADV_WIPEONFORK"),
        (19, "MADV_KEEPONFORK"),
        (20, "MADV_COLD"),
        (21, "MADV_PAGEOUT"),
        (22, "MADV_POPULATE_READ"),
        (23, "MADV_POPULATE_WRITE"),
        (24, "MADV_DONTNEED_LOCKED"),
        (25, "MADV_COLLAPSE"),
        (100, "MADV_HWPOISON"),
        (101, "MADV_SOFT_OFFLINE"),
    ]
);

xlat!(
    ARCH_PRCTL,
    "ARCH_???",
    [
        (0x1001, "ARCH_SET_GS"),
        (0x1002, "ARCH_SET_FS"),
        (0x1003, "ARCH_GET_FS"),
        (0x1004, "ARCH_GET_GS"),
        (0x1011, "ARCH_GET_CPUID"),
        (0x1012, "ARCH_SET_CPUID"),
        (0x1021, "ARCH_GET_XCOMP_SUPP"),
        (0x1022, "ARCH_GET_XCOMP_PERM"),
        (0x1023, "ARCH_REQ_XCOMP_PERM"),
        (0x1024, "ARCH_GET_XCOMP_GUEST_PERM"),
        (0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"),
        (0x2001, "ARCH_MAP_VDSO_X32"),
        (0x2002, "ARCH_MAP_VDSO_32"),
        (0x2003, "ARCH_MAP_VDSO_64"),
    ]
);

xlat!(
    RLIMIT,
    "RLIMIT_???",
    [
        (0, "RLIMIT_CPU"),
        (1, "RLIMIT_FSIZE"),
        (2, "RLIMIT_DATA"),
        (3, "RLIMIT_STACK"),
        (4, "RLIMIT_CORE"),
        (5, "RLIMIT_RSS"),
        (6, "RLIMIT_NPROC"),
        (7, "RLIMIT_NOFILE"),
        (8, "RLIMIT_MEMLOCK"),
        (9, "RLIMIT_AS"),
        (10, "RLIMIT_LOCKS"),
        (11, "RLIMIT_SIGPENDING"),
        (12, "RLIMIT_MSGQUEUE"),
        (13, "RLIMIT_NICE"),
        (14, "RLIMIT_RTPRIO"),
        (15, "RLIMIT_RTTIME"),
    ]
);

xlat!(
    GETRANDOM_FLAGS,
    "",
    [
        (1, "GRND_NONBLOCK"),
        (2, "GRND_RANDOM"),
        (4, "GRND_INSECURE")
    ]
);

xlat!(
    FADVISE,
    "POSIX_FADV_???",
    [
        (0, "POSIX_FADV_NORMAL"),
        (1, "POSIX_FADV_RANDOM"),
        (2, "POSIX_FADV_SEQUENTIAL"),
        (3, "POSIX_FADV_WILLNEED"),
        (4, "POSIX_FADV_DONTNEED"),
        (5, "POSIX_FADV_NOREUSE"),
    ]
);

xlat!(
    SIGPROCMASK_HOW,
    "SIG_???",
    [(0, "SIG_BLOCK"), (1, "SIG_UNBLOCK"), (2, "SIG_SETMASK")]
);

xlat!(
    SA_FLAGS,
    "",
    [
        (0x04000000, "SA_RESTORER"),
        (0x08000000, "SA_ONSTACK"),
        (0x10000000, "SA_RESTART"),
        (0x40000000, "SA_NODEFER"),
        (0x80000000, "SA_RESETHAND"),
        (0x4, "SA_SIGINFO"),
        (0x1, "SA_NOCLDSTOP"),
        (0x2, "SA_NOCLDWAIT"),
        (0x400, "SA_UNSUPPORTED"),
        (0x800, "SA_EXPOSE_TAGBITS"),
    ]
);

xlat!(
    CLONE_FLAGS,
    "",
    [
        (0x00000100, "CLONE_VM"),
        (0x00000200, "CLONE_FS"),
        (0x00000400, "CLONE_FILES"),
        (0x00000800, "CLONE_SIGHAND"),
        (0x00001000, "CLONE_PIDFD"),
        (0x00002000, "CLONE_PTRACE"),
        (0x00004000, "CLONE_VFORK"),
        (0x00008000, "CLONE_PARENT"),
        (0x00010000, "CLONE_THREAD"),
        (0x00020000, "CLONE_NEWNS"),
        (0x00040000, "CLONE_SYSVSEM"),
        (0x00080000, "CLONE_SETTLS"),
        (0x00100000, "CLONE_PARENT_SETTID"),
        (0x00200000, "CLONE_CHILD_CLEARTID"),
        (0x00400000, "CLONE_DETACHED"),
        (0x00800000, "CLONE_UNTRACED"),
        (0x01000000, "CLONE_CHILD_SETTID"),
        (0x02000000, "CLONE_NEWCGROUP"),
        (0x04000000, "CLONE_NEWUTS"),
        (0x08000000, "CLONE_NEWIPC"),
        (0x10000000, "CLONE_NEWUSER"),
        (0x20000000, "CLONE_NEWPID"),
        (0x40000000, "CLONE_NEWNET"),
        (0x80000000, "CLONE_IO"),
        (0x100000000, "CLONE_CLEAR_SIGHAND"),
        (0x200000000, "CLONE_INTO_CGROUP"),
        (0x400000000, "CLONE_NEWTIME"),
    ]
);

xlat!(
    WAIT_OPTIONS,
    "",
    [
        (1, "WNOHANG"),
        (2, "WSTOPPED"),
        (4, "WEXITED"),
        (8, "WCONTINUED"),
        (0x01000000, "WNOWAIT"),
        (0x20000000, "__WNOTHREAD"),
        (0x40000000, "__WALL"),
        (0x80000000, "__WCLONE"),
    ]
);

xlat!(
    WAITID_WHICH,
    "P_???",
    [(0, "P_ALL"), (1, "P_PID"), (2, "P_PGID"), (3, "P_PIDFD")]
);

xlat!(
    FUTEX_OPS,
    "",
    [
        (0, "FUTEX_WAIT"),
        (1, "FUTEX_WAKE"),
        (2, "FUTEX_FD"),
        (3, "FUTEX_REQUEUE"),
        (4, "FUTEX_CMP_REQUEUE"),
        (5, "FUTEX_WAKE_OP"),
        (6, "FUTEX_LOCK_PI"),
        (7, "FUTEX_UNLOCK_PI"),
        (8, "FUTEX_TRYLOCK_PI"),
        (9, "FUTEX_WAIT_BITSET"),
        (10, "FUTEX_WAKE_BITSET"),
        (11, "FUTEX_WAIT_REQUEUE_PI"),
        (12, "FUTEX_CMP_REQUEUE_PI"),
        (13, "FUTEX_LOCK_PI2"),
    ]
);

xlat!(
    SEEK_WHENCE,
    "SEEK_???",
    [
        (0, "SEEK_SET"),
        (1, "SEEK_CUR"),
        (2, "SEEK_END"),
        (3, "SEEK_DATA"),
        (4, "SEEK_HOLE"),
    ]
);

xlat!(
    FCNTL_CMDS,
    "F_???",
    [
        (0, "F_DUPFD"),
        (1, "F_GETFD"),
        (2, "F_SETFD"),
        (3, "F_GETFL"),
        (4, "F_SETFL"),
        (5, "F_GETLK"),
        (6, "F_SETLK"),
        (7, "F_SETLKW"),
        (8, "F_SETOWN"),
        (9, "F_GETOWN"),
        (10, "F_SETSIG"),
        (11, "F_GETSIG"),
        (15, "F_SETOWN_EX"),
        (16, "F_GETOWN_EX"),
        (17, "F_GETOWNER_UIDS"),
        (36, "F_OFD_GETLK"),
        (37, "F_OFD_SETLK"),
        (38, "F_OFD_SETLKW"),
        (1024, "F_SETLEASE"),
        (1025, "F_GETLEASE"),
        (1026, "F_NOTIFY"),
        (1030, "F_DUPFD_CLOEXEC"),
        (1031, "F_SETPIPE_SZ"),
        (1032, "F_GETPIPE_SZ"),
        (1033, "F_ADD_SEALS"),
        (1034, "F_GET_SEALS"),
    ]
);

xlat!(FD_FLAGS, "", [(1, "FD_CLOEXEC")]);

xlat!(
    CLOCK_IDS,
    "CLOCK_???",
    [
        (0, "CLOCK_REALTIME"),
        (1, "CLOCK_MONOTONIC"),
        (2, "CLOCK_PROCESS_CPUTIME_ID"),
        (3, "CLOCK_THREAD_CPUTIME_ID"),
        (4, "CLOCK_MONOTONIC_RAW"),
        (5, "CLOCK_REALTIME_COARSE"),
        (6, "CLOCK_MONOTONIC_COARSE"),
        (7, "CLOCK_BOOTTIME"),
        (8, "CLOCK_REALTIME_ALARM"),
        (9, "CLOCK_BOOTTIME_ALARM"),
        (11, "CLOCK_TAI"),
    ]
);

xlat!(TIMER_FLAGS, "", [(1, "TIMER_ABSTIME")]);

xlat!(UNLINKAT_FLAGS, "", [(0x200, "AT_REMOVEDIR")]);

xlat!(DUP3_FLAGS, "", [(0o2000000, "O_CLOEXEC")]);

xlat!(
    MSYNC_FLAGS,
    "",
    [(1, "MS_ASYNC"), (2, "MS_INVALIDATE"), (4, "MS_SYNC")]
);

xlat!(
    PRIO_WHICH,
    "PRIO_???",
    [(0, "PRIO_PROCESS"), (1, "PRIO_PGRP"), (2, "PRIO_USER")]
);

xlat!(
    ITIMER_WHICH,
    "ITIMER_???",
    [
        (0, "ITIMER_REAL"),
        (1, "ITIMER_VIRTUAL"),
        (2, "ITIMER_PROF")
    ]
);

xlat!(
    FLOCK_OPS,
    "",
    [
        (1, "LOCK_SH"),
        (2, "LOCK_EX"),
        (4, "LOCK_NB"),
        (8, "LOCK_UN")
    ]
);

xlat!(
    EPOLL_CTL_OPS,
    "EPOLL_CTL_???",
    [
        (1, "EPOLL_CTL_ADD"),
        (2, "EPOLL_CTL_DEL"),
        (3, "EPOLL_CTL_MOD")
    ]
);

xlat!(EPOLL_CREATE_FLAGS, "", [(0o2000000, "EPOLL_CLOEXEC")]);

xlat!(
    EVENTFD_FLAGS,
    "",
    [
        (0o2000000, "EFD_CLOEXEC"),
        (0o4000, "EFD_NONBLOCK"),
        (1, "EFD_SEMAPHORE")
    ]
);

xlat!(
    MEMFD_FLAGS,
    "",
    [
        (1, "MFD_CLOEXEC"),
        (2, "MFD_ALLOW_SEALING"),
        (4, "MFD_HUGETLB"),
        (8, "MFD_NOEXEC_SEAL"),
        (16, "MFD_EXEC"),
    ]
);

xlat!(
    RENAME_FLAGS,
    "",
    [
        (1, "RENAME_NOREPLACE"),
        (2, "RENAME_EXCHANGE"),
        (4, "RENAME_WHITEOUT")
    ]
);

xlat!(
    MLOCKALL_FLAGS,
    "",
    [(1, "MCL_CURRENT"), (2, "MCL_FUTURE"), (4, "MCL_ONFAULT")]
);

xlat!(
    CLOSE_RANGE_FLAGS,
    "",
    [(2, "CLOSE_RANGE_UNSHARE"), (4, "CLOSE_RANGE_CLOEXEC")]
);

xlat!(
    STATX_MASK,
    "",
    [
        (0x1, "STATX_TYPE"),
        (0x2, "STATX_MODE"),
        (0x4, "STATX_NLINK"),
        (0x8, "STATX_UID"),
        (0x10, "STATX_GID"),
        (0x20, "STATX_ATIME"),
        (0x40, "STATX_MTIME"),
        (0x80, "STATX_CTIME"),
        (0x100, "STATX_INO"),
        (0x200, "STATX_SIZE"),
        (0x400, "STATX_BLOCKS"),
        (0x800, "STATX_BTIME"),
        (0x1000, "STATX_MNT_ID"),
        (0x2000, "STATX_DIOALIGN"),
    ]
);
