//! Leaving attached processes exactly as they were found: each thread is interrupted, and at its
//! next stop detached, with the signal it was about to receive passed on. A thread in a
//! syscall goes on with it; a stopped process stays stopped; TracerPid goes back to 0.

use super::status::{classify, Stop};
use super::tracee::{Origin, Tracee};
use super::{Outcome, Tracer};
use crate::sys::{self, Errno, Pid};

impl Tracer {
    /// Detaches every thread that came from `-p` (and their descendants). Spawned tracees are
    /// left to the loop.
    pub fn detach_attached(&mut self) {
        self.detach_where(|t| t.origin == Origin::Attached);
    }

    /// Detaches everything, spawned tracees too (when a start fails: nothing may stay stopped
    /// because of rtrace).
    pub fn detach_all(&mut self) {
        self.detach_where(|_| true);
    }

    /// rtrace gives up (an internal error, or nobody reads the trace any more): every tracee is
    /// detached and goes on untraced, as when strace dies, except those under the seccomp fast
    /// path. Their filter cannot be removed and would fail every selected syscall without a
    /// tracer, so they are left to PTRACE_O_EXITKILL, which kills them when rtrace exits.
    pub fn abandon(&mut self) {
        // A thread whose stop was taken but not answered (the error came in between) will not
        // report another: detach it now. The others are running, and refuse with ESRCH.
        let picked: Vec<Pid> = self
            .tracees
            .iter()
            .filter(|(_, t)| !t.fast)
            .map(|(&pid, _)| pid)
            .collect();
        for pid in picked {
            if sys::detach(pid, 0).is_ok() {
                self.detached(pid);
            }
        }
        self.detach_where(|t| !t.fast);
    }

    fn detach_where(&mut self, pick: impl Fn(&Tracee) -> bool) {
        // New children may appear while detaching (a fork in flight): go round until none is left.
        for _ in 0..100 {
            let targets: Vec<Pid> = self
                .tracees
                .iter()
                .filter(|(_, t)| pick(t))
                .map(|(&pid, _)| pid)
                .collect();
            if targets.is_empty() {
                break;
            }
            for &pid in &targets {
                if sys::interrupt(pid) == Err(Errno::ESRCH) {
                    self.forget(pid); // already gone
                }
            }
            self.collect_detaches(&pick);
        }
        self.out.flush();
    }

    /// Waits for the interrupted threads' stops and detaches each at its stop.
    fn collect_detaches(&mut self, pick: &impl Fn(&Tracee) -> bool) {
        while self.tracees.values().any(pick) {
            let (pid, status) = match sys::wait_blocking() {
                Ok(x) => x,
                Err(Errno::EINTR) => continue,
                Err(_) => break,
            };
            let ours = self.tracees.get(&pid).map(pick);
            match (ours, classify(status)) {
                (_, Stop::Exited(code)) => self.on_death(pid, Outcome::Exited(code), false),
                (_, Stop::Killed { sig, core }) => self.on_death(pid, Outcome::Killed(sig), core),
                (Some(false), _) => self.dispatch(pid, status),
                // A new child we did not know yet: it inherits what its parent was.
                (None, stop) => {
                    self.adopt(pid);
                    if self.tracees.get(&pid).is_some_and(pick) {
                        self.detach_one(pid, stop);
                    } else {
                        self.dispatch_known(pid, stop);
                    }
                }
                (Some(true), stop) => self.detach_one(pid, stop),
            }
        }
    }

    fn detach_one(&mut self, pid: Pid, stop: Stop) {
        // A signal-delivery stop: pass the signal on, so it is not lost.
        let sig = match stop {
            Stop::Signal(s) => s,
            _ => 0,
        };
        let _ = sys::detach(pid, sig);
        self.detached(pid);
    }

    /// Says that `pid` was detached, and forgets it.
    fn detached(&mut self, pid: Pid) {
        if !self.opts.filters.quiet.attach {
            self.out.message(&format!("Process {pid} detached"));
        }
        if self.tracees.get(&pid).is_some_and(|t| t.line_open)
            && self.out.open_owner(pid) == Some(pid)
        {
            self.out
                .start_or_continue(pid)
                .extend_from_slice(b" <detached ...>");
            self.out.end_line(pid);
        }
        if self.rec.is_some() {
            self.rec_detach(pid);
        }
        self.forget(pid);
    }
}
