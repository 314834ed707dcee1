//! Reading what decides whether ptrace is allowed: rtrace's own credentials and confinement,
//! the kernel's settings, container markers, and the target process. Everything is read from
//! files under a root directory (`/` for real, a fake tree in tests); the two facts that need
//! syscalls (a signal probe and the ptrace probe) are gathered separately.

use crate::sys::{self, Pid, PtraceProbe};
use std::path::{Path, PathBuf};

pub const CAP_SYS_PTRACE: u32 = 19;
pub const CAP_SYS_ADMIN: u32 = 21;

/// The fields of /proc/PID/status that matter here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcStatus {
    pub name: Option<String>,
    /// The state letter (`S`, `T`, `Z`, ...) and its text.
    pub state: Option<String>,
    pub tgid: Option<Pid>,
    pub ppid: Option<Pid>,
    pub tracer_pid: Option<Pid>,
    /// Real, effective, saved, filesystem.
    pub uid: Option<[u32; 4]>,
    pub gid: Option<[u32; 4]>,
    pub cap_prm: Option<u64>,
    pub cap_eff: Option<u64>,
    pub cap_bnd: Option<u64>,
    pub no_new_privs: Option<bool>,
    pub seccomp: Option<u32>,
    pub seccomp_filters: Option<u32>,
    pub nspid: Vec<Pid>,
    pub kthread: Option<bool>,
    pub threads: Option<u32>,
}

impl ProcStatus {
    pub fn parse(text: &str) -> ProcStatus {
        let mut s = ProcStatus::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let v = value.trim();
            let nums = || -> Vec<u32> {
                v.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            };
            let four = || -> Option<[u32; 4]> { nums().try_into().ok() };
            match key {
                "Name" => s.name = Some(v.to_string()),
                "State" => s.state = Some(v.to_string()),
                "Tgid" => s.tgid = v.parse().ok(),
                "PPid" => s.ppid = v.parse().ok(),
                "TracerPid" => s.tracer_pid = v.parse().ok(),
                "Uid" => s.uid = four(),
                "Gid" => s.gid = four(),
                "CapPrm" => s.cap_prm = u64::from_str_radix(v, 16).ok(),
                "CapEff" => s.cap_eff = u64::from_str_radix(v, 16).ok(),
                "CapBnd" => s.cap_bnd = u64::from_str_radix(v, 16).ok(),
                "NoNewPrivs" => s.no_new_privs = v.parse::<u32>().ok().map(|n| n != 0),
                "Seccomp" => s.seccomp = v.parse().ok(),
                "Seccomp_filters" => s.seccomp_filters = v.parse().ok(),
                "NSpid" => {
                    s.nspid = v
                        .split_whitespace()
                        .filter_map(|x| x.parse().ok())
                        .collect()
                }
                "Kthread" => s.kthread = v.parse::<u32>().ok().map(|n| n != 0),
                "Threads" => s.threads = v.parse().ok(),
                _ => {}
            }
        }
        s
    }

    pub fn state_letter(&self) -> Option<char> {
        self.state.as_deref().and_then(|s| s.chars().next())
    }

    pub fn has_cap(&self, cap: u32) -> bool {
        self.cap_eff.is_some_and(|c| c & (1 << cap) != 0)
    }
}

/// The container runtime rtrace believes it runs in, from markers that are only heuristics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    Docker,
    Podman,
    Kubernetes,
    Containerd,
    Lxc,
    Nspawn,
    Gvisor,
    /// A container whose runtime no marker names (two generic signs, such as a read-only
    /// /proc/sys and an overlay root).
    Container,
    /// No container detected: a plain host (or a VM).
    Host,
}

impl Runtime {
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Docker => "Docker",
            Runtime::Podman => "Podman",
            Runtime::Kubernetes => "Kubernetes",
            Runtime::Containerd => "containerd",
            Runtime::Lxc => "LXC",
            Runtime::Nspawn => "systemd-nspawn",
            Runtime::Gvisor => "gVisor",
            Runtime::Container => "container",
            Runtime::Host => "host",
        }
    }

    /// The name in sentences: a container whose runtime is unknown says so.
    pub fn describe(self) -> &'static str {
        match self {
            Runtime::Container => "a container, runtime unknown",
            _ => self.name(),
        }
    }
}

/// Facts about the process rtrace would attach to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetFacts {
    pub pid: Pid,
    /// /proc/PID exists (it may be hidden by hidepid even though the process exists).
    pub visible: bool,
    /// `kill(pid, 0)`: None if it succeeded, else the errno.
    pub signal_errno: Option<i32>,
    pub status: Option<ProcStatus>,
    /// Owner of /proc/PID/status: root for a non-dumpable process whatever its uid.
    pub status_owner: Option<u32>,
    /// Name of the process in TracerPid (/proc/TRACER/comm).
    pub tracer_comm: Option<String>,
    pub cmdline: Vec<String>,
    /// Its user namespace (None when the link cannot be read, itself a hint).
    pub userns: Option<String>,
    /// Its LSM label (/proc/PID/attr/current).
    pub label: Option<String>,
    /// Its ancestors by PPid, nearest first.
    pub ancestors: Vec<Pid>,
}

/// Everything the diagnosis may use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub self_pid: Pid,
    pub me: ProcStatus,
    /// Name of the process tracing rtrace itself, if any (/proc/TRACER/comm).
    pub my_tracer_comm: Option<String>,
    pub arch: &'static str,
    pub kernel_release: Option<String>,
    pub proc_version: Option<String>,
    /// /proc/sys/kernel/yama/ptrace_scope; None when Yama is not in the kernel.
    pub yama_scope: Option<u32>,
    /// /sys/kernel/security/lsm.
    pub lsms: Option<String>,
    pub apparmor_enabled: bool,
    /// rtrace's own LSM label (AppArmor profile or SELinux context).
    pub my_label: Option<String>,
    pub selinux_enforcing: Option<bool>,
    pub selinux_deny_ptrace: Option<bool>,
    /// /proc/self/uid_map; `0 0 4294967295` in the initial user namespace.
    pub uid_map: Option<String>,
    pub my_userns: Option<String>,
    pub my_pidns: Option<String>,
    pub proc_sys_readonly: bool,
    /// The hidepid option of /proc, if any.
    pub hidepid: Option<String>,
    pub runtime: Runtime,
    /// What the runtime guess rests on.
    pub markers: Vec<String>,
    pub probe: PtraceProbe,
    pub target: Option<TargetFacts>,
}

/// The inode numbers the kernel gives its initial namespaces (PROC_USER_INIT_INO, PROC_PID_INIT_INO).
pub const INITIAL_USERNS: &str = "user:[4026531837]";
pub const INITIAL_PIDNS: &str = "pid:[4026531836]";

impl Facts {
    /// Whether rtrace is in a user namespace other than the initial one.
    pub fn in_child_userns(&self) -> bool {
        let mapped = self
            .uid_map
            .as_deref()
            .is_some_and(|m| m.split_whitespace().collect::<Vec<_>>() != ["0", "0", "4294967295"]);
        mapped
            || self
                .my_userns
                .as_deref()
                .is_some_and(|n| n != INITIAL_USERNS)
    }

    /// Whether rtrace is in a pid namespace other than the initial one.
    pub fn in_child_pidns(&self) -> bool {
        self.my_pidns.as_deref().is_some_and(|n| n != INITIAL_PIDNS) || self.me.nspid.len() > 1
    }

    pub fn has_cap_sys_ptrace(&self) -> bool {
        self.me.has_cap(CAP_SYS_PTRACE)
    }

    pub fn in_container(&self) -> bool {
        self.runtime != Runtime::Host
    }
}

/// File access relative to a root directory.
pub struct Tree {
    root: PathBuf,
}

impl Tree {
    pub fn new(root: &Path) -> Tree {
        Tree {
            root: root.to_path_buf(),
        }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.root.join(p.trim_start_matches('/'))
    }

    pub fn read(&self, p: &str) -> Option<String> {
        std::fs::read_to_string(self.path(p)).ok()
    }

    fn read_trim(&self, p: &str) -> Option<String> {
        self.read(p).map(|s| s.trim().to_string())
    }

    fn exists(&self, p: &str) -> bool {
        self.path(p).exists()
    }

    fn link(&self, p: &str) -> Option<String> {
        std::fs::read_link(self.path(p))
            .ok()
            .map(|l| l.to_string_lossy().into_owned())
    }

    fn owner(&self, p: &str) -> Option<u32> {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(self.path(p)).ok().map(|m| m.uid())
    }
}

/// The native arch's name as `uname -m` gives it.
fn arch_name() -> &'static str {
    match crate::arch::Arch::native() {
        crate::arch::Arch::X86_64 => "x86_64",
        crate::arch::Arch::Aarch64 => "aarch64",
    }
}

/// Reads every fact from the tree at `root` (the probes are filled in by [`gather`]). `self_pid`
/// names rtrace's own /proc entry (`self` works for the real tree).
pub fn read_tree(root: &Path, self_dir: &str, self_pid: Pid, target: Option<Pid>) -> Facts {
    let t = Tree::new(root);
    let me = ProcStatus::parse(
        &t.read(&format!("/proc/{self_dir}/status"))
            .unwrap_or_default(),
    );
    let my_tracer_comm = me
        .tracer_pid
        .filter(|&p| p != 0)
        .and_then(|p| t.read_trim(&format!("/proc/{p}/comm")));
    let mountinfo = t
        .read(&format!("/proc/{self_dir}/mountinfo"))
        .unwrap_or_default();
    let (proc_sys_readonly, hidepid) = mount_facts(&mountinfo);
    let my_label = t
        .read_trim(&format!("/proc/{self_dir}/attr/apparmor/current"))
        .or_else(|| t.read_trim(&format!("/proc/{self_dir}/attr/current")))
        .filter(|l| !l.is_empty());
    let (runtime, markers) = detect_runtime(&t, self_dir, &mountinfo, proc_sys_readonly);
    Facts {
        self_pid,
        me,
        my_tracer_comm,
        arch: arch_name(),
        kernel_release: t.read_trim("/proc/sys/kernel/osrelease"),
        proc_version: t.read_trim("/proc/version"),
        yama_scope: t
            .read_trim("/proc/sys/kernel/yama/ptrace_scope")
            .and_then(|s| s.parse().ok()),
        lsms: t.read_trim("/sys/kernel/security/lsm"),
        apparmor_enabled: t
            .read_trim("/sys/module/apparmor/parameters/enabled")
            .as_deref()
            == Some("Y"),
        my_label,
        selinux_enforcing: t.read_trim("/sys/fs/selinux/enforce").map(|s| s == "1"),
        selinux_deny_ptrace: t
            .read_trim("/sys/fs/selinux/booleans/deny_ptrace")
            .map(|s| s.starts_with('1')),
        uid_map: t
            .read(&format!("/proc/{self_dir}/uid_map"))
            .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" ")),
        my_userns: t.link(&format!("/proc/{self_dir}/ns/user")),
        my_pidns: t.link(&format!("/proc/{self_dir}/ns/pid")),
        proc_sys_readonly,
        hidepid,
        runtime,
        markers,
        probe: PtraceProbe::NotRun,
        target: target.map(|pid| read_target(&t, pid)),
    }
}

fn read_target(t: &Tree, pid: Pid) -> TargetFacts {
    let dir = format!("/proc/{pid}");
    let status = t
        .read(&format!("{dir}/status"))
        .map(|s| ProcStatus::parse(&s));
    let tracer_comm = status
        .as_ref()
        .and_then(|s| s.tracer_pid)
        .filter(|&p| p != 0)
        .and_then(|p| t.read_trim(&format!("/proc/{p}/comm")));
    let cmdline = t
        .read(&format!("{dir}/cmdline"))
        .map(|c| {
            c.split('\0')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut ancestors = Vec::new();
    let mut cur = status.as_ref().and_then(|s| s.ppid);
    while let Some(p) = cur.filter(|&p| p > 0 && ancestors.len() < 4096) {
        ancestors.push(p);
        cur = t
            .read(&format!("/proc/{p}/status"))
            .and_then(|s| ProcStatus::parse(&s).ppid);
    }
    TargetFacts {
        pid,
        visible: t.exists(&dir),
        signal_errno: None,
        status,
        status_owner: t.owner(&format!("{dir}/status")),
        tracer_comm,
        cmdline,
        userns: t.link(&format!("{dir}/ns/user")),
        label: t
            .read_trim(&format!("{dir}/attr/apparmor/current"))
            .or_else(|| t.read_trim(&format!("{dir}/attr/current")))
            .filter(|l| !l.is_empty()),
        ancestors,
    }
}

/// From mountinfo: whether /proc/sys is mounted read-only, and /proc's hidepid option.
fn mount_facts(mountinfo: &str) -> (bool, Option<String>) {
    let mut ro = false;
    let mut hidepid = None;
    for line in mountinfo.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (Some(mount_point), Some(opts)) = (f.get(4), f.get(5)) else {
            continue;
        };
        let super_opts = f
            .iter()
            .rposition(|x| *x == "-")
            .and_then(|i| f.get(i + 3))
            .copied()
            .unwrap_or("");
        if *mount_point == "/proc/sys" && opts.split(',').any(|o| o == "ro") {
            ro = true;
        }
        if *mount_point == "/proc" {
            if let Some(h) = super_opts
                .split(',')
                .chain(opts.split(','))
                .find(|o| o.starts_with("hidepid="))
            {
                hidepid = Some(h.to_string());
            }
        }
    }
    (ro, hidepid)
}

/// The signs of a container rtrace found, as the text the report shows.
struct Markers {
    /// Markers of one runtime, with the runtime they name.
    named: Vec<(Runtime, String)>,
    /// Signs of a container of any kind (a read-only /proc/sys, an overlay root, ...).
    generic: Vec<String>,
}

/// The runtimes in the order they are tried: Kubernetes first, because its pods also carry the
/// markers of the runtime below them (containerd, CRI-O, Docker).
const RUNTIMES: [Runtime; 6] = [
    Runtime::Kubernetes,
    Runtime::Podman,
    Runtime::Docker,
    Runtime::Containerd,
    Runtime::Lxc,
    Runtime::Nspawn,
];

/// The runtime a `container=` value or /run/systemd/container names.
fn runtime_named(value: &str) -> Option<Runtime> {
    match value {
        "podman" | "oci" => Some(Runtime::Podman),
        "docker" => Some(Runtime::Docker),
        "lxc" | "lxc-libvirt" => Some(Runtime::Lxc),
        "systemd-nspawn" => Some(Runtime::Nspawn),
        _ => None,
    }
}

/// The runtimes a /proc/self/cgroup path names.
fn cgroup_markers(cgroup: &str) -> Vec<(Runtime, String)> {
    let says = |what: &str| format!("/proc/self/cgroup mentions {what}");
    let mut v = Vec::new();
    if cgroup.contains("kubepods") {
        v.push((Runtime::Kubernetes, says("kubepods")));
    }
    if cgroup.contains("libpod") {
        v.push((Runtime::Podman, says("libpod")));
    }
    if cgroup.contains("docker") {
        v.push((Runtime::Docker, says("docker")));
    }
    if cgroup.contains("containerd") || cgroup.contains("cri-") || cgroup.contains("crio-") {
        v.push((Runtime::Containerd, says("containerd or CRI-O")));
    }
    if cgroup.contains("lxc.payload") || cgroup.contains("/lxc/") {
        v.push((Runtime::Lxc, says("lxc")));
    }
    if cgroup.contains("machine.slice/machine-") {
        v.push((Runtime::Nspawn, says("a systemd machine scope")));
    }
    v
}

/// The file system type of `/` when it is a union mount (overlay, fuse-overlayfs, aufs).
fn union_root(mountinfo: &str) -> Option<String> {
    mountinfo.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let dash = f.iter().position(|x| *x == "-")?;
        let fstype = *f.get(dash + 1)?;
        let union = fstype == "overlay" || fstype.ends_with("overlayfs") || fstype == "aufs";
        (f.get(4) == Some(&"/") && union).then(|| fstype.to_string())
    })
}

/// Reads every container marker: marker files, cgroup paths, environment, mounts.
fn read_markers(t: &Tree, self_dir: &str, mountinfo: &str, proc_sys_ro: bool) -> Markers {
    let mut named = Vec::new();
    let mut generic = Vec::new();
    let environ = t
        .read(&format!("/proc/{self_dir}/environ"))
        .unwrap_or_default();
    let env_var = |k: &str| {
        environ
            .split('\0')
            .find_map(|kv| kv.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
            .map(str::to_string)
    };
    if env_var("KUBERNETES_SERVICE_HOST").is_some() {
        let m = "environment has KUBERNETES_SERVICE_HOST";
        named.push((Runtime::Kubernetes, m.to_string()));
    }
    if t.exists("/var/run/secrets/kubernetes.io/serviceaccount") {
        let m = "/var/run/secrets/kubernetes.io/serviceaccount exists";
        named.push((Runtime::Kubernetes, m.to_string()));
    }
    if let Some(env) = t.read("/run/.containerenv") {
        named.push((Runtime::Podman, "/run/.containerenv exists".to_string()));
        // Podman writes the engine into it at run time (privileged containers); an image
        // exported from a container carries the file, empty.
        if let Some(engine) = env.lines().find_map(|l| l.strip_prefix("engine=")) {
            let m = format!(
                "/run/.containerenv names the engine {}",
                engine.trim_matches('"')
            );
            named.push((Runtime::Podman, m));
        }
    }
    if t.exists("/.dockerenv") {
        named.push((Runtime::Docker, "/.dockerenv exists".to_string()));
    }
    let cgroup = t
        .read(&format!("/proc/{self_dir}/cgroup"))
        .unwrap_or_default();
    named.extend(cgroup_markers(&cgroup));
    let declared = [
        env_var("container").map(|v| (format!("environment has container={v}"), v)),
        t.read_trim("/run/systemd/container")
            .map(|v| (format!("/run/systemd/container says {v}"), v)),
    ];
    for (text, value) in declared.into_iter().flatten() {
        match runtime_named(&value) {
            Some(rt) => named.push((rt, text)),
            None if !value.is_empty() => generic.push(text),
            None => {}
        }
    }
    if let Some(fstype) = union_root(mountinfo) {
        generic.push(format!("/ is an {fstype} mount"));
    }
    if proc_sys_ro {
        generic.push("/proc/sys is read-only".to_string());
    }
    Markers { named, generic }
}

/// Guesses the container runtime from its markers. No marker is trusted alone (a VM built from
/// a container image keeps /.dockerenv or /run/.containerenv, and anyone can set an environment
/// variable): a runtime needs one marker of its own and one more, of its own or of any
/// container; two signs of an unnamed runtime make a generic container. gVisor is the exception:
/// there the kernel itself (/proc/version) says so.
fn detect_runtime(
    t: &Tree,
    self_dir: &str,
    mountinfo: &str,
    proc_sys_ro: bool,
) -> (Runtime, Vec<String>) {
    if t.read("/proc/version")
        .unwrap_or_default()
        .contains("gVisor")
    {
        return (
            Runtime::Gvisor,
            vec!["/proc/version mentions gVisor".to_string()],
        );
    }
    let m = read_markers(t, self_dir, mountinfo, proc_sys_ro);
    for rt in RUNTIMES {
        let own: Vec<String> = m
            .named
            .iter()
            .filter(|(r, _)| *r == rt)
            .map(|(_, text)| text.clone())
            .collect();
        if !own.is_empty() && own.len() + m.generic.len() >= 2 {
            return (rt, own.into_iter().chain(m.generic).collect());
        }
    }
    if m.generic.len() >= 2 {
        return (Runtime::Container, m.generic);
    }
    let mut notes: Vec<String> = m
        .named
        .into_iter()
        .map(|(rt, text)| match rt {
            Runtime::Docker => {
                format!("{text}, but nothing else says Docker: image-built VMs have it too")
            }
            _ => format!("{text}, but nothing else says {}", rt.name()),
        })
        .collect();
    notes.extend(
        m.generic
            .into_iter()
            .map(|text| format!("{text}, but nothing else says container")),
    );
    (Runtime::Host, notes)
}

/// All facts about this machine and `target`, including the probes (which make syscalls).
pub fn gather(target: Option<Pid>) -> Facts {
    let mut f = read_tree(Path::new("/"), "self", sys::getpid(), target);
    f.probe = sys::probe_ptrace();
    if let Some(t) = f.target.as_mut() {
        t.signal_errno = sys::signal_probe(t.pid).err().map(|e| e as i32);
    }
    f
}
