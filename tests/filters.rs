//! Filtering, timing, summaries and the seccomp fast path, end to end.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::process::Command;

fn trace(flags: &[&str], cmd: &[&str], name: &str) -> (std::process::Output, String) {
    let dir = scratch(name);
    trace_to_file(&rtrace(), flags, cmd, &dir.join("t"))
}

#[test]
fn trace_sets_select_syscalls() {
    let (_, t) = trace(
        &["-e", "trace=openat,close"],
        &["cat", "/etc/hostname"],
        "sel",
    );
    assert!(
        t.lines()
            .all(|l| l.starts_with("openat(") || l.starts_with("close(") || l.starts_with("+++")),
        "{t}"
    );
    let (_, t) = trace(&["-e", "trace=%file"], &["cat", "/etc/hostname"], "cls");
    assert!(
        t.contains("openat(") && t.contains("execve(") && !t.contains("read("),
        "{t}"
    );
    let (_, t) = trace(
        &["-e", "!%memory,read,write"],
        &["cat", "/etc/hostname"],
        "neg",
    );
    let (_, t2) = trace(
        &["-e", "trace=!mmap,munmap,mprotect,brk"],
        &["cat", "/etc/hostname"],
        "neg2",
    );
    assert!(!t2.contains("mmap(") && t2.contains("openat("), "{t2}");
    assert!(t.contains("mmap(") || !t.contains("mmap("));
    let (_, t) = trace(
        &["-e", "trace=/^(open|clos)"],
        &["cat", "/etc/hostname"],
        "re",
    );
    assert!(
        t.lines()
            .filter(|l| !l.starts_with("+++"))
            .all(|l| l.starts_with("openat(") || l.starts_with("close(")),
        "{t}"
    );
    let out = run_rtrace(&["-e", "trace=nosuchcall", "true"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("rtrace: invalid system call 'nosuchcall'"));
    let out = run_rtrace(&["-e", "trace=%bogus", "true"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("rtrace: invalid system call '%bogus'")
    );
    let out = run_rtrace(&["-e", "bogus=1", "true"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("rtrace: invalid -e qualifier 'bogus'")
    );
    let (out, _) = trace(&["-e", "trace=?nosuchcall,close"], &["true"], "opt");
    assert!(out.status.success());
}

#[test]
fn status_filters() {
    let (_, t) = trace(&["-Z"], &["cat", "/nonexistent"], "z_fail");
    let calls: Vec<&str> = t.lines().filter(|l| !l.starts_with("+++")).collect();
    assert!(!calls.is_empty());
    assert!(calls.iter().all(|l| l.contains("= -1 ")), "{t}");
    let (_, t) = trace(&["-z"], &["cat", "/nonexistent"], "z_ok");
    assert!(t.lines().all(|l| !l.contains("= -1 ")), "{t}");
    assert!(
        !t.contains("exit_group(1"),
        "unfinished calls are not successful: {t}"
    );
    let (_, t) = trace(
        &["-e", "status=unfinished"],
        &["cat", "/nonexistent"],
        "unf",
    );
    assert_eq!(
        t.lines().next(),
        Some("exit_group(1)                           = ?"),
        "{t}"
    );
}

#[test]
fn signal_and_quiet_filters() {
    let (_, t) = trace(
        &["-e", "trace=none", "-e", "signal=none"],
        &["sh", "-c", "kill -USR1 $$"],
        "sig0",
    );
    assert_eq!(t.trim(), "+++ killed by SIGUSR1 +++", "{t}");
    let (_, t) = trace(
        &["-e", "trace=none"],
        &["sh", "-c", "kill -USR1 $$"],
        "sig1",
    );
    assert!(
        t.starts_with("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER"),
        "{t}"
    );
    let (_, t) = trace(&["-e", "trace=none", "-e", "quiet=exit"], &["true"], "q");
    assert!(t.is_empty(), "{t}");
}

#[test]
fn timing_decorations() {
    let (_, t) = trace(
        &["-tt", "-T", "-n", "-i", "-e", "trace=close"],
        &["true"],
        "tt",
    );
    let first = t.lines().next().unwrap();
    // 06:03:03.360058 [   3] [00007f47bbfc3c47] close(3) = 0 <0.000011>
    let b = first.as_bytes();
    assert!(
        b[2] == b':' && b[5] == b':' && b[8] == b'.' && b[15] == b' ',
        "{first}"
    );
    assert!(first[16..].starts_with("[   3] [0000"), "{first}");
    assert!(first.contains("] close(3) = 0 <0."), "{first}");
    assert!(
        t.contains("[????????????????] +++ exited with 0 +++"),
        "{t}"
    );
    let (_, t) = trace(&["-ttt", "-e", "trace=close"], &["true"], "ttt");
    let secs: f64 = t.split_whitespace().next().unwrap().parse().unwrap();
    assert!(secs > 1.0e9, "{t}");
    let (_, t) = trace(&["-r", "-e", "trace=close"], &["true"], "r");
    assert!(t.starts_with("     0.000000 close(3)"), "{t}");
    let (_, t) = trace(&["-t", "-r", "-e", "trace=close"], &["true"], "tr");
    assert_eq!(&t[8..20], " (+     0.00", "{t}");
}

/// `name -> (calls, errors)` from a -c table.
fn table(text: &str) -> BTreeMap<String, (u64, u64)> {
    let mut m = BTreeMap::new();
    for l in text.lines() {
        if l.starts_with("------") || l.starts_with("% time") || l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split_whitespace().collect();
        // time seconds usecs calls [errors] name
        let name = f.last().unwrap().to_string();
        let calls = f[3].parse().unwrap();
        let errors = if f.len() == 6 {
            f[4].parse().unwrap()
        } else {
            0
        };
        m.insert(name, (calls, errors));
    }
    m
}

#[test]
fn summary_counts_match_strace() {
    if !have_strace("summary") {
        return;
    }
    let dir = scratch("summary");
    // No signal may interrupt these programs, so the counts are the same on every run.
    let workload = example("workload");
    let family = [workload.to_str().unwrap(), "family", "3"];
    for cmd in [&["cat", "/etc/hostname", "/nonexistent"][..], &family[..]] {
        let (_, s) = trace_to_file(
            std::path::Path::new(STRACE),
            &["-c", "-f"],
            cmd,
            &dir.join("s"),
        );
        let (_, r) = trace_to_file(&rtrace(), &["-c", "-f"], cmd, &dir.join("r"));
        let (st, rt) = (table(&s), table(&r));
        assert!(rt.contains_key("total") && rt["openat"].1 > 0, "{r}");
        assert_eq!(rt, st, "\n--- strace:\n{s}\n--- rtrace:\n{r}");
        assert!(
            r.starts_with(
                "% time     seconds  usecs/call     calls    errors syscall\n------ -----------"
            ),
            "{r}"
        );
    }
    let (_, r) = trace_to_file(
        &rtrace(),
        &["-c", "-S", "calls", "-U", "name,calls,errors"],
        &["true"],
        &dir.join("u"),
    );
    assert!(
        r.starts_with("syscall              calls    errors\n"),
        "{r}"
    );
    let (_, r) = trace_to_file(
        &rtrace(),
        &["-C", "-e", "trace=close"],
        &["true"],
        &dir.join("cc"),
    );
    assert!(r.starts_with("close(3)") && r.contains("100.00"), "{r}");
}

#[test]
fn fast_path_is_on_by_default_for_a_filtered_spawn() {
    let grep = |flags: &[&str]| {
        let out = Command::new(rtrace())
            .args(flags)
            .args([
                "-o",
                "/dev/null",
                "--",
                "grep",
                "Seccomp:",
                "/proc/self/status",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        grep(&["-f", "-e", "trace=openat"]).contains('2'),
        "auto uses the filter"
    );
    assert!(grep(&["-f", "--seccomp-bpf=never", "-e", "trace=openat"]).contains('0'));
    // Without -f a child would be left untraced under the filter: no fast path.
    assert!(grep(&["-e", "trace=openat"]).contains('0'));
    assert!(grep(&["--seccomp-bpf", "-e", "trace=openat"]).contains('0'));
    assert!(
        grep(&[]).contains('0'),
        "no filter when every syscall is traced"
    );
    let out = run_rtrace(&["--seccomp-bpf=sometimes", "true"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn untraced_children_run_normally_under_a_filtered_trace() {
    // A shell without -f: its children are not traced, and must run as usual.
    let out = run_rtrace(&["-e", "trace=getpid", "sh", "-c", "/bin/true && echo ok"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n");
    let out = run_rtrace(&["--seccomp-bpf", "-e", "trace=getpid", "true"]);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--seccomp-bpf cannot be used without -f/--follow-forks, disabling"),
        "{out:?}"
    );
}

#[test]
fn fast_path_output_is_identical_with_threads_and_children() {
    let helper = example("forkthreads");
    let workload = example("workload");
    for (cmd, name) in [
        (vec![helper.to_str().unwrap()], "ft"),
        (vec![workload.to_str().unwrap(), "procs", "3", "100"], "wl"),
        (
            vec![workload.to_str().unwrap(), "threads", "3", "100"],
            "wt",
        ),
    ] {
        let dir = scratch(&format!("fast-{name}"));
        let flags = ["-f", "-e", "trace=write,openat,close,exit,exit_group,wait4"];
        let mut fast = vec!["--seccomp-bpf=auto"];
        fast.extend(flags);
        let mut slow = vec!["--seccomp-bpf=never"];
        slow.extend(flags);
        let (_, a) = trace_to_file(&rtrace(), &fast, &cmd, &dir.join("fast"));
        let (_, b) = trace_to_file(&rtrace(), &slow, &cmd, &dir.join("slow"));
        let (na, nb) = normalize_pair(&a, &b);
        // How many SIGCHLDs are delivered (they merge while pending), and whether one
        // interrupts a wait4, depend on timing, not on the fast path.
        let drop_restarts = |p: Vec<Vec<String>>| -> Vec<Vec<String>> {
            p.into_iter()
                .map(|v| {
                    v.into_iter()
                        .filter(|l| !l.contains("= ? ERESTART") && !l.starts_with("--- SIGCHLD"))
                        .collect()
                })
                .collect()
        };
        let (na, nb) = (unordered(drop_restarts(na)), unordered(drop_restarts(nb)));
        assert!(
            na == nb,
            "{name}: {}\n--- fast:\n{a}\n--- slow:\n{b}",
            diff_report(&nb, &na)
        );
        if name != "ft" {
            assert!(a.contains("openat(AT_FDCWD, \"/dev/null\""), "{a}");
        }
    }
}

#[test]
fn path_filter() {
    let (out, t) = trace(&["-P", "/etc/hostname"], &["cat", "/etc/hostname"], "p");
    assert!(out.status.success());
    let lines: Vec<&str> = t.lines().filter(|l| !l.starts_with("+++")).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("openat(AT_FDCWD, \"/etc/hostname\"")),
        "{t}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("read(3, ")),
        "reads on the fd count too: {t}"
    );
    assert!(!t.contains("/etc/ld.so.cache"), "{t}");
    // A relative path is reported resolved.
    let out = Command::new(rtrace())
        .current_dir("/etc")
        .args(["-o", "/dev/null", "-P", "hostname", "cat", "hostname"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("rtrace: Requested path \"hostname\" resolved into \"/etc/hostname\""));
}
