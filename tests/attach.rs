//! `rtrace -p`: attaching to running processes and leaving them exactly as they were.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running counter helper whose stdout we read.
struct Counter {
    child: Child,
    lines: BufReader<std::process::ChildStdout>,
}

impl Counter {
    fn start(threads: usize) -> Counter {
        let mut child = Command::new(example("counter"))
            .arg(threads.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap());
        let mut c = Counter { child, lines };
        c.next_count(); // it is running
        c
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// The next `tid N` line's count.
    fn next_count(&mut self) -> u64 {
        let mut l = String::new();
        self.lines.read_line(&mut l).unwrap();
        l.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Reads counts for a while and returns the largest; proves the helper still counts.
    fn counts_after(&mut self, n: usize) -> u64 {
        (0..n).map(|_| self.next_count()).max().unwrap()
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_field(pid: i32, field: &str) -> String {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix(field))
        .unwrap()
        .trim()
        .to_string()
}

/// Whether the process is (or within a moment settles) in the stopped state `T`: after a detach
/// the kernel wakes the thread so that it re-enters its group-stop.
fn becomes_stopped(pid: i32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if status_field(pid, "State:").starts_with('T') {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn spawn_rtrace(args: &[&str], file: &std::path::Path) -> Child {
    Command::new(rtrace())
        .arg("-o")
        .arg(file)
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: sends a signal to a process this test started.
    unsafe { libc::kill(child.id() as i32, sig) };
}

fn stderr_of(child: Child) -> (std::process::ExitStatus, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sigint_detaches_and_the_helper_keeps_counting() {
    let mut counter = Counter::start(1);
    let pid = counter.pid();
    let dir = scratch("attach_sigint");
    let file = dir.join("t");
    let rt = spawn_rtrace(&["-p", &pid.to_string()], &file);
    assert!(
        wait_for_trace(&file, |t| t.matches("write(1, ").count() >= 3),
        "no writes traced"
    );
    assert_eq!(status_field(pid, "TracerPid:"), rt.id().to_string());
    std::thread::sleep(Duration::from_millis(300));
    signal(&rt, libc::SIGINT);
    let (status, err) = stderr_of(rt);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(libc::SIGINT),
        "rtrace dies by the signal, as strace does"
    );
    assert_eq!(status_field(pid, "TracerPid:"), "0");
    assert!(
        err.contains(&format!("rtrace: Process {pid} attached")),
        "{err}"
    );
    assert!(
        err.contains(&format!("rtrace: Process {pid} detached")),
        "{err}"
    );
    let before = counter.counts_after(1);
    let after = counter.counts_after(5);
    assert!(after >= before + 4, "still counting: {before} then {after}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("clock_nanosleep(") || text.contains("nanosleep("),
        "{text}"
    );
}

#[test]
fn stop_and_continue_under_trace_and_a_stopped_process_stays_stopped() {
    let mut counter = Counter::start(1);
    let pid = counter.pid();
    let dir = scratch("attach_stop");
    let file = dir.join("t");
    let rt = spawn_rtrace(&["-p", &pid.to_string()], &file);
    assert!(wait_for_trace(&file, |t| t.contains("write(1, ")));
    // SIGSTOP while traced: the helper stops (as any ptrace tracer shows it, "t").
    // SAFETY: signals the helper this test started.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    assert!(wait_for_trace(&file, |t| t.contains("--- stopped by SIGSTOP ---")));
    let stopped = status_field(pid, "State:");
    assert!(
        stopped.starts_with('t') || stopped.starts_with('T'),
        "{stopped}"
    );
    std::thread::sleep(Duration::from_millis(100));
    let text = std::fs::read_to_string(&file).unwrap();
    let writes_while_stopped = text.matches("write(1, ").count();
    std::thread::sleep(Duration::from_millis(200));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.matches("write(1, ").count(),
        writes_while_stopped,
        "it ran while stopped"
    );
    // SIGCONT: it resumes and counts again.
    // SAFETY: as above.
    unsafe { libc::kill(pid, libc::SIGCONT) };
    assert!(wait_for_trace(&file, |t| t.contains("--- SIGCONT {si_signo=SIGCONT")));
    let c1 = counter.counts_after(1);
    assert!(counter.counts_after(3) > c1);
    assert!(wait_for_trace(&file, |t| t.matches("write(1, ").count()
        > writes_while_stopped));
    // Stop it again, then detach: it must stay stopped, untraced.
    // SAFETY: as above.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    assert!(wait_for_trace(&file, |t| t
        .matches("--- stopped by SIGSTOP ---")
        .count()
        == 2));
    signal(&rt, libc::SIGTERM);
    let (_, err) = stderr_of(rt);
    assert!(err.contains("detached"), "{err}");
    assert_eq!(status_field(pid, "TracerPid:"), "0");
    assert!(
        becomes_stopped(pid),
        "stays stopped after detach: {}",
        status_field(pid, "State:")
    );
    // SAFETY: as above.
    unsafe { libc::kill(pid, libc::SIGCONT) };
    let deadline = Instant::now() + Duration::from_secs(10);
    while status_field(pid, "State:").starts_with('T') && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // Running or sleeping between writes, as it does untraced.
    let resumed = status_field(pid, "State:");
    assert!(
        resumed.starts_with('S') || resumed.starts_with('R'),
        "{resumed}"
    );
}

#[test]
fn a_process_stopped_before_the_attach_is_still_stopped_after() {
    let counter = Counter::start(1);
    let pid = counter.pid();
    // SAFETY: signals the helper this test started.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !status_field(pid, "State:").starts_with('T') && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let dir = scratch("attach_stopped");
    let file = dir.join("t");
    let rt = spawn_rtrace(&["-p", &pid.to_string()], &file);
    assert!(wait_for_trace(&file, |t| t.contains("--- stopped by SIGSTOP ---")));
    signal(&rt, libc::SIGINT);
    let _ = stderr_of(rt);
    assert_eq!(status_field(pid, "TracerPid:"), "0");
    assert!(becomes_stopped(pid), "{}", status_field(pid, "State:"));
    // SAFETY: as above.
    unsafe { libc::kill(pid, libc::SIGCONT) };
}

#[test]
fn two_processes_at_once() {
    let a = Counter::start(1);
    let b = Counter::start(1);
    let dir = scratch("attach_two");
    let file = dir.join("t");
    let list = format!("{},{}", a.pid(), b.pid());
    let rt = spawn_rtrace(&["-p", &list], &file);
    let (pa, pb) = (a.pid(), b.pid());
    let both = |t: &str| {
        t.lines()
            .any(|l| l.starts_with(&format!("{pa} ")) && l.contains("write(1, "))
            && t.lines()
                .any(|l| l.starts_with(&format!("{pb} ")) && l.contains("write(1, "))
    };
    assert!(
        wait_for_trace(&file, both),
        "{}",
        std::fs::read_to_string(&file).unwrap()
    );
    signal(&rt, libc::SIGINT);
    let (_, err) = stderr_of(rt);
    for p in [pa, pb] {
        assert!(err.contains(&format!("Process {p} attached")), "{err}");
        assert!(err.contains(&format!("Process {p} detached")), "{err}");
        assert_eq!(status_field(p, "TracerPid:"), "0");
    }
}

#[test]
fn follow_attaches_to_every_thread() {
    let counter = Counter::start(4);
    let pid = counter.pid();
    let deadline = Instant::now() + Duration::from_secs(10);
    while status_field(pid, "Threads:") != "4" && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let dir = scratch("attach_threads");
    let file = dir.join("t");
    let rt = spawn_rtrace(&["-f", "-p", &pid.to_string()], &file);
    let tids: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(tids.len(), 4);
    let all = |t: &str| {
        tids.iter().all(|tid| {
            t.lines()
                .any(|l| l.starts_with(&format!("{tid} ")) && l.contains("write(1, "))
        })
    };
    assert!(
        wait_for_trace(&file, all),
        "{}",
        std::fs::read_to_string(&file).unwrap()
    );
    signal(&rt, libc::SIGINT);
    let (_, err) = stderr_of(rt);
    assert!(
        err.contains(&format!("rtrace: Process {pid} attached with 4 threads")),
        "{err}"
    );
    for tid in &tids {
        let tid: i32 = tid.parse().unwrap();
        let s = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/status")).unwrap();
        assert!(s.contains("TracerPid:\t0"), "thread {tid} still traced");
    }
}

#[test]
fn without_follow_only_the_given_thread_is_traced() {
    let counter = Counter::start(4);
    let pid = counter.pid();
    let dir = scratch("attach_one_thread");
    let file = dir.join("t");
    let rt = spawn_rtrace(&["-p", &pid.to_string()], &file);
    assert!(wait_for_trace(&file, |t| t.matches("write(1, ").count() >= 5));
    signal(&rt, libc::SIGINT);
    let (_, err) = stderr_of(rt);
    assert!(
        err.contains(&format!("rtrace: Process {pid} attached\n")),
        "{err}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    for l in text.lines().filter(|l| l.starts_with("write(1, ")) {
        assert!(
            l.contains(&format!("\"{pid} ")),
            "another thread's write: {l}"
        );
    }
}

#[test]
fn refusals_are_clear_and_leave_nothing_attached() {
    let cases: [(&str, &str); 2] = [
        (
            "999999",
            "rtrace: attach: ptrace(PTRACE_SEIZE, 999999): No such process",
        ),
        (
            "2",
            "rtrace: attach: ptrace(PTRACE_SEIZE, 2): Operation not permitted",
        ),
    ];
    for (pid, msg) in cases {
        let out = run_rtrace(&["-p", pid]);
        assert_eq!(out.status.code(), Some(1), "-p {pid}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().next(), Some(msg), "{err}");
    }
    // A refusal after a successful attach detaches what was attached.
    let counter = Counter::start(1);
    let pid = counter.pid();
    let out = run_rtrace(&["-p", &pid.to_string(), "-p", "999999"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(status_field(pid, "TracerPid:"), "0");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("Process {pid} detached")), "{err}");
}

#[test]
fn rtrace_refuses_its_own_pid() {
    // rtrace's pid is only known once it runs: let a shell exec rtrace with its own pid.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec {} -p $$", rtrace().display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("rtrace: -p ") && err.contains("rtrace itself"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn attaching_to_a_sleeper_shows_the_restarted_call_first() {
    let mut sleeper = Command::new("sleep").arg("30").spawn().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let dir = scratch("attach_sleeper");
    let file = dir.join("t");
    let rt = spawn_rtrace(&["-p", &sleeper.id().to_string()], &file);
    assert!(wait_for_trace(&file, |t| !t.is_empty()));
    signal(&rt, libc::SIGINT);
    let (_, err) = stderr_of(rt);
    let text = std::fs::read_to_string(&file).unwrap();
    // strace 6.1 names syscall 0 here (it cannot know the interrupted call); so does rtrace.
    assert_eq!(
        text, "restart_syscall(<... resuming interrupted read ...> <detached ...>\n",
        "{err}"
    );
    let _ = sleeper.kill();
    let _ = sleeper.wait();
}
