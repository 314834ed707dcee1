//! Real programs under strace and rtrace: how many of strace's lines rtrace reproduces. These
//! depend on what the machine has installed (coreutils, python3, /usr/share/doc), so they only
//! report: run them with `cargo test --test programs -- --ignored --nocapture`.

mod common;
use common::*;

fn report(name: &str, flags: &[&str], cmd: &[&str]) {
    report_with(name, flags, cmd, &|| {});
}

/// [`report`] with a step run before each tracer (to remove what the first run created).
fn report_with(name: &str, flags: &[&str], cmd: &[&str], prep: &dyn Fn()) {
    if !have_strace(name) {
        return;
    }
    let dir = scratch(name);
    let strace = std::path::Path::new(STRACE);
    prep();
    let (_, s_text) = trace_to_file(strace, flags, cmd, &dir.join("strace"));
    prep();
    let (_, r_text) = trace_to_file(&rtrace(), flags, cmd, &dir.join("rtrace"));
    let (mut expected, mut actual) = normalize_pair(&s_text, &r_text);
    if flags.contains(&"-f") {
        // Where a SIGCHLD lands is timing: compare each process's lines as a set.
        expected = unordered(expected);
        actual = unordered(actual);
    }
    let (matched, total) = match_rate(&expected, &actual);
    eprintln!("MATCH {name}: {matched}/{total}");
    if matched != total {
        eprintln!("{}", diff_report(&expected, &actual));
    }
}

/// A directory with a few fixed files for the programs to work on.
fn workdir(name: &str) -> String {
    let d = scratch(&format!("{name}-work"));
    std::fs::write(d.join("a.txt"), "hello\n").unwrap();
    std::fs::write(d.join("sort.txt"), "b\na\nc\n").unwrap();
    d.to_string_lossy().into_owned()
}

#[test]
#[ignore]
fn ls_la() {
    report("ls", &[], &["ls", "-la", "/"]);
}

#[test]
#[ignore]
fn stat_file() {
    report("stat", &[], &["stat", "/etc/hostname"]);
    report("stat_v", &["-v"], &["stat", "/etc/hostname"]);
}

#[test]
#[ignore]
fn cp_file() {
    let w = workdir("cp");
    let b = format!("{w}/b.txt");
    report_with("cp", &[], &["cp", &format!("{w}/a.txt"), &b], &|| {
        let _ = std::fs::remove_file(&b);
    });
}

#[test]
#[ignore]
fn find_doc() {
    report("find", &[], &["find", "/usr/share/doc", "-maxdepth", "1"]);
}

#[test]
#[ignore]
fn dd_zero() {
    report(
        "dd",
        &[],
        &["dd", "if=/dev/zero", "of=/dev/null", "bs=1k", "count=3"],
    );
}

#[test]
#[ignore]
fn sort_file() {
    let w = workdir("sort");
    report("sort", &[], &["sort", &format!("{w}/sort.txt")]);
}

#[test]
#[ignore]
fn gzip_file() {
    let w = workdir("gzip");
    report("gzip", &[], &["gzip", "-c", &format!("{w}/a.txt")]);
}

#[test]
#[ignore]
fn tar_dir() {
    let w = workdir("tar");
    let out = format!("{w}.tar");
    report_with("tar", &[], &["tar", "cf", &out, &w], &|| {
        let _ = std::fs::remove_file(&out);
    });
}

#[test]
#[ignore]
fn python_json() {
    report("python3", &[], &["/usr/bin/python3", "-c", "import json"]);
}

#[test]
#[ignore]
fn git_status() {
    let repo = env!("CARGO_MANIFEST_DIR");
    report("git", &[], &["git", "-C", repo, "rev-parse", "HEAD"]);
}

#[test]
#[ignore]
fn shell_pipeline() {
    report("sh", &["-f"], &["sh", "-c", "ls /usr | wc -l"]);
}

#[test]
#[ignore]
fn python_subprocess() {
    report(
        "python3_subprocess",
        &["-f"],
        &[
            "/usr/bin/python3",
            "-c",
            "import subprocess; subprocess.run(['true'])",
        ],
    );
}

#[test]
#[ignore]
fn verbose_ls_and_find() {
    report("ls_v", &["-v"], &["ls", "-la", "/usr"]);
    report(
        "find_v",
        &["-v"],
        &["find", "/usr/share/doc", "-maxdepth", "1"],
    );
}
