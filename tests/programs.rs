//! The differential corpus: real programs and flag combinations, each traced by /usr/bin/strace
//! and by rtrace. The traces are normalised (pids, addresses, random bytes; with `-f` each
//! process's lines as a set, since where a SIGCHLD lands is timing) and the share of strace's
//! lines that rtrace reproduces is printed per case and in total. The total must reach 97%.
//!
//! A case whose program is not installed is reported as SKIPPED and left out of the total.
//! Run alone with `cargo test --test programs -- --nocapture` to see the table and the diffs.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The share of strace's lines the corpus as a whole must reproduce, in percent.
const THRESHOLD: f64 = 97.0;

struct Case {
    name: &'static str,
    flags: Vec<String>,
    cmd: Vec<String>,
    /// Removed before each tracer runs (what the first run created).
    remove: Option<PathBuf>,
    env: Vec<(&'static str, &'static str)>,
}

fn case(name: &'static str, flags: &[&str], cmd: &[&str]) -> Case {
    Case {
        name,
        flags: flags.iter().map(|s| s.to_string()).collect(),
        cmd: cmd.iter().map(|s| s.to_string()).collect(),
        remove: None,
        env: Vec::new(),
    }
}

/// A directory with a few fixed files for the programs to work on.
fn workdir() -> PathBuf {
    let d = scratch("corpus-work");
    std::fs::write(d.join("a.txt"), "hello\n").unwrap();
    std::fs::write(d.join("sort.txt"), "b\na\nc\n").unwrap();
    std::fs::write(
        d.join("bin.dat"),
        b"\x7fELF\x02\x01\x01\0\0\0\ttab\nline\xc3\xa9\x1b[0m",
    )
    .unwrap();
    std::fs::create_dir_all(d.join("tree/sub")).unwrap();
    std::fs::write(d.join("tree/sub/x"), "x\n").unwrap();
    d
}

fn cases(w: &Path) -> Vec<Case> {
    let p = |f: &str| w.join(f).to_string_lossy().into_owned();
    let repo = env!("CARGO_MANIFEST_DIR");
    let sysmix = example("sysmix").to_string_lossy().into_owned();
    let net = example("nettraffic").to_string_lossy().into_owned();
    let mut cp = case("cp", &[], &["cp", &p("a.txt"), &p("b.txt")]);
    cp.remove = Some(w.join("b.txt"));
    let mut tar = case(
        "tar",
        &[],
        &["tar", "cf", &p("t.tar"), "-C", &p("tree"), "."],
    );
    tar.remove = Some(w.join("t.tar"));
    let mut python = case(
        "python3 import",
        &[],
        &["python3", "-c", "import json, os.path"],
    );
    python.env = vec![("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONHASHSEED", "0")];
    let mut pysub = case(
        "python3 subprocess -f",
        &["-f"],
        &[
            "python3",
            "-c",
            "import subprocess; subprocess.run(['true'])",
        ],
    );
    pysub.env = python.env.clone();
    vec![
        case("ls -la", &[], &["ls", "-la", "/"]),
        case("ls -la -v", &["-v"], &["ls", "-la", "/usr"]),
        case("cat", &[], &["cat", "/etc/hostname"]),
        case(
            "cat -s 8",
            &["-s", "8"],
            &["cat", &p("a.txt"), &p("sort.txt")],
        ),
        case("cat -x", &["-x"], &["cat", &p("bin.dat"), &p("a.txt")]),
        case("cat -xx", &["-xx"], &["cat", &p("a.txt")]),
        case("cat missing -Z", &["-Z"], &["cat", &p("nonexistent")]),
        case("cat -z", &["-z"], &["cat", &p("a.txt")]),
        cp,
        case("stat", &[], &["stat", "/etc/hostname"]),
        case("stat -v", &["-v"], &["stat", "/etc/hostname"]),
        case("find", &[], &["find", "/usr/share/doc", "-maxdepth", "1"]),
        case("find -v", &["-v"], &["find", &p("tree")]),
        tar,
        case("gzip", &[], &["gzip", "-c", &p("a.txt")]),
        case("sort", &[], &["sort", &p("sort.txt")]),
        case(
            "dd",
            &[],
            &["dd", "if=/dev/zero", "of=/dev/null", "bs=1k", "count=3"],
        ),
        case(
            "wc -e trace=",
            &["-e", "trace=openat,read,fstat"],
            &["wc", &p("a.txt")],
        ),
        case(
            "ls -e trace=%file",
            &["-e", "trace=%file"],
            &["ls", &p("tree")],
        ),
        case("uname -a", &[], &["uname", "-a"]),
        case("id", &[], &["id"]),
        python,
        pysub,
        case(
            "git rev-parse",
            &[],
            &["git", "-C", repo, "rev-parse", "HEAD"],
        ),
        case("sh pipeline -f", &["-f"], &["sh", "-c", "ls /usr | wc -l"]),
        case(
            "sh %process -f",
            &["-f", "-e", "trace=%process"],
            &["sh", "-c", "true; id -u"],
        ),
        case("sysmix", &[], &[&sysmix]),
        case("nettraffic", &[], &[&net]),
        case("cat -y", &["-y"], &["cat", &p("a.txt")]),
        case("nettraffic -yy", &["-yy"], &[&net]),
        case("cat -yy", &["-yy"], &["cat", "/etc/hostname"]),
        case("sysmix -y", &["-y"], &[&sysmix]),
        case(
            "sh pipeline -f -y",
            &["-f", "-y"],
            &["sh", "-c", "cat /etc/hostname | wc -c"],
        ),
        case(
            "cat -e raw=",
            &["-e", "raw=openat,read,close,mmap"],
            &["cat", &p("a.txt")],
        ),
        case(
            "sysmix -e verbose=none",
            &["-e", "verbose=none"],
            &[&sysmix],
        ),
        case("sysmix -X raw", &["-X", "raw"], &[&sysmix]),
        case(
            "ls -X verbose",
            &["-X", "verbose"],
            &["ls", "-la", &p("tree")],
        ),
        case(
            "ls -e abbrev=none -a 20",
            &["-e", "abbrev=none", "-a", "20"],
            &["ls", &p("tree")],
        ),
    ]
}

/// The program a case runs, if it can be found (absolute, or on PATH).
fn installed(cmd: &str) -> bool {
    if cmd.contains('/') {
        return Path::new(cmd).exists();
    }
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file()))
        .unwrap_or(false)
}

/// Runs one case under both tracers: (matched, total) and the diff.
fn run(c: &Case, dir: &Path) -> (usize, usize, String) {
    let flags: Vec<&str> = c.flags.iter().map(String::as_str).collect();
    let cmd: Vec<&str> = c.cmd.iter().map(String::as_str).collect();
    let mut texts = Vec::new();
    for (tracer, tag) in [(PathBuf::from(STRACE), "strace"), (rtrace(), "rtrace")] {
        if let Some(r) = &c.remove {
            let _ = std::fs::remove_file(r);
        }
        let file = dir.join(tag);
        let (_, text) = trace_to_file_env(&tracer, &flags, &cmd, &file, &c.env);
        texts.push(text);
    }
    let (mut expected, mut actual) = normalize_pair(&texts[0], &texts[1]);
    if flags.contains(&"-f") {
        expected = unordered(expected);
        actual = unordered(actual);
    }
    let (matched, total) = match_rate(&expected, &actual);
    (matched, total, diff_report(&expected, &actual))
}

#[test]
fn corpus_matches_strace() {
    if !have_strace("corpus_matches_strace") {
        return;
    }
    let w = workdir();
    let all = cases(&w);
    assert!(all.len() >= 25, "the corpus has {} cases", all.len());
    let (mut matched, mut total, mut ran) = (0, 0, 0);
    let mut report = String::new();
    for (i, c) in all.iter().enumerate() {
        if !installed(&c.cmd[0]) {
            eprintln!("SKIPPED {}: {} is not installed", c.name, c.cmd[0]);
            continue;
        }
        let dir = scratch(&format!("corpus-{i}"));
        let (m, t, diff) = run(c, &dir);
        assert!(t > 0, "{}: strace printed nothing", c.name);
        eprintln!(
            "{:<24} {m:>5}/{t:<5} {:6.2}%",
            c.name,
            100.0 * m as f64 / t as f64
        );
        if m != t {
            report.push_str(&format!("--- {}:\n{diff}\n", c.name));
        }
        matched += m;
        total += t;
        ran += 1;
    }
    let pct = 100.0 * matched as f64 / total.max(1) as f64;
    eprintln!("TOTAL {matched}/{total} = {pct:.2}% over {ran} cases");
    if !report.is_empty() {
        eprintln!("{report}");
    }
    assert!(ran >= 20, "only {ran} cases could run on this machine");
    assert!(
        pct >= THRESHOLD,
        "rtrace reproduced {pct:.2}% of strace's lines, below {THRESHOLD}%"
    );
}
