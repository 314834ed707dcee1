//! How a diagnosis is shown: a verdict line, then what was seen and how to fix it; and the
//! `--doctor` report, as text or JSON.

use super::explain::{self, checked_list, probe_text, Action, Cause, Diagnosis, Fix};
use super::facts::{Facts, CAP_SYS_PTRACE};
use crate::sys::PtraceProbe;
use serde_json::{json, Value};
use std::fmt::Write;

fn fix_line(out: &mut String, indent: &str, fx: &Fix) {
    match fx.context {
        "any" | "host" => {
            let _ = writeln!(out, "{indent}fix: {}", fx.text);
        }
        ctx => {
            let _ = writeln!(out, "{indent}fix ({ctx}): {}", fx.text);
        }
    }
}

fn cause_block(out: &mut String, indent: &str, c: &Cause) {
    for e in &c.evidence {
        let _ = writeln!(out, "{indent}seen: {}: {}", e.source, e.value);
    }
    for fx in &c.fixes {
        fix_line(out, indent, fx);
    }
}

/// The lines printed after `rtrace: attach: ptrace(PTRACE_SEIZE, N): ...`: the first is the
/// verdict; other possible causes follow in one line each.
pub fn render_refusal(d: &Diagnosis) -> String {
    let mut out = String::new();
    match d.causes.split_first() {
        Some((first, rest)) => {
            let _ = writeln!(out, "rtrace: why: {}", first.summary);
            cause_block(&mut out, "  ", first);
            for c in rest {
                let _ = writeln!(out, "  also possible: {}", c.summary);
            }
        }
        None => {
            let _ = writeln!(out, "rtrace: why: no known cause matched; rtrace checked:");
            for c in &d.checked {
                let _ = writeln!(out, "  {c}");
            }
        }
    }
    out
}

/// What the probe says of rtrace's seccomp filters: they let ptrace through, or not.
fn filter_verdict(f: &Facts) -> &'static str {
    match (f.me.seccomp, f.probe) {
        (Some(2), PtraceProbe::Errno(libc::ESRCH)) => " that allow ptrace",
        (Some(2), PtraceProbe::Errno(_) | PtraceProbe::Killed(_)) => " that block ptrace",
        _ => "",
    }
}

/// The environment part of the doctor's report, as (label, value) pairs.
fn environment(f: &Facts) -> Vec<(&'static str, String)> {
    let caps =
        f.me.cap_eff
            .map(|c| {
                format!(
                    "CapEff {c:016x} ({} CAP_SYS_PTRACE), CapBnd {}",
                    if c & (1 << CAP_SYS_PTRACE) != 0 {
                        "has"
                    } else {
                        "no"
                    },
                    f.me.cap_bnd
                        .map(|b| format!("{b:016x}"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "unknown".into());
    let ids = match (f.me.uid, f.me.gid) {
        (Some(u), Some(g)) => format!("uid {} gid {}", u[0], g[0]),
        _ => "unknown".into(),
    };
    let runtime = if f.markers.is_empty() {
        f.runtime.describe().to_string()
    } else {
        format!("{} ({})", f.runtime.describe(), f.markers.join("; "))
    };
    vec![
        (
            "kernel",
            format!(
                "Linux {} ({})",
                f.kernel_release.clone().unwrap_or_else(|| "?".into()),
                f.arch
            ),
        ),
        ("environment", runtime),
        (
            "Yama",
            f.yama_scope
                .map(|s| format!("ptrace_scope = {s}"))
                .unwrap_or_else(|| "not enabled (no /proc/sys/kernel/yama)".into()),
        ),
        (
            "seccomp",
            format!(
                "mode {} with {} filter(s){}, NoNewPrivs {}; ptrace probe {}",
                f.me.seccomp
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "?".into()),
                f.me.seccomp_filters.unwrap_or(0),
                filter_verdict(f),
                f.me.no_new_privs
                    .map(|b| if b { "1" } else { "0" })
                    .unwrap_or("?"),
                probe_text(f.probe)
            ),
        ),
        ("capabilities", caps),
        ("credentials", ids),
        (
            "namespaces",
            format!(
                "user {} ({}), pid {} ({})",
                f.my_userns.clone().unwrap_or_else(|| "?".into()),
                if f.in_child_userns() {
                    "a child namespace"
                } else {
                    "initial"
                },
                f.my_pidns.clone().unwrap_or_else(|| "?".into()),
                if f.in_child_pidns() {
                    "a child namespace, not the host's"
                } else {
                    "initial"
                }
            ),
        ),
        (
            "LSM",
            match (&f.lsms, &f.my_label) {
                (Some(l), Some(lab)) => format!("{l}; rtrace's label {lab}"),
                (Some(l), None) => l.clone(),
                (None, Some(lab)) => format!("rtrace's label {lab}"),
                (None, None) => "no LSM list (/sys/kernel/security/lsm not readable)".into(),
            },
        ),
        (
            "/proc/sys",
            if f.proc_sys_readonly {
                "read-only"
            } else {
                "read-write"
            }
            .into(),
        ),
        (
            "/proc",
            f.hidepid
                .clone()
                .map(|h| format!("mounted with {h}"))
                .unwrap_or_else(|| "no hidepid".into()),
        ),
    ]
}

/// One target's verdict: (pid, name, causes).
pub struct TargetVerdict {
    pub pid: i32,
    pub name: String,
    pub diagnosis: Diagnosis,
}

/// The doctor's findings: the environment, whether a spawn would work, and per target.
pub struct Doctor {
    pub facts: Facts,
    pub spawn: Diagnosis,
    pub targets: Vec<TargetVerdict>,
}

impl Doctor {
    pub fn ok(&self) -> bool {
        self.spawn.causes.is_empty() && self.targets.iter().all(|t| t.diagnosis.causes.is_empty())
    }

    pub fn text(&self) -> String {
        let mut out = String::from("rtrace doctor\n");
        for (k, v) in environment(&self.facts) {
            let _ = writeln!(out, "  {k:<13} {v}");
        }
        verdict_text(&mut out, "spawning a command", &self.spawn);
        for t in &self.targets {
            verdict_text(
                &mut out,
                &format!("attaching to {} ({})", t.pid, t.name),
                &t.diagnosis,
            );
        }
        let _ = writeln!(
            out,
            "verdict: {}",
            if self.ok() {
                "tracing would work"
            } else {
                "tracing would be refused"
            }
        );
        out
    }

    pub fn json(&self) -> String {
        let env: serde_json::Map<String, Value> = environment(&self.facts)
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::String(v)))
            .collect();
        let targets: Vec<Value> = self
            .targets
            .iter()
            .map(|t| {
                json!({
                    "pid": t.pid,
                    "name": t.name,
                    "would_work": t.diagnosis.causes.is_empty(),
                    "causes": causes_json(&t.diagnosis),
                })
            })
            .collect();
        let v = json!({
            "v": 1,
            "ok": self.ok(),
            "environment": env,
            "runtime": self.facts.runtime.name(),
            "yama_scope": self.facts.yama_scope,
            "cap_sys_ptrace": self.facts.has_cap_sys_ptrace(),
            "spawn": {"would_work": self.spawn.causes.is_empty(), "causes": causes_json(&self.spawn)},
            "targets": targets,
            "checked": checked_list(&self.facts),
        });
        format!("{v}\n")
    }
}

fn causes_json(d: &Diagnosis) -> Vec<Value> {
    d.causes
        .iter()
        .map(|c| {
            json!({
                "cause": format!("{:?}", c.id),
                "summary": c.summary,
                "evidence": c.evidence.iter().map(|e| json!({"source": e.source, "value": e.value})).collect::<Vec<_>>(),
                "fixes": c.fixes.iter().map(|f| json!({"context": f.context, "fix": f.text})).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn verdict_text(out: &mut String, what: &str, d: &Diagnosis) {
    match d.causes.split_first() {
        None => {
            let _ = writeln!(out, "{what}: would work");
        }
        Some((first, rest)) => {
            let _ = writeln!(out, "{what}: would be refused");
            let _ = writeln!(out, "  why: {}", first.summary);
            cause_block(out, "    ", first);
            for c in rest {
                let _ = writeln!(out, "  also: {}", c.summary);
            }
        }
    }
}

/// Runs every check for a spawn and for each pid.
pub fn doctor(pids: &[i32]) -> Doctor {
    let facts = super::gather(None);
    let spawn = explain::predict(&facts, Action::Spawn);
    let targets = pids
        .iter()
        .map(|&pid| {
            let f = super::gather(Some(pid));
            let name = f
                .target
                .as_ref()
                .and_then(|t| t.status.as_ref())
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| "?".into());
            TargetVerdict {
                pid,
                name,
                diagnosis: explain::predict(&f, Action::Attach(pid)),
            }
        })
        .collect();
    Doctor {
        facts,
        spawn,
        targets,
    }
}
