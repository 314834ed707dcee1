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
        my_tracer_comm: None,
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
fn spawn_refused_because_rtrace_is_traced() {
    let mut f = host();
    f.me.tracer_pid = Some(77);
    f.my_tracer_comm = Some("strace".into());
    let d = explain(EPERM, &f, Action::Spawn);
    assert_eq!(d.causes.first().map(|c| c.id), Some(CauseId::RtraceTraced));
    let text = render_refusal(&d);
    assert!(
        text.contains("rtrace is itself traced by strace (pid 77)"),
        "{text}"
    );
    assert!(
        text.contains("seen: /proc/self/status TracerPid: 77"),
        "{text}"
    );
    // Not a cause when rtrace attaches (the target's own tracer is what matters there).
    let d = explain(EPERM, &f, Action::Attach(4242));
    assert!(d.causes.iter().all(|c| c.id != CauseId::RtraceTraced));
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

/// A fake /proc tree, as files under a temporary root, removed when dropped.
struct FakeRoot(std::path::PathBuf);

impl Drop for FakeRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

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
}

#[test]
fn status_parsing_tolerates_garbage() {
    let s = ProcStatus::parse("Uid:\tx y\nCapEff:\tzz\nState\nTgid:\t-\n\0\0");
    assert_eq!(s.uid, None);
    assert_eq!(s.cap_eff, None);
    assert_eq!(s.tgid, None);
}

/// A mountinfo with /proc/sys read-only, as container runtimes mount it.
const RO_PROC_SYS: &str = "75 69 0:42 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n49 75 0:42 /sys /proc/sys ro,nosuid,nodev,noexec,relatime - proc proc rw\n";
/// The same with an overlay root, as an image-based container has it.
const OVERLAY_ROOT: &str = "60 1 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w\n75 60 0:42 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n49 75 0:42 /sys /proc/sys ro,nosuid,nodev,noexec,relatime - proc proc rw\n";
const PODMAN_CGROUP: &str =
    "1:cpu:/libpod_parent/libpod-e4b168bca06d\n0::/libpod_parent/libpod-e4b168bca06d\n";

/// A fake tree's files: (path, contents).
type Files<'a> = &'a [(&'a str, &'a str)];

/// The runtime and markers read from a fake tree.
fn detect(name: &str, files: Files) -> (Runtime, Vec<String>) {
    let r = FakeRoot::new(name);
    r.file("/proc/self/status", SELF_STATUS);
    for (path, text) in files {
        r.file(path, text);
    }
    let f = read_tree(&r.0, "self", 300, None);
    (f.runtime, f.markers)
}

#[test]
fn container_detection_needs_two_markers() {
    let cases: &[(&str, Files, Runtime)] = &[
        // Podman as it runs on these machines (cgroup v1), with cgroup v2 and a cgroup
        // namespace (the cgroup says nothing), and privileged (only the file, with its engine).
        (
            "podman-v1",
            &[
                ("/run/.containerenv", ""),
                ("/proc/self/cgroup", PODMAN_CGROUP),
                ("/proc/self/mountinfo", RO_PROC_SYS),
            ],
            Runtime::Podman,
        ),
        (
            "podman-v2",
            &[
                ("/run/.containerenv", ""),
                ("/proc/self/cgroup", "0::/\n"),
                ("/proc/self/mountinfo", RO_PROC_SYS),
            ],
            Runtime::Podman,
        ),
        (
            "podman-privileged",
            &[(
                "/run/.containerenv",
                "engine=\"podman-4.3.1\"\nname=\"x\"\n",
            )],
            Runtime::Podman,
        ),
        (
            "podman-env",
            &[
                ("/proc/self/environ", "PATH=/bin\0container=podman\0"),
                ("/proc/self/cgroup", PODMAN_CGROUP),
            ],
            Runtime::Podman,
        ),
        // A VM made from an exported container keeps the empty marker file, and nothing else.
        (
            "containerenv-only",
            &[("/run/.containerenv", "")],
            Runtime::Host,
        ),
        (
            "libpod-cgroup-only",
            &[("/proc/self/cgroup", PODMAN_CGROUP)],
            Runtime::Host,
        ),
        // Docker: cgroup v1, cgroup v2 (overlay root and read-only /proc/sys), a lone file.
        (
            "docker-v1",
            &[
                ("/.dockerenv", ""),
                ("/proc/self/cgroup", "12:pids:/docker/0123456789abcdef\n"),
            ],
            Runtime::Docker,
        ),
        (
            "docker-v2",
            &[
                ("/.dockerenv", ""),
                ("/proc/self/cgroup", "0::/\n"),
                ("/proc/self/mountinfo", OVERLAY_ROOT),
            ],
            Runtime::Docker,
        ),
        (
            "docker-cgroup-ro",
            &[
                ("/proc/self/cgroup", "0::/system.slice/docker-0123.scope\n"),
                ("/proc/self/mountinfo", RO_PROC_SYS),
            ],
            Runtime::Docker,
        ),
        ("dockerenv-only", &[("/.dockerenv", "")], Runtime::Host),
        // Kubernetes: its environment and its service account mount; a pod on containerd is
        // Kubernetes, not containerd; either marker alone is not enough.
        (
            "k8s",
            &[
                ("/proc/self/environ", "KUBERNETES_SERVICE_HOST=10.96.0.1\0"),
                ("/var/run/secrets/kubernetes.io/serviceaccount/token", "x"),
            ],
            Runtime::Kubernetes,
        ),
        (
            "k8s-containerd",
            &[
                (
                    "/proc/self/cgroup",
                    "0::/kubepods/besteffort/pod1/cri-containerd-abc\n",
                ),
                ("/proc/self/mountinfo", RO_PROC_SYS),
            ],
            Runtime::Kubernetes,
        ),
        (
            "k8s-env-only",
            &[("/proc/self/environ", "KUBERNETES_SERVICE_HOST=10.96.0.1\0")],
            Runtime::Host,
        ),
        (
            "k8s-sa-only",
            &[("/var/run/secrets/kubernetes.io/serviceaccount/token", "x")],
            Runtime::Host,
        ),
        (
            "containerd",
            &[
                (
                    "/proc/self/cgroup",
                    "0::/system.slice/containerd.service/nerdctl-abc\n",
                ),
                ("/proc/self/mountinfo", OVERLAY_ROOT),
            ],
            Runtime::Containerd,
        ),
        // Generic markers: the container= variable, /run/systemd/container, an overlay root,
        // a read-only /proc/sys.
        (
            "lxc",
            &[
                ("/proc/self/environ", "container=lxc\0"),
                ("/run/systemd/container", "lxc\n"),
            ],
            Runtime::Lxc,
        ),
        (
            "nspawn",
            &[
                ("/proc/self/environ", "container=systemd-nspawn\0"),
                ("/proc/self/mountinfo", RO_PROC_SYS),
            ],
            Runtime::Nspawn,
        ),
        (
            "generic",
            &[("/proc/self/mountinfo", OVERLAY_ROOT)],
            Runtime::Container,
        ),
        (
            "generic-env",
            &[
                ("/proc/self/environ", "container=wsl\0"),
                ("/proc/self/mountinfo", RO_PROC_SYS),
            ],
            Runtime::Container,
        ),
        (
            "ro-proc-sys-only",
            &[("/proc/self/mountinfo", RO_PROC_SYS)],
            Runtime::Host,
        ),
        (
            "gvisor",
            &[(
                "/proc/version",
                "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016 (gVisor)\n",
            )],
            Runtime::Gvisor,
        ),
        ("nothing", &[], Runtime::Host),
    ];
    for (name, files, want) in cases {
        let (rt, markers) = detect(name, files);
        assert_eq!(rt, *want, "{name}: {markers:?}");
        if rt != Runtime::Host && rt != Runtime::Gvisor {
            assert!(markers.len() >= 2, "{name}: {markers:?}");
        }
    }
    // What the decision rests on, and what was seen but not trusted.
    let files = |name: &str| cases.iter().find(|c| c.0 == name).map(|c| c.1).unwrap();
    let (_, m) = detect("podman-v1", files("podman-v1"));
    assert_eq!(
        m,
        [
            "/run/.containerenv exists",
            "/proc/self/cgroup mentions libpod",
            "/proc/sys is read-only"
        ]
    );
    let (_, m) = detect("podman-privileged", files("podman-privileged"));
    assert!(
        m.contains(&"/run/.containerenv names the engine podman-4.3.1".to_string()),
        "{m:?}"
    );
    let (_, m) = detect("dockerenv-only", &[("/.dockerenv", "")]);
    assert_eq!(
        m,
        ["/.dockerenv exists, but nothing else says Docker: image-built VMs have it too"]
    );
    let (_, m) = detect("k8s-env-only", files("k8s-env-only"));
    assert_eq!(
        m,
        ["environment has KUBERNETES_SERVICE_HOST, but nothing else says Kubernetes"]
    );
    let (_, m) = detect("generic", &[("/proc/self/mountinfo", OVERLAY_ROOT)]);
    assert_eq!(m, ["/ is an overlay mount", "/proc/sys is read-only"]);
    assert!(detect("nothing", &[]).1.is_empty());
}

/// Podman's default capabilities (no CAP_SYS_PTRACE), as a container on these machines has them.
const PODMAN_CAPS: u64 = 0x8004_05fb;

/// rtrace as root in a default Podman container (its own pid namespace, Podman's seccomp
/// profile, which lets ptrace through, a read-only /proc/sys), with a sibling as the target.
fn podman() -> Facts {
    let mut f = host();
    f.me = status(0, PODMAN_CAPS);
    f.me.cap_bnd = Some(PODMAN_CAPS);
    f.me.seccomp = Some(2);
    f.me.seccomp_filters = Some(1);
    f.my_pidns = Some("pid:[4026532180]".into());
    f.proc_sys_readonly = true;
    f.runtime = Runtime::Podman;
    f.markers = vec![
        "/run/.containerenv exists".into(),
        "/proc/self/cgroup mentions libpod".into(),
        "/proc/sys is read-only".into(),
    ];
    *tstatus(&mut f) = ProcStatus {
        tgid: Some(4242),
        ppid: Some(1),
        ..status(0, PODMAN_CAPS)
    };
    f
}

#[test]
fn a_default_podman_container_is_the_normal_case() {
    let f = podman();
    assert!(predict(&f, Action::Attach(4242)).causes.is_empty());
    assert!(predict(&f, Action::Spawn).causes.is_empty());
    let d = super::report::Doctor {
        facts: f.clone(),
        spawn: predict(&f, Action::Spawn),
        targets: vec![],
    };
    assert!(d.ok());
    let text = d.text();
    for wanted in [
        "  environment   Podman (/run/.containerenv exists; /proc/self/cgroup mentions libpod; /proc/sys is read-only)\n",
        "  seccomp       mode 2 with 1 filter(s) that allow ptrace, NoNewPrivs 0; ptrace probe answered ESRCH (ptrace reaches the kernel)\n",
        "  capabilities  CapEff 00000000800405fb (no CAP_SYS_PTRACE)",
        "pid pid:[4026532180] (a child namespace, not the host's)\n",
        "  /proc/sys     read-only\n",
        "verdict: tracing would work\n",
    ] {
        assert!(text.contains(wanted), "missing {wanted:?} in:\n{text}");
    }
    // The same filter blocking ptrace.
    let mut f = podman();
    f.probe = PtraceProbe::Errno(libc::ENOSYS);
    let d = super::report::Doctor {
        spawn: predict(&f, Action::Spawn),
        facts: f,
        targets: vec![],
    };
    assert!(
        d.text().contains("filter(s) that block ptrace"),
        "{}",
        d.text()
    );
}

#[test]
fn podman_pid_host_without_cap_sys_ptrace_names_the_capabilities_and_podman() {
    // --pid=host: the host's pid namespace, a host process with every capability.
    let mut f = podman();
    f.my_pidns = Some(super::facts::INITIAL_PIDNS.into());
    tstatus(&mut f).cap_prm = Some(0x1ff_feff_ffff);
    let (id, text) = first(EPERM, &f);
    assert_eq!(id, CauseId::MoreCapabilities, "{text}");
    for wanted in [
        "rtrace: why: process 4242 has capabilities rtrace lacks (CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH, CAP_LINUX_IMMUTABLE and 26 more), and rtrace has no CAP_SYS_PTRACE\n",
        "  seen: /proc/4242/status CapPrm: 000001fffeffffff\n",
        "  seen: /proc/self/status CapPrm: 00000000800405fb\n",
        "  seen: /proc/self/status CapEff: 00000000800405fb (lacks CAP_SYS_PTRACE, bit 19)\n",
        "  seen: container: Podman (/run/.containerenv exists; /proc/self/cgroup mentions libpod; /proc/sys is read-only)\n",
        "  fix (Podman): start the container with CAP_SYS_PTRACE: podman run --cap-add SYS_PTRACE ...\n",
        "  fix (Podman): or a debugging sidecar: podman run --rm -it --pid=host --cap-add SYS_PTRACE IMAGE rtrace -p 4242\n",
    ] {
        assert!(text.contains(wanted), "missing {wanted:?} in:\n{text}");
    }
    // From the container's own pid namespace, the sidecar joins the target's container.
    let mut f = podman();
    tstatus(&mut f).cap_prm = Some(ALL_CAPS);
    let (_, text) = first(EPERM, &f);
    assert!(
        text.contains("podman run --rm -it --pid=container:NAME --cap-add SYS_PTRACE IMAGE"),
        "{text}"
    );
    let mut f = podman();
    tstatus(&mut f).cap_prm = Some(ALL_CAPS);
    f.runtime = Runtime::Docker;
    let (_, text) = first(EPERM, &f);
    assert!(
        text.contains("docker run --rm -it --pid=container:NAME --cap-add SYS_PTRACE IMAGE"),
        "{text}"
    );
}

#[test]
fn the_container_line_only_where_fixes_name_a_runtime() {
    // On a host: no container line.
    let mut f = user();
    tstatus(&mut f).uid = Some([0; 4]);
    assert!(!first(EPERM, &f).1.contains("seen: container"));
    // A kernel thread's fix is the same everywhere: no container line either.
    let mut f = podman();
    tstatus(&mut f).kthread = Some(true);
    assert!(!first(EPERM, &f).1.contains("seen: container"));
    // Seccomp in Podman (ENOSYS, its errno) and Docker's errno in Podman.
    for errno in [libc::ENOSYS, EPERM] {
        let mut f = podman();
        f.probe = PtraceProbe::Errno(errno);
        let (id, text) = first(errno, &f);
        assert_eq!(id, CauseId::SeccompFilter, "{text}");
        assert!(
            text.contains("  seen: container: Podman (/run/.containerenv exists;"),
            "{text}"
        );
        assert!(text.contains("  fix (Podman): run the container without the seccomp filter: podman run --security-opt seccomp=unconfined ...\n"), "{text}");
        let d = explain(errno, &f, Action::Spawn);
        assert_eq!(d.causes[0].id, CauseId::SeccompFilter);
    }
}

#[test]
fn a_container_of_unknown_runtime_gets_generic_fixes() {
    let mut f = podman();
    f.runtime = Runtime::Container;
    f.markers = vec![
        "/ is an overlay mount".into(),
        "/proc/sys is read-only".into(),
    ];
    f.probe = PtraceProbe::Errno(EPERM);
    let (_, text) = first(EPERM, &f);
    assert!(text.contains("fix (container): the container's seccomp profile blocks ptrace: start it with --security-opt seccomp=unconfined"), "{text}");
    assert!(!text.contains("SystemCallFilter"), "{text}");
    let mut f = podman();
    f.runtime = Runtime::Container;
    tstatus(&mut f).cap_prm = Some(ALL_CAPS);
    let (_, text) = first(EPERM, &f);
    assert!(text.contains("fix (container): start the container with CAP_SYS_PTRACE (docker, podman or nerdctl run --cap-add SYS_PTRACE"), "{text}");
    let mut f = podman();
    f.runtime = Runtime::Container;
    target(&mut f).visible = false;
    target(&mut f).signal_errno = Some(libc::ESRCH);
    let (id, text) = first(libc::ESRCH, &f);
    assert_eq!(id, CauseId::OtherPidNamespace);
    assert!(
        text.contains("pid namespace (a container, runtime unknown)"),
        "{text}"
    );
    let mut f = podman();
    f.runtime = Runtime::Container;
    f.markers = vec![
        "/ is an overlay mount".into(),
        "/proc/sys is read-only".into(),
    ];
    f.probe = PtraceProbe::Errno(EPERM);
    assert!(first(EPERM, &f).1.contains(
        "  seen: container: a container, runtime unknown (/ is an overlay mount; /proc/sys is read-only)\n"
    ));
}
