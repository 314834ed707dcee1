//! Why the kernel refused: a pure function of the errno and the facts. It names only causes
//! whose conditions the facts show, most certain first, each with the evidence it rests on and
//! the fixes for the environment rtrace is in. The order follows the kernel's own order of checks
//! (see reference/attach-failures.md): seccomp first, then visibility, then the permission checks.

use super::facts::{Facts, Runtime, TargetFacts};
use super::remedy;
use crate::sys::{Pid, PtraceProbe};

/// What rtrace was trying to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `-p PID`: PTRACE_SEIZE of a running process.
    Attach(Pid),
    /// `rtrace -- cmd`: PTRACE_SEIZE of rtrace's own child.
    Spawn,
}

/// The causes rtrace can name (the numbers are the reference's C1..C23).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseId {
    NoSuchProcess,
    OtherPidNamespace,
    HiddenByHidepid,
    Itself,
    KernelThread,
    OtherUser,
    NotDumpable,
    MoreCapabilities,
    YamaRelational,
    YamaAdminOnly,
    YamaNoAttach,
    AlreadyTraced,
    RtraceTraced,
    Zombie,
    SeccompFilter,
    AppArmor,
    SeLinux,
    UserNamespace,
    Landlock,
    Gvisor,
    Emulator,
    BadRequest,
}

/// A file and what rtrace read there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub source: String,
    pub value: String,
}

/// One way to fix it, for one environment (`host`, `Docker`, `Compose`, `Kubernetes`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub context: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    pub id: CauseId,
    /// One line: what is wrong, in the user's terms.
    pub summary: String,
    pub evidence: Vec<Evidence>,
    pub fixes: Vec<Fix>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// The causes that fit, most certain first. Empty when none was found.
    pub causes: Vec<Cause>,
    /// What was checked (shown when no cause was found).
    pub checked: Vec<String>,
}

fn ev(source: impl Into<String>, value: impl Into<String>) -> Evidence {
    Evidence {
        source: source.into(),
        value: value.into(),
    }
}

fn fmt4(v: &[u32; 4]) -> String {
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
}

fn caps_ev(f: &Facts) -> Evidence {
    let eff =
        f.me.cap_eff
            .map(|c| format!("{c:016x}"))
            .unwrap_or_else(|| "?".into());
    let has = if f.has_cap_sys_ptrace() {
        "has"
    } else {
        "lacks"
    };
    ev(
        "/proc/self/status CapEff",
        format!("{eff} ({has} CAP_SYS_PTRACE, bit 19)"),
    )
}

fn yama_ev(f: &Facts) -> Evidence {
    let v = f
        .yama_scope
        .map(|s| s.to_string())
        .unwrap_or_else(|| "absent".into());
    ev("/proc/sys/kernel/yama/ptrace_scope", v)
}

/// Why rtrace believes it runs in the container whose fixes it prints: when a fix is written
/// for a runtime, the markers that named it.
fn container_ev(f: &Facts, fixes: &[Fix]) -> Option<Evidence> {
    let for_runtime = fixes.iter().any(|x| !matches!(x.context, "any" | "host"));
    if !f.in_container() || !for_runtime {
        return None;
    }
    let value = match f.markers.is_empty() {
        true => f.runtime.describe().to_string(),
        false => format!("{} ({})", f.runtime.describe(), f.markers.join("; ")),
    };
    Some(ev("container", value))
}

const EPERM: i32 = libc::EPERM;
const ESRCH: i32 = libc::ESRCH;
const ENOSYS: i32 = libc::ENOSYS;
const EACCES: i32 = libc::EACCES;
const EIO: i32 = libc::EIO;

/// Explains `errno` from a refused ptrace request.
pub fn explain(errno: i32, f: &Facts, action: Action) -> Diagnosis {
    let mut causes: Vec<Cause> = Vec::new();
    let mut push = |c: Option<Cause>| {
        if let Some(c) = c {
            if !causes.iter().any(|x| x.id == c.id) {
                causes.push(c);
            }
        }
    };
    // Facts about a target only matter when attaching to it.
    let target = match action {
        Action::Attach(_) => f.target.as_ref(),
        Action::Spawn => None,
    };
    // 1. A seccomp filter or an emulator answers before the kernel looks at anything.
    push(seccomp(f, errno));
    push(emulator(f, errno));
    push(gvisor(f));
    match errno {
        ESRCH => {
            if let Some(t) = target {
                push(no_such_process(f, t));
            }
        }
        EPERM => {
            if let Some(t) = target {
                push(itself(f, t));
                push(kernel_thread(t));
                push(zombie(t));
                push(already_traced(f, t));
            }
            push(yama_no_attach(f));
            if action == Action::Spawn {
                push(rtrace_traced(f));
            }
            if let Some(t) = target {
                push(user_namespace(f, t));
                push(other_user(f, t));
                push(not_dumpable(f, t));
                push(more_capabilities(f, t));
            }
            push(yama_relational(f, action));
            push(yama_admin_only(f, action));
            if let Some(t) = target {
                push(hidepid(f, t));
            }
            push(landlock(f));
        }
        EACCES => {
            push(apparmor(f));
            push(selinux(f));
        }
        EIO => push(bad_request(f)),
        _ => {}
    }
    for c in &mut causes {
        c.fixes = remedy::fixes(c.id, f, action);
        if let Some(e) = container_ev(f, &c.fixes) {
            c.evidence.push(e);
        }
    }
    Diagnosis {
        causes,
        checked: checked_list(f),
    }
}

/// What rtrace looked at, for the "no cause found" report.
pub fn checked_list(f: &Facts) -> Vec<String> {
    let mut v = vec![
        format!(
            "seccomp: mode {} with {} filter(s), ptrace probe {}",
            opt(f.me.seccomp),
            opt(f.me.seccomp_filters),
            probe_text(f.probe)
        ),
        format!(
            "Yama ptrace_scope: {}",
            f.yama_scope
                .map(|s| s.to_string())
                .unwrap_or_else(|| "not enabled".into())
        ),
        format!(
            "CAP_SYS_PTRACE: {}",
            if f.has_cap_sys_ptrace() { "yes" } else { "no" }
        ),
        format!(
            "user namespace: {}",
            if f.in_child_userns() {
                "a child namespace"
            } else {
                "initial"
            }
        ),
        format!(
            "LSMs: {}",
            f.lsms.clone().unwrap_or_else(|| "unknown".into())
        ),
        format!("container: {}", f.runtime.describe()),
    ];
    if let Some(t) = &f.target {
        v.push(format!(
            "process {}: {}",
            t.pid,
            t.status
                .as_ref()
                .and_then(|s| s.state.clone())
                .unwrap_or_else(|| "not visible in /proc".into())
        ));
    }
    v
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "?".into())
}

pub fn probe_text(p: PtraceProbe) -> String {
    match p {
        PtraceProbe::Errno(e) if e == ESRCH => "answered ESRCH (ptrace reaches the kernel)".into(),
        PtraceProbe::Errno(e) => format!(
            "answered {} (something intercepts ptrace)",
            crate::decode::errno::name(e as u64).unwrap_or("an unknown errno")
        ),
        PtraceProbe::Succeeded => "succeeded unexpectedly".into(),
        PtraceProbe::Killed(s) => {
            format!("was killed by {}", crate::decode::signals::name(s as u64))
        }
        PtraceProbe::NotRun => "not run".into(),
    }
}

/// The probe shows that something intercepts ptrace.
fn probe_intercepted(f: &Facts) -> bool {
    matches!(f.probe, PtraceProbe::Errno(e) if e != ESRCH)
        || matches!(f.probe, PtraceProbe::Killed(_))
}

fn seccomp(f: &Facts, errno: i32) -> Option<Cause> {
    let filtered = f.me.seccomp == Some(2);
    let probe_says = probe_intercepted(f);
    // The probe is the proof; without it, a filter plus ENOSYS (Podman's errno) is strong enough.
    if !(filtered && (probe_says || (errno == ENOSYS && f.probe == PtraceProbe::NotRun))) {
        return None;
    }
    let action = match f.probe {
        PtraceProbe::Killed(sig) => format!(
            "kills processes that call ptrace ({})",
            crate::decode::signals::name(sig as u64)
        ),
        _ => format!(
            "makes ptrace fail (errno {})",
            crate::decode::errno::name(errno as u64).unwrap_or("?")
        ),
    };
    Some(Cause {
        id: CauseId::SeccompFilter,
        summary: format!("a seccomp filter on rtrace {action}"),
        evidence: vec![
            ev(
                "/proc/self/status Seccomp",
                format!(
                    "{} (filter mode), Seccomp_filters: {}",
                    opt(f.me.seccomp),
                    opt(f.me.seccomp_filters)
                ),
            ),
            ev(
                "probe ptrace(PTRACE_CONT, 0) in a child",
                probe_text(f.probe),
            ),
        ],
        fixes: vec![],
    })
}

fn emulator(f: &Facts, errno: i32) -> Option<Cause> {
    if f.me.seccomp.unwrap_or(0) != 0 || !(errno == ENOSYS || f.probe == PtraceProbe::Errno(ENOSYS))
    {
        return None;
    }
    if f.probe != PtraceProbe::Errno(ENOSYS) && f.probe != PtraceProbe::NotRun {
        return None;
    }
    Some(Cause {
        id: CauseId::Emulator,
        summary: "ptrace is not implemented here: rtrace seems to run under a CPU emulator (qemu-user, Rosetta), not seccomp".into(),
        evidence: vec![
            ev("/proc/self/status Seccomp", opt(f.me.seccomp)),
            ev("probe ptrace(PTRACE_CONT, 0) in a child", probe_text(f.probe)),
        ],
        fixes: vec![],
    })
}

fn gvisor(f: &Facts) -> Option<Cause> {
    (f.runtime == Runtime::Gvisor).then(|| Cause {
        id: CauseId::Gvisor,
        summary:
            "rtrace runs in gVisor, which emulates ptrace with its own rules (a Yama-like scope 1)"
                .into(),
        evidence: vec![ev(
            "/proc/version",
            f.proc_version.clone().unwrap_or_default(),
        )],
        fixes: vec![],
    })
}

fn no_such_process(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    if t.visible {
        return None;
    }
    let evidence = vec![
        ev(format!("/proc/{}", t.pid), "does not exist"),
        ev(format!("kill({}, 0)", t.pid), errno_text(t.signal_errno)),
    ];
    if f.in_container() || f.in_child_pidns() {
        let place = if f.runtime == Runtime::Container {
            f.runtime.describe().to_string()
        } else if f.in_container() {
            format!("a {} container", f.runtime.name())
        } else {
            "a child pid namespace".to_string()
        };
        let mut evidence = evidence;
        evidence.push(ev(
            "/proc/self/ns/pid",
            f.my_pidns.clone().unwrap_or_default(),
        ));
        return Some(Cause {
            id: CauseId::OtherPidNamespace,
            summary: format!(
                "there is no process {} in rtrace's pid namespace ({place}): it may exist outside, on the host or in another container",
                t.pid
            ),
            evidence,
            fixes: vec![],
        });
    }
    Some(Cause {
        id: CauseId::NoSuchProcess,
        summary: format!(
            "there is no process {} (it never existed or has exited)",
            t.pid
        ),
        evidence,
        fixes: vec![],
    })
}

fn errno_text(e: Option<i32>) -> String {
    match e {
        None => "succeeded".into(),
        Some(e) => format!("-1 {}", crate::decode::errno::name(e as u64).unwrap_or("?")),
    }
}

fn itself(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    let tgid = t.status.as_ref().and_then(|s| s.tgid);
    (t.pid == f.self_pid || tgid == Some(f.self_pid)).then(|| Cause {
        id: CauseId::Itself,
        summary: format!(
            "process {} is rtrace itself; a process cannot trace itself",
            t.pid
        ),
        evidence: vec![ev(format!("/proc/{}/status Tgid", t.pid), opt(tgid))],
        fixes: vec![],
    })
}

fn kernel_thread(t: &TargetFacts) -> Option<Cause> {
    let s = t.status.as_ref()?;
    let kthread = s.kthread.unwrap_or(t.pid == 2 || s.ppid == Some(2));
    kthread.then(|| Cause {
        id: CauseId::KernelThread,
        summary: format!(
            "process {} ({}) is a kernel thread; ptrace cannot trace kernel threads",
            t.pid,
            s.name.clone().unwrap_or_default()
        ),
        evidence: vec![match s.kthread {
            Some(_) => ev(format!("/proc/{}/status Kthread", t.pid), "1"),
            None => ev(format!("/proc/{}/status PPid", t.pid), opt(s.ppid)),
        }],
        fixes: vec![],
    })
}

fn zombie(t: &TargetFacts) -> Option<Cause> {
    let s = t.status.as_ref()?;
    matches!(s.state_letter(), Some('Z') | Some('X')).then(|| Cause {
        id: CauseId::Zombie,
        summary: format!(
            "process {} has exited (a zombie); its parent (pid {}) has not collected it yet",
            t.pid,
            opt(s.ppid)
        ),
        evidence: vec![ev(
            format!("/proc/{}/status State", t.pid),
            s.state.clone().unwrap_or_default(),
        )],
        fixes: vec![],
    })
}

fn already_traced(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    let s = t.status.as_ref()?;
    let tracer = s.tracer_pid.filter(|&p| p != 0 && p != f.self_pid)?;
    let name = t.tracer_comm.clone().unwrap_or_else(|| "?".into());
    let mut evidence = vec![ev(
        format!("/proc/{}/status TracerPid", t.pid),
        tracer.to_string(),
    )];
    if t.tracer_comm.is_some() {
        evidence.push(ev(format!("/proc/{tracer}/comm"), name.clone()));
    }
    Some(Cause {
        id: CauseId::AlreadyTraced,
        summary: format!(
            "process {} is already traced by {name} (pid {tracer}); only one tracer at a time",
            t.pid
        ),
        evidence,
        fixes: vec![],
    })
}

/// A spawn refused because rtrace is itself traced by a tracer that follows forks: the child
/// belongs to that tracer before rtrace can seize it.
fn rtrace_traced(f: &Facts) -> Option<Cause> {
    let tracer = f.me.tracer_pid.filter(|&p| p != 0)?;
    let name = f.my_tracer_comm.clone().unwrap_or_else(|| "?".into());
    let mut evidence = vec![ev("/proc/self/status TracerPid", tracer.to_string())];
    if f.my_tracer_comm.is_some() {
        evidence.push(ev(format!("/proc/{tracer}/comm"), name.clone()));
    }
    Some(Cause {
        id: CauseId::RtraceTraced,
        summary: format!(
            "rtrace is itself traced by {name} (pid {tracer}), which follows forks: the command was its tracee before rtrace could seize it"
        ),
        evidence,
        fixes: vec![],
    })
}

fn yama_no_attach(f: &Facts) -> Option<Cause> {
    (f.yama_scope == Some(3)).then(|| Cause {
        id: CauseId::YamaNoAttach,
        summary:
            "Yama ptrace_scope is 3: ptrace is disabled for everyone, root included, until reboot"
                .into(),
        evidence: vec![yama_ev(f)],
        fixes: vec![],
    })
}

fn user_namespace(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    if f.has_cap_sys_ptrace() && !f.in_child_userns() {
        return None;
    }
    let differs = match (&f.my_userns, &t.userns) {
        (Some(a), Some(b)) => a != b,
        (Some(_), None) => t.visible,
        _ => false,
    };
    if !(f.in_child_userns() && differs) {
        return None;
    }
    Some(Cause {
        id: CauseId::UserNamespace,
        summary: format!(
            "rtrace runs in a user namespace and process {} does not: capabilities inside the namespace do not reach outside it",
            t.pid
        ),
        evidence: vec![
            ev("/proc/self/uid_map", f.uid_map.clone().unwrap_or_default()),
            ev("/proc/self/ns/user", f.my_userns.clone().unwrap_or_default()),
            ev(format!("/proc/{}/ns/user", t.pid), t.userns.clone().unwrap_or_else(|| "not readable".into())),
        ],
        fixes: vec![],
    })
}

fn other_user(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    if f.has_cap_sys_ptrace() {
        return None;
    }
    let s = t.status.as_ref()?;
    let (uid, gid) = (s.uid?, s.gid?);
    let (my_uid, my_gid) = (f.me.uid?, f.me.gid?);
    let same =
        uid.iter().take(3).all(|&u| u == my_uid[0]) && gid.iter().take(3).all(|&g| g == my_gid[0]);
    if same {
        return None;
    }
    Some(Cause {
        id: CauseId::OtherUser,
        summary: format!(
            "process {} runs as uid {} and rtrace as uid {}, without CAP_SYS_PTRACE",
            t.pid, uid[1], my_uid[0]
        ),
        evidence: vec![
            ev(format!("/proc/{}/status Uid", t.pid), fmt4(&uid)),
            ev("/proc/self/status Uid", fmt4(&my_uid)),
            caps_ev(f),
        ],
        fixes: vec![],
    })
}

fn not_dumpable(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    if f.has_cap_sys_ptrace() {
        return None;
    }
    let s = t.status.as_ref()?;
    let uid = s.uid?;
    let owner = t.status_owner?;
    (owner == 0 && uid[0] != 0).then(|| Cause {
        id: CauseId::NotDumpable,
        summary: format!(
            "process {} is not dumpable (prctl PR_SET_DUMPABLE 0, or it changed credentials): only CAP_SYS_PTRACE may trace it",
            t.pid
        ),
        evidence: vec![
            ev(format!("/proc/{}/status owner", t.pid), "uid 0 (the files of a non-dumpable process belong to root)"),
            ev(format!("/proc/{}/status Uid", t.pid), fmt4(&uid)),
            caps_ev(f),
        ],
        fixes: vec![],
    })
}

fn more_capabilities(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    if f.has_cap_sys_ptrace() {
        return None;
    }
    let theirs = t.status.as_ref()?.cap_prm?;
    let mine = f.me.cap_prm?;
    let extra = theirs & !mine;
    (extra != 0).then(|| Cause {
        id: CauseId::MoreCapabilities,
        summary: format!(
            "process {} has capabilities rtrace lacks ({}), and rtrace has no CAP_SYS_PTRACE",
            t.pid,
            cap_names(extra)
        ),
        evidence: vec![
            ev(
                format!("/proc/{}/status CapPrm", t.pid),
                format!("{theirs:016x}"),
            ),
            ev("/proc/self/status CapPrm", format!("{mine:016x}")),
            caps_ev(f),
        ],
        fixes: vec![],
    })
}

/// Names of the capability bits set in `caps` (the first few, CAP_SYS_PTRACE first, then a
/// count).
pub fn cap_names(caps: u64) -> String {
    const NAMES: [&str; 41] = [
        "CHOWN",
        "DAC_OVERRIDE",
        "DAC_READ_SEARCH",
        "FOWNER",
        "FSETID",
        "KILL",
        "SETGID",
        "SETUID",
        "SETPCAP",
        "LINUX_IMMUTABLE",
        "NET_BIND_SERVICE",
        "NET_BROADCAST",
        "NET_ADMIN",
        "NET_RAW",
        "IPC_LOCK",
        "IPC_OWNER",
        "SYS_MODULE",
        "SYS_RAWIO",
        "SYS_CHROOT",
        "SYS_PTRACE",
        "SYS_PACCT",
        "SYS_ADMIN",
        "SYS_BOOT",
        "SYS_NICE",
        "SYS_RESOURCE",
        "SYS_TIME",
        "SYS_TTY_CONFIG",
        "MKNOD",
        "LEASE",
        "AUDIT_WRITE",
        "AUDIT_CONTROL",
        "SETFCAP",
        "MAC_OVERRIDE",
        "MAC_ADMIN",
        "SYSLOG",
        "WAKE_ALARM",
        "BLOCK_SUSPEND",
        "AUDIT_READ",
        "PERFMON",
        "BPF",
        "CHECKPOINT_RESTORE",
    ];
    // CAP_SYS_PTRACE first: it is the one that would settle the question.
    let order = std::iter::once(19).chain((0..64).filter(|&b| b != 19));
    let set: Vec<&str> = order
        .filter(|b| caps & (1u64 << b) != 0)
        .map(|b| NAMES.get(b as usize).copied().unwrap_or("?"))
        .collect();
    match set.len() {
        0 => "none".into(),
        n if n <= 4 => set
            .iter()
            .map(|s| format!("CAP_{s}"))
            .collect::<Vec<_>>()
            .join(", "),
        n => format!(
            "{} and {} more",
            set.iter()
                .take(3)
                .map(|s| format!("CAP_{s}"))
                .collect::<Vec<_>>()
                .join(", "),
            n - 3
        ),
    }
}

fn yama_relational(f: &Facts, action: Action) -> Option<Cause> {
    let Action::Attach(pid) = action else {
        return None;
    };
    if f.yama_scope != Some(1) || f.has_cap_sys_ptrace() {
        return None;
    }
    let t = f.target.as_ref()?;
    if t.ancestors.contains(&f.self_pid) {
        return None;
    }
    let chain: Vec<String> = t.ancestors.iter().take(6).map(|p| p.to_string()).collect();
    Some(Cause {
        id: CauseId::YamaRelational,
        summary: format!(
            "Yama ptrace_scope is 1: rtrace may only trace its own descendants, and process {pid} is not one"
        ),
        evidence: vec![
            yama_ev(f),
            ev(format!("ancestors of {pid} (PPid chain)"), chain.join(" <- ")),
            caps_ev(f),
        ],
        fixes: vec![],
    })
}

fn yama_admin_only(f: &Facts, _action: Action) -> Option<Cause> {
    (f.yama_scope == Some(2) && !f.has_cap_sys_ptrace()).then(|| Cause {
        id: CauseId::YamaAdminOnly,
        summary: "Yama ptrace_scope is 2: only processes with CAP_SYS_PTRACE may use ptrace, even on their own children".into(),
        evidence: vec![yama_ev(f), caps_ev(f)],
        fixes: vec![],
    })
}

fn hidepid(f: &Facts, t: &TargetFacts) -> Option<Cause> {
    let h = f.hidepid.as_ref()?;
    (!t.visible && t.signal_errno == Some(EPERM)).then(|| Cause {
        id: CauseId::HiddenByHidepid,
        summary: format!(
            "process {} exists but belongs to another user: /proc is mounted with {h}, which hides it",
            t.pid
        ),
        evidence: vec![
            ev("/proc/self/mountinfo /proc", h.clone()),
            ev(format!("kill({}, 0)", t.pid), "-1 EPERM (the process exists)"),
        ],
        fixes: vec![],
    })
}

fn landlock(f: &Facts) -> Option<Cause> {
    let lsms = f.lsms.clone().unwrap_or_default();
    let nnp = f.me.no_new_privs == Some(true);
    let candidates = lsms.split(',').any(|l| l == "landlock") || nnp;
    (candidates && f.me.seccomp.unwrap_or(0) == 0 && nnp).then(|| Cause {
        id: CauseId::Landlock,
        summary: "rtrace may run in a Landlock sandbox (NoNewPrivs is set, no seccomp filter): a sandboxed process may only trace processes in its own sandbox".into(),
        evidence: vec![
            ev("/proc/self/status NoNewPrivs", "1"),
            ev("/sys/kernel/security/lsm", lsms),
        ],
        fixes: vec![],
    })
}

fn apparmor(f: &Facts) -> Option<Cause> {
    let label = f.my_label.clone().unwrap_or_default();
    let on = f.apparmor_enabled
        || label.contains("(enforce)")
        || f.lsms.as_deref().is_some_and(|l| l.contains("apparmor"));
    if !on || f.selinux_enforcing == Some(true) && !label.contains("(enforce)") {
        return None;
    }
    let theirs = f
        .target
        .as_ref()
        .and_then(|t| t.label.clone())
        .unwrap_or_else(|| "?".into());
    Some(Cause {
        id: CauseId::AppArmor,
        summary: format!("AppArmor denied it: rtrace's profile ({label}) may not trace a process with the label {theirs}"),
        evidence: vec![
            ev("/proc/self/attr/current", label),
            ev("target's attr/current", theirs),
            ev("/sys/module/apparmor/parameters/enabled", if f.apparmor_enabled { "Y" } else { "?" }),
        ],
        fixes: vec![],
    })
}

fn selinux(f: &Facts) -> Option<Cause> {
    if f.selinux_enforcing != Some(true) {
        return None;
    }
    let mut evidence = vec![
        ev("/sys/fs/selinux/enforce", "1"),
        ev(
            "/proc/self/attr/current",
            f.my_label.clone().unwrap_or_default(),
        ),
    ];
    if let Some(d) = f.selinux_deny_ptrace {
        evidence.push(ev(
            "/sys/fs/selinux/booleans/deny_ptrace",
            if d { "1" } else { "0" },
        ));
    }
    Some(Cause {
        id: CauseId::SeLinux,
        summary: if f.selinux_deny_ptrace == Some(true) {
            "SELinux denied it: the boolean deny_ptrace is on".into()
        } else {
            "SELinux denied it: the policy does not allow rtrace's domain process:ptrace on the target".into()
        },
        evidence,
        fixes: vec![],
    })
}

fn bad_request(f: &Facts) -> Option<Cause> {
    Some(Cause {
        id: CauseId::BadRequest,
        summary:
            "the kernel rejected the ptrace request itself (EIO): an old kernel, or an emulated one"
                .into(),
        evidence: vec![ev(
            "/proc/sys/kernel/osrelease",
            f.kernel_release.clone().unwrap_or_default(),
        )],
        fixes: vec![],
    })
}

/// The causes that would stop `action` now, found without trying (for `--doctor`): what explain
/// would say if the request failed with the errno each cause produces.
pub fn predict(f: &Facts, action: Action) -> Diagnosis {
    let mut d = Diagnosis {
        causes: vec![],
        checked: checked_list(f),
    };
    // The errno each cause would produce, tried in the kernel's order.
    for errno in [ENOSYS, ESRCH, EPERM, EACCES] {
        let e = explain(errno, f, action);
        for c in e.causes {
            let certain = match c.id {
                // EACCES causes need a denial to be sure; an enabled LSM alone is not one.
                CauseId::AppArmor | CauseId::SeLinux | CauseId::Landlock | CauseId::BadRequest => {
                    false
                }
                CauseId::Emulator => errno == ENOSYS,
                CauseId::NoSuchProcess | CauseId::OtherPidNamespace => f
                    .target
                    .as_ref()
                    .is_some_and(|t| t.signal_errno == Some(ESRCH)),
                _ => true,
            };
            if certain && !d.causes.iter().any(|x| x.id == c.id) {
                d.causes.push(c);
            }
        }
    }
    d
}

/// Whether a thread of rtrace's could attach or spawn at all given the capability and Yama
/// checks (used in the doctor's environment summary).
pub fn spawn_allowed(f: &Facts) -> bool {
    predict(f, Action::Spawn).causes.is_empty()
}
