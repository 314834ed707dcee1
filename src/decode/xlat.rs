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

/// How an unknown constant's number is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Radix {
    Dec,
    Hex,
}

/// Prints a constant: its name, or the number with a `/* PREFIX_??? */` comment.
pub fn print_const(out: &mut Vec<u8>, x: &Xlat, v: u64, radix: Radix) {
    if let Some(n) = x.name(v) {
        out.extend_from_slice(n.as_bytes());
        return;
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
}

/// Prints bit flags as `A|B|0x...`: every table entry whose bits are all set, in table order,
/// then the bits left over in hex. When nothing is set: the table's name for 0, else `0`.
pub fn print_flags(out: &mut Vec<u8>, x: &Xlat, v: u64) {
    if v == 0 {
        out.extend_from_slice(x.name(0).unwrap_or("0").as_bytes());
        return;
    }
    let start = out.len();
    let rest = flags_into(out, x.items, v, false);
    if rest != 0 {
        if out.len() > start {
            out.push(b'|');
        }
        let _ = write!(out, "{}", Hx(rest));
    } else if out.len() == start {
        out.push(b'0');
    }
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
        let _ = write!(out, "{} /* {} */", Hx(v), x.unknown);
    } else {
        print_flags(out, x, v);
    }
}

/// Prints flags with a zero name: `PROT_NONE` instead of `0` when nothing is set.
pub fn print_flags_or(out: &mut Vec<u8>, x: &Xlat, v: u64, zero: &str) {
    if v == 0 {
        out.extend_from_slice(zero.as_bytes());
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

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut v = Vec::new();
        f(&mut v);
        String::from_utf8(v).unwrap()
    }

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
}
