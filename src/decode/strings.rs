//! Quoting and escaping of tracee bytes, as strace prints them. Every byte that is not printable
//! ASCII is escaped, so tracee data can never reach the terminal as a control sequence.

use std::io::Write;

/// How strings are shown: `-x` (hex when a string has a byte that would need an octal escape),
/// `-xx` (always hex).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HexMode {
    #[default]
    Off,
    NonPrintable,
    All,
}

fn printable(c: u8) -> bool {
    (0x20..0x7f).contains(&c)
}

/// Appends `bytes` in double quotes with strace's escapes; `truncated` appends `...`.
pub fn quote(out: &mut Vec<u8>, bytes: &[u8], truncated: bool, hex: HexMode) {
    let use_hex = match hex {
        HexMode::All => true,
        HexMode::NonPrintable => bytes
            .iter()
            .any(|&c| !printable(c) && !matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r')),
        HexMode::Off => false,
    };
    out.push(b'"');
    if use_hex {
        for &c in bytes {
            let _ = write!(out, "\\x{c:02x}");
        }
    } else {
        escape_into(out, bytes);
    }
    out.push(b'"');
    if truncated {
        out.extend_from_slice(b"...");
    }
}

/// Appends `bytes` as forced hex escapes in quotes (strace's style for random bytes and keys).
pub fn quote_hex(out: &mut Vec<u8>, bytes: &[u8], truncated: bool) {
    quote(out, bytes, truncated, HexMode::All)
}

/// The C-style escaping without quotes.
pub fn escape_into(out: &mut Vec<u8>, bytes: &[u8]) {
    escape_except(out, bytes, b"");
}

/// A descriptor's path after `-y`: escaped as strings are, and `<` `>` in octal so that the
/// brackets around it stay unambiguous.
pub fn escape_path_into(out: &mut Vec<u8>, bytes: &[u8]) {
    escape_except(out, bytes, b"<>");
}

/// [`escape_into`], with the bytes of `octal` also written as octal escapes.
fn escape_except(out: &mut Vec<u8>, bytes: &[u8], octal: &[u8]) {
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            c if octal.contains(&c) => octal_escape(out, c, bytes.get(i + 1)),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x0b => out.extend_from_slice(b"\\v"),
            c if printable(c) => out.push(c),
            c => octal_escape(out, c, bytes.get(i + 1)),
        }
    }
}

/// `\33`, or `\033` when a digit follows (so the escape cannot swallow it).
fn octal_escape(out: &mut Vec<u8>, c: u8, next: Option<&u8>) {
    out.push(b'\\');
    let min = if next.is_some_and(|n| (b'0'..=b'7').contains(n)) {
        3
    } else {
        1
    };
    super::num::push_octal(out, u64::from(c), min);
}

/// Appends `s` with every non-printable byte escaped (for names taken from the system, such as
/// comm or paths in messages).
pub fn sanitize(s: &[u8]) -> String {
    let mut v = Vec::with_capacity(s.len());
    escape_into(&mut v, s);
    String::from_utf8_lossy(&v).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(bytes: &[u8], truncated: bool, hex: HexMode) -> String {
        let mut v = Vec::new();
        quote(&mut v, bytes, truncated, hex);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn strace_escapes() {
        assert_eq!(q(b"hi\n", false, HexMode::Off), r#""hi\n""#);
        assert_eq!(
            q(b"\x7fELF\x02\x01\x01\x03\0\0", true, HexMode::Off),
            r#""\177ELF\2\1\1\3\0\0"..."#
        );
        assert_eq!(q(b"\x001", false, HexMode::Off), r#""\0001""#);
        assert_eq!(q(b"\x009", false, HexMode::Off), r#""\09""#);
        assert_eq!(
            q(b"a\"b\\c\t\r\x0b\x0c", false, HexMode::Off),
            r#""a\"b\\c\t\r\v\f""#
        );
        assert_eq!(q("é".as_bytes(), false, HexMode::Off), r#""\303\251""#);
        assert_eq!(q(b"\x1b[2J", false, HexMode::Off), r#""\33[2J""#);
    }

    #[test]
    fn hex_modes() {
        assert_eq!(
            q(b"a\x01b", false, HexMode::NonPrintable),
            r#""\x61\x01\x62""#
        );
        assert_eq!(q(b"ab", false, HexMode::NonPrintable), r#""ab""#);
        // Whitespace escapes do not switch -x to hex; a high byte or DEL does.
        assert_eq!(
            q(b"a\tb\n\r\x0b\x0c", true, HexMode::NonPrintable),
            r#""a\tb\n\r\v\f"..."#
        );
        assert_eq!(
            q("é".as_bytes(), false, HexMode::NonPrintable),
            r#""\xc3\xa9""#
        );
        assert_eq!(q(b"\x7f", false, HexMode::NonPrintable), r#""\x7f""#);
        assert_eq!(q(b"ab", false, HexMode::All), r#""\x61\x62""#);
    }

    #[test]
    fn paths_after_y_escape_angle_brackets() {
        let mut v = Vec::new();
        escape_path_into(&mut v, "/tmp/we ird>\n\x01é<a\"".as_bytes());
        assert_eq!(
            String::from_utf8(v).unwrap(),
            r#"/tmp/we ird\76\n\1\303\251\74a\""#
        );
    }

    #[test]
    fn sanitize_escapes_control_bytes() {
        assert_eq!(sanitize(b"evil\x1b]0;x\x07"), "evil\\33]0;x\\7");
    }
}
