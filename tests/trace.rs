//! End-to-end behaviour of `rtrace -- cmd`: exit status, following forks and threads, hostile
//! memory, signal storms, and the errors a user can make.

mod common;
use common::*;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;

#[test]
fn exit_code_is_passed_through() {
    let out = run_rtrace(&["-o", "/dev/null", "sh", "-c", "exit 3"]);
    assert_eq!(out.status.code(), Some(3));
    let crash = example("crash");
    let out = run_rtrace(&["-o", "/dev/null", crash.to_str().unwrap(), "exit", "42"]);
    assert_eq!(out.status.code(), Some(42));
}

#[test]
fn a_command_killed_by_sigsegv_kills_rtrace_by_sigsegv() {
    let dir = scratch("segv");
    let crash = example("crash");
    let (out, text) = trace_to_file(
        &rtrace(),
        &[],
        &[crash.to_str().unwrap(), "fault"],
        &dir.join("t"),
    );
    assert_eq!(out.status.signal(), Some(libc::SIGSEGV), "{out:?}");
    assert!(
        text.contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("+++ killed by SIGSEGV (core dumped) +++")
            || text.trim_end().ends_with("+++ killed by SIGSEGV +++"),
        "{text}"
    );
}

/// `role tid=N` lines written by the forkthreads helper, each under the pid that wrote it.
#[test]
fn follow_forks_and_threads_every_write_once_under_its_pid() {
    let dir = scratch("forkthreads");
    let helper = example("forkthreads");
    let (out, text) = trace_to_file(
        &rtrace(),
        &["-f"],
        &[helper.to_str().unwrap()],
        &dir.join("t"),
    );
    assert!(out.status.success(), "{out:?}");
    let mut seen = Vec::new();
    for line in text.lines() {
        let (pid, rest) = line.split_once(' ').unwrap();
        let rest = rest.trim_start();
        if !rest.starts_with("write(1, \"") {
            continue;
        }
        let body = rest.split('"').nth(1).unwrap();
        let (role, tid) = body.trim_end_matches("\\n").split_once(" tid=").unwrap();
        assert_eq!(pid, tid, "{role}'s write is shown under pid {pid}: {line}");
        seen.push(role.to_string());
    }
    seen.sort();
    assert_eq!(
        seen,
        ["child", "child-thread", "parent", "thread1", "thread2"],
        "{text}"
    );
    // With -o, new tasks are not announced on stderr (as strace; see
    // new_children_are_announced_on_stderr_only_without_o).
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches(" attached").count(), 0, "{err}");
}

#[test]
fn without_follow_only_the_main_thread_is_traced() {
    let dir = scratch("nofollow");
    let helper = example("forkthreads");
    let (_, text) = trace_to_file(&rtrace(), &[], &[helper.to_str().unwrap()], &dir.join("t"));
    let writes: Vec<_> = text.lines().filter(|l| l.starts_with("write(1,")).collect();
    assert_eq!(writes.len(), 1, "{text}");
    assert!(writes[0].contains("parent tid="));
}

#[test]
fn per_thread_files_with_ff() {
    let dir = scratch("ff");
    let helper = example("forkthreads");
    let prefix = dir.join("t");
    let out = Command::new(rtrace())
        .arg("-ff")
        .arg("-o")
        .arg(&prefix)
        .arg(&helper)
        .output()
        .unwrap();
    assert!(out.status.success());
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 5, "{files:?}");
    for f in files {
        let tid = f.extension().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains("[pid"), "no prefixes with -ff: {text}");
        assert!(
            !text.contains("resumed>"),
            "no split lines in a per-thread file: {text}"
        );
        if let Some(w) = text.lines().find(|l| l.starts_with("write(1,")) {
            assert!(w.contains(&format!("tid={tid}")), "{w} in {}", f.display());
        }
    }
}

#[test]
fn unreadable_pointers_print_as_addresses() {
    let dir = scratch("badmem");
    let helper = example("hostile");
    let (out, text) = trace_to_file(&rtrace(), &[], &[helper.to_str().unwrap()], &dir.join("t"));
    assert!(out.status.success(), "{out:?}");
    let line = text
        .lines()
        .find(|l| l.starts_with("openat(AT_FDCWD, 0x1, O_RDONLY)"))
        .unwrap();
    assert!(line.ends_with(" = -1 EFAULT (Bad address)"), "{line}");
    assert!(text.contains("write(1, 0x8, 10)"), "{text}");
    // A string running into an unmapped page, and a length that lies: the pointer, no panic.
    let bad_opens = text
        .lines()
        .filter(|l| l.starts_with("openat(AT_FDCWD, 0x") && l.ends_with("EFAULT (Bad address)"));
    assert_eq!(bad_opens.count(), 2, "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("write(-1, 0x"))
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn a_signal_storm_is_traced_without_loss_of_control() {
    let dir = scratch("storm");
    let helper = example("sigstorm");
    let (out, text) = trace_to_file(
        &rtrace(),
        &["-f"],
        &[helper.to_str().unwrap(), "2000"],
        &dir.join("t"),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(
        text.contains("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER"),
        "{text}"
    );
    assert!(text.lines().filter(|l| l.contains("kill(")).count() >= 2000);
    assert!(text.trim_end().ends_with("+++ exited with 0 +++"));
}

#[test]
fn a_missing_command_is_one_line_and_status_1() {
    let out = run_rtrace(&["no-such-command-xyz"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rtrace: Can't stat 'no-such-command-xyz': No such file or directory\n"
    );
}

#[test]
fn a_file_that_cannot_be_executed_shows_the_failed_execve() {
    let out = run_rtrace(&["/etc/hostname"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("execve(\"/etc/hostname\", [\"/etc/hostname\"], 0x"),
        "{err}"
    );
    assert!(err.contains("= -1 ENOEXEC (Exec format error)\nrtrace: exec: Exec format error\n+++ exited with 1 +++\n"), "{err}");
}

#[test]
fn usage_errors_are_short_and_exit_1() {
    for (args, msg) in [
        (&["-Q", "true"][..], "rtrace: invalid option -- 'Q'"),
        (&[][..], "rtrace: must have PROG [ARGS] or -p PID"),
        (
            &["-s", "-1", "true"][..],
            "rtrace: invalid -s argument: '-1'",
        ),
        (
            &["-o", "/nonexistent-dir/x", "true"][..],
            "rtrace: Can't fopen '/nonexistent-dir/x': No such file or directory",
        ),
    ] {
        let out = run_rtrace(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().next(), Some(msg), "{args:?}");
        assert!(
            err.lines().count() <= 2 && !err.contains("panicked"),
            "{err}"
        );
    }
}

#[test]
fn the_first_line_is_the_commands_execve() {
    let out = run_rtrace(&["--", "/bin/true"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("execve(\"/bin/true\", [\"/bin/true\"], 0x"),
        "{err}"
    );
    assert!(
        err.ends_with("exit_group(0)                           = ?\n+++ exited with 0 +++\n"),
        "{err}"
    );
}

#[test]
fn help_and_version() {
    let out = run_rtrace(&["-h"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: rtrace"));
    let out = run_rtrace(&["-V"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("rtrace "));
    let short = run_rtrace(&["-h"]).stdout.len();
    let long = run_rtrace(&["--help"]).stdout.len();
    assert!(long > short, "--help is the long help");
}

#[test]
fn completions_and_man_page() {
    for (shell, flag) in [
        ("bash", "--json"),
        ("zsh", "--perfetto"),
        ("fish", "-l color"),
    ] {
        let out = run_rtrace(&["--completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(flag) && text.contains("seccomp-bpf"),
            "{shell}: {text}"
        );
    }
    let out = run_rtrace(&["--man"]);
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && man.contains(".TH rtrace 1"),
        "{man}"
    );
    assert!(
        man.contains(".SH \"OUTPUT FORMATTING\"") || man.contains("OUTPUT FORMATTING"),
        "{man}"
    );
    let out = run_rtrace(&["--completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("rtrace: invalid --completions argument: 'tcsh'"));
}

#[test]
fn exec_from_a_thread_keeps_the_exit_code() {
    let dir = scratch("threadexec");
    let helper = example("threadexec");
    let (out, text) = trace_to_file(
        &rtrace(),
        &["-f"],
        &[helper.to_str().unwrap()],
        &dir.join("t"),
    );
    assert_eq!(out.status.code(), Some(7), "{text}");
    assert!(text.contains("+++ superseded by execve in pid "), "{text}");
    assert!(text.contains("<... execve resumed>)"), "{text}");
}

#[test]
fn a_blocked_syscall_is_visible_while_it_blocks() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = scratch("blocked");
    let file = dir.join("t");
    let mut child = Command::new(rtrace())
        .arg("-o")
        .arg(&file)
        .args(["sh", "-c", "read x"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let seen = wait_for_trace(&file, |t| {
        t.lines().last().is_some_and(|l| l.starts_with("read(0, "))
    });
    child.stdin.take().unwrap().write_all(b"\n").unwrap();
    assert!(child.wait().unwrap().success());
    assert!(
        seen,
        "the entry of the blocked read was not written while it blocked"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("read(0, \"\\n\", 1)"), "{text}");
}

#[test]
fn pid_prefix_on_stderr_only_while_several_tracees_live() {
    let out = run_rtrace(&["-f", "sh", "-c", "/bin/true; echo done"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.starts_with("rtrace: ")).collect();
    assert!(
        lines[0].starts_with("execve(\"/usr/bin/sh\"")
            || lines[0].starts_with("execve(\"/bin/sh\""),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("[pid ") && l.contains("execve(\"/bin/true\"")),
        "{err}"
    );
    assert_eq!(lines.last(), Some(&"+++ exited with 0 +++"), "{err}");
    // As with strace, the message may land in the middle of the parent's open vfork line.
    assert_eq!(err.matches("rtrace: Process ").count(), 1, "{err}");
}

#[test]
fn quiet_flags() {
    let out = run_rtrace(&["-q", "-f", "sh", "-c", "/bin/true; echo done"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("attached"), "{err}");
    assert!(err.contains("+++ exited with 0 +++"), "{err}");
    let out = run_rtrace(&["-qq", "-f", "sh", "-c", "/bin/true; echo done"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("attached") && !err.contains("+++"), "{err}");
}

#[test]
fn a_signal_to_rtrace_is_passed_to_the_command_and_the_trace_shows_its_end() {
    let dir = scratch("sigterm");
    let file = dir.join("t");
    let mut child = Command::new(rtrace())
        .arg("-o")
        .arg(&file)
        .args(["sleep", "30"])
        .spawn()
        .unwrap();
    assert!(
        wait_for_trace(&file, |t| t.contains("nanosleep(")),
        "sleep never started"
    );
    // SAFETY: sends SIGTERM to the rtrace process this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGTERM));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER"),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with("+++ killed by SIGTERM +++"),
        "{text}"
    );
}

#[test]
fn strsize_truncates_strings_with_dots() {
    let dir = scratch("strsize");
    let (_, text) = trace_to_file(
        &rtrace(),
        &["-s", "5"],
        &["sh", "-c", "echo hello world"],
        &dir.join("t"),
    );
    assert!(text.contains("write(1, \"hello\"..., 12)"), "{text}");
    // Paths are not cut by -s.
    assert!(text.contains("\"/etc/ld.so.cache\""), "{text}");
    let (_, text) = trace_to_file(
        &rtrace(),
        &["-s", "0"],
        &["sh", "-c", "echo hi"],
        &dir.join("t0"),
    );
    assert!(text.contains("write(1, \"\"..., 3)"), "{text}");
}

#[test]
fn same_cpu_pins_the_command_to_one_cpu() {
    let allowed = |flags: &[&str]| {
        let out = Command::new(rtrace())
            .args(flags)
            .args([
                "-o",
                "/dev/null",
                "grep",
                "Cpus_allowed_list",
                "/proc/self/status",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    let pinned = allowed(&["--same-cpu"]);
    assert!(
        !pinned.is_empty() && pinned.parse::<usize>().is_ok(),
        "one CPU expected, got {pinned:?}"
    );
    let free = allowed(&[]);
    if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
        assert_ne!(
            free, pinned,
            "without --same-cpu the affinity is left alone"
        );
    }
}

#[test]
fn new_children_are_announced_on_stderr_only_without_o() {
    let helper = example("forkthreads");
    let dir = scratch("announce");
    let (out, _) = trace_to_file(
        &rtrace(),
        &["-f"],
        &[helper.to_str().unwrap()],
        &dir.join("t"),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("attached"),
        "with -o, strace prints nothing: {err}"
    );
    let out = run_rtrace(&["-f", helper.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rtrace: Process "), "{err}");
    assert!(err.contains(" attached"), "{err}");
}
