//! Named constants and bit flags: the tables' type and the two ways strace prints them.

use std::io::Write;

/// A number shown as C's `%#x` does: `0x20`, but `0` for zero.
pub struct Hx(pub u64);

impl std::fmt::Display for Hx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == 0 {
            f.write_str("0")
        } else {
            write!(f, "{:#x}", self.0)
        }
    }
}

/// A table of named values, and the comment strace prints for a value it does not know.
pub struct Xlat {
    pub items: &'static [(u64, &'static str)],
    /// e.g. "ARCH_???" gives `0x3001 /* ARCH_??? */` for an unknown constant.
    pub unknown: &'static str,
}

impl Xlat {
    pub fn name(&self, v: u64) -> Option<&'static str> {
        self.items.iter().find(|(k, _)| *k == v).map(|(_, n)| *n)
    }

    /// The value of a name (for parsing filters and tests).
    pub fn value(&self, name: &str) -> Option<u64> {
        self.items.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }
}

/// `-X`: how named values are shown: by name (`abbrev`, the default), as numbers (`raw`), or
/// both (`verbose`: `0x3 /* PROT_READ|PROT_WRITE */`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    #[default]
    Abbrev,
    Raw,
    Verbose,
}

thread_local! {
    static STYLE: std::cell::Cell<Style> = const { std::cell::Cell::new(Style::Abbrev) };
}

/// Sets the `-X` style for this thread's decoding (the tracer sets it once).
pub fn set_style(s: Style) {
    STYLE.with(|c| c.set(s));
}

pub fn style() -> Style {
    STYLE.with(|c| c.get())
}

/// Prints a value in the `-X` style. `number` writes the plain number; `symbolic` writes the
/// abbreviated form and says whether it named the value (an unknown value is shown the same
/// way in every style but raw).
pub fn styled(
    out: &mut Vec<u8>,
    number: &dyn Fn(&mut Vec<u8>),
    symbolic: &dyn Fn(&mut Vec<u8>) -> bool,
) {
    match style() {
        Style::Abbrev => {
            symbolic(out);
        }
        Style::Raw => number(out),
        Style::Verbose => {
            let start = out.len();
            if symbolic(out) {
                let sym = out.split_off(start);
                number(out);
                out.extend_from_slice(b" /* ");
                out.extend_from_slice(&sym);
                out.extend_from_slice(b" */");
            }
        }
    }
}

/// Runs `f` with the abbreviated style if the style is verbose (the notes after a return
/// value, which strace then shows by name only; with raw they stay numbers).
pub fn abbreviated<T>(f: impl FnOnce() -> T) -> T {
    let saved = style();
    if saved != Style::Verbose {
        return f();
    }
    set_style(Style::Abbrev);
    let r = f();
    set_style(saved);
    r
}

/// [`styled`] for a value whose number is shown in hex.
pub fn styled_hex(out: &mut Vec<u8>, v: u64, symbolic: &dyn Fn(&mut Vec<u8>) -> bool) {
    styled(
        out,
        &|o: &mut Vec<u8>| {
            let _ = write!(o, "{}", Hx(v));
        },
        symbolic,
    );
}

/// How an unknown constant's number is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Radix {
    Dec,
    Hex,
}

/// Prints a constant: its name, or the number with a `/* PREFIX_??? */` comment.
pub fn print_const(out: &mut Vec<u8>, x: &Xlat, v: u64, radix: Radix) {
    styled_hex(out, v, &|out: &mut Vec<u8>| {
        if let Some(n) = x.name(v) {
            out.extend_from_slice(n.as_bytes());
            return true;
        }
        match radix {
            Radix::Hex => {
                let _ = write!(out, "{}", Hx(v));
            }
            Radix::Dec => {
                let _ = write!(out, "{}", v as i64);
            }
        }
        if !x.unknown.is_empty() {
            let _ = write!(out, " /* {} */", x.unknown);
        }
        false
    });
}

/// Prints bit flags as `A|B|0x...`: every table entry whose bits are all set, in table order,
/// then the bits left over in hex. When nothing is set: the table's name for 0, else `0`.
pub fn print_flags(out: &mut Vec<u8>, x: &Xlat, v: u64) {
    styled_hex(out, v, &|out: &mut Vec<u8>| flags_text(out, x, v));
}

/// [`print_flags`]'s abbreviated text; true if any name was printed.
fn flags_text(out: &mut Vec<u8>, x: &Xlat, v: u64) -> bool {
    if v == 0 {
        let zero = x.name(0);
        out.extend_from_slice(zero.unwrap_or("0").as_bytes());
        return zero.is_some();
    }
    let start = out.len();
    let rest = flags_into(out, x.items, v, false);
    let named = out.len() > start;
    if rest != 0 {
        if named {
            out.push(b'|');
        }
        let _ = write!(out, "{}", Hx(rest));
    } else if !named {
        out.push(b'0');
    }
    named
}

/// Appends the names of the set flags; returns the bits no entry named.
pub fn flags_into(out: &mut Vec<u8>, items: &[(u64, &str)], mut v: u64, mut need_sep: bool) -> u64 {
    for &(bits, name) in items {
        if bits != 0 && v & bits == bits {
            if need_sep {
                out.push(b'|');
            }
            out.extend_from_slice(name.as_bytes());
            need_sep = true;
            v &= !bits;
        }
    }
    v
}

/// Prints flags as [`print_flags`] does, except that a value with no known bit at all is shown
/// with the table's comment: `0x80000000 /* STATX_??? */`.
pub fn print_flags_unknown(out: &mut Vec<u8>, x: &Xlat, v: u64) {
    let known = x
        .items
        .iter()
        .any(|&(bits, _)| bits != 0 && v & bits == bits);
    if v != 0 && !known && !x.unknown.is_empty() {
        if style() == Style::Raw {
            let _ = write!(out, "{}", Hx(v));
        } else {
            let _ = write!(out, "{} /* {} */", Hx(v), x.unknown);
        }
    } else {
        print_flags(out, x, v);
    }
}

/// Prints flags with a zero name: `PROT_NONE` instead of `0` when nothing is set.
pub fn print_flags_or(out: &mut Vec<u8>, x: &Xlat, v: u64, zero: &str) {
    if v == 0 {
        styled_hex(out, 0, &|out: &mut Vec<u8>| {
            out.extend_from_slice(zero.as_bytes());
            true
        });
    } else {
        print_flags(out, x, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Xlat = Xlat {
        items: &[(1, "A"), (2, "B"), (6, "BC")],
        unknown: "T_???",
    };

    use crate::decode::written as s;

    #[test]
    fn flags() {
        assert_eq!(s(|o| print_flags(o, &T, 3)), "A|B");
        assert_eq!(s(|o| print_flags(o, &T, 0)), "0");
        assert_eq!(s(|o| print_flags(o, &T, 0x101)), "A|0x100");
        assert_eq!(s(|o| print_flags(o, &T, 0x100)), "0x100");
        assert_eq!(s(|o| print_flags(o, &T, 7)), "A|B|0x4");
        assert_eq!(s(|o| print_flags_or(o, &T, 0, "NONE")), "NONE");
    }

    #[test]
    fn constants() {
        assert_eq!(s(|o| print_const(o, &T, 2, Radix::Hex)), "B");
        assert_eq!(
            s(|o| print_const(o, &T, 0x3001, Radix::Hex)),
            "0x3001 /* T_??? */"
        );
        assert_eq!(s(|o| print_const(o, &T, 9, Radix::Dec)), "9 /* T_??? */");
        assert_eq!(T.value("BC"), Some(6));
    }

    #[test]
    fn styles_from_x() {
        set_style(Style::Raw);
        assert_eq!(s(|o| print_flags(o, &T, 3)), "0x3");
        assert_eq!(s(|o| print_const(o, &T, 2, Radix::Dec)), "0x2");
        assert_eq!(s(|o| print_const(o, &T, 9, Radix::Dec)), "0x9");
        set_style(Style::Verbose);
        assert_eq!(s(|o| print_flags(o, &T, 3)), "0x3 /* A|B */");
        assert_eq!(s(|o| print_flags(o, &T, 0)), "0");
        assert_eq!(s(|o| print_const(o, &T, 2, Radix::Dec)), "0x2 /* B */");
        // An unknown value looks the same as without -X.
        assert_eq!(s(|o| print_const(o, &T, 9, Radix::Dec)), "9 /* T_??? */");
        assert_eq!(
            abbreviated(|| s(|o| print_const(o, &T, 2, Radix::Dec))),
            "B"
        );
        assert_eq!(style(), Style::Verbose, "abbreviated() restores the style");
        set_style(Style::Abbrev);
        assert_eq!(s(|o| print_const(o, &T, 2, Radix::Dec)), "B");
    }
}
