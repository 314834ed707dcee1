//! Per-thread state.

use crate::arch::Arch;
use crate::decode::Call;

/// How rtrace came to trace a thread; it decides what happens when rtrace stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The command rtrace started, or a descendant of it.
    Spawned,
    /// A process given with `-p`, or a descendant of one: detached when rtrace stops.
    Attached,
}

/// One traced thread.
pub struct Tracee {
    pub origin: Origin,
    /// Between a syscall's entry and exit stops.
    pub in_syscall: bool,
    /// The syscall being traced (valid while `in_syscall`).
    pub call: Call,
    /// The number of the last syscall that ended (restart_syscall names it).
    pub prev_nr: Option<u64>,
    /// Its entry was printed and its line is not finished.
    pub line_open: bool,
    /// Arguments remain to be printed at exit.
    pub exit_args: bool,
    /// rtrace's own start-up: nothing is shown until the command's execve.
    pub hidden: bool,
    /// The spawned command before its first successful execve.
    pub startup: bool,
    /// The stop that starts an auto-attached child (fork/clone) has been seen.
    pub started: bool,
    /// On the seccomp fast path: resumed with PTRACE_CONT outside traced syscalls.
    pub fast: bool,
    /// The current syscall's entry came from a seccomp stop; some kernels follow it with a
    /// syscall-entry stop for the same call, which must not print the call twice.
    pub seccomp_entry: bool,
    /// The current syscall is one the filters select (shown and counted).
    pub selected: bool,
    /// When the current syscall's entry stop came (for `-T` and `-c`).
    pub entered_at: Option<std::time::Instant>,
    /// The instruction pointer at the current syscall (for `-i`).
    pub ip: u64,
    /// With `-e status=`, the entry text waits here until the outcome is known.
    pub staged: Vec<u8>,
}

impl Tracee {
    fn new(origin: Origin) -> Tracee {
        Tracee {
            origin,
            in_syscall: false,
            call: Call {
                arch: Arch::native(),
                nr: 0,
                args: [0; 6],
                sp: 0,
                prev_nr: None,
                ret: None,
                saved: [0; 4],
            },
            prev_nr: None,
            line_open: false,
            exit_args: false,
            hidden: false,
            startup: false,
            started: false,
            fast: false,
            seccomp_entry: false,
            selected: false,
            entered_at: None,
            ip: 0,
            staged: Vec::new(),
        }
    }

    /// The command rtrace started: hidden until its execve. `fast`: under the seccomp filter.
    pub fn spawned(fast: bool) -> Tracee {
        Tracee {
            hidden: true,
            startup: true,
            started: true,
            fast,
            ..Tracee::new(Origin::Spawned)
        }
    }

    /// A thread seized with `-p`. Like strace, a syscall it was blocked in and now restarts is
    /// shown as resuming syscall 0 (strace does not know which call was interrupted).
    pub fn attached() -> Tracee {
        Tracee {
            started: true,
            prev_nr: Some(0),
            ..Tracee::new(Origin::Attached)
        }
    }

    /// A child or thread created by a tracee, announced by its first stop. It inherits its
    /// parent's seccomp filter, so its parent's `fast`.
    pub fn child(origin: Origin, fast: bool) -> Tracee {
        Tracee {
            fast,
            ..Tracee::new(origin)
        }
    }
}
