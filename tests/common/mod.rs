//! Shared helpers for the integration tests: paths to rtrace and the helper programs, running a
//! tracer into a file, and the normalisation used to compare rtrace's trace with strace's.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn rtrace() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rtrace"))
}

/// A helper program from `examples/` (cargo builds them for `cargo test`).
pub fn example(name: &str) -> PathBuf {
    let mut p = rtrace();
    p.pop();
    p.push("examples");
    p.push(name);
    assert!(
        p.exists(),
        "helper {} was not built: run `cargo test` (it builds examples/) or `cargo build --examples`",
        p.display()
    );
    p
}

pub const STRACE: &str = "/usr/bin/strace";

/// True if strace is installed; otherwise prints a loud SKIPPED line.
pub fn have_strace(test: &str) -> bool {
    if Path::new(STRACE).exists() {
        true
    } else {
        eprintln!("SKIPPED {test}: {STRACE} is not installed (apt-get install strace)");
        false
    }
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rtrace-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `tracer flags... -o FILE cmd...` with the command's stdout/stdin on /dev/null; returns
/// the process output and the trace text.
pub fn trace_to_file(tracer: &Path, flags: &[&str], cmd: &[&str], file: &Path) -> (Output, String) {
    trace_to_file_env(tracer, flags, cmd, file, &[])
}

/// [`trace_to_file`] with extra environment variables (both tracers get them, so the traced
/// command sees the same environment).
pub fn trace_to_file_env(
    tracer: &Path,
    flags: &[&str],
    cmd: &[&str],
    file: &Path,
    env: &[(&str, &str)],
) -> (Output, String) {
    let out = Command::new(tracer)
        .envs(env.iter().copied())
        .args(flags)
        .arg("-o")
        .arg(file)
        .args(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    let text = std::fs::read_to_string(file).unwrap_or_default();
    (out, text)
}

/// Polls a trace file until `done` holds for its text (true) or 20 s pass (false). For tests of
/// what is visible while a tracee runs; a deadline, not a timing assertion.
pub fn wait_for_trace(file: &Path, done: impl Fn(&str) -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        if done(&std::fs::read_to_string(file).unwrap_or_default()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// Runs rtrace with arguments and returns its output (stdout piped, stdin null).
pub fn run_rtrace(args: &[&str]) -> Output {
    Command::new(rtrace())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Splits a trace line into its pid prefix (if any) and the rest.
fn split_prefix(line: &str) -> (Option<u32>, &str) {
    if let Some(rest) = line.strip_prefix("[pid ") {
        if let Some(end) = rest.find("] ") {
            if let Ok(pid) = rest[..end].trim().parse() {
                return (Some(pid), &rest[end + 2..]);
            }
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(' ') {
        if let Ok(pid) = line[..digits].parse() {
            return (Some(pid), line[digits..].trim_start_matches(' '));
        }
    }
    (None, line)
}

const PID_RESULTS: &[&str] = &[
    "clone(",
    "clone3(",
    "fork(",
    "vfork(",
    "getpid(",
    "gettid(",
    "getppid(",
    "set_tid_address(",
    "wait4(",
];

fn collect_pids(lines: &[(Option<u32>, String)]) -> HashSet<String> {
    let mut pids = HashSet::new();
    for (pid, text) in lines {
        if let Some(p) = pid {
            pids.insert(p.to_string());
        }
        for key in ["si_pid=", "Process "] {
            if let Some(i) = text.find(key) {
                let n: String = text[i + key.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if !n.is_empty() {
                    pids.insert(n);
                }
            }
        }
        if PID_RESULTS.iter().any(|p| text.starts_with(p)) {
            if let Some(i) = text.rfind("= ") {
                let n: String = text[i + 2..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if !n.is_empty() {
                    pids.insert(n);
                }
            }
        }
    }
    pids
}

/// Replaces every whole-word occurrence of one of `words` with `PID`.
fn replace_words(text: &str, words: &HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let j = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let word = &text[i..j];
            let boundary = j == bytes.len() || !bytes[j].is_ascii_alphanumeric();
            if boundary && words.contains(word) {
                out.push_str("PID");
            } else {
                out.push_str(word);
            }
            i = j;
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Hex addresses become ADDR, random bytes and padding go.
fn scrub(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0'
            && i + 1 < b.len()
            && b[i + 1] == b'x'
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
        {
            let j = i
                + 2
                + b[i + 2..]
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count();
            s.push_str("ADDR");
            i = j;
        } else {
            let ch = text[i..].chars().next().unwrap();
            s.push(ch);
            i += ch.len_utf8();
        }
    }
    // Padding before " = " depends on the prefix and on where a line was split: drop it.
    let mut result_at = s.match_indices(')').map(|(i, _)| i).filter(|&i| {
        let rest = &s[i + 1..];
        rest.starts_with(' ') && rest.trim_start_matches(' ').starts_with("= ")
    });
    if let Some(i) = result_at.next_back() {
        let rest = s[i + 1..].trim_start_matches(' ').to_string();
        s = format!("{} {rest}", &s[..i + 1]);
    }
    // CPU times in SIGCHLD's siginfo are measurements, not decoding.
    for key in ["si_utime=", "si_stime="] {
        if let Some(i) = s.find(key) {
            let j = i + key.len();
            let mut n = s[j..].chars().take_while(char::is_ascii_digit).count();
            if s[j + n..].starts_with(" /* ") {
                n += s[j + n..].find(" */").map_or(0, |e| e + 3);
            }
            s = format!("{}T{}", &s[..j], &s[j + n..]);
        }
    }
    // rt_sigreturn returns whatever the interrupted syscall returned: timing, not decoding.
    if s.starts_with("rt_sigreturn(") {
        if let Some(i) = s.rfind(") = ") {
            s = format!("{}) = RET", &s[..i]);
        }
    }
    // Inode numbers after -y/-yy (`pipe:[212903]`, `UNIX-STREAM:[1->2]`) change between runs.
    if s.contains(":[") {
        s = scrub_inodes(&s);
    }
    if s.starts_with("getrandom(\"") {
        if let Some(end) = s[11..].find('"') {
            s = format!("getrandom(\"RANDOM{}", &s[11 + end..]);
        }
    }
    s
}

/// Replaces the digits right after `:[`, `->` and `[..,` inside descriptor names with `INO`.
fn scrub_inodes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(":[") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        loop {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n > 0 {
                out.push_str("INO");
                rest = &rest[n..];
            }
            if let Some(r) = rest.strip_prefix("->") {
                out.push_str("->");
                rest = r;
            } else {
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A trace turned into something comparable across runs: per process, its lines in order, with
/// unfinished/resumed pairs joined, pids, addresses and random bytes replaced; the processes sorted.
/// With `-f`, when a signal lands (SIGCHLD) depends on timing; [`unordered`] sorts each process's
/// lines for such comparisons.
pub fn normalize(trace: &str) -> Vec<Vec<String>> {
    let pids = collect_pids(&split_lines(trace));
    normalize_with(trace, &pids)
}

/// Normalises two traces of the same command with the pids of both, so that a number that is a
/// pid in one run (say 12288) is hidden in both, also where it is not a pid (`mmap(NULL, 12288`).
pub fn normalize_pair(a: &str, b: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut pids = collect_pids(&split_lines(a));
    pids.extend(collect_pids(&split_lines(b)));
    (normalize_with(a, &pids), normalize_with(b, &pids))
}

fn split_lines(trace: &str) -> Vec<(Option<u32>, String)> {
    trace
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (p, t) = split_prefix(l);
            (p, t.to_string())
        })
        .collect()
}

fn normalize_with(trace: &str, pids: &HashSet<String>) -> Vec<Vec<String>> {
    let raw = split_lines(trace);
    let mut pending: HashMap<Option<u32>, String> = HashMap::new();
    let mut per: BTreeMap<Option<u32>, Vec<String>> = BTreeMap::new();
    let mut order: Vec<Option<u32>> = Vec::new();
    for (pid, text) in raw {
        let joined = if let Some(head) = text.strip_suffix(" <unfinished ...>") {
            pending.insert(pid, head.to_string());
            continue;
        } else if let Some(rest) = text.strip_prefix("<... ") {
            match (rest.find(" resumed>"), pending.remove(&pid)) {
                (Some(i), Some(head)) => format!("{head}{}", &rest[i + 9..]),
                _ => text,
            }
        } else {
            text
        };
        // A fork interrupted by a signal and restarted by the kernel (`= ? ERESTARTNOINTR`)
        // shows up in one run and not the other: timing, not decoding.
        if joined.contains("= ? ERESTARTNOINTR") {
            continue;
        }
        if !order.contains(&pid) {
            order.push(pid);
        }
        per.entry(pid)
            .or_default()
            .push(scrub(&replace_words(&joined, pids)));
    }
    let mut procs: Vec<Vec<String>> = per.into_values().collect();
    procs.sort();
    procs
}

/// The same processes with each one's lines sorted.
pub fn unordered(mut procs: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for p in &mut procs {
        p.sort();
    }
    procs.sort();
    procs
}

/// Lines of `expected` (strace) that `actual` (rtrace) reproduces, as (matched, total), counted
/// as a multiset over all processes.
pub fn match_rate(expected: &[Vec<String>], actual: &[Vec<String>]) -> (usize, usize) {
    let mut have: HashMap<&str, usize> = HashMap::new();
    for l in actual.iter().flatten() {
        *have.entry(l.as_str()).or_default() += 1;
    }
    let mut matched = 0;
    let mut total = 0;
    for l in expected.iter().flatten() {
        total += 1;
        if let Some(n) = have.get_mut(l.as_str()) {
            if *n > 0 {
                *n -= 1;
                matched += 1;
            }
        }
    }
    (matched, total)
}

/// A readable report of the lines that differ.
pub fn diff_report(expected: &[Vec<String>], actual: &[Vec<String>]) -> String {
    let mut have: HashMap<&str, isize> = HashMap::new();
    for l in actual.iter().flatten() {
        *have.entry(l.as_str()).or_default() += 1;
    }
    for l in expected.iter().flatten() {
        *have.entry(l.as_str()).or_default() -= 1;
    }
    let mut lines: Vec<String> = have
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|(l, n)| format!("{} {l}", if n > 0 { "+rtrace" } else { "-strace" }))
        .collect();
    lines.sort();
    lines.join("\n")
}
