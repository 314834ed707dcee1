//! The signature table: for each syscall name, the kind of each argument as strace prints it,
//! and how the return value is shown. Data, not code: a new syscall is one line here.
//!
//! Argument kinds that describe output (filled in by the kernel) are printed at syscall exit,
//! and so is every argument after the first of them, as strace does.

mod core;
mod events;
mod fs;
mod misc;
mod net;
mod proc;
mod time;

use super::xlat::Xlat;
use super::Ctx;
use crate::arch::Arch;
use std::sync::OnceLock;

/// The signature tables, one per domain; a syscall name appears in one of them only.
static TABLES: &[&[Sig]] = &[
    core::SIGS,
    fs::SIGS,
    proc::SIGS,
    time::SIGS,
    events::SIGS,
    misc::SIGS,
    net::SIGS,
];

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

pub(crate) const fn sig(name: &'static str, args: &'static [A]) -> Sig {
    Sig {
        name,
        args,
        ret: Ret::Dec,
    }
}

pub(crate) const fn sig_ret(name: &'static str, args: &'static [A], ret: Ret) -> Sig {
    Sig { name, args, ret }
}

/// The signature named `name`.
pub fn by_name(name: &str) -> Option<&'static Sig> {
    TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|s| s.name == name)
}

/// A fallback for a syscall the table does not describe: its arguments in hex.
static UNDESCRIBED: Sig = Sig {
    name: "",
    args: &[A::Hex, A::Hex, A::Hex, A::Hex, A::Hex, A::Hex],
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

/// How many arguments `-e raw=` shows: what the kernel takes, which differs from the printed
/// signature where one decoder covers several registers or prints none.
pub fn raw_arg_count(arch: Arch, nr: u64) -> usize {
    const OVERRIDES: &[(&str, usize)] = &[
        ("clone", 5),
        ("fcntl", 3),
        ("futex", 6),
        ("ioctl", 3),
        ("restart_syscall", 0),
        ("rt_sigreturn", 0),
    ];
    match lookup(arch, nr) {
        None => 6,
        Some(sig) => OVERRIDES
            .iter()
            .find(|(n, _)| *n == sig.name)
            .map(|&(_, c)| c)
            .unwrap_or(sig.args.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_unique() {
        let mut names: Vec<_> = TABLES
            .iter()
            .flat_map(|t| t.iter())
            .map(|s| s.name)
            .collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn every_name_is_a_syscall_on_some_arch() {
        for s in TABLES.iter().flat_map(|t| t.iter()) {
            assert!(
                Arch::X86_64.syscall_number(s.name).is_some()
                    || Arch::Aarch64.syscall_number(s.name).is_some(),
                "{} is not a syscall",
                s.name
            );
        }
    }

    /// Network calls, whose signatures live in the network table.
    const NETWORK: &[&str] = &[
        "accept",
        "accept4",
        "bind",
        "connect",
        "getpeername",
        "getsockname",
        "getsockopt",
        "listen",
        "recvfrom",
        "recvmmsg",
        "recvmsg",
        "sendmmsg",
        "sendmsg",
        "sendto",
        "setsockopt",
        "shutdown",
        "socket",
        "socketpair",
    ];

    #[test]
    fn every_syscall_strace_knows_has_a_signature() {
        let mut missing = Vec::new();
        for arch in [Arch::X86_64, Arch::Aarch64] {
            for nr in 0..=arch.max_syscall() {
                let Some(name) = arch.syscall_name(nr) else {
                    continue;
                };
                if by_name(name).is_none() && !NETWORK.contains(&name) {
                    missing.push(name);
                }
            }
        }
        assert!(missing.is_empty(), "no signature for {missing:?}");
    }

    #[test]
    fn newer_syscalls_than_strace_6_1_are_unnamed() {
        for nr in [335, 336, 451, 452, 460] {
            assert_eq!(Arch::X86_64.syscall_name(nr), None);
        }
        assert_eq!(
            Arch::X86_64.syscall_name(450),
            Some("set_mempolicy_home_node")
        );
        assert_eq!(Arch::Aarch64.syscall_name(451), None);
        assert_eq!(Arch::Aarch64.syscall_name(447), Some("memfd_secret"));
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
