//! rtrace against /usr/bin/strace on the same commands: after normalising pids, addresses and
//! random bytes (tests/common), every process must show the same lines in the same order.
//!
//! Known differences, none of which these commands hit: strace prints `umovestr: short read`
//! warnings on stderr for strings that run into unmapped memory (rtrace prints only the pointer,
//! as strace does in the trace itself).

mod common;
use common::*;

fn compare(name: &str, flags: &[&str], cmd: &[&str]) {
    compare_env(name, flags, cmd, &[]);
}

fn compare_env(name: &str, flags: &[&str], cmd: &[&str], env: &[(&str, &str)]) {
    if !have_strace(name) {
        return;
    }
    let dir = scratch(name);
    let strace = std::path::Path::new(STRACE);
    let (s_out, s_text) = trace_to_file_env(strace, flags, cmd, &dir.join("strace"), env);
    let (r_out, r_text) = trace_to_file_env(&rtrace(), flags, cmd, &dir.join("rtrace"), env);
    assert_eq!(
        r_out.status.code(),
        s_out.status.code(),
        "exit status of {cmd:?}"
    );
    let (mut expected, mut actual) = normalize_pair(&s_text, &r_text);
    if flags.contains(&"-f") {
        // Where a SIGCHLD lands in a parent's syscalls is timing; compare the lines, not their order.
        expected = unordered(expected);
        actual = unordered(actual);
    }
    let (matched, total) = match_rate(&expected, &actual);
    eprintln!("{name}: {matched}/{total} of strace's lines reproduced");
    assert!(
        expected == actual,
        "{name}: traces differ ({matched}/{total} lines match)\n{}\n--- strace:\n{s_text}\n--- rtrace:\n{r_text}",
        diff_report(&expected, &actual)
    );
}

#[test]
fn bin_true() {
    compare("true", &[], &["--", "/bin/true"]);
}

#[test]
fn cat_a_file() {
    compare("cat", &[], &["--", "cat", "/etc/hostname"]);
}

#[test]
fn cat_a_missing_file() {
    compare("cat_missing", &[], &["--", "cat", "/nonexistent"]);
}

#[test]
fn shell_pipeline_with_follow() {
    compare(
        "pipeline",
        &["-f"],
        &["--", "sh", "-c", "echo hi | tr a-z A-Z"],
    );
}

/// The PTRACE_GETREGSET fallback (for kernels without PTRACE_GET_SYSCALL_INFO) gives the same trace.
#[test]
fn register_fallback_gives_the_same_trace() {
    let env = [("RTRACE_FORCE_REGSET", "1")];
    compare_env("regset_cat", &[], &["--", "cat", "/nonexistent"], &env);
    compare_env(
        "regset_pipeline",
        &["-f"],
        &["--", "sh", "-c", "echo hi | tr a-z A-Z"],
        &env,
    );
    let helper = example("threadexec");
    compare_env(
        "regset_threadexec",
        &["-f"],
        &["--", helper.to_str().unwrap()],
        &env,
    );
}

#[test]
fn normalisation_joins_split_lines_and_hides_pids() {
    let a = "100   read(0,  <unfinished ...>\n101   exit_group(0)                 = ?\n100   <... read resumed>\"x\", 1) = 1\n101   +++ exited with 0 +++\n";
    let b = "200   exit_group(0) = ?\n200   +++ exited with 0 +++\n201   read(0, \"x\", 1)                  = 1\n";
    assert_eq!(normalize(a), normalize(b));
    assert_eq!(
        normalize(a)[0],
        vec!["exit_group(0) = ?", "+++ exited with 0 +++"]
    );
}

#[test]
fn group_stop_and_continue() {
    let helper = example("groupstop");
    compare("groupstop", &[], &["--", helper.to_str().unwrap()]);
}

#[test]
fn exec_from_a_non_leader_thread() {
    let helper = example("threadexec");
    compare("threadexec", &["-f"], &["--", helper.to_str().unwrap()]);
}
