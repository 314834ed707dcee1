//! The fixes, written for the environment rtrace detected: a plain host (sudo, sysctl, setcap),
//! Docker (run flags) and Compose (keys), Podman, Kubernetes (securityContext, kubectl debug).

use super::explain::{Action, CauseId, Fix};
use super::facts::{Facts, Runtime, CAP_SYS_PTRACE};
use crate::sys::PtraceProbe;

fn fix(context: &'static str, text: impl Into<String>) -> Fix {
    Fix {
        context,
        text: text.into(),
    }
}

/// How rtrace was asked to run, to repeat in a fix (`rtrace -p 42` or `rtrace -- CMD`).
fn rtrace_cmd(action: Action) -> String {
    match action {
        Action::Attach(pid) => format!("rtrace -p {pid}"),
        Action::Spawn => "rtrace -- COMMAND".into(),
    }
}

/// The target's command line, for "start it under rtrace instead".
fn target_cmdline(f: &Facts) -> String {
    match f.target.as_ref().map(|t| t.cmdline.join(" ")) {
        Some(c) if !c.is_empty() => c,
        _ => "/path/to/program ARGS".into(),
    }
}

/// The pid namespace a debugging container needs to see the target: the host's when rtrace
/// already shares it (`--pid=host`), else the target container's.
fn sidecar_pid(f: &Facts) -> &'static str {
    if f.in_child_pidns() {
        "--pid=container:NAME"
    } else {
        "--pid=host"
    }
}

/// Ways to give rtrace CAP_SYS_PTRACE where it runs.
fn cap_sys_ptrace(f: &Facts, action: Action) -> Vec<Fix> {
    let cmd = rtrace_cmd(action);
    let pid = sidecar_pid(f);
    match f.runtime {
        Runtime::Docker => vec![
            fix("Docker", "start the container with CAP_SYS_PTRACE: docker run --cap-add SYS_PTRACE ..."),
            fix(
                "Docker",
                format!("or, for a running container, a debugging sidecar: docker run --rm -it {pid} --cap-add SYS_PTRACE IMAGE {cmd}"),
            ),
            fix("Compose", "in the service: cap_add: [SYS_PTRACE]"),
        ],
        Runtime::Podman => vec![
            fix("Podman", "start the container with CAP_SYS_PTRACE: podman run --cap-add SYS_PTRACE ..."),
            fix(
                "Podman",
                format!("or a debugging sidecar: podman run --rm -it {pid} --cap-add SYS_PTRACE IMAGE {cmd}"),
            ),
        ],
        Runtime::Kubernetes => vec![
            fix("Kubernetes", "in the container spec: securityContext: {capabilities: {add: [\"SYS_PTRACE\"]}}"),
            fix(
                "Kubernetes",
                format!("or an ephemeral debug container: kubectl debug -it POD --image=IMAGE --target=CONTAINER --profile=general -- {cmd}"),
            ),
        ],
        Runtime::Containerd => vec![fix("containerd", "start the container with CAP_SYS_PTRACE: nerdctl run --cap-add SYS_PTRACE ...")],
        Runtime::Lxc | Runtime::Nspawn | Runtime::Gvisor => vec![fix(
            f.runtime.name(),
            "give the container CAP_SYS_PTRACE, or run rtrace on the host",
        )],
        Runtime::Container => vec![fix(
            "container",
            "start the container with CAP_SYS_PTRACE (docker, podman or nerdctl run --cap-add SYS_PTRACE ...; in Kubernetes, securityContext.capabilities.add: [SYS_PTRACE]), or run rtrace on the host",
        )],
        Runtime::Host if f.me.uid.is_some_and(|u| u[0] == 0) => {
            let bounded = f.me.cap_bnd.is_some_and(|b| b & (1 << CAP_SYS_PTRACE) == 0);
            vec![fix(
                "host",
                if bounded {
                    "rtrace runs as root, but CAP_SYS_PTRACE was dropped from its capability bounding set (capsh --drop, systemd CapabilityBoundingSet=, a sandbox): run it from a shell that keeps CAP_SYS_PTRACE"
                } else {
                    "rtrace runs as root without CAP_SYS_PTRACE in its effective set: run it from a shell that has the capability (e.g. a plain root login shell)"
                },
            )]
        }
        Runtime::Host => vec![
            fix("host", format!("run it as root: sudo {cmd}")),
            fix(
                "host",
                "or let this binary trace anything (every user who can run it): sudo setcap cap_sys_ptrace+ep \"$(command -v rtrace)\"",
            ),
        ],
    }
}

fn spawn_instead(f: &Facts) -> Option<Fix> {
    let ptrace_allowed = !matches!(f.probe, PtraceProbe::Errno(e) if e != libc::ESRCH)
        && !matches!(f.probe, PtraceProbe::Killed(_));
    (f.yama_scope.unwrap_or(0) <= 1 && ptrace_allowed).then(|| {
        fix(
            "any",
            format!(
                "or start the program under rtrace instead: rtrace -f -o trace.txt -- {}",
                target_cmdline(f)
            ),
        )
    })
}

fn seccomp(f: &Facts) -> Vec<Fix> {
    match f.runtime {
        Runtime::Docker => vec![
            fix("Docker", "run the container without the seccomp filter: docker run --security-opt seccomp=unconfined ..."),
            fix("Docker", "or use a seccomp profile that allows ptrace: docker run --security-opt seccomp=/path/to/profile.json ..."),
            fix("Compose", "in the service: security_opt: [\"seccomp:unconfined\"]"),
        ],
        Runtime::Podman => vec![
            fix("Podman", "run the container without the seccomp filter: podman run --security-opt seccomp=unconfined ..."),
            fix("Podman", "or use a seccomp profile that allows ptrace: podman run --security-opt seccomp=/path/to/profile.json ..."),
        ],
        Runtime::Kubernetes => vec![
            fix("Kubernetes", "in the securityContext: seccompProfile: {type: Unconfined}"),
            fix("Kubernetes", "or a Localhost profile that allows ptrace: seccompProfile: {type: Localhost, localhostProfile: profiles/allow-ptrace.json}"),
        ],
        Runtime::Containerd => vec![fix("containerd", "run the container without the seccomp filter: nerdctl run --security-opt seccomp=unconfined ...")],
        Runtime::Container => vec![fix(
            "container",
            "the container's seccomp profile blocks ptrace: start it with --security-opt seccomp=unconfined (docker, podman, nerdctl), or with a profile that allows ptrace (in Kubernetes, seccompProfile: {type: Unconfined})",
        )],
        _ => vec![
            fix("host", "rtrace inherited the filter from its parent (a sandbox, or a systemd unit with SystemCallFilter=~@debug): run rtrace outside it, or allow ptrace in that filter"),
        ],
    }
}

fn yama(f: &Facts, action: Action, scope: u32) -> Vec<Fix> {
    let mut v = Vec::new();
    if f.in_container() || f.proc_sys_readonly {
        v.push(fix(
            "host",
            "ptrace_scope is the host's setting (containers share it; /proc/sys is read-only here): change it on the host, or give rtrace CAP_SYS_PTRACE",
        ));
    } else {
        v.push(fix(
            "host",
            format!(
                "allow attaching until reboot: sudo sysctl -w kernel.yama.ptrace_scope={}",
                if scope == 2 { 1 } else { 0 }
            ),
        ));
        v.push(fix(
            "host",
            "or for good: echo 'kernel.yama.ptrace_scope = 0' | sudo tee /etc/sysctl.d/10-ptrace.conf && sudo sysctl --system",
        ));
    }
    v.extend(cap_sys_ptrace(f, action));
    v
}

/// The fixes for one cause in the detected environment.
pub fn fixes(id: CauseId, f: &Facts, action: Action) -> Vec<Fix> {
    let pid = match action {
        Action::Attach(p) => p.to_string(),
        Action::Spawn => "PID".into(),
    };
    match id {
        CauseId::NoSuchProcess => vec![fix("any", "check the process id: ps -e lists the processes rtrace can see")],
        CauseId::OtherPidNamespace => {
            let mut v = vec![fix("any", "use the pid as this namespace sees it (ps -e here; on the host, NSpid in /proc/PID/status maps them)")];
            v.extend(match f.runtime {
                Runtime::Docker => vec![
                    fix("Docker", "share the target container's pid namespace: docker run --pid=container:NAME ... (or --pid=host for host processes)"),
                    fix("Compose", "pid: \"service:NAME\" (or pid: host)"),
                ],
                Runtime::Podman => vec![fix("Podman", "share the pid namespace: podman run --pid=container:NAME ... (or --pid=host)")],
                Runtime::Kubernetes => vec![
                    fix("Kubernetes", "share the pod's pid namespace: spec.shareProcessNamespace: true"),
                    fix("Kubernetes", "or join a container's namespace: kubectl debug -it POD --image=IMAGE --target=CONTAINER --profile=general -- rtrace -p PID"),
                ],
                _ => vec![fix("any", "run rtrace in the pid namespace of the target (nsenter -t TARGET_HOST_PID -p -r rtrace -p PID, as root)")],
            });
            v
        }
        CauseId::HiddenByHidepid => {
            let mut v = vec![fix("host", "remount /proc without hidepid, or add yourself to the group given by its gid= option")];
            v.extend(cap_sys_ptrace(f, action));
            v
        }
        CauseId::Itself => vec![fix("any", "pick another process: rtrace cannot trace itself")],
        CauseId::KernelThread => vec![fix("any", "kernel threads have no user space to trace: use perf trace, ftrace or bpftrace instead")],
        CauseId::Zombie => {
            let parent = f.target.as_ref().and_then(|t| t.status.as_ref()).and_then(|s| s.ppid);
            vec![fix(
                "any",
                match parent {
                    Some(p) => format!("nothing is left to trace; its parent may be worth tracing: rtrace -p {p}"),
                    None => "nothing is left to trace".into(),
                },
            )]
        }
        CauseId::AlreadyTraced => {
            let tracer = f.target.as_ref().and_then(|t| t.status.as_ref()).and_then(|s| s.tracer_pid).unwrap_or(0);
            vec![fix("any", format!("detach the other tracer first (quit it, or kill {tracer}), then run rtrace -p {pid} again"))]
        }
        CauseId::RtraceTraced => vec![
            fix("any", "run rtrace outside the other tracer, or trace rtrace without following forks (strace without -f)"),
            fix("any", "or let the outer tracer trace the command itself: one tracer per process"),
        ],
        CauseId::YamaNoAttach => vec![fix(
            "host",
            "scope 3 cannot be lowered while the system runs: remove kernel.yama.ptrace_scope = 3 from /etc/sysctl.d/ (or the kernel command line) and reboot",
        )],
        CauseId::YamaRelational => {
            let mut v = yama(f, action, 1);
            v.extend(spawn_instead(f));
            v.push(fix("any", "or, if you can change the target: prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) in it lets other processes attach"));
            v
        }
        CauseId::YamaAdminOnly => yama(f, action, 2),
        CauseId::OtherUser | CauseId::NotDumpable | CauseId::MoreCapabilities => {
            let mut v = cap_sys_ptrace(f, action);
            let owner = f.target.as_ref().and_then(|t| t.status.as_ref()).and_then(|s| s.uid).map(|u| u[1]);
            if let (CauseId::OtherUser, Runtime::Host, Some(uid)) = (id, f.runtime, owner) {
                v.push(fix("host", format!("or run rtrace as the process's user: sudo -u '#{uid}' rtrace -p {pid}")));
            }
            v
        }
        CauseId::SeccompFilter => seccomp(f),
        CauseId::UserNamespace => {
            let mut v = vec![fix(
                "any",
                "run rtrace in the target's user namespace or an ancestor of it: from the host (or the parent namespace), not from inside this one",
            )];
            if f.runtime == Runtime::Podman {
                v.push(fix("Podman", "rootless Podman: run rtrace inside the container's namespace: podman unshare rtrace -p PID"));
            }
            v
        }
        CauseId::AppArmor => match f.runtime {
            Runtime::Docker => vec![
                fix("Docker", "docker run --security-opt apparmor=unconfined ..."),
                fix("Compose", "security_opt: [\"apparmor:unconfined\"]"),
            ],
            Runtime::Podman => vec![fix("Podman", "podman run --security-opt apparmor=unconfined ...")],
            Runtime::Kubernetes => vec![fix("Kubernetes", "in the securityContext: appArmorProfile: {type: Unconfined}")],
            _ => vec![fix("host", "switch rtrace's AppArmor profile to complain mode (sudo aa-complain PROFILE) or add a ptrace rule for the peer")],
        },
        CauseId::SeLinux => match f.runtime {
            Runtime::Docker => vec![fix("Docker", "docker run --security-opt label=disable ...")],
            Runtime::Podman => vec![fix("Podman", "podman run --security-opt label=disable ...")],
            Runtime::Kubernetes => vec![fix("Kubernetes", "in the securityContext: seLinuxOptions: {type: spc_t}")],
            _ => vec![fix("host", "allow ptrace: sudo setsebool -P deny_ptrace off (or add a policy module for rtrace's domain)")],
        },
        CauseId::Landlock => vec![fix("any", "run rtrace outside the sandbox that restricts it")],
        CauseId::Gvisor => vec![
            fix("gVisor", "start the program under rtrace inside the sandbox: rtrace -f -- PROGRAM"),
            fix("gVisor", "or trace from the host: runsc --strace"),
        ],
        CauseId::Emulator => vec![fix(
            "any",
            "use an rtrace built for this machine's CPU (uname -m on the host) instead of one run through an emulator",
        )],
        CauseId::BadRequest => vec![fix("any", "ptrace(PTRACE_SEIZE) needs Linux 3.4 or later; report this if the kernel is newer")],
    }
}
