//! Structured trace events, for the machine-readable outputs: JSON Lines (`--json`, this
//! file) and Perfetto's trace-event timeline (`--perfetto`, [`perfetto`]). The tracer builds
//! one [`Event`] per thing that happened (a completed syscall, a signal, an exit...); text
//! inside an event is strace's text for that piece, so it is printable ASCII (tracee bytes are
//! escaped before they get here). The schema is documented in docs/json.md.

pub mod perfetto;

use crate::sys::Pid;
use serde::Serialize;

/// The version of the JSON schema, in every object as `"v"`.
pub const SCHEMA_VERSION: u32 = 1;

/// Which thread an event is about: its process (thread group) and thread ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Who {
    pub pid: Pid,
    pub tid: Pid,
}

/// A syscall, from entry to exit (or to the point where it was known never to return).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Syscall<'a> {
    pub name: &'a str,
    pub nr: u64,
    /// Each argument as strace prints it.
    pub args: Vec<&'a str>,
    /// The arguments' raw values (as many as the syscall takes).
    pub raw: &'a [u64],
    /// What the caller got (-1 on error); None when the call did not return.
    pub ret: Option<i64>,
    /// The result as strace prints it after `= ` (`3`, `-1 ENOENT (...)`, `?`).
    pub ret_text: &'a str,
    /// The error's name (`ENOENT`), or its number for an unnamed one.
    pub errno: Option<String>,
    /// Monotonic microseconds since the trace began, at entry (for timelines).
    #[serde(skip)]
    pub start_us: u64,
}

/// What happened (serialised as the fields that follow the common ones).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Kind<'a> {
    Syscall(Syscall<'a>),
    /// A signal delivered to the thread, with strace's siginfo text.
    Signal {
        signal: &'a str,
        siginfo: &'a str,
    },
    /// A group-stop (`--- stopped by SIGSTOP ---`).
    Stop {
        signal: &'a str,
    },
    Exit {
        code: i32,
    },
    Killed {
        signal: &'a str,
        core: bool,
    },
    Attach {},
    Detach {},
    /// A non-leader thread's execve: it now has the leader's id (`tid`); `old_tid` was its own.
    Superseded {
        old_tid: Pid,
    },
}

/// One event, with the decorations the command line asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    pub who: Who,
    pub kind: Kind<'a>,
    /// Monotonic microseconds since the trace began, when it happened (a syscall: its exit).
    pub at_us: u64,
    /// `-t`/`-tt`/`-ttt`: wall-clock microseconds since the epoch (at a syscall's entry).
    pub time_us: Option<u64>,
    /// `-T`: how long the syscall took.
    pub duration_us: Option<u64>,
    /// `-i`: the instruction pointer at the syscall.
    pub ip: Option<u64>,
}

#[derive(Serialize)]
struct Common<'a> {
    v: u32,
    #[serde(rename = "type")]
    type_name: &'static str,
    pid: Pid,
    tid: Pid,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_us: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_us: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip: Option<u64>,
    #[serde(flatten)]
    kind: &'a Kind<'a>,
}

impl Kind<'_> {
    /// The `"type"` of the JSON object.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Syscall(_) => "syscall",
            Kind::Signal { .. } => "signal",
            Kind::Stop { .. } => "stop",
            Kind::Exit { .. } => "exit",
            Kind::Killed { .. } => "killed",
            Kind::Attach {} => "attach",
            Kind::Detach {} => "detach",
            Kind::Superseded { .. } => "superseded",
        }
    }
}

/// Appends the event as one JSON object and a newline: one line, never split.
pub fn write_json_line(out: &mut Vec<u8>, ev: &Event) {
    let obj = Common {
        v: SCHEMA_VERSION,
        type_name: ev.kind.type_name(),
        pid: ev.who.pid,
        tid: ev.who.tid,
        time_us: ev.time_us,
        duration_us: ev.duration_us,
        ip: ev.ip,
        kind: &ev.kind,
    };
    // Serialising plain structs into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &obj);
    out.push(b'\n');
}

/// The errno field of a failed call: its name, or its number when it has none.
pub fn errno_name(e: u64) -> String {
    match crate::decode::errno::lookup(e) {
        Some((name, _)) if !name.is_empty() => name.to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests;
