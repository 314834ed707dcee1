//! Refusals produced for real on this machine (as root, with setpriv, capsh, unshare and a
//! seccomp helper), each checked for rtrace's verdict, evidence and fix; and `--doctor`.
//! Scenarios that need a tool or root print a SKIPPED line when it is missing.

mod common;
use common::*;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn have(tool: &str, test: &str) -> bool {
    let found = ["/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"]
        .iter()
        .any(|d| std::path::Path::new(&format!("{d}{tool}")).exists());
    if !found {
        eprintln!("SKIPPED {test}: {tool} is not installed");
    }
    if !is_root() {
        eprintln!("SKIPPED {test}: needs root to set up the scenario");
    }
    found && is_root()
}

/// A process to attach to, killed when dropped.
struct Target(Child);

impl Target {
    fn sleep() -> Target {
        Target(Command::new("sleep").arg("300").spawn().unwrap())
    }
    fn pid(&self) -> String {
        self.0.id().to_string()
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `prefix... rtrace args...` and checks the exit status is 1; returns stderr.
fn refused(prefix: &[&str], args: &[&str]) -> String {
    let rt = rtrace();
    let mut cmd = match prefix.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(&rt);
            c
        }
        None => Command::new(&rt),
    };
    let out = cmd.args(args).stdin(Stdio::null()).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

fn assert_lines(err: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(err.contains(w), "missing {w:?} in:\n{err}");
    }
}

const NOBODY: &[&str] = &[
    "setpriv",
    "--reuid=65534",
    "--regid=65534",
    "--clear-groups",
];

#[test]
fn another_uid_without_cap_sys_ptrace() {
    if !have("setpriv", "another_uid") {
        return;
    }
    let t = Target::sleep();
    let err = refused(NOBODY, &["-p", &t.pid()]);
    let pid = t.pid();
    assert_lines(
        &err,
        &[
            &format!("rtrace: attach: ptrace(PTRACE_SEIZE, {pid}): Operation not permitted\nrtrace: why: process {pid} runs as uid 0 and rtrace as uid 65534, without CAP_SYS_PTRACE"),
            &format!("seen: /proc/{pid}/status Uid: 0 0 0 0"),
            "seen: /proc/self/status CapEff: 0000000000000000 (lacks CAP_SYS_PTRACE, bit 19)",
            &format!("fix: run it as root: sudo rtrace -p {pid}"),
        ],
    );
}

#[test]
fn root_without_cap_sys_ptrace_against_a_process_with_more_capabilities() {
    if !have("capsh", "capsh_drop") {
        return;
    }
    let t = Target::sleep();
    let pid = t.pid();
    let out = Command::new("capsh")
        .arg("--drop=cap_sys_ptrace")
        .arg("--")
        .arg("-c")
        .arg(format!("exec {} -p {pid}", rtrace().display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_lines(
        &stderr(&out),
        &[
            &format!("rtrace: why: process {pid} has capabilities rtrace lacks (CAP_SYS_PTRACE), and rtrace has no CAP_SYS_PTRACE"),
            &format!("seen: /proc/{pid}/status CapPrm: "),
            "dropped from its capability bounding set",
        ],
    );
}

#[test]
fn a_target_already_traced_names_its_tracer() {
    let t = Target::sleep();
    let pid = t.pid();
    let mut first = Command::new(rtrace())
        .args(["-o", "/dev/null", "-p", &pid])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        if !s.contains("TracerPid:\t0\n") {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let err = refused(&[], &["-p", &pid]);
    let _ = first.kill();
    let _ = first.wait();
    let tracer = first.id();
    assert_lines(
        &err,
        &[
            &format!("rtrace: why: process {pid} is already traced by rtrace (pid {tracer}); only one tracer at a time"),
            &format!("seen: /proc/{pid}/status TracerPid: {tracer}"),
            &format!("seen: /proc/{tracer}/comm: rtrace"),
            &format!("kill {tracer}"),
        ],
    );
}

#[test]
fn spawn_under_a_tracer_that_follows_forks() {
    if !have_strace("spawn_under_a_tracer_that_follows_forks") {
        return;
    }
    let err = refused(&[STRACE, "-f", "-o", "/dev/null"], &["true"]);
    assert_lines(
        &err,
        &[
            "rtrace: why: rtrace is itself traced by strace (pid ",
            "seen: /proc/self/status TracerPid: ",
            "fix: run rtrace outside the other tracer",
        ],
    );
}

#[test]
fn kernel_thread_zombie_own_pid_and_missing_pid() {
    let err = refused(&[], &["-p", "2"]);
    assert_lines(
        &err,
        &[
            "rtrace: why: process 2 (kthreadd) is a kernel thread",
            "seen: /proc/2/status Kthread: 1",
        ],
    );
    let err = refused(&[], &["-p", "999999"]);
    assert_lines(
        &err,
        &[
            "rtrace: why: there is no process 999999",
            "seen: kill(999999, 0): -1 ESRCH",
        ],
    );
    // A zombie: the shell's background child exits and the shell (now sleep) never reaps it.
    let mut parent = Command::new("sh")
        .arg("-c")
        .arg("sleep 0.05 & exec sleep 300")
        .spawn()
        .unwrap();
    let ppid = parent.id();
    let mut zombie = None;
    for _ in 0..500 {
        std::thread::sleep(Duration::from_millis(10));
        if let Ok(children) = std::fs::read_to_string(format!("/proc/{ppid}/task/{ppid}/children"))
        {
            if let Some(c) = children.split_whitespace().next() {
                let st = std::fs::read_to_string(format!("/proc/{c}/status")).unwrap_or_default();
                if st.contains("State:\tZ") {
                    zombie = Some(c.to_string());
                    break;
                }
            }
        }
    }
    let z = zombie.expect("a zombie child");
    let err = refused(&[], &["-p", &z]);
    let _ = parent.kill();
    let _ = parent.wait();
    assert_lines(
        &err,
        &[
            &format!("rtrace: why: process {z} has exited (a zombie); its parent (pid {ppid}) has not collected it yet"),
            "seen: /proc/",
            "State: Z (zombie)",
        ],
    );
}

#[test]
fn a_seccomp_filter_on_rtrace_for_attach_and_spawn() {
    let helper = example("seccomp_exec");
    let h = helper.to_str().unwrap();
    let t = Target::sleep();
    let pid = t.pid();
    // Docker's errno (EPERM) for -p.
    let err = refused(&[h, "1"], &["-p", &pid]);
    assert_lines(
        &err,
        &[
            &format!("rtrace: attach: ptrace(PTRACE_SEIZE, {pid}): Operation not permitted\nrtrace: why: a seccomp filter on rtrace makes ptrace fail (errno EPERM)"),
            "seen: /proc/self/status Seccomp: 2 (filter mode), Seccomp_filters: 1",
            "seen: probe ptrace(PTRACE_CONT, 0) in a child: answered EPERM",
        ],
    );
    // Podman's errno (ENOSYS) for -p and for a spawn.
    let err = refused(&[h, "38"], &["-p", &pid]);
    assert_lines(&err, &["Function not implemented\nrtrace: why: a seccomp filter on rtrace makes ptrace fail (errno ENOSYS)"]);
    let err = refused(&[h, "1"], &["--", "/bin/true"]);
    assert_lines(
        &err,
        &[
            "rtrace: spawn: ptrace(PTRACE_SEIZE, ",
            "rtrace: why: a seccomp filter on rtrace makes ptrace fail (errno EPERM)",
        ],
    );
    let err = refused(&[h, "38"], &["--", "/bin/true"]);
    assert_lines(&err, &["Function not implemented\nrtrace: why: a seccomp filter on rtrace makes ptrace fail (errno ENOSYS)"]);
    // A filter that kills: rtrace explains instead of dying.
    let err = refused(&[h, "kill"], &["-p", &pid]);
    assert_lines(
        &err,
        &["a seccomp filter on rtrace kills processes that call ptrace (SIGSYS)"],
    );
}

#[test]
fn a_user_namespace_and_a_pid_namespace() {
    if !have("unshare", "namespaces") {
        return;
    }
    let t = Target::sleep();
    let pid = t.pid();
    let err = refused(&["unshare", "-Ur"], &["-p", &pid]);
    assert_lines(
        &err,
        &[
            &format!("rtrace: why: rtrace runs in a user namespace and process {pid} does not"),
            "seen: /proc/self/uid_map: 0 0 1",
        ],
    );
    let err = refused(&["unshare", "-pf", "--mount-proc"], &["-p", &pid]);
    assert_lines(
        &err,
        &[
            &format!("rtrace: attach: ptrace(PTRACE_SEIZE, {pid}): No such process\nrtrace: why: there is no process {pid} in rtrace's pid namespace (a child pid namespace)"),
            "seen: /proc/self/ns/pid: pid:[",
        ],
    );
}

#[test]
fn a_non_dumpable_target_of_the_same_user() {
    if !have("setpriv", "nodump") {
        return;
    }
    let helper = example("nodump");
    let mut target = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&helper)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = String::new();
    use std::io::BufRead;
    std::io::BufReader::new(target.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    let pid = target.id().to_string();
    let err = refused(NOBODY, &["-p", &pid]);
    let _ = target.kill();
    let _ = target.wait();
    assert_lines(
        &err,
        &[
            &format!("rtrace: why: process {pid} is not dumpable"),
            &format!("seen: /proc/{pid}/status owner: uid 0"),
            &format!("seen: /proc/{pid}/status Uid: 65534 65534 65534 65534"),
        ],
    );
}

#[test]
fn proc_mounted_with_hidepid() {
    if !have("unshare", "hidepid") || !have("setpriv", "hidepid") {
        return;
    }
    let t = Target::sleep();
    let pid = t.pid();
    // A fresh proc instance in a private mount namespace: the host's /proc is not touched.
    let script = format!(
        "mount -t proc -o hidepid=2 proc /proc && exec setpriv --reuid=65534 --regid=65534 --clear-groups {} -p {pid}",
        rtrace().display()
    );
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_lines(
        &stderr(&out),
        &[
            &format!("rtrace: why: process {pid} exists but belongs to another user: /proc is mounted with hidepid="),
            &format!("seen: kill({pid}, 0): -1 EPERM (the process exists)"),
        ],
    );
}

#[test]
fn doctor_says_yes_here_and_no_for_a_kernel_thread() {
    let out = run_rtrace(&["--doctor"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("spawning a command: would work")
            && text.contains("verdict: tracing would work"),
        "{text}"
    );
    let out = run_rtrace(&["--doctor", "-p", "2"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("attaching to 2 (kthreadd): would be refused"),
        "{text}"
    );
    assert!(text.contains("kernel thread"), "{text}");
    let out = run_rtrace(&["--doctor", "--json", "-p", "2"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["v"], 1);
    assert_eq!(v["ok"], false);
    assert_eq!(v["spawn"]["would_work"], true);
    assert_eq!(v["targets"][0]["pid"], 2);
    assert_eq!(v["targets"][0]["causes"][0]["cause"], "KernelThread");
}

#[test]
fn doctor_under_a_seccomp_filter() {
    let helper = example("seccomp_exec");
    let out = Command::new(helper)
        .args(["38"])
        .arg(rtrace())
        .arg("--doctor")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("spawning a command: would be refused"),
        "{text}"
    );
    assert!(
        text.contains("a seccomp filter on rtrace makes ptrace fail (errno ENOSYS)"),
        "{text}"
    );
}
