//! Hooks that feed the structured outputs (`--json`, `--perfetto`). The loop calls them at the
//! few places where something happens (a syscall's entry and exit, a signal, a stop, an exit,
//! attach, detach, an exec that changes a thread's id); they do nothing unless a structured
//! output was asked for. A syscall is kept per thread from entry to exit and becomes one event
//! when it ends, so with several threads no event is ever split or interleaved.

use super::syscalls::with_ctx;
use super::{Outcome, Tracer};
use crate::decode::{self, signals, Call, Span};
use crate::events::perfetto::Timeline;
use crate::events::{self, Event, Kind, Syscall, Who};
use crate::output::Output;
use crate::sys::Pid;
use std::collections::{HashMap, HashSet};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// A syscall between its entry and its exit.
struct Pending {
    call: Call,
    ip: u64,
    /// The arguments' text: the entry part, then the exit part.
    text: Vec<u8>,
    spans: Vec<Span>,
    start: Instant,
    wall_us: Option<u64>,
}

/// What the structured outputs need to remember.
pub struct Recorder {
    /// `--json`: events go to the trace output as JSON Lines.
    json: bool,
    timeline: Option<Timeline>,
    /// Decorations asked for: `-t` (wall-clock time), `-T` (durations), `-i` (ip).
    stamps: bool,
    durations: bool,
    ips: bool,
    start: Instant,
    pending: HashMap<Pid, Pending>,
    /// Thread id to process id.
    tgids: HashMap<Pid, Pid>,
    /// Threads whose names the timeline has.
    named: HashSet<Pid>,
}

impl Recorder {
    pub fn new(json: bool, timeline: Option<Timeline>, timing: crate::cli::Timing) -> Recorder {
        Recorder {
            json,
            timeline,
            stamps: timing.stamps > 0 || timing.relative,
            durations: timing.syscall_times,
            ips: timing.ip,
            start: Instant::now(),
            pending: HashMap::new(),
            tgids: HashMap::new(),
            named: HashSet::new(),
        }
    }

    /// Whether the trace output carries JSON instead of text.
    pub fn json(&self) -> bool {
        self.json
    }

    fn who(&mut self, tid: Pid) -> Who {
        let pid = *self
            .tgids
            .entry(tid)
            .or_insert_with(|| proc_field(tid, "Tgid:").unwrap_or(tid));
        Who { pid, tid }
    }

    fn mono_us(&self, at: Instant) -> u64 {
        at.duration_since(self.start).as_micros() as u64
    }

    /// Gives a new thread (and its process, for a leader) its name on the timeline.
    fn name(&mut self, who: Who) {
        let Some(t) = self.timeline.as_mut() else {
            return;
        };
        if !self.named.insert(who.tid) {
            return;
        }
        let comm = comm_of(who.tid);
        if who.pid == who.tid {
            t.name(who.pid, None, &comm);
        }
        t.name(who.pid, Some(who.tid), &comm);
    }

    fn emit(&mut self, out: &mut Output, ev: &Event) {
        if self.json {
            let mut line = Vec::with_capacity(256);
            events::write_json_line(&mut line, ev);
            out.record_line(ev.who.tid, &line);
        }
        self.name(ev.who);
        if let Some(t) = self.timeline.as_mut() {
            t.event(ev);
        }
    }

    /// An event other than a syscall, happening now.
    fn emit_now(&mut self, out: &mut Output, tid: Pid, kind: Kind) {
        let now = Instant::now();
        let ev = Event {
            who: self.who(tid),
            at_us: self.mono_us(now),
            time_us: self.stamps.then(wall_us),
            duration_us: None,
            ip: None,
            kind,
        };
        self.emit(out, &ev);
    }

    /// A syscall's event, complete (`ret`: the result, None if it never returned).
    fn emit_syscall(
        &mut self,
        out: &mut Output,
        tid: Pid,
        p: &Pending,
        ret: Option<(i64, bool)>,
        ret_text: &[u8],
    ) {
        let now = Instant::now();
        let args = p
            .spans
            .iter()
            .filter_map(|s| p.text.get(s.clone()))
            .map(|b| std::str::from_utf8(b).unwrap_or("?"))
            .collect();
        let mut name = Vec::with_capacity(24);
        decode::syscall_name(&mut name, p.call.arch, p.call.nr);
        let raw = p
            .call
            .args
            .get(..decode::table::raw_arg_count(p.call.arch, p.call.nr))
            .unwrap_or(&[]);
        let ev = Event {
            who: self.who(tid),
            at_us: self.mono_us(now),
            time_us: p.wall_us,
            duration_us: self
                .durations
                .then(|| now.duration_since(p.start).as_micros() as u64),
            ip: self.ips.then_some(p.ip),
            kind: Kind::Syscall(Syscall {
                name: std::str::from_utf8(&name).unwrap_or("?"),
                nr: p.call.nr,
                args,
                raw,
                ret: ret.map(|(r, err)| if err { -1 } else { r }),
                ret_text: std::str::from_utf8(ret_text).unwrap_or("?"),
                errno: ret
                    .filter(|&(_, err)| err)
                    .map(|(r, _)| events::errno_name(r.unsigned_abs())),
                start_us: self.mono_us(p.start),
            }),
        };
        self.emit(out, &ev);
    }

    /// Ends the timeline; an error message, if writing it failed.
    pub fn finish(&mut self) -> Option<String> {
        let t = self.timeline.as_mut()?;
        t.finish()
            .err()
            .map(|e| format!("--perfetto: write error: {e}"))
    }
}

impl Tracer {
    /// Feeds the structured outputs with `recorder`.
    pub fn set_recorder(&mut self, recorder: Recorder) {
        self.rec = Some(Box::new(recorder));
    }

    /// Whether text lines are written (not with `--json`).
    pub(super) fn text_lines(&self) -> bool {
        !self.rec.as_ref().is_some_and(|r| r.json)
    }

    /// After a syscall-entry stop: starts the call's record if the call is shown.
    pub(super) fn rec_entry(&mut self, pid: Pid) {
        let (Some(rec), Some(t)) = (self.rec.as_deref_mut(), self.tracees.get(&pid)) else {
            return;
        };
        if !t.in_syscall || !t.selected || t.hidden {
            return;
        }
        let mut p = Pending {
            call: t.call,
            ip: t.ip,
            text: Vec::with_capacity(128),
            spans: Vec::with_capacity(6),
            start: Instant::now(),
            wall_us: rec.stamps.then(wall_us),
        };
        p.call.saved = with_ctx(
            &self.opts,
            pid,
            p.call,
            &mut self.work,
            Some(&mut p.spans),
            |ctx| {
                decode::entry(ctx, &mut p.text);
                ctx.call.saved
            },
        );
        rec.pending.insert(pid, p);
    }

    /// After a syscall-exit stop: the call's event.
    pub(super) fn rec_exit(&mut self, pid: Pid, rval: i64, is_error: bool) {
        let Some(rec) = self.rec.as_deref_mut() else {
            return;
        };
        let Some(mut p) = rec.pending.remove(&pid) else {
            return;
        };
        let st = self.opts.filters.status;
        if (is_error && !st.failed) || (!is_error && !st.successful) {
            return;
        }
        p.call.ret = Some((rval, is_error));
        let mut ret = Vec::with_capacity(32);
        let (text, spans) = (&mut p.text, &mut p.spans);
        with_ctx(
            &self.opts,
            pid,
            p.call,
            &mut self.work,
            Some(spans),
            |ctx| {
                decode::exit(ctx, text);
                decode::retval(ctx, &mut ret);
            },
        );
        let ret_text = ret.strip_prefix(b"= ").unwrap_or(&ret);
        let name = p.call.arch.syscall_name(p.call.nr).unwrap_or("");
        let renamed = name.starts_with("execve")
            || (name == "prctl" && p.call.arg(0) == libc::PR_SET_NAME as u64);
        if renamed && !is_error {
            // The thread has a new name (after execve, its process too).
            rec.named.remove(&pid);
        }
        rec.emit_syscall(&mut self.out, pid, &p, p.call.ret, ret_text);
    }

    /// The thread's syscall will not return (it exits, dies, or is detached).
    pub(super) fn rec_unreturned(&mut self, pid: Pid) {
        let Some(rec) = self.rec.as_deref_mut() else {
            return;
        };
        if let Some(p) = rec.pending.remove(&pid) {
            if self.opts.filters.status.unfinished {
                rec.emit_syscall(&mut self.out, pid, &p, None, b"?");
            }
        }
    }

    fn rec_event(&mut self, tid: Pid, kind: Kind) {
        if let Some(rec) = self.rec.as_deref_mut() {
            rec.emit_now(&mut self.out, tid, kind);
        }
    }

    pub(super) fn rec_signal(&mut self, pid: Pid, sig: i32, info: Option<&signals::SigInfo>) {
        if self.rec.is_none() {
            return;
        }
        let mut text = Vec::with_capacity(128);
        match info {
            Some(si) => signals::print_siginfo(&mut text, si),
            None => text.extend_from_slice(b"{}"),
        }
        let name = signals::name(sig as u64);
        let siginfo = String::from_utf8_lossy(&text);
        self.rec_event(
            pid,
            Kind::Signal {
                signal: &name,
                siginfo: &siginfo,
            },
        );
    }

    pub(super) fn rec_stop(&mut self, pid: Pid, sig: i32) {
        if self.rec.is_some() {
            let name = signals::name(sig as u64);
            self.rec_event(pid, Kind::Stop { signal: &name });
        }
    }

    pub(super) fn rec_death(&mut self, pid: Pid, how: Outcome, core: bool) {
        if self.rec.is_none() {
            return;
        }
        match how {
            Outcome::Exited(code) => self.rec_event(pid, Kind::Exit { code }),
            Outcome::Killed(sig) => {
                let name = signals::name(sig as u64);
                self.rec_event(
                    pid,
                    Kind::Killed {
                        signal: &name,
                        core,
                    },
                );
            }
        }
    }

    pub(super) fn rec_attach(&mut self, tid: Pid) {
        self.rec_event(tid, Kind::Attach {});
    }

    pub(super) fn rec_detach(&mut self, tid: Pid) {
        self.rec_unreturned(tid);
        self.rec_event(tid, Kind::Detach {});
    }

    /// A non-leader thread's execve: it goes on as the leader.
    pub(super) fn rec_superseded(&mut self, old: Pid, leader: Pid) {
        let Some(rec) = self.rec.as_deref_mut() else {
            return;
        };
        rec.pending.remove(&leader);
        if let Some(p) = rec.pending.remove(&old) {
            rec.pending.insert(leader, p);
        }
        rec.tgids.insert(leader, leader);
        rec.named.remove(&leader);
        self.rec_event(leader, Kind::Superseded { old_tid: old });
    }

    /// Ends the structured outputs (the timeline's closing bracket).
    pub(super) fn rec_finish(&mut self) {
        if let Some(msg) = self.rec.as_deref_mut().and_then(Recorder::finish) {
            self.out.message(&msg);
        }
    }
}

/// Wall-clock microseconds since the epoch.
fn wall_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0)
}

/// A numeric field of /proc/TID/status.
fn proc_field(tid: Pid, name: &str) -> Option<Pid> {
    let s = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.trim().parse().ok())
}

/// The thread's name (`comm`), escaped as strace escapes strings: the tracee chooses it.
fn comm_of(tid: Pid) -> String {
    let raw = std::fs::read(format!("/proc/{tid}/comm")).unwrap_or_default();
    let raw = raw.strip_suffix(b"\n").unwrap_or(&raw);
    let mut out = Vec::with_capacity(raw.len());
    decode::strings::escape_into(&mut out, raw);
    String::from_utf8_lossy(&out).into_owned()
}
