//! Fact-table tests: for every cause in reference/attach-failures.md, facts as the machine would
//! show them, the errno the kernel gives, and the verdict, evidence and fixes rtrace prints. Also
//! reading those facts from a fake /proc tree.

use super::explain::{explain, predict, Action, CauseId};
use super::facts::{read_tree, Facts, ProcStatus, Runtime, TargetFacts};
use super::report::render_refusal;
use crate::sys::PtraceProbe;

const ALL_CAPS: u64 = 0x1ff_ffff_ffff;
const NO_PTRACE: u64 = ALL_CAPS & !(1 << 19);

fn status(uid: u32, caps: u64) -> ProcStatus {
    ProcStatus {
        name: Some("x".into()),
        state: Some("S (sleeping)".into()),
        tgid: Some(100),
        ppid: Some(1),
        tracer_pid: Some(0),
        uid: Some([uid; 4]),
        gid: Some([uid; 4]),
        cap_prm: Some(caps),
        cap_eff: Some(caps),
        cap_bnd: Some(ALL_CAPS),
        no_new_privs: Some(false),
        seccomp: Some(0),
        seccomp_filters: Some(0),
        nspid: vec![100],
        kthread: Some(false),
        threads: Some(1),
    }
}

/// A root rtrace on a plain host, with a target pid 4242 owned by root.
fn host() -> Facts {
    Facts {
        self_pid: 100,
        me: status(0, ALL_CAPS),
        arch: "x86_64",
        kernel_release: Some("6.1.0".into()),
        proc_version: Some("Linux version 6.1.0".into()),
        yama_scope: None,
        lsms: Some("lockdown,capability,landlock,yama,apparmor".into()),
        apparmor_enabled: false,
        my_label: None,
        selinux_enforcing: None,
        selinux_deny_ptrace: None,
        uid_map: Some("0 0 4294967295".into()),
        my_userns: Some("user:[4026531837]".into()),
        my_pidns: Some("pid:[4026531836]".into()),
        proc_sys_readonly: false,
        hidepid: None,
        runtime: Runtime::Host,
        markers: vec![],
        probe: PtraceProbe::Errno(libc::ESRCH),
        target: Some(TargetFacts {
            pid: 4242,
            visible: true,
            signal_errno: None,
            status: Some(ProcStatus {
                tgid: Some(4242),
                ppid: Some(1),
                ..status(0, ALL_CAPS)
            }),
            status_owner: Some(0),
            tracer_comm: None,
            cmdline: vec!["/usr/sbin/nginx".into(), "-g".into(), "daemon off;".into()],
            userns: Some("user:[4026531837]".into()),
            label: None,
            ancestors: vec![1],
        }),
    }
}

/// The same rtrace as uid 1000 without capabilities, target uid 1000 too.
fn user() -> Facts {
    let mut f = host();
    f.me = status(1000, 0);
    f.self_pid = 300;
    if let Some(t) = f.target.as_mut() {
        t.status = Some(ProcStatus {
            tgid: Some(4242),
            ppid: Some(77),
            ..status(1000, 0)
        });
        t.status_owner = Some(1000);
        t.ancestors = vec![77, 1];
    }
    f
}

fn target(f: &mut Facts) -> &mut TargetFacts {
    f.target.as_mut().unwrap()
}

fn tstatus(f: &mut Facts) -> &mut ProcStatus {
    target(f).status.as_mut().unwrap()
}

fn ids(d: &super::Diagnosis) -> Vec<CauseId> {
    d.causes.iter().map(|c| c.id).collect()
}

fn first(errno: i32, f: &Facts) -> (CauseId, String) {
    let d = explain(errno, f, Action::Attach(4242));
    let c = d
        .causes
        .first()
        .unwrap_or_else(|| panic!("no cause for {errno}: {d:?}"));
    (c.id, render_refusal(&d))
}

const EPERM: i32 = libc::EPERM;

#[test]
fn c1_no_such_process_and_c2_other_pid_namespace() {
    let mut f = host();
    target(&mut f).visible = false;
    target(&mut f).status = None;
    target(&mut f).signal_errno = Some(libc::ESRCH);
    let (id, text) = first(libc::ESRCH, &f);
    assert_eq!(id, CauseId::NoSuchProcess);
    assert!(text.contains("seen: /proc/4242: does not exist"), "{text}");
    assert!(text.contains("seen: kill(4242, 0): -1 ESRCH"), "{text}");
    f.runtime = Runtime::Docker;
    let (id, text) = first(libc::ESRCH, &f);
    assert_eq!(id, CauseId::OtherPidNamespace);
    assert!(text.contains("a Docker container"), "{text}");
    assert!(text.contains("fix (Docker): share the target container's pid namespace: docker run --pid=container:NAME"), "{text}");
    assert!(
        text.contains("fix (Compose): pid: \"service:NAME\""),
        "{text}"
    );
    f.runtime = Runtime::Kubernetes;
    let (_, text) = first(libc::ESRCH, &f);
    assert!(text.contains("shareProcessNamespace: true"), "{text}");
    f.runtime = Runtime::Host;
    f.my_pidns = Some("pid:[4026532179]".into());
    assert_eq!(first(libc::ESRCH, &f).0, CauseId::OtherPidNamespace);
}

#[test]
fn c3_hidepid() {
    let mut f = user();
    f.hidepid = Some("hidepid=invisible".into());
    target(&mut f).visible = false;
    target(&mut f).status = None;
    target(&mut f).signal_errno = Some(EPERM);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::HiddenByHidepid);
    assert!(text.contains("hidepid=invisible"), "{text}");
    assert!(text.contains("sudo rtrace -p 4242"), "{text}");
}

#[test]
fn c4_itself_c5_kernel_thread_c13_zombie() {
    let mut f = host();
    tstatus(&mut f).tgid = Some(100);
    assert_eq!(first(EPERM, &f).0, CauseId::Itself);
    let mut f = host();
    tstatus(&mut f).kthread = Some(true);
    tstatus(&mut f).name = Some("kthreadd".into());
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::KernelThread);
    assert!(
        text.contains("kernel thread") && text.contains("perf trace, ftrace or bpftrace"),
        "{text}"
    );
    let mut f = host();
    tstatus(&mut f).state = Some("Z (zombie)".into());
    tstatus(&mut f).ppid = Some(555);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::Zombie);
    assert!(
        text.contains("State: Z (zombie)") && text.contains("rtrace -p 555"),
        "{text}"
    );
}

#[test]
fn c6_other_user_on_host_and_in_containers() {
    let mut f = user();
    tstatus(&mut f).uid = Some([0, 0, 0, 0]);
    tstatus(&mut f).gid = Some([0, 0, 0, 0]);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::OtherUser);
    assert!(
        text.contains("runs as uid 0 and rtrace as uid 1000, without CAP_SYS_PTRACE"),
        "{text}"
    );
    assert!(
        text.contains("seen: /proc/4242/status Uid: 0 0 0 0"),
        "{text}"
    );
    assert!(
        text.contains("fix: run it as root: sudo rtrace -p 4242"),
        "{text}"
    );
    assert!(text.contains("sudo setcap cap_sys_ptrace+ep"), "{text}");
    // A setuid program: real uid the same, effective uid root.
    let mut f = user();
    tstatus(&mut f).uid = Some([1000, 0, 0, 0]);
    assert_eq!(first(EPERM, &f).0, CauseId::OtherUser);
    // The same refusal in containers names the runtime's flag.
    for (rt, needle) in [
        (Runtime::Docker, "fix (Docker): start the container with CAP_SYS_PTRACE: docker run --cap-add SYS_PTRACE"),
        (Runtime::Podman, "fix (Podman): start the container with CAP_SYS_PTRACE: podman run --cap-add SYS_PTRACE"),
        (Runtime::Kubernetes, "capabilities: {add: [\"SYS_PTRACE\"]}"),
        (Runtime::Kubernetes, "kubectl debug -it POD --image=IMAGE --target=CONTAINER --profile=general -- rtrace -p 4242"),
    ] {
        let mut f = user();
        tstatus(&mut f).uid = Some([0, 0, 0, 0]);
        f.runtime = rt;
        let (_, text) = first(EPERM, &f);
        assert!(text.contains(needle), "{rt:?}: {text}");
    }
    let mut f = user();
    tstatus(&mut f).uid = Some([0, 0, 0, 0]);
    f.runtime = Runtime::Docker;
    assert!(first(EPERM, &f)
        .1
        .contains("fix (Compose): in the service: cap_add: [SYS_PTRACE]"));
}

#[test]
fn c7_not_dumpable() {
    let mut f = user();
    target(&mut f).status_owner = Some(0);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::NotDumpable);
    assert!(text.contains("not dumpable"), "{text}");
    assert!(text.contains("/proc/4242/status owner: uid 0"), "{text}");
}

#[test]
fn c8_more_capabilities() {
    let mut f = host();
    f.me.cap_eff = Some(NO_PTRACE);
    f.me.cap_prm = Some(NO_PTRACE);
    f.me.cap_bnd = Some(NO_PTRACE);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::MoreCapabilities);
    assert!(
        text.contains("capabilities rtrace lacks (CAP_SYS_PTRACE)"),
        "{text}"
    );
    assert!(
        text.contains("dropped from its capability bounding set"),
        "{text}"
    );
}

#[test]
fn c9_c10_c11_yama_with_and_without_cap_sys_ptrace() {
    // Scope 1, same user, not a descendant.
    let mut f = user();
    f.yama_scope = Some(1);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::YamaRelational);
    assert!(
        text.contains("seen: /proc/sys/kernel/yama/ptrace_scope: 1"),
        "{text}"
    );
    assert!(
        text.contains("sudo sysctl -w kernel.yama.ptrace_scope=0"),
        "{text}"
    );
    assert!(
        text.contains("rtrace -f -o trace.txt -- /usr/sbin/nginx -g daemon off;"),
        "{text}"
    );
    assert!(text.contains("PR_SET_PTRACER"), "{text}");
    // A descendant is allowed under scope 1.
    let mut f = user();
    f.yama_scope = Some(1);
    target(&mut f).ancestors = vec![300, 1];
    assert!(explain(EPERM, &f, Action::Attach(4242)).causes.is_empty());
    // Scope 1 with CAP_SYS_PTRACE is not the cause.
    let mut f = host();
    f.yama_scope = Some(1);
    assert!(!ids(&explain(EPERM, &f, Action::Attach(4242))).contains(&CauseId::YamaRelational));
    // Scope 2: spawning does not help, CAP_SYS_PTRACE does; also for a spawn.
    let mut f = user();
    f.yama_scope = Some(2);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::YamaAdminOnly);
    assert!(!text.contains("start the program under rtrace"), "{text}");
    assert!(text.contains("CAP_SYS_PTRACE"), "{text}");
    let d = explain(EPERM, &f, Action::Spawn);
    assert_eq!(ids(&d), vec![CauseId::YamaAdminOnly]);
    let mut f = host();
    f.yama_scope = Some(2);
    assert!(explain(EPERM, &f, Action::Attach(4242)).causes.is_empty());
    // Scope 3: root included, only a reboot.
    let mut f = host();
    f.yama_scope = Some(3);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::YamaNoAttach);
    assert!(text.contains("reboot"), "{text}");
    assert_eq!(
        ids(&explain(EPERM, &f, Action::Spawn)),
        vec![CauseId::YamaNoAttach]
    );
    // In a container /proc/sys is read-only: the sysctl is the host's business.
    let mut f = user();
    f.yama_scope = Some(1);
    f.runtime = Runtime::Docker;
    f.proc_sys_readonly = true;
    let (_, text) = first(EPERM, &f);
    assert!(text.contains("change it on the host"), "{text}");
    assert!(!text.contains("sudo sysctl"), "{text}");
}

#[test]
fn c12_already_traced() {
    let mut f = host();
    tstatus(&mut f).tracer_pid = Some(999);
    target(&mut f).tracer_comm = Some("gdb".into());
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::AlreadyTraced);
    assert!(text.contains("already traced by gdb (pid 999)"), "{text}");
    assert!(text.contains("seen: /proc/999/comm: gdb"), "{text}");
}

#[test]
fn c14_seccomp_docker_podman_kubernetes() {
    for (errno, probe, rt, needle) in [
        (
            EPERM,
            PtraceProbe::Errno(EPERM),
            Runtime::Docker,
            "docker run --security-opt seccomp=unconfined",
        ),
        (
            EPERM,
            PtraceProbe::Errno(EPERM),
            Runtime::Docker,
            "security_opt: [\"seccomp:unconfined\"]",
        ),
        (
            libc::ENOSYS,
            PtraceProbe::Errno(libc::ENOSYS),
            Runtime::Podman,
            "podman run --security-opt seccomp=unconfined",
        ),
        (
            EPERM,
            PtraceProbe::Killed(libc::SIGSYS),
            Runtime::Kubernetes,
            "seccompProfile: {type: Unconfined}",
        ),
        (
            EPERM,
            PtraceProbe::Errno(EPERM),
            Runtime::Host,
            "SystemCallFilter",
        ),
    ] {
        let mut f = host();
        f.me.seccomp = Some(2);
        f.me.seccomp_filters = Some(1);
        f.probe = probe;
        f.runtime = rt;
        let (id, text) = first(errno, &f);
        assert_eq!(id, CauseId::SeccompFilter, "{text}");
        assert!(text.contains(needle), "{rt:?}: {text}");
        assert!(
            text.contains("seen: /proc/self/status Seccomp: 2 (filter mode), Seccomp_filters: 1"),
            "{text}"
        );
        let d = explain(errno, &f, Action::Spawn);
        assert_eq!(d.causes.first().map(|c| c.id), Some(CauseId::SeccompFilter));
    }
    // A filter that allows ptrace is not blamed.
    let mut f = host();
    f.me.seccomp = Some(2);
    assert!(!ids(&explain(EPERM, &f, Action::Attach(4242))).contains(&CauseId::SeccompFilter));
}

#[test]
fn c15_apparmor_and_c16_selinux_give_eacces() {
    let mut f = host();
    f.apparmor_enabled = true;
    f.my_label = Some("docker-default (enforce)".into());
    target(&mut f).label = Some("unconfined".into());
    f.runtime = Runtime::Docker;
    let (id, text) = first(libc::EACCES, &f);
    assert_eq!(id, CauseId::AppArmor);
    assert!(
        text.contains("docker-default (enforce)") && text.contains("unconfined"),
        "{text}"
    );
    assert!(
        text.contains("--security-opt apparmor=unconfined"),
        "{text}"
    );
    f.runtime = Runtime::Kubernetes;
    assert!(first(libc::EACCES, &f)
        .1
        .contains("appArmorProfile: {type: Unconfined}"));
    let mut f = host();
    f.selinux_enforcing = Some(true);
    f.selinux_deny_ptrace = Some(true);
    f.my_label = Some("unconfined_u:unconfined_r:unconfined_t:s0".into());
    let (id, text) = first(libc::EACCES, &f);
    assert_eq!(id, CauseId::SeLinux);
    assert!(
        text.contains("deny_ptrace") && text.contains("setsebool -P deny_ptrace off"),
        "{text}"
    );
    f.runtime = Runtime::Podman;
    assert!(first(libc::EACCES, &f)
        .1
        .contains("podman run --security-opt label=disable"));
}

#[test]
fn c17_user_namespace() {
    let mut f = host();
    f.uid_map = Some("0 1000 1".into());
    f.my_userns = Some("user:[4026532177]".into());
    target(&mut f).userns = None;
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::UserNamespace);
    assert!(
        text.contains("seen: /proc/self/uid_map: 0 1000 1"),
        "{text}"
    );
}

#[test]
fn c18_landlock_is_only_a_hint() {
    let mut f = user();
    f.me.no_new_privs = Some(true);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::Landlock);
    assert!(text.contains("Landlock"), "{text}");
}

#[test]
fn c19_gvisor_c20_emulator_c21_bad_request() {
    let mut f = user();
    f.runtime = Runtime::Gvisor;
    f.proc_version =
        Some("Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016 (gVisor)".into());
    f.yama_scope = Some(1);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::Gvisor);
    assert!(text.contains("runsc --strace"), "{text}");
    let mut f = host();
    f.probe = PtraceProbe::Errno(libc::ENOSYS);
    let (id, text) = first(libc::ENOSYS, &f);
    assert_eq!(id, CauseId::Emulator);
    assert!(
        text.contains("emulator") && text.contains("uname -m"),
        "{text}"
    );
    let f = host();
    assert_eq!(first(libc::EIO, &f).0, CauseId::BadRequest);
}

#[test]
fn no_cause_is_invented() {
    // Root with every capability, nothing unusual: an EPERM has no known cause here.
    let f = host();
    let d = explain(EPERM, &f, Action::Attach(4242));
    assert!(d.causes.is_empty(), "{d:?}");
    let text = render_refusal(&d);
    assert!(
        text.starts_with("rtrace: why: no known cause matched; rtrace checked:"),
        "{text}"
    );
    assert!(text.contains("Yama ptrace_scope: not enabled"), "{text}");
    // And the doctor predicts success.
    assert!(predict(&f, Action::Attach(4242)).causes.is_empty());
    assert!(predict(&f, Action::Spawn).causes.is_empty());
}

#[test]
fn doctor_prediction_matches_the_refusals() {
    let mut f = user();
    tstatus(&mut f).uid = Some([0, 0, 0, 0]);
    assert_eq!(
        predict(&f, Action::Attach(4242)).causes[0].id,
        CauseId::OtherUser
    );
    let mut f = host();
    tstatus(&mut f).kthread = Some(true);
    assert_eq!(
        predict(&f, Action::Attach(4242)).causes[0].id,
        CauseId::KernelThread
    );
    assert!(predict(&f, Action::Spawn).causes.is_empty());
}

/// A fake /proc tree, as files under a temporary root.
struct FakeRoot(std::path::PathBuf);

impl FakeRoot {
    fn new(name: &str) -> FakeRoot {
        let d = std::env::temp_dir().join(format!("rtrace-fakeroot-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        FakeRoot(d)
    }

    fn file(&self, path: &str, text: &str) -> &Self {
        let p = self.0.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }
}

const SELF_STATUS: &str = "Name:\trtrace\nState:\tR (running)\nTgid:\t300\nPPid:\t1\nTracerPid:\t0\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nNSpid:\t300\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\nNoNewPrivs:\t0\nSeccomp:\t2\nSeccomp_filters:\t1\n";

#[test]
fn facts_from_a_fake_proc_tree_in_a_podman_container() {
    let r = FakeRoot::new("podman");
    r.file("/proc/self/status", SELF_STATUS)
        .file("/proc/self/mountinfo", "22 27 0:21 / /proc rw,relatime - proc proc rw,hidepid=2\n30 22 0:22 / /proc/sys ro,relatime - proc proc rw\n")
        .file("/proc/self/cgroup", "0::/machine.slice/libpod-abc.scope\n")
        .file("/proc/self/uid_map", "         0          0 4294967295\n")
        .file("/proc/sys/kernel/yama/ptrace_scope", "1\n")
        .file("/proc/sys/kernel/osrelease", "6.1.0-57-cloud-amd64\n")
        .file("/run/.containerenv", "engine=\"podman-4.3.1\"\n")
        .file("/proc/4242/status", "Name:\tnginx\nState:\tS (sleeping)\nTgid:\t4242\nPPid:\t1\nTracerPid:\t77\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapPrm:\t000001ffffffffff\nKthread:\t0\n")
        .file("/proc/4242/cmdline", "nginx\0-g\0daemon off;\0")
        .file("/proc/77/comm", "strace\n")
        .file("/proc/1/status", "Name:\tinit\nPPid:\t0\n");
    let f = read_tree(&r.0, "self", 300, Some(4242));
    assert_eq!(f.runtime, Runtime::Podman);
    assert!(f.markers.iter().any(|m| m.contains(".containerenv")));
    assert_eq!(f.yama_scope, Some(1));
    assert!(f.proc_sys_readonly);
    assert_eq!(f.hidepid.as_deref(), Some("hidepid=2"));
    assert_eq!(f.me.seccomp, Some(2));
    assert_eq!(f.me.uid, Some([1000; 4]));
    assert!(!f.has_cap_sys_ptrace());
    assert!(!f.in_child_userns());
    let t = f.target.as_ref().unwrap();
    assert!(t.visible);
    assert_eq!(t.tracer_comm.as_deref(), Some("strace"));
    assert_eq!(t.cmdline, vec!["nginx", "-g", "daemon off;"]);
    assert_eq!(t.ancestors, vec![1]);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::AlreadyTraced, "{text}");
}

#[test]
fn facts_from_a_fake_tree_kernel_thread_and_docker_markers() {
    let r = FakeRoot::new("docker");
    r.file("/proc/self/status", SELF_STATUS)
        .file("/proc/self/cgroup", "12:pids:/docker/0123456789abcdef\n")
        .file("/.dockerenv", "")
        .file(
            "/proc/2/status",
            "Name:\tkthreadd\nState:\tS (sleeping)\nTgid:\t2\nPPid:\t0\nKthread:\t1\n",
        );
    let f = read_tree(&r.0, "self", 300, Some(2));
    assert_eq!(f.runtime, Runtime::Docker);
    assert_eq!(f.yama_scope, None);
    let d = explain(EPERM, &f, Action::Attach(2));
    assert_eq!(d.causes[0].id, CauseId::KernelThread);
    // A lone /.dockerenv is not enough to say Docker.
    let r = FakeRoot::new("dockerenv-only");
    r.file("/proc/self/status", SELF_STATUS)
        .file("/.dockerenv", "");
    assert_eq!(read_tree(&r.0, "self", 300, None).runtime, Runtime::Host);
    // Kubernetes from its service account files.
    let r = FakeRoot::new("k8s");
    r.file("/proc/self/status", SELF_STATUS)
        .file("/var/run/secrets/kubernetes.io/serviceaccount/token", "x");
    assert_eq!(
        read_tree(&r.0, "self", 300, None).runtime,
        Runtime::Kubernetes
    );
}

#[test]
fn status_parsing_tolerates_garbage() {
    let s = ProcStatus::parse("Uid:\tx y\nCapEff:\tzz\nState\nTgid:\t-\n\0\0");
    assert_eq!(s.uid, None);
    assert_eq!(s.cap_eff, None);
    assert_eq!(s.tgid, None);
}
