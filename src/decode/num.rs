//! Numbers written straight into the line buffer. `write!` through `core::fmt` cost a quarter
//! of rtrace's instructions per syscall (callgrind, `dd bs=1`): these are the hot cases.

/// Decimal, as `%llu`.
pub fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut start = buf.len();
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
        start -= 1;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(start..).unwrap_or_default());
}

/// Decimal, as `%lld`.
pub fn push_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    push_u64(out, v.unsigned_abs());
}

/// As C's `%#llx`: `0x1f`, and `0` for zero.
pub fn push_hex(out: &mut Vec<u8>, v: u64) {
    if v == 0 {
        out.push(b'0');
        return;
    }
    out.extend_from_slice(b"0x");
    let digits = (64 - v.leading_zeros()).div_ceil(4);
    for k in (0..digits).rev() {
        let d = ((v >> (4 * k)) & 0xf) as u8;
        out.push(if d < 10 { b'0' + d } else { b'a' + d - 10 });
    }
}

/// Octal without a prefix, at least `min` digits: `\33`, `\033`.
pub fn push_octal(out: &mut Vec<u8>, v: u64, min: u32) {
    let digits = ((64 - v.leading_zeros()).div_ceil(3)).max(min).max(1);
    for k in (0..digits).rev() {
        out.push(b'0' + ((v >> (3 * k)) & 7) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::decode::written as s;

    #[test]
    fn same_text_as_format() {
        for v in [
            0u64,
            1,
            9,
            10,
            99,
            100,
            4095,
            1 << 32,
            u64::MAX,
            12345678901234567890,
        ] {
            assert_eq!(s(|o| push_u64(o, v)), format!("{v}"));
            assert_eq!(
                s(|o| push_hex(o, v)),
                if v == 0 {
                    "0".into()
                } else {
                    format!("{v:#x}")
                }
            );
            assert_eq!(s(|o| push_octal(o, v, 1)), format!("{v:o}"));
        }
        for v in [0i64, -1, -4095, i64::MIN, i64::MAX, 42] {
            assert_eq!(s(|o| push_i64(o, v)), format!("{v}"));
        }
        assert_eq!(s(|o| push_octal(o, 0o33, 3)), "033");
        assert_eq!(s(|o| push_octal(o, 0, 3)), "000");
    }
}
