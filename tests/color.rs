//! `--color` on a real pseudo-terminal (made by util-linux `script`): auto colours a trace that
//! goes to a terminal, unless NO_COLOR is set and not empty; never and always mean what they
//! say; a pipe gets colours only with CLICOLOR_FORCE or always; a file (`-o`) only with always.
//! Colours never move the result column.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

const SCRIPT: &str = "/usr/bin/script";

fn have_script(test: &str) -> bool {
    if Path::new(SCRIPT).exists() {
        true
    } else {
        eprintln!("SKIPPED {test}: {SCRIPT} is not installed (apt-get install bsdutils)");
        false
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// rtrace's arguments for a short trace of a helper.
fn args(flags: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
    a.push("-f".into());
    if !flags.contains(&"-e") {
        a.extend(["-e", "trace=openat,write,exit_group"].map(String::from));
    }
    a.push(example("forkthreads").to_string_lossy().into_owned());
    a
}

/// Runs rtrace with its stderr on a pseudo-terminal; returns what the terminal showed.
fn on_pty(flags: &[&str], env: &[(&str, &str)]) -> String {
    let line = std::iter::once(rtrace().to_string_lossy().into_owned())
        .chain(args(flags))
        .map(|a| quote(&a))
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new(SCRIPT)
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs rtrace with its stderr on a pipe; returns stderr.
fn on_pipe(flags: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(rtrace())
        .args(args(flags))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whether the trace has colours: names in bold, strings in green.
fn coloured(text: &str) -> bool {
    text.contains("\x1b[1mopenat\x1b[0m(") && text.contains("\x1b[32m\"")
}

fn plain(text: &str) -> bool {
    text.contains("openat(") && !text.contains('\x1b')
}

/// Flags, environment, and whether colours are expected.
type Case = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    bool,
);

#[test]
fn auto_never_always_on_a_terminal() {
    if !have_script("auto_never_always_on_a_terminal") {
        return;
    }
    let cases: [Case; 7] = [
        (&[], &[], true),
        (&["--color=auto"], &[("NO_COLOR", "1")], false),
        (&[], &[("NO_COLOR", "")], true),
        (&["--color=never"], &[], false),
        (&["--color=never"], &[("CLICOLOR_FORCE", "1")], false),
        (&["--color=always"], &[], true),
        (&["--color=always"], &[("NO_COLOR", "1")], true),
    ];
    for (flags, env, want) in cases {
        let shown = on_pty(flags, env);
        let ok = if want {
            coloured(&shown)
        } else {
            plain(&shown)
        };
        assert!(ok, "{flags:?} {env:?}: {shown}");
    }
}

#[test]
fn a_file_gets_colours_only_with_always() {
    if !have_script("a_file_gets_colours_only_with_always") {
        return;
    }
    let dir = scratch("color-file");
    for (flag, want) in [("--color=auto", false), ("--color=always", true)] {
        let file = dir.join(&flag[8..]);
        let shown = on_pty(
            &[flag, "-o", file.to_str().unwrap()],
            &[("CLICOLOR_FORCE", "1")],
        );
        assert!(
            !shown.contains("openat("),
            "the trace went to the file: {shown}"
        );
        let text = std::fs::read_to_string(&file).unwrap();
        let ok = if want { coloured(&text) } else { plain(&text) };
        assert!(ok, "{flag}: {text}");
    }
}

#[test]
fn a_pipe_gets_colours_when_forced() {
    assert!(plain(&on_pipe(&[], &[])));
    assert!(coloured(&on_pipe(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(plain(&on_pipe(&[], &[("CLICOLOR_FORCE", "0")])));
    assert!(plain(&on_pipe(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    assert!(coloured(&on_pipe(&["--color=always"], &[])));
    let json = on_pipe(&["--json", "--color=always"], &[]);
    assert!(
        json.contains(r#""name":"openat""#) && !json.contains('\x1b'),
        "{json}"
    );
}

#[test]
fn colours_do_not_move_the_result_column() {
    let text = on_pipe(&["--color=always", "-e", "trace=all"], &[]);
    let re = regex_lite::Regex::new("\x1b\\[[0-9;]*m").unwrap();
    let stripped = re.replace_all(&text, "");
    let mut checked = 0;
    for line in stripped.lines() {
        // The column counts from the start of the line, `[pid  N] ` prefix included. (A line
        // that another message interrupted goes on at its column on the next line: skipped.)
        let starts_a_call =
            line.starts_with("[pid ") || line.starts_with(|c: char| c.is_ascii_lowercase());
        if let Some(eq) = line.find(") ").filter(|_| starts_a_call) {
            if eq + 2 < 40 && line[eq + 2..].trim_start().starts_with("= ") {
                assert_eq!(line[eq..].find("= ").map(|i| i + eq), Some(40), "{line}");
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "{stripped}");
}
