//! rtrace inside real Podman containers (issue #11): the normal case, a missing CAP_SYS_PTRACE
//! with `--pid=host`, seccomp profiles without ptrace (Podman's ENOSYS and Docker's EPERM), and
//! `--doctor`. Where tracing is refused, the test takes every `fix (Podman): podman run ...` line
//! rtrace printed, adds exactly its flags to the podman command line, runs again and checks that
//! rtrace now traces and detaches cleanly: a fix that does not work fails the test.
//!
//! Containers run from an empty root directory (`--rootfs`) with the host's /usr, /lib, /lib64,
//! /bin and /sbin mounted read-only, the rtrace under test at /rt/rtrace and a scratch directory
//! at /out, where the scripts leave rtrace's output and exit status. The runtime flags work
//! around two quirks of these machines (reference/container-testing.md): crun fails on hybrid
//! cgroups (so runc with the cgroupfs manager), and default rlimits cannot be raised (so
//! explicit `--ulimit`s). Without root, podman or runc, or when a trial container cannot start,
//! every test prints a `SKIPPED` line with the reason and passes.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Before every `run`: runc with the cgroupfs manager (crun fails on hybrid cgroups).
const GLOBAL: &[&str] = &["--cgroup-manager=cgroupfs", "--runtime", "runc"];
/// Podman's default rlimits cannot be raised on these machines.
const ULIMITS: &[&str] = &[
    "--ulimit",
    "nofile=1024:1024",
    "--ulimit",
    "nproc=1000:1000",
];
/// The host's programs, mounted read-only into the empty root.
const HOST_DIRS: &[&str] = &["/usr", "/lib", "/lib64", "/bin", "/sbin"];
/// Podman's default seccomp profile (containers-common): it allows ptrace, errno ENOSYS.
const DEFAULT_PROFILE: &str = "/usr/share/containers/seccomp.json";
/// The placeholder rtrace prints in the "a profile that allows ptrace" fix.
const PROFILE_PLACEHOLDER: &str = "/path/to/profile.json";
/// A container that runs longer than this is stuck: it is removed and the test fails.
const DEADLINE: Duration = Duration::from_secs(90);

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// Whether podman can run containers here: checked once, by starting a trial container.
fn podman_ready() -> &'static Result<(), String> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY.get_or_init(|| {
        if !is_root() {
            return Err("needs root (the scenarios run rootful Podman)".into());
        }
        for (tool, package) in [("podman", "podman"), ("runc", "runc")] {
            if in_path(tool).is_none() {
                return Err(format!(
                    "{tool} is not installed (apt-get install {package})"
                ));
            }
        }
        let trial = Scratch::new("trial");
        let r = trial.run("trial", &[], "echo ok >/out/trial");
        match trial.read("trial").as_str() {
            "ok\n" => Ok(()),
            _ => Err(format!(
                "podman cannot start a container here (exit {:?}): {}",
                r.status,
                r.stderr.trim()
            )),
        }
    })
}

/// True when the scenario can run; otherwise prints a loud SKIPPED line with the reason.
fn podman(test: &str) -> bool {
    match podman_ready() {
        Ok(()) => true,
        Err(why) => {
            skipped(test, why);
            false
        }
    }
}

/// Written to the real stderr, past the test harness's capture, so that it shows in every run.
fn skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED podman {test}: {why}");
}

/// The head and tail of a long trace, for the log.
fn excerpt(err: &str) -> String {
    let lines: Vec<&str> = err.lines().collect();
    if lines.len() <= 8 {
        return err.to_string();
    }
    let tail = &lines[lines.len() - 3..];
    format!("{}\n[...]\n{}\n", lines[..2].join("\n"), tail.join("\n"))
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One container's scratch space: its root directory and its /out directory, removed on drop.
struct Scratch {
    dir: PathBuf,
    name: String,
}

/// How a container run ended, from podman's side.
struct Ran {
    status: Option<i32>,
    stderr: String,
}

/// Distinguishes the containers of one test process.
static SEQ: AtomicUsize = AtomicUsize::new(0);

impl Scratch {
    fn new(what: &str) -> Scratch {
        let n = SEQ.fetch_add(1, Ordering::SeqCst);
        let name = format!("rtrace-test-{}-{what}-{n}", std::process::id());
        let dir = scratch(&format!("podman-{what}-{n}"));
        for d in [
            "usr", "lib", "lib64", "bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "run",
        ] {
            std::fs::create_dir_all(dir.join("root").join(d)).unwrap();
        }
        std::fs::create_dir_all(dir.join("root/rt")).unwrap();
        std::fs::create_dir_all(dir.join("out")).unwrap();
        Scratch { dir, name }
    }

    /// A file the script wrote to /out.
    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join("out").join(file)).unwrap_or_default()
    }

    /// The full podman command line: the fixed part, then `flags`, then `sh -c script`.
    fn command(&self, flags: &[String], script: &str) -> Vec<String> {
        let mut v: Vec<String> = GLOBAL.iter().map(|s| s.to_string()).collect();
        v.extend(["run", "--rm", "--name", &self.name, "--network", "none"].map(String::from));
        v.extend(ULIMITS.iter().map(|s| s.to_string()));
        for d in HOST_DIRS.iter().filter(|d| Path::new(d).exists()) {
            v.extend(["-v".to_string(), format!("{d}:{d}:ro")]);
        }
        v.extend([
            "-v".to_string(),
            format!("{}:/rt/rtrace:ro", rtrace().display()),
            "-v".to_string(),
            format!("{}:/out", self.dir.join("out").display()),
        ]);
        v.extend(flags.iter().cloned());
        v.extend([
            "--rootfs".to_string(),
            self.dir.join("root").display().to_string(),
        ]);
        v.extend(["sh", "-c", script].map(String::from));
        v
    }

    /// Runs `script` in a fresh container with the extra podman `flags`; waits for it.
    fn run(&self, what: &str, flags: &[String], script: &str) -> Ran {
        let args = self.command(flags, script);
        let log = self.dir.join(format!("{what}.podman.log"));
        let file = std::fs::File::create(&log).unwrap();
        let mut child = Command::new("podman")
            .args(&args)
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s.code();
            }
            if start.elapsed() > DEADLINE {
                self.remove();
                let _ = child.kill();
                let _ = child.wait();
                panic!("container {} ran longer than {DEADLINE:?}", self.name);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Ran {
            status,
            stderr: std::fs::read_to_string(&log).unwrap_or_default(),
        }
    }

    fn remove(&self) {
        let _ = Command::new("podman")
            .args(GLOBAL)
            .args(["rm", "-f", "--ignore", &self.name])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.remove();
        // Never delete through a mount that outlived its container (the host's /usr is in it).
        let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
        let here = self.dir.display().to_string();
        if !mounts.contains(&here) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A process on the host to attach to from a `--pid=host` container, killed when dropped.
struct HostSleep(std::process::Child);

impl Drop for HostSleep {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Shell: `rtrace -p $T` with its stderr in /out/attach.err; once it says it attached, it traces
/// a moment and gets SIGTERM (it must detach and die by that signal). Its exit status goes to
/// /out/attach.status, the target's TracerPid afterwards (and whether it lives) to /out/after.
const ATTACH: &str = r#"
( sh -c 'echo $$ >/out/attach.pid; exec /rt/rtrace -p '"$T"' 2>/out/attach.err'; echo $? >/out/attach.status ) &
S=$!
i=0; sent=
while [ $i -lt 400 ] && [ ! -e /out/attach.status ]; do
    if grep -q ' attached' /out/attach.err 2>/dev/null; then
        sleep 0.3; kill -TERM "$(cat /out/attach.pid)"; sent=1; break
    fi
    sleep 0.05; i=$((i+1))
done
[ -n "$sent" ] || [ -e /out/attach.status ] || kill -KILL "$(cat /out/attach.pid)"
wait $S
grep TracerPid /proc/$T/status >/out/after
kill -0 $T && echo alive >>/out/after
"#;

/// Shell: a command spawned under rtrace; trace in /out/spawn.err, exit status in /out/spawn.status.
const SPAWN: &str = r#"
/rt/rtrace /bin/echo traced >/out/spawn.out 2>/out/spawn.err; echo $? >/out/spawn.status
"#;

/// A sibling in the same container to attach to.
const SIBLING: &str = "sleep 60 & T=$!\n";

/// What rtrace printed in one container, and its exit status, as the script left them.
struct Outcome {
    err: String,
    status: String,
    after: String,
}

fn attach_outcome(s: &Scratch) -> Outcome {
    Outcome {
        err: s.read("attach.err"),
        status: s.read("attach.status").trim().to_string(),
        after: s.read("after"),
    }
}

fn spawn_outcome(s: &Scratch) -> Outcome {
    Outcome {
        err: s.read("spawn.err"),
        status: s.read("spawn.status").trim().to_string(),
        after: s.read("spawn.out"),
    }
}

/// Runs one container (fresh scratch space) and returns what rtrace did in it.
fn scenario(what: &str, flags: &[String], script: &str, spawn: bool) -> Outcome {
    let s = Scratch::new(what);
    let ran = s.run(what, flags, script);
    let o = if spawn {
        spawn_outcome(&s)
    } else {
        attach_outcome(&s)
    };
    assert!(
        !o.status.is_empty(),
        "{what}: the script did not finish (podman exit {:?}):\n{}\nrtrace printed:\n{}",
        ran.status,
        ran.stderr,
        o.err
    );
    o
}

fn assert_has(what: &str, text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{what}: missing {w:?} in:\n{text}");
    }
}

/// rtrace attached to `pid`, traced, and on SIGTERM detached and died by it; the target lives on
/// untraced.
fn assert_traced_and_detached(what: &str, o: &Outcome, pid: &str) {
    assert_eq!(o.status, "143", "{what}: rtrace's exit status:\n{}", o.err);
    assert_has(
        what,
        &o.err,
        &[
            &format!("rtrace: Process {pid} attached\n"),
            &format!("rtrace: Process {pid} detached\n"),
        ],
    );
    assert_eq!(
        o.after, "TracerPid:\t0\nalive\n",
        "{what}: the target after rtrace detached"
    );
}

/// rtrace spawned `/bin/echo traced`, traced it to its end, and exited with its status.
fn assert_spawn_traced(what: &str, o: &Outcome) {
    assert_eq!(o.status, "0", "{what}: rtrace's exit status:\n{}", o.err);
    assert_eq!(o.after, "traced\n", "{what}: the command's output");
    assert_has(
        what,
        &o.err,
        &[
            "execve(\"/bin/echo\", [\"/bin/echo\", \"traced\"], ",
            "write(1, \"traced\\n\", 7)",
            "+++ exited with 0 +++",
        ],
    );
}

/// The normal case: the only `rtrace:` lines are attach and detach messages.
fn assert_no_warnings(what: &str, err: &str) {
    for line in err.lines() {
        let fine = !line.starts_with("rtrace:")
            || (line.starts_with("rtrace: Process ")
                && (line.ends_with(" attached") || line.ends_with(" detached")));
        assert!(fine, "{what}: unexpected line {line:?} in:\n{err}");
        for word in ["why:", "seen:", "fix:", "fix ("] {
            assert!(!line.trim_start().starts_with(word), "{what}: {line:?}");
        }
    }
}

/// A Podman fix rtrace printed, as podman arguments: the flags between `podman run` and `...`
/// (or `IMAGE`), and the command after `IMAGE` if the fix starts a new container.
#[derive(Debug)]
struct PodmanFix {
    line: String,
    flags: Vec<String>,
    command: Vec<String>,
}

/// Every `fix (Podman): ... podman run ...` line in rtrace's output, parsed.
fn podman_fixes(err: &str) -> Vec<PodmanFix> {
    err.lines()
        .filter(|l| l.trim_start().starts_with("fix (Podman): "))
        .filter_map(|l| {
            let (_, rest) = l.split_once("podman run ")?;
            let words: Vec<&str> = rest.split_whitespace().collect();
            let end = words.iter().position(|w| *w == "..." || *w == "IMAGE");
            let end = end.unwrap_or_else(|| panic!("a fix without `...` or IMAGE: {l}"));
            let flags = words[..end].iter().map(|w| w.to_string()).collect();
            let command = match words[end] {
                "IMAGE" => words[end + 1..].iter().map(|w| w.to_string()).collect(),
                _ => vec![],
            };
            Some(PodmanFix {
                line: l.trim().to_string(),
                flags,
                command,
            })
        })
        .collect()
}

/// The fix's flags, with the placeholder of "a profile that allows ptrace" replaced by one that
/// does (Podman's default profile).
fn applied(fix: &PodmanFix) -> Vec<String> {
    fix.flags
        .iter()
        .map(|f| f.replace(PROFILE_PLACEHOLDER, DEFAULT_PROFILE))
        .collect()
}

/// The flags of the original run, then the fix's: podman keeps the last `--security-opt
/// seccomp=`, as a user who adds the fix to their command line gets.
fn with_fix(original: &[String], fix: &PodmanFix) -> Vec<String> {
    original.iter().cloned().chain(applied(fix)).collect()
}

/// The Podman fixes of a refusal; there must be at least one `podman run` fix to apply.
fn fixes_to_apply(what: &str, err: &str) -> Vec<PodmanFix> {
    let fixes = podman_fixes(err);
    assert!(
        !fixes.is_empty(),
        "{what}: no `fix (Podman): podman run` line in:\n{err}"
    );
    for f in &fixes {
        assert!(
            !f.flags.is_empty(),
            "{what}: a fix without flags: {}",
            f.line
        );
    }
    fixes
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Writes the two profiles of scenario 3 into `dir`: Podman's default without ptrace (errno
/// ENOSYS), and a Docker-style one that answers ptrace with EPERM. None without the default.
fn seccomp_profiles(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let text = std::fs::read_to_string(DEFAULT_PROFILE).ok()?;
    let mut profile: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut removed = 0;
    for rule in profile["syscalls"].as_array_mut().unwrap() {
        if let Some(names) = rule["names"].as_array_mut() {
            let before = names.len();
            names.retain(|n| n != "ptrace");
            removed += before - names.len();
        }
    }
    assert!(removed > 0, "{DEFAULT_PROFILE} does not allow ptrace");
    assert_eq!(profile["defaultErrnoRet"], 38, "Podman's errno is ENOSYS");
    let no_ptrace = dir.join("no-ptrace.json");
    std::fs::write(&no_ptrace, profile.to_string()).unwrap();
    let docker = dir.join("docker-style.json");
    let eperm = serde_json::json!({
        "defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]
    });
    std::fs::write(&docker, eperm.to_string()).unwrap();
    Some((no_ptrace, docker))
}

#[test]
fn scenario_1_a_default_container_traces_a_sibling_and_a_spawned_program() {
    if !podman("scenario 1") {
        return;
    }
    let s = Scratch::new("default");
    let script = format!("{SIBLING}echo $T >/out/target\n{ATTACH}{SPAWN}");
    let ran = s.run("default", &[], &script);
    let pid = s.read("target").trim().to_string();
    let attach = attach_outcome(&s);
    let spawn = spawn_outcome(&s);
    assert!(!spawn.status.is_empty(), "{}", ran.stderr);
    assert_traced_and_detached("sibling", &attach, &pid);
    assert_spawn_traced("spawn", &spawn);
    assert_no_warnings("sibling", &attach.err);
    assert_no_warnings("spawn", &spawn.err);
}

#[test]
fn scenario_2_pid_host_without_cap_sys_ptrace_and_the_fixes_applied() {
    if !podman("scenario 2") {
        return;
    }
    let host = HostSleep(Command::new("sleep").arg("300").spawn().unwrap());
    let pid = host.0.id().to_string();
    let script = format!("T={pid}\n{ATTACH}");
    let base = strings(&["--pid=host"]);
    let refused = scenario("pid-host", &base, &script, false);
    eprintln!("scenario 2, refused; rtrace printed:\n{}", refused.err);
    assert_eq!(refused.status, "1", "{}", refused.err);
    assert_has(
        "pid-host",
        &refused.err,
        &[
            &format!("rtrace: attach: ptrace(PTRACE_SEIZE, {pid}): Operation not permitted\n"),
            &format!("rtrace: why: process {pid} has capabilities rtrace lacks (CAP_SYS_PTRACE, "),
            "and rtrace has no CAP_SYS_PTRACE\n",
            &format!("  seen: /proc/{pid}/status CapPrm: "),
            "  seen: /proc/self/status CapEff: ",
            "(lacks CAP_SYS_PTRACE, bit 19)\n",
            "  seen: container: Podman (/run/.containerenv exists",
            "  fix (Podman): start the container with CAP_SYS_PTRACE: podman run --cap-add SYS_PTRACE ...\n",
            &format!("  fix (Podman): or a debugging sidecar: podman run --rm -it --pid=host --cap-add SYS_PTRACE IMAGE rtrace -p {pid}\n"),
        ],
    );
    for (n, fix) in fixes_to_apply("pid-host", &refused.err).iter().enumerate() {
        // A sidecar is a new container: its flags alone, and the command it names.
        let flags = if fix.command.is_empty() {
            with_fix(&base, fix)
        } else {
            assert_eq!(fix.command, ["rtrace", "-p", pid.as_str()], "{}", fix.line);
            applied(fix)
        };
        let o = scenario(&format!("pid-host-fix{n}"), &flags, &script, false);
        eprintln!("scenario 2, with {flags:?}; rtrace printed:\n{}", o.err);
        assert_traced_and_detached(&format!("with {flags:?} ({})", fix.line), &o, &pid);
        assert_no_warnings("fixed", &o.err);
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    assert!(status.contains("TracerPid:\t0\n"), "{status}");
}

#[test]
fn scenario_3_seccomp_profiles_without_ptrace_and_the_fixes_applied() {
    if !podman("scenario 3") {
        return;
    }
    let dir = TempDir(scratch("podman-profiles"));
    let Some((no_ptrace, docker)) = seccomp_profiles(&dir.0) else {
        let why = format!("{DEFAULT_PROFILE} is missing (it comes with podman)");
        skipped("scenario 3", &why);
        return;
    };
    let cases = [
        // Podman's errno (ENOSYS), attaching to a sibling.
        (
            "seccomp-enosys-attach",
            no_ptrace,
            false,
            "Function not implemented\nrtrace: why: a seccomp filter on rtrace makes ptrace fail (errno ENOSYS)\n",
            "answered ENOSYS",
        ),
        // Docker's errno (EPERM), spawning a program.
        (
            "seccomp-eperm-spawn",
            docker,
            true,
            "Operation not permitted\nrtrace: why: a seccomp filter on rtrace makes ptrace fail (errno EPERM)\n",
            "answered EPERM",
        ),
    ];
    for (what, profile, spawn, why, probe) in cases {
        let script = if spawn {
            SPAWN.to_string()
        } else {
            format!("{SIBLING}echo $T >/out/target\n{ATTACH}")
        };
        let base = vec![
            "--security-opt".to_string(),
            format!("seccomp={}", profile.display()),
        ];
        let refused = scenario(what, &base, &script, spawn);
        eprintln!("scenario 3, {what}; rtrace printed:\n{}", refused.err);
        assert_eq!(refused.status, "1", "{what}:\n{}", refused.err);
        let head = if spawn {
            "rtrace: spawn: ptrace(PTRACE_SEIZE, "
        } else {
            "rtrace: attach: ptrace(PTRACE_SEIZE, "
        };
        assert_has(
            what,
            &refused.err,
            &[
                head,
                why,
                "  seen: /proc/self/status Seccomp: 2 (filter mode), Seccomp_filters: 1\n",
                &format!("  seen: probe ptrace(PTRACE_CONT, 0) in a child: {probe} (something intercepts ptrace)\n"),
                "  seen: container: Podman (/run/.containerenv exists",
                "  fix (Podman): run the container without the seccomp filter: podman run --security-opt seccomp=unconfined ...\n",
                "  fix (Podman): or use a seccomp profile that allows ptrace: podman run --security-opt seccomp=/path/to/profile.json ...\n",
            ],
        );
        for (n, fix) in fixes_to_apply(what, &refused.err).iter().enumerate() {
            let flags = with_fix(&base, fix);
            let o = scenario(&format!("{what}-fix{n}"), &flags, &script, spawn);
            eprintln!(
                "scenario 3, {what} with {flags:?}; rtrace printed:\n{}",
                excerpt(&o.err)
            );
            let label = format!("{what} with {flags:?} ({})", fix.line);
            if spawn {
                assert_spawn_traced(&label, &o);
            } else {
                let s = o
                    .err
                    .lines()
                    .find_map(|l| l.strip_prefix("rtrace: Process "));
                let pid = s
                    .and_then(|s| s.split(' ').next())
                    .unwrap_or("?")
                    .to_string();
                assert_traced_and_detached(&label, &o, &pid);
            }
            assert_no_warnings(&label, &o.err);
        }
    }
}

#[test]
fn scenario_4_doctor_in_a_default_container() {
    if !podman("scenario 4") {
        return;
    }
    let s = Scratch::new("doctor");
    let script = "sleep 60 & T=$!\n\
        /rt/rtrace --doctor >/out/doctor.txt; echo $? >/out/doctor.status\n\
        /rt/rtrace --doctor -p $T >/out/doctor-p.txt; echo $? >>/out/doctor.status\n\
        /rt/rtrace --doctor --json >/out/doctor.json; echo $? >>/out/doctor.status\n";
    let ran = s.run("doctor", &[], script);
    let text = s.read("doctor.txt");
    eprintln!("scenario 4; rtrace --doctor printed:\n{text}");
    assert_eq!(
        s.read("doctor.status"),
        "0\n0\n0\n",
        "{}\n{text}",
        ran.stderr
    );
    assert_has(
        "doctor",
        &text,
        &[
            "  environment   Podman (/run/.containerenv exists",
            "  seccomp       mode 2 with 1 filter(s) that allow ptrace, NoNewPrivs 0; ptrace probe answered ESRCH (ptrace reaches the kernel)\n",
            "(no CAP_SYS_PTRACE)",
            "(a child namespace, not the host's)\n",
            "  /proc/sys     read-only\n",
            "spawning a command: would work\n",
            "verdict: tracing would work\n",
        ],
    );
    let with_p = s.read("doctor-p.txt");
    assert!(with_p.contains(" (sleep): would work\n"), "{with_p}");
    let v: serde_json::Value = serde_json::from_str(&s.read("doctor.json")).unwrap();
    assert_eq!(v["runtime"], "Podman", "{v}");
    assert_eq!(v["cap_sys_ptrace"], false, "{v}");
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["environment"]["/proc/sys"], "read-only", "{v}");
}

#[test]
fn fix_lines_are_parsed_into_podman_flags() {
    let err = "  fix (Podman): start the container with CAP_SYS_PTRACE: podman run --cap-add SYS_PTRACE ...\n\
        \x20 fix (Podman): or a debugging sidecar: podman run --rm -it --pid=host --cap-add SYS_PTRACE IMAGE rtrace -p 42\n\
        \x20 fix (Docker): docker run --cap-add SYS_PTRACE ...\n";
    let f = podman_fixes(err);
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].flags, ["--cap-add", "SYS_PTRACE"]);
    assert!(f[0].command.is_empty());
    assert_eq!(
        f[1].flags,
        ["--rm", "-it", "--pid=host", "--cap-add", "SYS_PTRACE"]
    );
    assert_eq!(f[1].command, ["rtrace", "-p", "42"]);
    let p = podman_fixes("  fix (Podman): or use a seccomp profile that allows ptrace: podman run --security-opt seccomp=/path/to/profile.json ...\n");
    assert_eq!(
        applied(&p[0]),
        ["--security-opt", &format!("seccomp={DEFAULT_PROFILE}")]
    );
}
