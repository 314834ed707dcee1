//! Colours for the text trace (`--color`), and the choice of whether to use them. Colours
//! follow meaning: syscall names, strings, failed calls with their errno, signals, exits. They
//! are added to pieces of strace's text that the tracer has already written (and escaped), so
//! the text is the same with and without them, and tracee bytes never become escape codes.

use crate::cli::ColorChoice;
use owo_colors::{OwoColorize, Style};
use std::ffi::OsStr;
use std::io::Write;

/// Which piece of a line is painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `name(args...`: the name and the strings.
    Call,
    /// Arguments written at exit: the strings.
    Args,
    /// `= result`: red with the errno's name in bold when the call failed.
    Result { error: bool },
    /// A line of its own: `--- SIG... ---`, `+++ exited with N +++`...
    Line,
    /// Bookkeeping: `<unfinished ...>`, `<... NAME resumed>`.
    Dim,
}

/// Whether the text trace gets colours. `auto`: only when the trace goes to stderr and stderr
/// is a terminal; never when NO_COLOR is set and not empty; CLICOLOR_FORCE (not empty, not
/// `0`) forces them on that side. A file (`-o`) gets them only with `always`.
pub fn enabled(
    choice: ColorChoice,
    to_stderr: bool,
    stderr_is_tty: bool,
    no_color: Option<&OsStr>,
    clicolor_force: Option<&OsStr>,
) -> bool {
    let set = |v: Option<&OsStr>| v.is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Never => false,
        ColorChoice::Always => true,
        ColorChoice::Auto if !to_stderr || set(no_color) => false,
        ColorChoice::Auto if set(clicolor_force) && clicolor_force != Some(OsStr::new("0")) => true,
        ColorChoice::Auto => stderr_is_tty,
    }
}

fn name_style() -> Style {
    Style::new().bold()
}
fn string_style() -> Style {
    Style::new().green()
}
fn error_style() -> Style {
    Style::new().red()
}
fn signal_style() -> Style {
    Style::new().yellow()
}
fn dim_style() -> Style {
    Style::new().dimmed()
}

/// Appends `text` painted with `style`.
fn styled(out: &mut Vec<u8>, text: &[u8], style: Style) {
    match std::str::from_utf8(text) {
        Ok(s) if !s.is_empty() => {
            let _ = write!(out, "{}", s.style(style));
        }
        _ => out.extend_from_slice(text),
    }
}

/// Appends `text` (arguments) with its quoted strings painted. Strings are strace's: a `"` in
/// the data is escaped, so the quotes found here are the delimiters.
fn strings(out: &mut Vec<u8>, text: &[u8]) {
    let mut rest = text;
    while let Some(open) = rest.iter().position(|&c| c == b'"') {
        let (plain, from_quote) = rest.split_at(open);
        out.extend_from_slice(plain);
        let mut end = from_quote.len();
        let mut i = 1;
        while let Some(&c) = from_quote.get(i) {
            match c {
                b'\\' => i += 2,
                b'"' => {
                    end = i + 1;
                    break;
                }
                _ => i += 1,
            }
        }
        let (quoted, after) = from_quote.split_at(end.min(from_quote.len()));
        styled(out, quoted, string_style());
        rest = after;
    }
    out.extend_from_slice(rest);
}

/// Appends `text` painted as `part`.
pub fn paint(out: &mut Vec<u8>, text: &[u8], part: Part) {
    match part {
        Part::Call => {
            let name_end = text.iter().position(|&c| c == b'(').unwrap_or(0);
            let (name, args) = text.split_at(name_end);
            styled(out, name, name_style());
            strings(out, args);
        }
        Part::Args => strings(out, text),
        Part::Result { error: false } => out.extend_from_slice(text),
        Part::Result { error: true } => result_error(out, text),
        Part::Line => line(out, text),
        Part::Dim => styled(out, text, dim_style()),
    }
}

/// `= -1 ENOENT (No such file or directory) <0.000012>`: the error in red, its name in bold,
/// the duration of `-T` as it is.
fn result_error(out: &mut Vec<u8>, text: &[u8]) {
    let body_end = find(text, b" <").unwrap_or(text.len());
    let (body, duration) = text.split_at(body_end);
    let start = if body.starts_with(b"= ") { 2 } else { 0 };
    let (eq, body) = body.split_at(start);
    out.extend_from_slice(eq);
    let mut words = body.splitn(3, |&c| c == b' ');
    let (first, name, rest) = (words.next(), words.next(), words.next());
    styled(out, first.unwrap_or_default(), error_style());
    if let Some(name) = name {
        out.push(b' ');
        styled(out, name, error_style().bold());
    }
    if let Some(rest) = rest {
        out.push(b' ');
        styled(out, rest, error_style());
    }
    out.extend_from_slice(duration);
}

/// Signal, stop and exit lines.
fn line(out: &mut Vec<u8>, text: &[u8]) {
    let style = if text.starts_with(b"--- ") {
        signal_style()
    } else if text.starts_with(b"+++ exited with 0 ") {
        Style::new().green()
    } else if text.starts_with(b"+++ exited") {
        error_style()
    } else if text.starts_with(b"+++ killed") {
        error_style().bold()
    } else {
        dim_style()
    };
    styled(out, text, style);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, part: Part) -> String {
        let mut out = Vec::new();
        paint(&mut out, text.as_bytes(), part);
        String::from_utf8(out).unwrap()
    }

    /// The text without its colour codes.
    fn plain(s: &str) -> String {
        let re = regex_lite::Regex::new("\x1b\\[[0-9;]*m").unwrap();
        re.replace_all(s, "").into_owned()
    }

    #[test]
    fn names_strings_and_errors() {
        let call = p(r#"openat(AT_FDCWD, "/a\"b", O_RDONLY"#, Part::Call);
        assert_eq!(
            call,
            "\x1b[1mopenat\x1b[0m(AT_FDCWD, \x1b[32m\"/a\\\"b\"\x1b[0m, O_RDONLY"
        );
        let args = p(r#""abc"..., 5) "#, Part::Args);
        assert_eq!(args, "\x1b[32m\"abc\"\x1b[0m..., 5) ");
        let err = p(
            "= -1 ENOENT (No such file or directory) <0.000012>",
            Part::Result { error: true },
        );
        assert_eq!(
            err,
            "= \x1b[31m-1\x1b[0m \x1b[31;1mENOENT\x1b[0m \x1b[31m(No such file or directory)\x1b[0m <0.000012>"
        );
        assert_eq!(p("= 3", Part::Result { error: false }), "= 3");
    }

    #[test]
    fn painting_keeps_the_text() {
        for (text, part) in [
            (r#"write(1, "x\\", 2"#, Part::Call),
            (r#""unterminated"#, Part::Args),
            (
                "= ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
                Part::Result { error: true },
            ),
            ("--- SIGCHLD {si_signo=SIGCHLD} ---", Part::Line),
            ("+++ exited with 1 +++", Part::Line),
            ("+++ killed by SIGKILL +++", Part::Line),
            (" <unfinished ...>", Part::Dim),
            ("", Part::Call),
        ] {
            assert_eq!(plain(&p(text, part)), text);
        }
        assert!(p("+++ exited with 0 +++", Part::Line).starts_with("\x1b[32m"));
    }

    #[test]
    fn choice() {
        use ColorChoice::*;
        let s = |v: &'static str| Some(OsStr::new(v));
        // auto: the terminal decides, NO_COLOR turns it off, CLICOLOR_FORCE on.
        assert!(enabled(Auto, true, true, None, None));
        assert!(!enabled(Auto, true, false, None, None));
        assert!(!enabled(Auto, true, true, s("1"), None));
        assert!(enabled(Auto, true, true, s(""), None));
        assert!(enabled(Auto, true, false, None, s("1")));
        assert!(!enabled(Auto, true, false, None, s("0")));
        assert!(!enabled(Auto, true, true, s("1"), s("1")));
        // -o FILE: only with always.
        assert!(!enabled(Auto, false, true, None, s("1")));
        assert!(enabled(Always, false, false, s("1"), None));
        assert!(!enabled(Never, true, true, None, s("1")));
    }
}
