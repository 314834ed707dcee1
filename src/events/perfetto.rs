//! `--perfetto FILE`: the trace as Chrome's trace-event JSON, which Perfetto's UI and
//! chrome://tracing load as a timeline. Each thread is a track (`pid`/`tid`), each syscall a
//! complete (`"ph": "X"`) slice with its arguments, signals, stops, exits and attach/detach
//! instant (`"ph": "i"`) events, and process and thread names metadata (`"ph": "M"`).
//!
//! The file is the format's JSON array form, written as events happen: `[`, one object per
//! line, and `]` at the end. (The format allows the closing `]` to be missing, so a trace cut
//! short still loads.)

use super::{Event, Kind};
use crate::sys::Pid;
use serde::Serialize;
use serde_json::{json, Value};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// A trace-event file being written.
pub struct Timeline<W: Write = BufWriter<File>> {
    w: W,
    first: bool,
    /// The first write error, reported at the end.
    error: Option<io::Error>,
}

#[derive(Serialize)]
struct TraceEvent<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    cat: &'a str,
    ph: &'a str,
    ts: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    dur: Option<u64>,
    /// Instant events: scoped to their thread.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'a str>,
    pid: Pid,
    tid: Pid,
    args: Value,
}

/// A thread-scoped instant event.
fn instant<'a>(ev: &Event, name: &'a str, cat: &'a str, args: Value) -> TraceEvent<'a> {
    TraceEvent {
        name,
        cat,
        ph: "i",
        ts: ev.at_us,
        dur: None,
        s: Some("t"),
        pid: ev.who.pid,
        tid: ev.who.tid,
        args,
    }
}

impl Timeline {
    /// Creates (or truncates) the file.
    pub fn create(path: &Path) -> io::Result<Timeline> {
        Ok(Timeline::new(BufWriter::new(File::create(path)?)))
    }
}

impl<W: Write> Timeline<W> {
    pub fn new(w: W) -> Timeline<W> {
        let mut t = Timeline {
            w,
            first: true,
            error: None,
        };
        t.raw(b"[");
        t
    }

    fn raw(&mut self, b: &[u8]) {
        if self.error.is_none() {
            if let Err(e) = self.w.write_all(b) {
                self.error = Some(e);
            }
        }
    }

    fn put(&mut self, ev: &TraceEvent) {
        let mut line = Vec::with_capacity(256);
        line.extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        // Serialising plain structs into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut line, ev);
        self.raw(&line);
    }

    /// Names a process's track group (`comm` of its leader) or a thread's track.
    pub fn name(&mut self, pid: Pid, tid: Option<Pid>, name: &str) {
        let (what, tid) = match tid {
            Some(t) => ("thread_name", t),
            None => ("process_name", pid),
        };
        self.put(&TraceEvent {
            name: what,
            cat: "",
            ph: "M",
            ts: 0,
            dur: None,
            s: None,
            pid,
            tid,
            args: json!({ "name": name }),
        });
    }

    /// Adds one event: a slice for a syscall, an instant for the rest.
    pub fn event(&mut self, ev: &Event) {
        let (pid, tid) = (ev.who.pid, ev.who.tid);
        let instant = |name, cat, args| instant(ev, name, cat, args);
        let label;
        let e = match &ev.kind {
            Kind::Syscall(s) => TraceEvent {
                name: s.name,
                cat: "syscall",
                ph: "X",
                ts: s.start_us,
                dur: Some(ev.at_us.saturating_sub(s.start_us)),
                s: None,
                pid,
                tid,
                args: json!({
                    "args": s.args,
                    "ret": s.ret_text,
                    "errno": s.errno,
                }),
            },
            Kind::Signal { signal, siginfo } => {
                instant(signal, "signal", json!({ "siginfo": siginfo }))
            }
            Kind::Stop { signal } => {
                label = format!("stopped by {signal}");
                instant(&label, "signal", json!({}))
            }
            Kind::Exit { code } => {
                label = format!("exited with {code}");
                instant(&label, "exit", json!({ "code": code }))
            }
            Kind::Killed { signal, core } => {
                label = format!("killed by {signal}");
                instant(&label, "exit", json!({ "signal": signal, "core": core }))
            }
            Kind::Attach {} => instant("attached", "process", json!({})),
            Kind::Detach {} => instant("detached", "process", json!({})),
            Kind::Superseded { old_tid } => instant(
                "superseded by execve",
                "process",
                json!({ "old_tid": old_tid }),
            ),
        };
        self.put(&e);
    }

    /// Ends the array and writes everything out; the first error, if any.
    pub fn finish(&mut self) -> io::Result<()> {
        self.raw(b"\n]\n");
        if self.error.is_none() {
            if let Err(e) = self.w.flush() {
                self.error = Some(e);
            }
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
