//! Sets of syscalls per arch, and strace's set syntax: `open,close`, `%file`, `/regex`, `?name`,
//! `all`, `none`, and a leading `!` that negates the whole set.

use super::classes;
use crate::arch::Arch;

const ARCHES: [Arch; 2] = [Arch::X86_64, Arch::Aarch64];

/// A set of syscall numbers for each arch rtrace decodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyscallSet {
    bits: [Vec<bool>; 2],
}

impl SyscallSet {
    /// The bits of one arch (in the order of `ARCHES`).
    fn of(&self, arch: Arch) -> &[bool] {
        let [x86_64, aarch64] = &self.bits;
        match arch {
            Arch::X86_64 => x86_64,
            Arch::Aarch64 => aarch64,
        }
    }

    fn of_mut(&mut self, arch: Arch) -> &mut [bool] {
        let [x86_64, aarch64] = &mut self.bits;
        match arch {
            Arch::X86_64 => x86_64,
            Arch::Aarch64 => aarch64,
        }
    }

    pub fn none() -> SyscallSet {
        SyscallSet {
            bits: ARCHES.map(|a| vec![false; a.max_syscall() as usize + 1]),
        }
    }

    pub fn all() -> SyscallSet {
        SyscallSet {
            bits: ARCHES.map(|a| vec![true; a.max_syscall() as usize + 1]),
        }
    }

    /// Whether syscall `nr` of `arch` is in the set. Numbers beyond the table (unknown
    /// syscalls) are in the set only if the set is "all".
    pub fn contains(&self, arch: Arch, nr: u64) -> bool {
        let v = self.of(arch);
        match usize::try_from(nr).ok().and_then(|n| v.get(n)) {
            Some(b) => *b,
            None => self.is_all(),
        }
    }

    pub fn is_all(&self) -> bool {
        self.bits.iter().all(|v| v.iter().all(|b| *b))
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|v| v.iter().all(|b| !*b))
    }

    fn insert(&mut self, arch: Arch, nr: u64) {
        let slot = usize::try_from(nr).ok();
        if let Some(b) = slot.and_then(|n| self.of_mut(arch).get_mut(n)) {
            *b = true;
        }
    }

    /// Adds `name` on every arch that has it; false if no arch has it.
    fn insert_name(&mut self, name: &str) -> bool {
        let mut found = false;
        for a in ARCHES {
            if let Some(nr) = a.syscall_number(name) {
                self.insert(a, nr);
                found = true;
            }
        }
        found
    }

    /// Adds these syscalls (names missing on an arch are skipped).
    pub fn extend_names(&mut self, names: &[&str]) {
        for n in names {
            self.insert_name(n);
        }
    }

    fn negate(&mut self) {
        for v in &mut self.bits {
            for b in v.iter_mut() {
                *b = !*b;
            }
        }
    }

    /// The numbers in the set for `arch`, ascending.
    pub fn numbers(&self, arch: Arch) -> Vec<u64> {
        self.of(arch)
            .iter()
            .enumerate()
            .filter(|(_, b)| **b)
            .map(|(n, _)| n as u64)
            .collect()
    }

    /// The names in the set for `arch` (for tests and messages).
    pub fn names(&self, arch: Arch) -> Vec<&'static str> {
        self.numbers(arch)
            .into_iter()
            .filter_map(|n| arch.syscall_name(n))
            .collect()
    }
}

/// Parses a syscall set as `-e trace=` takes it. Errors name the item: `invalid system call 'foo'`.
pub fn parse_syscalls(spec: &str) -> Result<SyscallSet, String> {
    let (negated, body) = match spec.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let mut set = SyscallSet::none();
    for raw in body.split(',') {
        let (optional, item) = match raw.strip_prefix('?') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        // strace accepts a personality suffix (`open@64`); rtrace traces native 64-bit calls.
        let item = item.strip_suffix("@64").unwrap_or(item);
        let found = match item {
            "all" => {
                set = SyscallSet::all();
                true
            }
            "none" => true,
            "" => false,
            _ if item.starts_with('/') => match regex_lite::Regex::new(&item[1..]) {
                Ok(re) => {
                    let mut any = false;
                    for a in ARCHES {
                        for nr in 0..=a.max_syscall() {
                            if a.syscall_name(nr).is_some_and(|n| re.is_match(n)) {
                                set.insert(a, nr);
                                any = true;
                            }
                        }
                    }
                    any
                }
                Err(e) => return Err(format!("invalid regular expression '{}': {e}", &item[1..])),
            },
            _ if item.starts_with('%') => match classes::members(item) {
                Some(names) => {
                    for n in names {
                        set.insert_name(n);
                    }
                    true
                }
                None => false,
            },
            _ => set.insert_name(item),
        };
        if !found && !optional {
            return Err(format!("invalid system call '{item}'"));
        }
    }
    if negated {
        set.negate();
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_classes_negation_regex_and_optional() {
        let s = parse_syscalls("openat,close").unwrap();
        assert_eq!(s.names(Arch::X86_64), vec!["close", "openat"]);
        assert_eq!(s.names(Arch::Aarch64), vec!["openat", "close"]);
        assert!(s.contains(Arch::X86_64, 257));
        assert!(!s.contains(Arch::X86_64, 0));
        // open exists on x86_64 only; that is fine.
        let s = parse_syscalls("open").unwrap();
        assert_eq!(s.names(Arch::X86_64), vec!["open"]);
        assert!(s.names(Arch::Aarch64).is_empty());
        let s = parse_syscalls("!close").unwrap();
        assert!(!s.contains(Arch::X86_64, 3));
        assert!(s.contains(Arch::X86_64, 0));
        let s = parse_syscalls("/^clos").unwrap();
        assert_eq!(s.names(Arch::X86_64), vec!["close", "close_range"]);
        assert_eq!(
            parse_syscalls("foo").unwrap_err(),
            "invalid system call 'foo'"
        );
        assert_eq!(
            parse_syscalls("%foo").unwrap_err(),
            "invalid system call '%foo'"
        );
        assert!(parse_syscalls("?foo,close")
            .unwrap()
            .contains(Arch::X86_64, 3));
        assert!(parse_syscalls("all").unwrap().is_all());
        assert!(parse_syscalls("none").unwrap().is_empty());
        assert!(parse_syscalls("!all").unwrap().is_empty());
        assert!(parse_syscalls("/(").is_err());
        assert!(parse_syscalls("").is_err());
    }

    /// Every class, as a set of names per arch.
    #[test]
    fn classes_on_both_arches() {
        let expect = |class: &str, arch: Arch, some: &[&str], not: &[&str]| {
            let s = parse_syscalls(class).unwrap();
            let names = s.names(arch);
            for n in some {
                assert!(
                    names.contains(n),
                    "{class} on {arch:?} lacks {n}: {names:?}"
                );
            }
            for n in not {
                assert!(!names.contains(n), "{class} on {arch:?} has {n}");
            }
        };
        use Arch::{Aarch64 as A, X86_64 as X};
        expect(
            "%file",
            X,
            &[
                "open",
                "openat",
                "execve",
                "stat",
                "newfstatat",
                "statx",
                "chdir",
            ],
            &["read", "fstat"],
        );
        expect(
            "%file",
            A,
            &["openat", "execve", "newfstatat", "faccessat"],
            &["open", "stat", "read"],
        );
        expect(
            "%desc",
            X,
            &[
                "read",
                "write",
                "close",
                "fstat",
                "openat",
                "dup2",
                "epoll_wait",
            ],
            &["stat"],
        );
        expect(
            "%desc",
            A,
            &["read", "close", "fstat", "openat", "dup3", "epoll_pwait"],
            &["dup2"],
        );
        expect(
            "%process",
            X,
            &["clone", "fork", "execve", "wait4", "exit_group", "clone3"],
            &["read"],
        );
        expect(
            "%process",
            A,
            &["clone", "execve", "wait4", "exit_group", "clone3"],
            &["fork"],
        );
        for net in ["%network", "%net"] {
            expect(
                net,
                X,
                &["socket", "connect", "accept4", "sendmsg"],
                &["read"],
            );
            expect(
                net,
                A,
                &["socket", "connect", "accept4", "recvmmsg"],
                &["write"],
            );
        }
        expect("%signal", X, &["rt_sigaction", "kill", "pause"], &["read"]);
        expect(
            "%signal",
            A,
            &["rt_sigaction", "kill", "tgkill"],
            &["pause"],
        );
        expect("%ipc", X, &["shmget", "semop", "msgrcv"], &["read"]);
        expect("%ipc", A, &["shmget", "semop", "msgrcv"], &["read"]);
        expect(
            "%memory",
            X,
            &["mmap", "munmap", "brk", "mprotect", "madvise"],
            &["read"],
        );
        expect(
            "%memory",
            A,
            &["mmap", "munmap", "brk", "mprotect"],
            &["read"],
        );
        expect(
            "%creds",
            X,
            &["getuid", "setresuid", "capget", "prctl"],
            &["getpid"],
        );
        expect("%creds", A, &["getuid", "setresgid", "capset"], &["getpid"]);
        expect(
            "%clock",
            X,
            &["clock_gettime", "gettimeofday", "time"],
            &["nanosleep"],
        );
        expect("%clock", A, &["clock_gettime", "gettimeofday"], &["time"]);
        expect(
            "%pure",
            X,
            &["getpid", "gettid", "getppid", "getpgrp"],
            &["getpgid"],
        );
        expect("%pure", A, &["getpid", "gettid", "getppid"], &["getpgrp"]);
        expect("%stat", X, &["stat"], &["fstat", "lstat"]);
        expect("%lstat", X, &["lstat"], &["stat"]);
        expect("%fstat", X, &["fstat", "newfstatat", "statx"], &["stat"]);
        expect("%fstat", A, &["fstat", "newfstatat", "statx"], &[]);
        expect(
            "%%stat",
            X,
            &["stat", "fstat", "lstat", "newfstatat", "statx"],
            &["statfs"],
        );
        expect("%%stat", A, &["fstat", "newfstatat", "statx"], &["statfs"]);
        expect("%statfs", X, &["statfs"], &["fstatfs"]);
        expect("%fstatfs", A, &["fstatfs"], &["statfs"]);
        expect("%%statfs", X, &["statfs", "fstatfs", "ustat"], &["stat"]);
        expect("%%statfs", A, &["statfs", "fstatfs"], &[]);
        for c in classes::CLASSES {
            let s = parse_syscalls(c).unwrap();
            assert!(!s.names(Arch::X86_64).is_empty(), "{c}");
            // aarch64 has no stat(2) or lstat(2), only the *at and f* forms.
            if !matches!(*c, "%stat" | "%lstat") {
                assert!(!s.names(Arch::Aarch64).is_empty(), "{c} on aarch64");
            }
        }
    }
}
