//! aarch64: `struct user_pt_regs` (x0..x30, sp, pc, pstate) as PTRACE_GETREGSET returns it.
//!
//! At a syscall-exit stop x0 already holds the return value, so the entry arguments must be kept
//! from the entry stop. x7 is overwritten by the kernel at syscall stops (0 at entry, 1 at exit)
//! and is never an argument.

use super::{is_error_value, Arch, Op, SyscallStop};

const X8: usize = 8;
const X7: usize = 7;
const SP: usize = 31;
const PC: usize = 32;
/// Number of 64-bit words in the register set.
pub const WORDS: usize = 34;

/// The syscall's name for a 64-bit aarch64 task, as strace names it. The 32-bit-only `*_time64`
/// calls (403..=423) of the generic table do not exist for 64-bit tasks, and 79 is the 64-bit
/// `newfstatat` (the generic table calls it `fstatat`). Numbers above 450 are newer than strace
/// 6.1, which prints them as `syscall_0x1c3`.
pub fn syscall_name(nr: usize) -> Option<&'static str> {
    match nr {
        403..=423 | 451.. => None,
        79 => Some("newfstatat"),
        _ => syscalls::aarch64::Sysno::new(nr).map(|s| s.name()),
    }
}

/// What x7 says about the stop: `Some(true)` at entry, `Some(false)` at exit.
pub fn x7_says_entering(regs: &[u64]) -> Option<bool> {
    match regs.get(X7) {
        Some(0) => Some(true),
        Some(1) => Some(false),
        _ => None,
    }
}

pub fn decode_regs(regs: &[u64], entering: bool) -> Option<SyscallStop> {
    if regs.len() < WORDS {
        return None;
    }
    let r = |i: usize| regs.get(i).copied().unwrap_or(0);
    let op = if entering {
        Op::Entry {
            nr: r(X8),
            args: [r(0), r(1), r(2), r(3), r(4), r(5)],
        }
    } else {
        let rval = r(0) as i64;
        Op::Exit {
            rval,
            is_error: is_error_value(rval),
        }
    };
    Some(SyscallStop {
        arch: Some(Arch::Aarch64),
        ip: r(PC),
        sp: r(SP),
        op,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An openat(AT_FDCWD, path, O_RDONLY|O_CLOEXEC) entry stop as the kernel shows it.
    fn entry_regs() -> Vec<u64> {
        let mut r = vec![0u64; WORDS];
        r[0] = (-100i64) as u64;
        r[1] = 0xffff_c000_1000;
        r[2] = 0o2000000;
        r[3] = 0;
        r[4] = 44;
        r[5] = 55;
        r[6] = 66;
        r[X7] = 0; // entry marker, not the program's x7
        r[X8] = 56; // openat
        r[SP] = 0xffff_f000_0000;
        r[PC] = 0xaaaa_0000_1234;
        r
    }

    #[test]
    fn entry_reads_x8_and_x0_to_x5() {
        let r = entry_regs();
        assert_eq!(x7_says_entering(&r), Some(true));
        let s = decode_regs(&r, true).unwrap();
        assert_eq!(s.arch, Some(Arch::Aarch64));
        assert_eq!(s.ip, 0xaaaa_0000_1234);
        assert_eq!(s.sp, 0xffff_f000_0000);
        assert_eq!(
            s.op,
            Op::Entry {
                nr: 56,
                args: [(-100i64) as u64, 0xffff_c000_1000, 0o2000000, 0, 44, 55]
            }
        );
        assert_eq!(Arch::Aarch64.syscall_name(56), Some("openat"));
    }

    #[test]
    fn exit_return_value_is_in_x0_and_x7_is_clobbered() {
        let mut r = entry_regs();
        r[0] = 3; // the fd; the entry's x0 (AT_FDCWD) is gone
        r[X7] = 1;
        assert_eq!(x7_says_entering(&r), Some(false));
        assert_eq!(
            decode_regs(&r, false).unwrap().op,
            Op::Exit {
                rval: 3,
                is_error: false
            }
        );
        r[0] = (-9i64) as u64;
        assert_eq!(
            decode_regs(&r, false).unwrap().op,
            Op::Exit {
                rval: -9,
                is_error: true
            }
        );
    }

    #[test]
    fn x7_with_another_value_is_not_a_marker() {
        let mut r = entry_regs();
        r[X7] = 5;
        assert_eq!(x7_says_entering(&r), None);
        assert_eq!(x7_says_entering(&[]), None);
    }
}
