//! The signature table: for each syscall name, the kind of each argument as strace prints it,
//! and how the return value is shown. Data, not code: a new syscall is one line here.
//!
//! Argument kinds that describe output (filled in by the kernel) are printed at syscall exit,
//! and so is every argument after the first of them, as strace does.

use super::xlat::Xlat;
use super::{calls as k, consts as c, structs as s, Ctx};
use crate::arch::Arch;
use std::sync::OnceLock;

/// A decoder for an argument that needs more than a table entry.
/// It gets the index of its argument slot.
pub type DecodeFn = fn(&mut Ctx, &mut Vec<u8>, usize);

/// How one argument is shown.
#[derive(Clone, Copy)]
pub enum A {
    /// `int`, in decimal (the low 32 bits, signed).
    Int,
    /// `unsigned int`, in decimal.
    Uint,
    /// `long`, in decimal.
    Long,
    /// `unsigned long` / `size_t`, in decimal.
    Ulong,
    /// A number in hex (`0x20`, `0`).
    Hex,
    /// A pointer: `NULL` or hex.
    Ptr,
    /// A file descriptor.
    Fd,
    /// A directory descriptor for *at() calls: `AT_FDCWD` or the fd.
    Dirfd,
    /// A path name (not truncated by `-s`).
    Path,
    /// A NUL-terminated string, truncated by `-s`.
    Str,
    /// An argv-style array of strings.
    Argv,
    /// An environment array: the pointer and `/* N vars */`, or the array with `-v`.
    Envp,
    /// A buffer passed in, its length in argument n.
    BufIn(u8),
    /// A buffer filled by the kernel; the length shown is the return value (capped by arg n).
    BufOut(u8),
    /// Like BufOut, always shown in hex (random bytes).
    BufOutHex(u8),
    /// Bit flags.
    Flags(&'static Xlat),
    /// A constant shown by name, unknown values in decimal.
    Const(&'static Xlat),
    /// A constant shown by name, unknown values in hex.
    ConstHex(&'static Xlat),
    /// Open flags, with the access mode first (arch-specific table).
    OpenFlags,
    /// open's mode: printed only when the flags in argument n create a file.
    OpenMode(u8),
    /// A file mode in octal.
    Mode,
    /// mmap's prot.
    Prot,
    /// mmap's flags (arch-specific table).
    MmapFlags,
    /// A signal number.
    Signal,
    /// A signal set passed in; its size in bytes is argument n.
    SigsetIn(u8),
    /// A signal set filled in by the kernel.
    SigsetOut(u8),
    /// A custom decoder run at entry.
    In(DecodeFn),
    /// A custom decoder run at exit.
    Out(DecodeFn),
    /// A custom decoder that prints part of its text at entry and the rest at exit, with no
    /// separator in between (clone's flags, then its output pointers).
    Split(DecodeFn, DecodeFn),
}

impl A {
    /// Whether this argument is printed at exit.
    pub fn at_exit(self) -> bool {
        matches!(
            self,
            A::BufOut(_) | A::BufOutHex(_) | A::SigsetOut(_) | A::Out(_) | A::Split(..)
        )
    }
}

/// How the return value is shown.
#[derive(Clone, Copy, Debug)]
pub enum Ret {
    /// Signed decimal (the default).
    Dec,
    /// Hex, for addresses (mmap, brk).
    Hex,
    /// Octal with a leading zero (umask).
    Oct,
    /// Decimal, followed by what a decoder adds (fcntl's `= 0x1 (flags FD_CLOEXEC)`); the
    /// function writes the whole value and returns false to fall back to decimal.
    With(RetFn),
}

/// A return-value printer: gets the call (with `ret` set) and writes after `= `.
pub type RetFn = fn(&mut Ctx, &mut Vec<u8>) -> bool;

/// A syscall's signature.
pub struct Sig {
    pub name: &'static str,
    pub args: &'static [A],
    pub ret: Ret,
}

impl Sig {
    /// How many leading arguments are printed at entry.
    pub fn entry_count(&self) -> usize {
        self.args
            .iter()
            .position(|a| a.at_exit())
            .unwrap_or(self.args.len())
    }
}

use A::*;

const fn sig(name: &'static str, args: &'static [A]) -> Sig {
    Sig {
        name,
        args,
        ret: Ret::Dec,
    }
}

const fn sig_ret(name: &'static str, args: &'static [A], ret: Ret) -> Sig {
    Sig { name, args, ret }
}

/// Every signature, roughly alphabetical (lookups go through per-arch vectors built once).
static SIGNATURES: &[Sig] = &[
    sig("accept", &[Fd, Ptr, Ptr]),
    sig("accept4", &[Fd, Ptr, Ptr, Flags(&c::SOCKET_TYPE_FLAGS)]),
    sig("access", &[Path, Flags(&c::ACCESS_MODES)]),
    sig("alarm", &[Uint]),
    sig("arch_prctl", &[ConstHex(&c::ARCH_PRCTL), Ptr]),
    sig("bind", &[Fd, Ptr, Int]),
    sig_ret("brk", &[Ptr], Ret::Hex),
    sig("chdir", &[Path]),
    sig("chmod", &[Path, Mode]),
    sig("chown", &[Path, Int, Int]),
    sig("chroot", &[Path]),
    sig(
        "clock_getres",
        &[Const(&c::CLOCK_IDS), Out(s::timespec_out)],
    ),
    sig(
        "clock_gettime",
        &[Const(&c::CLOCK_IDS), Out(s::timespec_out)],
    ),
    sig(
        "clock_nanosleep",
        &[
            Const(&c::CLOCK_IDS),
            Flags(&c::TIMER_FLAGS),
            In(s::timespec_in),
            Out(s::timespec_out_rem),
        ],
    ),
    sig("clone", &[Split(k::clone_entry, k::clone_exit)]),
    sig("clone3", &[Split(k::clone3_entry, k::clone3_exit), Ulong]),
    sig("close", &[Fd]),
    sig("close_range", &[Uint, Uint, Flags(&c::CLOSE_RANGE_FLAGS)]),
    sig("connect", &[Fd, Ptr, Int]),
    sig("creat", &[Path, Mode]),
    sig("dup", &[Fd]),
    sig("dup2", &[Fd, Fd]),
    sig("dup3", &[Fd, Fd, Flags(&c::DUP3_FLAGS)]),
    sig("epoll_create", &[Int]),
    sig("epoll_create1", &[Flags(&c::EPOLL_CREATE_FLAGS)]),
    sig("eventfd2", &[Uint, Flags(&c::EVENTFD_FLAGS)]),
    sig("execve", &[Path, Argv, Envp]),
    sig("execveat", &[Dirfd, Path, Argv, Envp, Flags(&c::AT_FLAGS)]),
    sig("exit", &[Int]),
    sig("exit_group", &[Int]),
    sig("faccessat", &[Dirfd, Path, Flags(&c::ACCESS_MODES)]),
    sig(
        "faccessat2",
        &[
            Dirfd,
            Path,
            Flags(&c::ACCESS_MODES),
            Flags(&c::FACCESSAT_FLAGS),
        ],
    ),
    sig("fadvise64", &[Fd, Long, Long, Const(&c::FADVISE)]),
    sig("fchdir", &[Fd]),
    sig("fchmod", &[Fd, Mode]),
    sig("fchmodat", &[Dirfd, Path, Mode]),
    sig("fchown", &[Fd, Int, Int]),
    sig("fchownat", &[Dirfd, Path, Int, Int, Flags(&c::AT_FLAGS)]),
    sig_ret(
        "fcntl",
        &[Fd, Split(k::fcntl_entry, k::fcntl_exit)],
        Ret::With(k::fcntl_ret),
    ),
    sig("fdatasync", &[Fd]),
    sig("flock", &[Fd, Flags(&c::FLOCK_OPS)]),
    sig_ret("fork", &[], Ret::Dec),
    sig("fstat", &[Fd, Out(s::stat_out)]),
    sig("fsync", &[Fd]),
    sig("ftruncate", &[Fd, Long]),
    sig("futex", &[Ptr, In(k::futex_rest)]),
    sig("getcwd", &[Out(s::getcwd_out), Ulong]),
    sig("getdents64", &[Fd, Out(s::dirents_out), Uint]),
    sig("getegid", &[]),
    sig("geteuid", &[]),
    sig("getgid", &[]),
    sig("getpgid", &[Int]),
    sig("getpgrp", &[]),
    sig("getpid", &[]),
    sig("getppid", &[]),
    sig(
        "getrandom",
        &[BufOutHex(1), Ulong, Flags(&c::GETRANDOM_FLAGS)],
    ),
    sig("getrlimit", &[Const(&c::RLIMIT), Out(s::rlimit_out)]),
    sig("getsid", &[Int]),
    sig("gettid", &[]),
    sig("getuid", &[]),
    sig("ioctl", &[Fd, In(k::ioctl_rest)]),
    sig("kill", &[Int, Signal]),
    sig("lchown", &[Path, Int, Int]),
    sig("link", &[Path, Path]),
    sig("linkat", &[Dirfd, Path, Dirfd, Path, Flags(&c::AT_FLAGS)]),
    sig("listen", &[Fd, Int]),
    sig("lseek", &[Fd, Long, Const(&c::SEEK_WHENCE)]),
    sig("lstat", &[Path, Out(s::stat_out)]),
    sig("madvise", &[Ptr, Ulong, Const(&c::MADVISE)]),
    sig("memfd_create", &[Str, Flags(&c::MEMFD_FLAGS)]),
    sig("mkdir", &[Path, Mode]),
    sig("mkdirat", &[Dirfd, Path, Mode]),
    sig("mlockall", &[Flags(&c::MLOCKALL_FLAGS)]),
    sig_ret("mmap", &[Ptr, Ulong, Prot, MmapFlags, Fd, Hex], Ret::Hex),
    sig("mprotect", &[Ptr, Ulong, Prot]),
    sig_ret(
        "mremap",
        &[Ptr, Ulong, Ulong, Flags(&c::MREMAP_FLAGS), Ptr],
        Ret::Hex,
    ),
    sig("msync", &[Ptr, Ulong, Flags(&c::MSYNC_FLAGS)]),
    sig("munmap", &[Ptr, Ulong]),
    sig("nanosleep", &[In(s::timespec_in), Out(s::timespec_out_rem)]),
    sig(
        "newfstatat",
        &[Dirfd, Path, Out(s::stat_out), Flags(&c::AT_FLAGS)],
    ),
    sig("open", &[Path, OpenFlags, OpenMode(1)]),
    sig("openat", &[Dirfd, Path, OpenFlags, OpenMode(2)]),
    sig("pause", &[]),
    sig("pipe", &[Out(s::pipe_out)]),
    sig("pipe2", &[Out(s::pipe_out), Flags(&c::PIPE_FLAGS)]),
    sig("prctl", &[Const(&c::PRCTL_OPTIONS), Hex, Hex, Hex, Hex]),
    sig_ret(
        "poll",
        &[In(s::pollfds_in), Uint, Int],
        Ret::With(s::poll_ret),
    ),
    sig("pread64", &[Fd, BufOut(2), Ulong, Long]),
    sig(
        "prlimit64",
        &[Int, Const(&c::RLIMIT), In(s::rlimit_in), Out(s::rlimit_out)],
    ),
    sig("pwrite64", &[Fd, BufIn(2), Ulong, Long]),
    sig("read", &[Fd, BufOut(2), Ulong]),
    sig("readlink", &[Path, Out(s::readlink_out), Ulong]),
    sig("readlinkat", &[Dirfd, Path, Out(s::readlink_out), Ulong]),
    sig("rename", &[Path, Path]),
    sig("renameat", &[Dirfd, Path, Dirfd, Path]),
    sig(
        "renameat2",
        &[Dirfd, Path, Dirfd, Path, Flags(&c::RENAME_FLAGS)],
    ),
    sig("restart_syscall", &[In(k::restart_syscall)]),
    sig("rmdir", &[Path]),
    sig("rseq", &[Ptr, Hex, Hex, Hex]),
    sig(
        "rt_sigaction",
        &[Signal, In(k::sigaction_in), Out(k::sigaction_out), Ulong],
    ),
    sig(
        "rt_sigprocmask",
        &[Const(&c::SIGPROCMASK_HOW), SigsetIn(3), SigsetOut(3), Ulong],
    ),
    sig("rt_sigreturn", &[In(k::sigreturn_mask)]),
    sig("sched_getaffinity", &[Int, Ulong, Out(s::cpuset_out)]),
    sig("sched_setaffinity", &[Int, Ulong, In(s::cpuset_in)]),
    sig("sched_yield", &[]),
    sig("sigaltstack", &[In(s::stack_t_in), Out(s::stack_t_out)]),
    sig("set_robust_list", &[Ptr, Ulong]),
    sig("set_tid_address", &[Ptr]),
    sig("setgid", &[Int]),
    sig("setpgid", &[Int, Int]),
    sig("setsid", &[]),
    sig("setuid", &[Int]),
    sig("shutdown", &[Fd, Const(&c::SHUTDOWN_HOW)]),
    sig(
        "socket",
        &[Const(&c::SOCKET_FAMILIES), In(k::socket_type), Int],
    ),
    sig("stat", &[Path, Out(s::stat_out)]),
    sig("symlink", &[Path, Path]),
    sig("symlinkat", &[Path, Dirfd, Path]),
    sig("sync", &[]),
    sig("tgkill", &[Int, Int, Signal]),
    sig("tkill", &[Int, Signal]),
    sig("truncate", &[Path, Long]),
    sig_ret("umask", &[Mode], Ret::Oct),
    sig("uname", &[Out(s::uname_out)]),
    sig("unlink", &[Path]),
    sig("unlinkat", &[Dirfd, Path, Flags(&c::UNLINKAT_FLAGS)]),
    sig_ret("vfork", &[], Ret::Dec),
    sig(
        "wait4",
        &[Int, Out(s::wait_status_out), Flags(&c::WAIT_OPTIONS), Ptr],
    ),
    sig("write", &[Fd, BufIn(2), Ulong]),
    sig("writev", &[Fd, In(s::iovec_in), Int]),
];

/// The signature named `name`.
pub fn by_name(name: &str) -> Option<&'static Sig> {
    SIGNATURES.iter().find(|s| s.name == name)
}

/// A fallback for a syscall the table does not describe: its arguments in hex.
static UNDESCRIBED: Sig = Sig {
    name: "",
    args: &[Hex, Hex, Hex, Hex, Hex, Hex],
    ret: Ret::Dec,
};

type ArchTable = Vec<Option<&'static Sig>>;

fn build(arch: Arch) -> ArchTable {
    let max = arch.max_syscall() as usize;
    (0..=max)
        .map(|nr| {
            arch.syscall_name(nr as u64)
                .map(|name| by_name(name).unwrap_or(&UNDESCRIBED))
        })
        .collect()
}

/// The signature of syscall `nr` on `arch` (indexed once per arch, then a vector lookup).
pub fn lookup(arch: Arch, nr: u64) -> Option<&'static Sig> {
    static X86_64: OnceLock<ArchTable> = OnceLock::new();
    static AARCH64: OnceLock<ArchTable> = OnceLock::new();
    let table = match arch {
        Arch::X86_64 => X86_64.get_or_init(|| build(arch)),
        Arch::Aarch64 => AARCH64.get_or_init(|| build(arch)),
    };
    table.get(usize::try_from(nr).ok()?).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_unique() {
        let mut names: Vec<_> = SIGNATURES.iter().map(|s| s.name).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn every_name_is_a_syscall_on_some_arch() {
        for s in SIGNATURES {
            assert!(
                Arch::X86_64.syscall_number(s.name).is_some()
                    || Arch::Aarch64.syscall_number(s.name).is_some(),
                "{} is not a syscall",
                s.name
            );
        }
    }

    #[test]
    fn lookup_per_arch() {
        assert_eq!(lookup(Arch::X86_64, 257).map(|s| s.name), Some("openat"));
        assert_eq!(lookup(Arch::Aarch64, 56).map(|s| s.name), Some("openat"));
        assert!(lookup(Arch::X86_64, 100_000).is_none());
        assert_eq!(by_name("read").map(|s| s.entry_count()), Some(1));
        assert_eq!(by_name("write").map(|s| s.entry_count()), Some(3));
    }
}
