//! Issue 10: rtrace survives what the user, the tracee and the kernel throw at it. Bad command
//! lines, output that fails or goes away, hostile tracee memory, signals of every kind, many
//! threads and processes, and rtrace itself killed: each a case here. (tests/trace.rs and
//! tests/attach.rs cover the basics: exit status, -f, -ff, signal storms, detaching, job
//! control; tests/fuzz.rs fuzzes the parsers and decoders.)

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

fn text_of(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Hexadecimal numbers (addresses) as `ADDR`, except the small ones a test names (`0x1`).
fn hide_addresses(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let digits = rest[i + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        let hex = &rest[i..i + 2 + digits];
        out.push_str(if digits > 4 { "ADDR" } else { hex });
        rest = &rest[i + 2 + digits..];
    }
    out.push_str(rest);
    out
}

/// A trace line without the padding before its result.
fn unpadded(line: &str) -> String {
    match line.rfind(") ") {
        Some(i) => format!("{} {}", &line[..=i], line[i + 1..].trim_start()),
        None => line.to_string(),
    }
}

/// A field of /proc/PID/status, if the process exists.
fn status_field(pid: i32, field: &str) -> Option<String> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(field))
        .map(|v| v.trim().to_string())
}

/// Polls until `cond` holds (true) or 20 s pass (false): a deadline for hangs, no timing claim.
fn eventually(cond: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// Whether the process is gone (or a zombie: dead, not yet reaped by its new parent).
fn is_dead(pid: i32) -> bool {
    status_field(pid, "State:").map_or(true, |s| s.starts_with('Z') || s.starts_with('X'))
}

/// Waits for a child, killing it after 30 s so that a hang fails the test instead of blocking it.
fn wait_bounded(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("process {} did not end", child.id());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn send(pid: i32, sig: i32) {
    // SAFETY: sends a signal to a process this test started.
    unsafe { libc::kill(pid, sig) };
}

/// The `counter` helper's output: `TID N` lines, one every 20 ms.
struct Counts(BufReader<ChildStdout>);

impl Counts {
    fn new(out: ChildStdout) -> Counts {
        Counts(BufReader::new(out))
    }

    /// The next line's (tid, count); None at end of file.
    fn next(&mut self) -> Option<(i32, u64)> {
        let mut l = String::new();
        if self.0.read_line(&mut l).ok()? == 0 {
            return None;
        }
        let mut w = l.split_whitespace();
        Some((w.next()?.parse().ok()?, w.next()?.parse().ok()?))
    }

    /// Proves the counter still runs: one of its threads counts five more.
    fn still_counting(&mut self) {
        let mut first = std::collections::HashMap::new();
        for _ in 0..200 {
            let (tid, n) = self.next().expect("the counter stopped");
            let start = *first.entry(tid).or_insert(n);
            if n >= start + 5 {
                return;
            }
        }
        panic!("the counter does not count: {first:?}");
    }
}

/// Starts `rtrace -o FILE ARGS...` with its stderr (rtrace's own messages) as given.
fn rtrace_with_output(args: &[&str], file: &Path, stderr: Stdio) -> Child {
    Command::new(rtrace())
        .arg("-o")
        .arg(file)
        .args(args)
        .stdin(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// Checks that a process runs untraced: no tracer, not stopped.
fn runs_untraced(pid: i32) {
    assert!(
        eventually(|| status_field(pid, "TracerPid:").as_deref() == Some("0")),
        "{pid} is still traced"
    );
    let state = status_field(pid, "State:").unwrap_or_default();
    assert!(
        !state.starts_with('t') && !state.starts_with('T'),
        "{pid} is left stopped: {state}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad command lines

/// Each mistake gets one clear `rtrace:` line (and at most a short hint), exit status 1, no
/// panic, no usage dump. Where strace words the same mistake the same way, the test checks
/// strace's first line too (with `strace` for `rtrace`).
#[test]
fn bad_command_lines_get_one_clear_line() {
    let cases: &[(&[&str], &str, bool)] = &[
        (&["-p", "abc"], "Invalid process id: 'abc'", true),
        (&["-p", "0"], "Invalid process id: '0'", true),
        (&["-p", "-5"], "Invalid process id: '-5'", true),
        (&["-p", "1,x"], "Invalid process id: 'x'", true),
        (&["-p"], "option requires an argument -- 'p'", true),
        (
            &["-e", "trace=nosuch", "true"],
            "invalid system call 'nosuch'",
            true,
        ),
        (
            &["-e", "trace=%nosuch", "true"],
            "invalid system call '%nosuch'",
            true,
        ),
        (
            &["-e", "signal=SIGFOO", "true"],
            "invalid signal 'SIGFOO'",
            true,
        ),
        (
            &["-e", "status=maybe", "true"],
            "invalid status 'maybe'",
            true,
        ),
        // strace takes an unknown qualifier for a syscall name ("invalid system call
        // 'bogus=1'"); rtrace names the qualifier.
        (
            &["-e", "bogus=1", "true"],
            "invalid -e qualifier 'bogus' in 'bogus=1'",
            false,
        ),
        (&["-e"], "option requires an argument -- 'e'", true),
        (&["-s", "-1", "true"], "invalid -s argument: '-1'", true),
        (&["-s", "many", "true"], "invalid -s argument: 'many'", true),
        (&["-a", "-3", "true"], "invalid -a argument: '-3'", true),
        (
            &["-o", "/nonexistent-dir/x", "true"],
            "Can't fopen '/nonexistent-dir/x': No such file or directory",
            true,
        ),
        (
            &["-o", "/", "true"],
            "Can't fopen '/': Is a directory",
            true,
        ),
        (&[], "must have PROG [ARGS] or -p PID", true),
        (&["-f"], "must have PROG [ARGS] or -p PID", true),
        (&["--bogus", "true"], "unrecognized option '--bogus'", true),
        (&["-Q", "true"], "invalid option -- 'Q'", true),
        (
            &["no-such-command-xyz"],
            "Can't stat 'no-such-command-xyz': No such file or directory",
            true,
        ),
        (
            &["./no/such/path"],
            "Can't stat './no/such/path': No such file or directory",
            true,
        ),
    ];
    // A file even root may not write (sysfs keeps its modes), where /sys is mounted.
    let unwritable: &[(&[&str], &str, bool)] = &[(
        &["-o", "/sys/kernel/notes", "true"],
        "Can't fopen '/sys/kernel/notes': Permission denied",
        true,
    )];
    let unwritable = if Path::new("/sys/kernel/notes").exists() {
        unwritable
    } else {
        &[]
    };
    let strace = Path::new(STRACE).exists();
    for &(args, msg, like_strace) in cases.iter().chain(unwritable) {
        let out = run_rtrace(args);
        let err = text_of(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(
            err.lines().next(),
            Some(format!("rtrace: {msg}").as_str()),
            "{args:?}"
        );
        assert!(err.lines().count() <= 2, "{args:?}: {err}");
        if let Some(hint) = err.lines().nth(1) {
            assert_eq!(hint, "Try 'rtrace -h' for more information.", "{args:?}");
        }
        assert!(!err.contains("panicked") && out.stdout.is_empty(), "{err}");
        if strace && like_strace {
            use std::os::unix::process::CommandExt;
            let s = Command::new(STRACE)
                .arg0("strace")
                .args(args)
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let s_err = text_of(&s.stderr);
            assert_eq!(
                s_err
                    .lines()
                    .next()
                    .map(|l| l.replacen("strace: ", "rtrace: ", 1)),
                Some(format!("rtrace: {msg}")),
                "strace words {args:?} differently"
            );
        }
    }
}

/// `-f -p PID -p TID` where TID is a thread of PID: the thread is attached with its process,
/// which is no reason to refuse (strace complains that the seize failed, then traces on).
#[test]
fn a_thread_given_after_its_process_is_not_an_error() {
    let mut counter = Command::new(example("counter"))
        .arg("3")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = counter.id() as i32;
    let tasks = || {
        std::fs::read_dir(format!("/proc/{pid}/task"))
            .unwrap()
            .count()
    };
    assert!(eventually(|| tasks() == 3));
    let tid = std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_str()
                .unwrap()
                .parse::<i32>()
                .unwrap()
        })
        .find(|&t| t != pid)
        .unwrap();
    let file = scratch("thread-after-process").join("t");
    let rt = rtrace_with_output(
        &["-f", "-p", &pid.to_string(), "-p", &tid.to_string()],
        &file,
        Stdio::piped(),
    );
    assert!(
        wait_for_trace(&file, |t| t.matches("write(1, ").count() >= 6),
        "no writes traced"
    );
    send(rt.id() as i32, libc::SIGINT);
    let out = rt.wait_with_output().unwrap();
    let err = text_of(&out.stderr);
    assert_eq!(out.status.signal(), Some(libc::SIGINT), "{err}");
    assert!(
        err.starts_with(&format!("rtrace: Process {pid} attached with 3 threads\n")),
        "{err}"
    );
    assert!(!err.contains("attach: ") && !err.contains("why:"), "{err}");
    runs_untraced(pid);
    runs_untraced(tid);
    let _ = counter.kill();
    let _ = counter.wait();
}

// ---------------------------------------------------------------------------------------------
// Output failures

/// strace ignores a full disk (one complaint per line, exit status 0); rtrace says it once and
/// fails, and still passes on the command's own failure.
#[test]
fn a_full_output_file_is_reported_once_and_fails_the_run() {
    for (cmd, code) in [(&["true"][..], 1), (&["sh", "-c", "exit 3"][..], 3)] {
        let out = run_rtrace(&[&["-o", "/dev/full"][..], cmd].concat());
        let err = text_of(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{cmd:?}: {err}");
        assert_eq!(
            err, "rtrace: write error: No space left on device\n",
            "{cmd:?}"
        );
    }
}

/// `-ff` files that cannot be created: strace's message, with the thread's file name (strace
/// stops there; rtrace traces on and fails at the end).
#[test]
fn per_thread_files_that_cannot_be_created() {
    let out = run_rtrace(&["-ff", "-o", "/nonexistent-dir/x", "true"]);
    let err = text_of(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let rest = err
        .strip_prefix("rtrace: Can't fopen '/nonexistent-dir/x.")
        .unwrap_or_else(|| panic!("{err}"));
    let (pid, tail) = rest.split_once('\'').unwrap();
    assert!(pid.parse::<u32>().is_ok(), "{err}");
    assert_eq!(tail, ": No such file or directory\n");
}

/// How a run ends when the reader of its trace goes away after one line
/// (`rtrace ... 2>&1 | head -1`): rtrace's status, and the command's stdout.
fn close_the_trace_after_one_line(args: &[&str]) -> (std::process::ExitStatus, Counts) {
    let mut rt = Command::new(rtrace())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut trace = BufReader::new(rt.stderr.take().unwrap());
    let mut first = String::new();
    trace.read_line(&mut first).unwrap();
    assert!(!first.is_empty(), "no trace at all");
    drop(trace);
    let counts = Counts::new(rt.stdout.take().unwrap());
    let status = wait_bounded(&mut rt);
    (status, counts)
}

/// Without the seccomp filter the spawned command goes on untraced, as when strace dies of
/// SIGPIPE; rtrace dies of SIGPIPE too, quietly, like any filter in a pipeline.
#[test]
fn a_closed_trace_pipe_ends_rtrace_and_the_command_goes_on() {
    let counter = example("counter");
    let (status, mut counts) = close_the_trace_after_one_line(&[counter.to_str().unwrap()]);
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{status:?}");
    let (pid, _) = counts.next().expect("the command is gone");
    runs_untraced(pid);
    counts.still_counting();
    send(pid, libc::SIGKILL);
}

/// Under the seccomp fast path the command cannot run without its tracer: it dies with rtrace.
#[test]
fn a_closed_trace_pipe_kills_a_command_under_the_seccomp_filter() {
    let counter = example("counter");
    let (status, mut counts) =
        close_the_trace_after_one_line(&["-f", "-e", "trace=write", counter.to_str().unwrap()]);
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{status:?}");
    // End of file on the command's stdout: it has exited. Read in a thread, with a deadline.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut last = None;
        while let Some((pid, _)) = counts.next() {
            last = Some(pid);
        }
        let _ = tx.send(last);
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Some(pid)) => assert!(eventually(|| is_dead(pid)), "{pid} still runs"),
        Ok(None) => {}
        Err(_) => panic!("the command under the seccomp filter outlived rtrace"),
    }
}

/// An attached process is detached and goes on.
#[test]
fn a_closed_trace_pipe_detaches_attached_processes() {
    let mut counter = Command::new(example("counter"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut counts = Counts::new(counter.stdout.take().unwrap());
    let pid = counter.id() as i32;
    counts.next().unwrap();
    let (status, _) = close_the_trace_after_one_line(&["-p", &pid.to_string()]);
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{status:?}");
    runs_untraced(pid);
    counts.still_counting();
    let _ = counter.kill();
    let _ = counter.wait();
}

/// The write end of a pipe whose read end is already closed: every write fails with EPIPE.
fn broken_pipe() -> std::os::fd::OwnedFd {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two ints; both descriptors are new and owned here.
    unsafe {
        assert_eq!(libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC), 0);
        libc::close(fds[0]);
        std::os::fd::OwnedFd::from_raw_fd(fds[1])
    }
}

/// stdout or stderr on a pipe nobody reads (`rtrace -h | true` when `true` has gone): no panic
/// (a panic would exit with 101 and say so on stderr), and a trace that cannot be written ends
/// rtrace by SIGPIPE.
#[test]
fn closed_standard_streams_do_not_panic() {
    for (args, code) in [(&["-h"][..], 0), (&["--doctor"][..], 0), (&["-V"][..], 0)] {
        let out = Command::new(rtrace())
            .args(args)
            .stdout(broken_pipe())
            .output()
            .unwrap();
        let err = text_of(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        if args != ["--doctor"] {
            assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        }
    }
    for args in [&["-Q"][..], &["no-such-command-xyz"][..], &["-p", "0"][..]] {
        let status = Command::new(rtrace())
            .args(args)
            .stderr(broken_pipe())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1), "{args:?}");
    }
    let status = Command::new(rtrace())
        .args(["sh", "-c", "exit 3"])
        .stdout(Stdio::null())
        .stderr(broken_pipe())
        .status()
        .unwrap();
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{status:?}");
}

// ---------------------------------------------------------------------------------------------
// Hostile tracee memory

/// The hostile helper's trace equals strace's, line for line (after normalisation), and shows
/// each case as strace does.
#[test]
fn hostile_memory_is_shown_as_strace_shows_it() {
    let helper = example("hostile");
    let dir = scratch("hostile");
    for (flags, big) in [
        (
            &[][..],
            "write(3, \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"..., 1048576) = 1048576",
        ),
        (
            &["-s", "5"][..],
            "write(3, \"xxxxx\"..., 1048576) = 1048576",
        ),
    ] {
        let cmd = [helper.to_str().unwrap()];
        let (out, text) = trace_to_file(&rtrace(), flags, &cmd, &dir.join("rtrace"));
        assert!(out.status.success(), "{out:?}");
        for line in [
            "openat(AT_FDCWD, 0x1, O_RDONLY) = -1 EFAULT (Bad address)",
            "openat(AT_FDCWD, \"ok\", O_RDONLY) = -1 ENOENT (No such file or directory)",
            "read(4, \"\\0\\0\\0\\0\", 100) = 4",
            "sched_setaffinity(0, 1048576, [...]) = -1 EINVAL (Invalid argument)",
            "execve(\"/nonexistent\", [\"\", \"\", ... /* ADDR */], ADDR /* 2 vars, unterminated */) = -1 ENOENT (No such file or directory)",
            big,
        ] {
            assert!(
                text.lines().any(|l| unpadded(&hide_addresses(l)) == line),
                "{line}\n{text}"
            );
        }
        // The path into the unmapped page, and a length that lies: the pointer, as strace.
        let tail = text
            .lines()
            .find(|l| l.starts_with("openat(AT_FDCWD, 0x") && !l.contains(" 0x1,"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(tail.ends_with("= -1 EFAULT (Bad address)"), "{tail}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("write(3, 0x") && l.ends_with("= 100")),
            "{text}"
        );
        if have_strace("hostile_memory") {
            let (s_out, s_text) =
                trace_to_file(Path::new(STRACE), flags, &cmd, &dir.join("strace"));
            assert_eq!(s_out.status.code(), out.status.code());
            let (expected, actual) = normalize_pair(&s_text, &text);
            assert!(
                expected == actual,
                "{}\n--- strace:\n{s_text}\n--- rtrace:\n{text}",
                diff_report(&expected, &actual)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Signals

/// `usr1=A rt=B cont=C` from the signals helper.
fn delivered(stdout: &str) -> [usize; 3] {
    let mut n = [usize::MAX; 3];
    for (i, key) in ["usr1=", "rt=", "cont="].iter().enumerate() {
        let v = stdout
            .split_whitespace()
            .find_map(|w| w.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key} in {stdout:?}"));
        n[i] = v.parse().unwrap();
    }
    n
}

/// Every delivery the helper's handlers counted is in the trace once, no more, no less: a
/// handled SIGUSR1, a real-time signal, and SIGCONT after a SIGSTOP; with and without -f (the
/// sending children traced or not).
#[test]
fn signals_are_passed_on_never_lost_or_doubled() {
    let helper = example("signals");
    let dir = scratch("signals");
    let rt_name = format!("SIGRT_{}", libc::SIGRTMIN() + 2 - 32);
    for flags in [&["-f"][..], &[][..]] {
        let file = dir.join("t");
        let out = Command::new(rtrace())
            .args(flags)
            .arg("-o")
            .arg(&file)
            .arg(&helper)
            .args(["count", "200"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let [usr1, rt, cont] = delivered(&text_of(&out.stdout));
        // Real-time signals queue: every one sent arrives.
        assert_eq!(rt, 400, "{flags:?}");
        assert!(usr1 >= 200 && cont >= 1, "{usr1} {cont}");
        let text = std::fs::read_to_string(&file).unwrap();
        let count = |what: &str| text.lines().filter(|l| l.contains(what)).count();
        assert_eq!(count("--- SIGUSR1 {"), usr1, "{flags:?}\n{text}");
        assert_eq!(count(&format!("--- {rt_name} {{")), rt, "{flags:?}");
        assert_eq!(count("--- SIGCONT {"), cont, "{flags:?}\n{text}");
        assert_eq!(count("--- SIGSTOP {"), 1, "{flags:?}");
        assert_eq!(count("--- stopped by SIGSTOP ---"), 1, "{flags:?}");
    }
}

/// Real-time signals keep arriving while rtrace attaches and detaches, four times over: every
/// one reaches the handler (a signal caught at a stop while detaching is passed on).
#[test]
fn signals_survive_attaching_and_detaching() {
    let mut helper = Command::new(example("signals"))
        .args(["receive", "1500"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(helper.stdout.take().unwrap());
    let mut first = String::new();
    lines.read_line(&mut first).unwrap();
    let pid = first.trim().strip_prefix("pid=").unwrap().to_string();
    let rt_name = format!("--- SIGRT_{} {{", libc::SIGRTMIN() + 2 - 32);
    let dir = scratch("attach-signals");
    for round in 0..4 {
        let file = dir.join(format!("t{round}"));
        let rt = rtrace_with_output(&["-p", &pid], &file, Stdio::null());
        assert!(
            wait_for_trace(&file, |t| t.matches(&rt_name).count() >= 5),
            "round {round}: no signals traced"
        );
        send(rt.id() as i32, libc::SIGINT);
        let status = rt.wait_with_output().unwrap().status;
        assert_eq!(status.signal(), Some(libc::SIGINT));
    }
    let mut rest = String::new();
    lines.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "rt=1500\n");
    helper.wait().unwrap();
}

/// The traced command itself SIGKILLed inside a read (no -f, so no other line between): the
/// line ends ` <unfinished ...>) = ?`, the trace `+++ killed by SIGKILL +++`, and rtrace dies
/// by SIGKILL too, as strace does.
#[test]
fn the_command_sigkilled_inside_a_read() {
    let dir = scratch("cat-killed");
    let run = |tracer: &Path, name: &str| -> (std::process::ExitStatus, String) {
        let file = dir.join(name);
        let mut t = Command::new(tracer)
            .arg("-o")
            .arg(&file)
            .arg("cat")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        assert!(
            wait_for_trace(&file, |t| t
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("read(0, "))),
            "{name}: cat never blocked in read"
        );
        let children = format!("/proc/{0}/task/{0}/children", t.id());
        let cat: i32 = std::fs::read_to_string(children)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        send(cat, libc::SIGKILL);
        let status = wait_bounded(&mut t);
        (status, std::fs::read_to_string(&file).unwrap())
    };
    let (status, text) = run(&rtrace(), "rtrace");
    assert_eq!(status.signal(), Some(libc::SIGKILL), "{text}");
    let tail: Vec<&str> = text.lines().rev().take(2).collect();
    assert_eq!(
        tail,
        [
            "+++ killed by SIGKILL +++",
            "read(0,  <unfinished ...>)              = ?"
        ],
        "{text}"
    );
    if have_strace("the_command_sigkilled_inside_a_read") {
        let (s_status, s_text) = run(Path::new(STRACE), "strace");
        assert_eq!(status.signal(), s_status.signal());
        let s_tail: Vec<&str> = s_text.lines().rev().take(2).collect();
        assert_eq!(tail, s_tail);
    }
}

/// A process SIGKILLed inside a blocking read: its line ends `= ?`, then `+++ killed by
/// SIGKILL +++`, as in strace.
#[test]
fn sigkill_in_the_middle_of_a_syscall() {
    let helper = example("signals");
    let dir = scratch("killread");
    let cmd = [helper.to_str().unwrap(), "killread"];
    let (out, text) = trace_to_file(&rtrace(), &["-f"], &cmd, &dir.join("rtrace"));
    assert!(out.status.success(), "{out:?}\n{text}");
    let killed = |text: &str| -> Vec<String> {
        normalize(text)
            .into_iter()
            .find(|p| p.last().is_some_and(|l| l == "+++ killed by SIGKILL +++"))
            .unwrap_or_else(|| panic!("no process killed by SIGKILL:\n{text}"))
    };
    let child = killed(&text);
    assert_eq!(
        child[child.len() - 2],
        "read(3,  <unfinished ...>) = ?",
        "{text}"
    );
    if have_strace("sigkill_in_the_middle_of_a_syscall") {
        let (_, s_text) = trace_to_file(Path::new(STRACE), &["-f"], &cmd, &dir.join("strace"));
        assert_eq!(
            child,
            killed(&s_text),
            "--- strace:\n{s_text}\n--- rtrace:\n{text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Threads and processes

/// `tracer -f -o FILE procmix ARGS...`: (status, trace).
fn procmix(
    tracer: &Path,
    flags: &[&str],
    args: &[&str],
    name: &str,
) -> (std::process::Output, String) {
    let helper = example("procmix");
    let cmd: Vec<&str> = std::iter::once(helper.to_str().unwrap())
        .chain(args.iter().copied())
        .collect();
    trace_to_file(tracer, flags, &cmd, &scratch(name).join("t"))
}

fn lines_starting(text: &str, what: &str) -> usize {
    split_trace(text)
        .iter()
        .filter(|(_, l)| l.starts_with(what))
        .count()
}

/// A trace's lines as (pid prefix, rest).
fn split_trace(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| match l.split_once(' ') {
            Some((p, rest)) if p.bytes().all(|b| b.is_ascii_digit()) => {
                (p.to_string(), rest.trim_start().to_string())
            }
            _ => (String::new(), l.to_string()),
        })
        .collect()
}

#[test]
fn two_hundred_threads_started_and_joined() {
    let (out, text) = procmix(&rtrace(), &["-f"], &["threads", "200"], "threads200");
    assert!(out.status.success(), "{out:?}");
    let lines = split_trace(&text);
    let getppid: std::collections::HashSet<&str> = lines
        .iter()
        .filter(|(_, l)| l.starts_with("getppid("))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(
        getppid.len(),
        200,
        "one getppid in each thread, under its own pid"
    );
    assert_eq!(lines_starting(&text, "+++ exited with 0 +++"), 201);
    // With -o, new threads are not announced on stderr (as strace).
    let err = text_of(&out.stderr);
    assert_eq!(err.matches(" attached\n").count(), 0, "{err}");
}

/// The same run under strace and rtrace shows as many execve lines, and as many exits.
#[test]
fn three_hundred_short_processes_like_strace() {
    let (out, text) = procmix(&rtrace(), &["-f"], &["execs", "300"], "execs300");
    assert!(out.status.success(), "{out:?}");
    let counts = |text: &str| {
        (
            lines_starting(text, "execve("),
            lines_starting(text, "+++ exited with 0 +++"),
        )
    };
    assert_eq!(counts(&text), (301, 301));
    if have_strace("three_hundred_short_processes") {
        let (s_out, s_text) = procmix(Path::new(STRACE), &["-f"], &["execs", "300"], "execs300s");
        assert!(s_out.status.success());
        assert_eq!(counts(&text), counts(&s_text));
    }
}

/// vfork and clone3 children under -f: the same lines as strace's.
#[test]
fn vfork_and_clone3_like_strace() {
    for mode in ["vfork", "clone3"] {
        let (out, text) = procmix(&rtrace(), &["-f"], &[mode], mode);
        assert!(out.status.success(), "{mode}: {out:?}");
        assert_eq!(lines_starting(&text, "+++ exited with "), 2, "{text}");
        if mode == "clone3" {
            assert!(text.contains("+++ exited with 3 +++"), "{text}");
            let joined = normalize(&text).concat();
            assert!(
                joined.contains(
                    &"clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 64) = PID"
                        .to_string()
                ),
                "{text}"
            );
        } else {
            // aarch64 has no vfork syscall: glibc makes a clone with CLONE_VFORK there.
            let vfork = if rtrace::arch::Arch::native() == rtrace::arch::Arch::X86_64 {
                "vfork("
            } else {
                "clone(child_stack=NULL, flags=CLONE_VM|CLONE_VFORK"
            };
            assert_eq!(lines_starting(&text, vfork), 1, "{text}");
        }
        if have_strace(mode) {
            let (_, s_text) = procmix(Path::new(STRACE), &["-f"], &[mode], &format!("{mode}-s"));
            let (expected, actual) = normalize_pair(&s_text, &text);
            let (expected, actual) = (unordered(expected), unordered(actual));
            assert!(
                expected == actual,
                "{mode}: {}\n--- strace:\n{s_text}\n--- rtrace:\n{text}",
                diff_report(&expected, &actual)
            );
        }
    }
}

/// exit_group while three threads sit in read, nanosleep and pause: each of their calls ends
/// with `= ?` (read's buffer still to print, as strace marks it), every thread exits with the
/// group's code, and so does rtrace.
#[test]
fn a_thread_group_exits_while_threads_sit_in_syscalls() {
    let (out, text) = procmix(&rtrace(), &["-f"], &["groupexit"], "groupexit");
    assert_eq!(out.status.code(), Some(4), "{text}");
    assert_eq!(lines_starting(&text, "+++ exited with 4 +++"), 4, "{text}");
    let procs = normalize(&text);
    let ends: Vec<&str> = procs
        .iter()
        .filter_map(|p| p.len().checked_sub(2).and_then(|i| p.get(i)))
        .map(String::as_str)
        .collect();
    // Every thread's last call is cut short; the third one's pause is `pause()` on x86_64 and
    // another call on aarch64, which has no pause syscall.
    assert_eq!(ends.len(), 4, "{text}");
    assert!(ends.iter().all(|l| l.ends_with(") = ?")), "{ends:?}");
    for want in [
        "read(3,  <unfinished ...>) = ?",
        "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=100, tv_nsec=0},  <unfinished ...>) = ?",
        "exit_group(4) = ?",
    ] {
        assert!(ends.contains(&want), "{want} not in {ends:?}\n{text}");
    }
    if rtrace::arch::Arch::native() == rtrace::arch::Arch::X86_64 {
        assert!(ends.contains(&"pause() = ?"), "{ends:?}");
    }
}

/// Exec from a thread that is not the leader, without -f (only the leader traced): the exit
/// code of the new program is rtrace's (tests/trace.rs covers -f).
#[test]
fn exec_from_a_thread_without_follow_keeps_the_exit_code() {
    let helper = example("threadexec");
    let (out, text) = trace_to_file(
        &rtrace(),
        &[],
        &[helper.to_str().unwrap()],
        &scratch("threadexec-nof").join("t"),
    );
    assert_eq!(out.status.code(), Some(7), "{text}");
    assert!(text.trim_end().ends_with("+++ exited with 7 +++"), "{text}");
}

/// A process that starts and joins threads without pause, attached with -f and detached three
/// times: every thread that exists afterwards runs untraced, and the process goes on.
#[test]
fn thread_churn_survives_attaching_and_detaching() {
    let mut helper = Command::new(example("procmix"))
        .arg("churn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = helper.id() as i32;
    let mut rounds = BufReader::new(helper.stdout.take().unwrap());
    let mut next_rounds = move || {
        let mut l = String::new();
        rounds.read_line(&mut l).unwrap();
        l.trim()
            .strip_prefix("rounds ")
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    next_rounds();
    let dir = scratch("churn");
    for round in 0..3 {
        let file = dir.join(format!("t{round}"));
        let rt = rtrace_with_output(&["-f", "-q", "-p", &pid.to_string()], &file, Stdio::null());
        assert!(
            wait_for_trace(&file, |t| t.matches("+++ exited with 0 +++").count() >= 20),
            "round {round}: no thread traced"
        );
        send(rt.id() as i32, libc::SIGINT);
        let out = rt.wait_with_output().unwrap();
        assert_eq!(out.status.signal(), Some(libc::SIGINT));
        for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
            let tid: i32 = task.unwrap().file_name().to_str().unwrap().parse().unwrap();
            if let Some(tracer) = status_field(tid, "TracerPid:") {
                assert_eq!(tracer, "0", "round {round}: thread {tid} is still traced");
            }
        }
        let before = next_rounds();
        assert!(next_rounds() > before, "the process stopped");
    }
    let _ = helper.kill();
    let _ = helper.wait();
}

/// The daemon helper: starts `rtrace FLAGS procmix daemon FILE`, waits for the daemon's pid.
fn start_daemon(
    flags: &[&str],
    name: &str,
) -> (Child, i32, std::path::PathBuf, std::path::PathBuf) {
    let dir = scratch(name);
    let (pidfile, trace) = (dir.join("pid"), dir.join("t"));
    let rt = Command::new(rtrace())
        .args(flags)
        .arg("-o")
        .arg(&trace)
        .arg(example("procmix"))
        .arg("daemon")
        .arg(&pidfile)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(eventually(|| pidfile.exists()), "the daemon never started");
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (rt, pid, pidfile, trace)
}

/// Under -f rtrace follows a daemon (double fork, own session) and stays until it exits, as
/// strace -f does; rtrace's status is still the command's.
#[test]
fn a_daemon_is_followed_until_it_exits() {
    let (mut rt, pid, pidfile, trace) = start_daemon(&["-f"], "daemon-f");
    assert_eq!(
        status_field(pid, "TracerPid:"),
        Some(rt.id().to_string()),
        "the daemon is traced"
    );
    assert!(
        rt.try_wait().unwrap().is_none(),
        "rtrace left a traced daemon"
    );
    std::fs::remove_file(&pidfile).unwrap();
    let status = wait_bounded(&mut rt);
    assert_eq!(status.code(), Some(5));
    let text = std::fs::read_to_string(&trace).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{pid} ")) && l.ends_with("+++ exited with 0 +++")),
        "{text}"
    );
}

/// Without -f the daemon is never traced: rtrace ends with the command, the daemon runs on.
#[test]
fn without_follow_a_daemon_runs_on_after_rtrace() {
    let (mut rt, pid, pidfile, _) = start_daemon(&[], "daemon");
    let status = wait_bounded(&mut rt);
    assert_eq!(status.code(), Some(5));
    assert!(!is_dead(pid), "the daemon died with the command");
    runs_untraced(pid);
    std::fs::remove_file(&pidfile).unwrap();
    assert!(eventually(|| is_dead(pid)));
}

// ---------------------------------------------------------------------------------------------
// rtrace itself killed

/// Starts `rtrace ARGS... counter` with the counter's stdout piped here and the trace in a file;
/// returns once the trace shows the counter's writes.
fn traced_counter(flags: &[&str], name: &str) -> (Child, Counts, i32) {
    let file = scratch(name).join("t");
    let mut rt = Command::new(rtrace())
        .args(flags)
        .arg("-o")
        .arg(&file)
        .arg(example("counter"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut counts = Counts::new(rt.stdout.take().unwrap());
    let (pid, _) = counts.next().expect("the counter did not start");
    assert!(
        wait_for_trace(&file, |t| t.matches("write(1, ").count() >= 2),
        "no writes traced"
    );
    (rt, counts, pid)
}

#[test]
fn rtrace_killed_leaves_a_spawned_command_running_untraced() {
    let (mut rt, mut counts, pid) = traced_counter(&[], "kill-spawned");
    assert_eq!(status_field(pid, "TracerPid:"), Some(rt.id().to_string()));
    rt.kill().unwrap();
    rt.wait().unwrap();
    runs_untraced(pid);
    counts.still_counting();
    send(pid, libc::SIGKILL);
}

#[test]
fn rtrace_killed_takes_a_command_under_the_seccomp_filter_with_it() {
    let (mut rt, mut counts, pid) = traced_counter(&["-f", "-e", "trace=write"], "kill-fast");
    assert_eq!(
        status_field(pid, "Seccomp:").as_deref(),
        Some("2"),
        "the fast path is on"
    );
    rt.kill().unwrap();
    rt.wait().unwrap();
    assert!(eventually(|| is_dead(pid)), "{pid} survived its tracer");
    let mut rest = Vec::new();
    let _ = counts.0.read_to_end(&mut rest);
}

#[test]
fn rtrace_killed_leaves_an_attached_process_running_untraced() {
    let mut counter = Command::new(example("counter"))
        .arg("3")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut counts = Counts::new(counter.stdout.take().unwrap());
    let pid = counter.id() as i32;
    counts.next().unwrap();
    let file = scratch("kill-attached").join("t");
    let mut rt = rtrace_with_output(&["-f", "-p", &pid.to_string()], &file, Stdio::null());
    assert!(
        wait_for_trace(&file, |t| t.matches("write(1, ").count() >= 3),
        "no writes traced"
    );
    rt.kill().unwrap();
    rt.wait().unwrap();
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let tid: i32 = task.unwrap().file_name().to_str().unwrap().parse().unwrap();
        runs_untraced(tid);
    }
    counts.still_counting();
    let _ = counter.kill();
    let _ = counter.wait();
}

// ---------------------------------------------------------------------------------------------
// rtrace's own failure

/// Every thread of `pid` runs untraced and not stopped.
fn all_threads_untraced(pid: i32) {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
    for t in tasks {
        let tid: i32 = t.unwrap().file_name().to_str().unwrap().parse().unwrap();
        runs_untraced(tid);
    }
}

/// An internal error (made on purpose at the Nth stop with the test hook `RTRACE_FAULT_AT`,
/// while a stop has been taken and not yet answered) is one line, not a backtrace, and rtrace
/// detaches from everything before it exits 1: attached threads and a spawned command go on.
#[test]
fn an_internal_error_leaves_no_process_stopped() {
    // Attached: a counter with four threads, followed with -f.
    let mut counter = Command::new(example("counter"))
        .arg("4")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut counts = Counts::new(counter.stdout.take().unwrap());
    let pid = counter.id() as i32;
    counts.next().unwrap();
    let file = scratch("fault-attach").join("t");
    let mut rt = Command::new(rtrace())
        .env("RTRACE_FAULT_AT", "30")
        .env("RUST_BACKTRACE", "1")
        .args(["-f", "-o"])
        .arg(&file)
        .args(["-p", &pid.to_string()])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_bounded(&mut rt);
    let mut err = String::new();
    rt.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("rtrace: internal error at ") && err.contains("on purpose"),
        "{err}"
    );
    assert!(err.contains("detached from every process"), "{err}");
    assert!(!err.contains("backtrace"), "{err}");
    all_threads_untraced(pid);
    counts.still_counting();
    let _ = counter.kill();
    let _ = counter.wait();

    // Spawned: the command goes on, untraced, as when rtrace is killed.
    let file = scratch("fault-spawn").join("t");
    let mut rt = Command::new(rtrace())
        .env("RTRACE_FAULT_AT", "60")
        .arg("-o")
        .arg(&file)
        .arg(example("counter"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut counts = Counts::new(rt.stdout.take().unwrap());
    let (pid, _) = counts.next().expect("the counter did not start");
    let status = wait_bounded(&mut rt);
    assert_eq!(status.code(), Some(1));
    runs_untraced(pid);
    counts.still_counting();
    send(pid, libc::SIGKILL);
}
