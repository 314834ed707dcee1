//! Raw wait statuses, classified. Decoded by hand because a stop by a real-time signal and the
//! ptrace event bits do not fit nix's `WaitStatus`.

use crate::sys;

/// What one waitpid status says about a tracee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The thread exited with this code.
    Exited(i32),
    /// The thread was killed by a signal.
    Killed { sig: i32, core: bool },
    /// A syscall-entry or -exit stop (SIGTRAP | 0x80 with TRACESYSGOOD).
    Syscall,
    /// A ptrace event stop (fork, exec, seccomp, group-stop...) with its stop signal.
    Event { event: u32, sig: i32 },
    /// A signal-delivery stop.
    Signal(i32),
}

pub fn classify(status: i32) -> Stop {
    let low = status & 0x7f;
    if low == 0 {
        return Stop::Exited((status >> 8) & 0xff);
    }
    if low != 0x7f {
        return Stop::Killed {
            sig: low,
            core: status & 0x80 != 0,
        };
    }
    let sig = (status >> 8) & 0xff;
    let event = ((status >> 16) & 0xffff) as u32;
    if sig == (libc::SIGTRAP | 0x80) {
        Stop::Syscall
    } else if event != 0 {
        Stop::Event { event, sig }
    } else {
        Stop::Signal(sig)
    }
}

/// Whether an event stop is a group-stop (as opposed to an interrupt or an attach stop).
pub fn is_group_stop(event: u32, sig: i32) -> bool {
    event == sys::PTRACE_EVENT_STOP
        && matches!(
            sig,
            libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_statuses() {
        assert_eq!(classify(3 << 8), Stop::Exited(3));
        assert_eq!(
            classify(11 | 0x80),
            Stop::Killed {
                sig: 11,
                core: true
            }
        );
        assert_eq!(
            classify(9),
            Stop::Killed {
                sig: 9,
                core: false
            }
        );
        assert_eq!(classify(0x7f | (0x85 << 8)), Stop::Syscall);
        assert_eq!(
            classify(0x7f | (19 << 8) | (128 << 16)),
            Stop::Event {
                event: 128,
                sig: 19
            }
        );
        assert_eq!(
            classify(0x7f | (5 << 8) | (4 << 16)),
            Stop::Event { event: 4, sig: 5 }
        );
        // A real-time signal stop.
        assert_eq!(classify(0x7f | (40 << 8)), Stop::Signal(40));
        assert!(is_group_stop(128, libc::SIGTSTP));
        assert!(!is_group_stop(128, libc::SIGTRAP));
    }
}
