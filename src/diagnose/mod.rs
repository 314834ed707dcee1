//! Why tracing was refused, shown with the evidence and the fix for this environment; and
//! `rtrace --doctor`, the same checks without tracing.
//!
//! `facts.rs` reads the facts (from a root directory tests can point at a fake /proc), `explain.rs`
//! is the pure reasoning, `remedy.rs` the fixes per environment, `report.rs` the text and JSON.

pub mod explain;
pub mod facts;
pub mod remedy;
pub mod report;
#[cfg(test)]
mod tests;

pub use explain::{explain, predict, Action, CauseId, Diagnosis};
pub use facts::{gather, Facts};

use crate::sys::{Pid, PtraceProbe};

/// Explains a refused attach or spawn: the lines to print after the strace-style error line.
pub fn on_refusal(errno: i32, action: Action) -> String {
    let target = match action {
        Action::Attach(pid) => Some(pid),
        Action::Spawn => None,
    };
    let facts = gather(target);
    report::render_refusal(&explain(errno, &facts, action))
}

/// Before any ptrace call: if rtrace is under a seccomp filter (one /proc read), probe in a
/// child whether ptrace would kill rtrace; if so, the diagnosis to print instead of dying.
pub fn preflight(first_target: Option<Pid>) -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let filtered = facts::ProcStatus::parse(&status).seccomp == Some(2);
    if !filtered {
        return None;
    }
    let probe = crate::sys::probe_ptrace();
    if !matches!(probe, PtraceProbe::Killed(_)) {
        return None;
    }
    let mut f = gather(first_target);
    f.probe = probe;
    let action = first_target.map(Action::Attach).unwrap_or(Action::Spawn);
    Some(report::render_refusal(&explain(libc::EPERM, &f, action)))
}
