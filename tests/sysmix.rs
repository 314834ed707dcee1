//! `examples/sysmix` (files, descriptors, signals, timers, epoll, inotify, memory, process
//! attributes) under /usr/bin/strace and rtrace: the normalised traces must be identical, by
//! default and with `-v` (whole structures, where the helper avoids values that change between
//! runs).

mod common;
use common::*;

fn compare(name: &str, flags: &[&str]) {
    if !have_strace(name) {
        return;
    }
    let dir = scratch(name);
    let helper = example("sysmix");
    let cmd = [helper.to_str().unwrap()];
    let strace = std::path::Path::new(STRACE);
    let (s_out, s_text) = trace_to_file(strace, flags, &cmd, &dir.join("strace"));
    let (r_out, r_text) = trace_to_file(&rtrace(), flags, &cmd, &dir.join("rtrace"));
    assert_eq!(r_out.status.code(), s_out.status.code(), "exit status");
    let (s_text, r_text) = if flags.contains(&"-v") {
        (mask_varying(&s_text), mask_varying(&r_text))
    } else {
        (s_text, r_text)
    };
    let (expected, actual) = normalize_pair(&s_text, &r_text);
    let (matched, total) = match_rate(&expected, &actual);
    eprintln!("{name}: {matched}/{total} of strace's lines reproduced");
    assert!(total > 150, "strace saw too little:\n{s_text}");
    assert!(
        expected == actual,
        "{name}: traces differ ({matched}/{total} lines match)\n{}\n--- strace:\n{s_text}\n--- rtrace:\n{r_text}",
        diff_report(&expected, &actual)
    );
}

/// With `-v`, inode numbers, directory offsets and file times differ between the two runs (the
/// helper recreates its files): they become `N`, dates `DATE`, and the rest must still match.
fn mask_varying(text: &str) -> String {
    const KEYS: &[&str] = &["ino=", "d_off=", "time=", "_nsec=", "tv_sec=", "tv_nsec="];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/* ") {
            if let Some(end) = after.find(" */") {
                let inner = &after[..end];
                if inner.len() >= 19 && inner.as_bytes()[4] == b'-' && inner.contains('T') {
                    out.push_str("/* DATE */");
                    rest = &after[end + 3..];
                    continue;
                }
            }
        }
        if let Some(key) = KEYS.iter().find(|k| rest.starts_with(*k)) {
            let digits = rest[key.len()..]
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'-')
                .count();
            if digits > 0 {
                out.push_str(key);
                out.push('N');
                rest = &rest[key.len() + digits..];
                continue;
            }
        }
        let ch = rest.chars().next().unwrap();
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// Both tracers run the helper one after the other; it uses a fixed directory.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn sysmix_matches_strace() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    compare("sysmix", &[]);
}

#[test]
fn sysmix_matches_strace_verbose() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    compare("sysmix_v", &["-v"]);
}
