//! Terminal safety: a tracee that puts escape sequences (`ESC ] 0 ; pwned BEL` retitles a
//! terminal, `ESC [ 2 J` clears it) in its argv, its name, paths and buffers cannot get one
//! raw control byte into rtrace's output, in text, colour, JSON or Perfetto form.

mod common;

use common::*;
use std::process::{Command, Stdio};

const ARGV: [&str; 2] = ["\x1b]0;pwned\x07", "\x1b[2J"];

/// Traces the hostile helper with `flags`, the trace on stderr; returns stderr's bytes.
fn traced(flags: &[&str]) -> Vec<u8> {
    let dir = scratch(&format!("hostile{}", flags.len()));
    let out = Command::new(rtrace())
        .args(["-f", "-y", "-s", "256"])
        .args(flags)
        .arg(example("evil"))
        .arg(&dir)
        .args(ARGV)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stderr
}

/// The bytes that are not printable ASCII or a newline, with where they are.
fn controls(bytes: &[u8]) -> Vec<(usize, u8)> {
    bytes
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, b)| !(0x20..0x7f).contains(&b) && b != b'\n')
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn text_trace_escapes_everything() {
    let out = traced(&[]);
    assert_eq!(controls(&out), [], "{}", text(&out));
    let t = text(&out);
    // The same bytes, escaped: in argv, the failed open, the file (and its -y name), the buffers.
    assert!(
        t.contains(r#"["#) && t.contains(r#""\33]0;pwned\7", "\33[2J"]"#),
        "{t}"
    );
    assert!(t.contains(r#""/nonexistent/\33[2J\33]0;pwned\7""#), "{t}");
    assert!(
        t.contains(r#"write(3</"#)
            && t.contains(r#"\33]0;pwned\7\33[2J>, "\33]0;pwned\7\33[2J", 14"#),
        "{t}"
    );
    assert!(t.contains(r#"prctl(PR_SET_NAME, "\33]0;pwned\7")"#), "{t}");
}

#[test]
fn colour_codes_are_the_only_escapes() {
    let out = traced(&["--color=always"]);
    let t = text(&out);
    assert!(t.contains("\x1b[32m\""), "strings are painted: {t}");
    let re = regex_lite::Regex::new("\x1b\\[[0-9;]*m").unwrap();
    let plain = re.replace_all(&t, "");
    assert_eq!(controls(plain.as_bytes()), [], "{plain}");
    assert!(plain.contains(r#""\33]0;pwned\7", "\33[2J"]"#), "{plain}");
}

#[test]
fn json_and_perfetto_are_printable_ascii() {
    let dir = scratch("hostile-perfetto");
    let timeline = dir.join("p.json");
    let out = traced(&["--json", "--perfetto", timeline.to_str().unwrap()]);
    let t = text(&out);
    assert_eq!(controls(&out), [], "{t}");
    // No escaped control character either: a consumer that prints a field prints text.
    assert!(
        !t.contains("\\u00") && t.contains(r#"\\33]0;pwned\\7"#),
        "{t}"
    );
    let p = std::fs::read(&timeline).unwrap();
    assert_eq!(controls(&p), [], "{}", text(&p));
    let p = text(&p);
    assert!(!p.contains("\\u00"), "{p}");
    // The tracee's name, which it chose, names its track escaped.
    assert!(
        p.contains(r#""thread_name""#) && p.contains(r#"{"name":"\\33]0;pwned\\7"}"#),
        "{p}"
    );
}
