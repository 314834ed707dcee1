//! What to show: `-e trace=`, `-e signal=`, `-e status=` (`-z`, `-Z`), `-e quiet=` (`-q`), the
//! decoding qualifiers `-e raw=/abbrev=/verbose=`, and `-P PATH`. Parsing is pure; matching is
//! done by the tracer with the sets built here.

pub mod bpf;
pub mod classes;
pub mod set;

use crate::decode::signals;
pub use set::{parse_syscalls, SyscallSet};

/// Which outcomes of a syscall to show (`-e status=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusSet {
    pub successful: bool,
    pub failed: bool,
    pub unfinished: bool,
    pub unavailable: bool,
    pub detached: bool,
}

impl StatusSet {
    pub const ALL: StatusSet = StatusSet {
        successful: true,
        failed: true,
        unfinished: true,
        unavailable: true,
        detached: true,
    };
    pub const NONE: StatusSet = StatusSet {
        successful: false,
        failed: false,
        unfinished: false,
        unavailable: false,
        detached: false,
    };

    pub fn is_all(&self) -> bool {
        *self == StatusSet::ALL
    }
}

/// Which of rtrace's own messages to suppress (`-e quiet=`, `-q`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quiet {
    /// `Process N attached` / `detached`.
    pub attach: bool,
    /// `+++ exited with N +++`, `+++ killed by ... +++`.
    pub exit: bool,
    /// `Requested path ... resolved into ...` (-P).
    pub path_resolution: bool,
    /// `+++ superseded by execve in pid N +++`.
    pub thread_execve: bool,
    /// `[ Process PID=N runs in 32 bit mode. ]`.
    pub personality: bool,
}

/// Everything the filters decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filters {
    /// Syscalls to show.
    pub trace: SyscallSet,
    /// Syscalls whose arguments are shown raw (`-e raw=`).
    pub raw: SyscallSet,
    /// Syscalls whose structures are abbreviated (`-e abbrev=`, default all).
    pub abbrev: SyscallSet,
    /// Syscalls whose structures are shown in full (`-e verbose=`, default all; `-v` sets abbrev
    /// to none).
    pub verbose: SyscallSet,
    /// Signals to show, as a bit per signal number (bit n for signal n).
    pub signals: u128,
    pub status: StatusSet,
    pub quiet: Quiet,
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            trace: SyscallSet::all(),
            raw: SyscallSet::none(),
            abbrev: SyscallSet::all(),
            verbose: SyscallSet::all(),
            signals: u128::MAX,
            status: StatusSet::ALL,
            quiet: Quiet::default(),
        }
    }
}

impl Filters {
    pub fn shows_signal(&self, sig: i32) -> bool {
        (0..128).contains(&sig) && self.signals & (1u128 << sig) != 0
    }

    /// Applies one `-e` expression (`trace=open,close`, `!open`, `signal=SIGINT`, ...).
    pub fn apply(&mut self, expr: &str) -> Result<(), String> {
        let (qual, value) = match expr.split_once('=') {
            Some((q, v)) if is_qualifier(q) => (q, v),
            Some((q, _))
                if q.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                return Err(format!("invalid -e qualifier '{q}' in '{expr}'"))
            }
            _ => ("trace", expr),
        };
        match qual {
            "trace" | "t" => self.trace = parse_syscalls(value)?,
            "raw" | "x" => self.raw = parse_syscalls(value)?,
            "abbrev" | "a" => self.abbrev = parse_syscalls(value)?,
            "verbose" | "v" => self.verbose = parse_syscalls(value)?,
            "signal" | "signals" | "s" => self.signals = parse_signals(value)?,
            "status" => self.status = parse_status(value)?,
            "quiet" | "silent" | "silence" | "q" => self.quiet = parse_quiet(value)?,
            _ => return Err(format!("invalid -e qualifier '{qual}' in '{expr}'")),
        }
        Ok(())
    }
}

fn is_qualifier(q: &str) -> bool {
    matches!(
        q,
        "trace"
            | "t"
            | "raw"
            | "x"
            | "abbrev"
            | "a"
            | "verbose"
            | "v"
            | "signal"
            | "signals"
            | "s"
            | "status"
            | "quiet"
            | "silent"
            | "silence"
            | "q"
    )
}

/// A `!`-negatable, comma-separated list of names, with `all` and `none`.
fn parse_list<T: Copy>(
    spec: &str,
    none: T,
    all: T,
    mut add: impl FnMut(T, &str) -> Result<T, String>,
    negate: impl Fn(T) -> T,
) -> Result<T, String> {
    let (neg, body) = match spec.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, spec),
    };
    let mut v = none;
    for item in body.split(',') {
        v = match item {
            "all" => all,
            "none" => v,
            _ => add(v, item)?,
        };
    }
    Ok(if neg { negate(v) } else { v })
}

pub fn parse_signals(spec: &str) -> Result<u128, String> {
    parse_list(
        spec,
        0u128,
        u128::MAX,
        |v, item| match signals::number(item) {
            Some(n) => Ok(v | (1u128 << n)),
            None => Err(format!("invalid signal '{item}'")),
        },
        |v| !v,
    )
}

pub fn parse_status(spec: &str) -> Result<StatusSet, String> {
    parse_list(
        spec,
        StatusSet::NONE,
        StatusSet::ALL,
        |mut s, item| {
            match item {
                "successful" => s.successful = true,
                "failed" => s.failed = true,
                "unfinished" => s.unfinished = true,
                "unavailable" => s.unavailable = true,
                "detached" => s.detached = true,
                _ => return Err(format!("invalid status '{item}'")),
            }
            Ok(s)
        },
        |s| StatusSet {
            successful: !s.successful,
            failed: !s.failed,
            unfinished: !s.unfinished,
            unavailable: !s.unavailable,
            detached: !s.detached,
        },
    )
}

pub fn parse_quiet(spec: &str) -> Result<Quiet, String> {
    let all = Quiet {
        attach: true,
        exit: true,
        path_resolution: true,
        thread_execve: true,
        personality: true,
    };
    parse_list(
        spec,
        Quiet::default(),
        all,
        |mut q, item| {
            match item {
                "attach" => q.attach = true,
                "exit" | "exits" => q.exit = true,
                "path-resolution" => q.path_resolution = true,
                "personality" => q.personality = true,
                "thread-execve" | "superseded" => q.thread_execve = true,
                _ => return Err(format!("invalid quiet value '{item}'")),
            }
            Ok(q)
        },
        |q| Quiet {
            attach: !q.attach,
            exit: !q.exit,
            path_resolution: !q.path_resolution,
            thread_execve: !q.thread_execve,
            personality: !q.personality,
        },
    )
}

/// `-q` given `n` times, as strace defines it.
pub fn quiet_level(n: u8) -> Quiet {
    Quiet {
        attach: n >= 1,
        personality: n >= 1,
        exit: n >= 2,
        path_resolution: n >= 3,
        thread_execve: n >= 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arch::Arch;

    #[test]
    fn qualifiers() {
        let mut f = Filters::default();
        f.apply("openat").unwrap();
        assert_eq!(f.trace.names(Arch::X86_64), vec!["openat"]);
        f.apply("trace=close").unwrap();
        assert_eq!(
            f.trace.names(Arch::X86_64),
            vec!["close"],
            "the last -e trace= wins, as in strace"
        );
        f.apply("t=%process").unwrap();
        assert!(f.trace.names(Arch::X86_64).contains(&"clone"));
        f.apply("signal=SIGINT,TERM").unwrap();
        assert!(f.shows_signal(2) && f.shows_signal(15) && !f.shows_signal(17));
        f.apply("signal=!SIGCHLD").unwrap();
        assert!(!f.shows_signal(17) && f.shows_signal(2));
        f.apply("signal=none").unwrap();
        assert!(!f.shows_signal(2));
        f.apply("status=failed").unwrap();
        assert_eq!(
            f.status,
            StatusSet {
                failed: true,
                ..StatusSet::NONE
            }
        );
        f.apply("status=!failed").unwrap();
        assert!(f.status.successful && !f.status.failed && f.status.unfinished);
        f.apply("quiet=attach,exit").unwrap();
        assert!(f.quiet.attach && f.quiet.exit && !f.quiet.thread_execve);
        f.apply("raw=openat").unwrap();
        assert!(f.raw.contains(Arch::X86_64, 257));
        assert!(f
            .apply("bogus=1")
            .unwrap_err()
            .contains("invalid -e qualifier 'bogus'"));
        assert_eq!(
            f.apply("trace=nosuch").unwrap_err(),
            "invalid system call 'nosuch'"
        );
        assert_eq!(
            f.apply("signal=SIGFOO").unwrap_err(),
            "invalid signal 'SIGFOO'"
        );
        assert_eq!(f.apply("status=meh").unwrap_err(), "invalid status 'meh'");
    }

    #[test]
    fn quiet_levels() {
        assert_eq!(quiet_level(0), Quiet::default());
        assert!(quiet_level(1).attach && !quiet_level(1).exit);
        assert!(quiet_level(2).exit);
    }
}
