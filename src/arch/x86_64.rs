//! x86_64: `struct user_regs_struct` as PTRACE_GETREGSET(NT_PRSTATUS) returns it.

use super::{is_error_value, Arch, Op, SyscallStop};

const R10: usize = 7;
const R9: usize = 8;
const R8: usize = 9;
const RAX: usize = 10;
const RDX: usize = 12;
const RSI: usize = 13;
const RDI: usize = 14;
const ORIG_RAX: usize = 15;
const RIP: usize = 16;
const RSP: usize = 19;
/// Number of 64-bit words in the register set.
pub const WORDS: usize = 27;

/// At a syscall-entry stop the kernel has set rax to -ENOSYS; at an exit it holds the result.
/// Used only to tell the two apart when the tracer's own bookkeeping cannot.
pub fn rax_says_entering(regs: &[u64]) -> bool {
    regs.get(RAX).copied() == Some((-38i64) as u64)
}

pub fn decode_regs(regs: &[u64], entering: bool) -> Option<SyscallStop> {
    if regs.len() < WORDS {
        return None;
    }
    let r = |i: usize| regs.get(i).copied().unwrap_or(0);
    let op = if entering {
        Op::Entry {
            nr: r(ORIG_RAX),
            args: [r(RDI), r(RSI), r(RDX), r(R10), r(R8), r(R9)],
        }
    } else {
        let rval = r(RAX) as i64;
        Op::Exit {
            rval,
            is_error: is_error_value(rval),
        }
    };
    Some(SyscallStop {
        arch: Some(Arch::X86_64),
        ip: r(RIP),
        sp: r(RSP),
        op,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regs() -> Vec<u64> {
        let mut r = vec![0u64; WORDS];
        r[ORIG_RAX] = 257; // openat
        r[RDI] = (-100i64) as u64;
        r[RSI] = 0x7ffd_0000_1000;
        r[RDX] = 0o2000000;
        r[R10] = 0o644;
        r[R8] = 5;
        r[R9] = 6;
        r[RAX] = (-38i64) as u64; // -ENOSYS at entry
        r[RIP] = 0x401000;
        r[RSP] = 0x7ffd_0000_0000;
        r
    }

    #[test]
    fn entry_uses_orig_rax_and_the_syscall_argument_registers() {
        let s = decode_regs(&regs(), true).unwrap();
        assert_eq!(s.arch, Some(Arch::X86_64));
        assert_eq!(s.ip, 0x401000);
        assert_eq!(s.sp, 0x7ffd_0000_0000);
        assert_eq!(
            s.op,
            Op::Entry {
                nr: 257,
                args: [(-100i64) as u64, 0x7ffd_0000_1000, 0o2000000, 0o644, 5, 6]
            }
        );
    }

    #[test]
    fn exit_reads_rax() {
        let mut r = regs();
        r[RAX] = (-2i64) as u64;
        assert_eq!(
            decode_regs(&r, false).unwrap().op,
            Op::Exit {
                rval: -2,
                is_error: true
            }
        );
        r[RAX] = 0x7f00_0000_0000;
        assert_eq!(
            decode_regs(&r, false).unwrap().op,
            Op::Exit {
                rval: 0x7f00_0000_0000,
                is_error: false
            }
        );
    }

    #[test]
    fn short_register_set_is_rejected() {
        assert_eq!(decode_regs(&[0; 10], true), None);
    }
}
