//! The seccomp fast path's filter: a classic BPF program that returns SECCOMP_RET_TRACE for the
//! traced syscalls and SECCOMP_RET_ALLOW for the rest, so untraced syscalls never stop.
//!
//! It checks the audit arch first (on x86_64 also the i386 ABI, by the i386 numbers of the same
//! names, and sends x32 calls to the tracer), then finds the syscall number by a binary search
//! over the ranges of traced numbers. Conditional jumps have 8-bit offsets; where a subtree is
//! longer, an unconditional jump (32-bit offset) bridges it, so any selection fits.

use super::SyscallSet;
use crate::arch::{Arch, AUDIT_ARCH_AARCH64, AUDIT_ARCH_X86_64};

pub const SECCOMP_RET_TRACE: u32 = 0x7ff0_0000;
pub const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
const AUDIT_ARCH_I386: u32 = 0x4000_0003;
const X32_SYSCALL_BIT: u32 = 0x4000_0000;
/// The kernel's limit on a filter's length.
pub const BPF_MAXINSNS: usize = 4096;

const LD_W_ABS: u16 = 0x20;
const JEQ_K: u16 = 0x15;
const JGT_K: u16 = 0x25;
const JGE_K: u16 = 0x35;
const JA: u16 = 0x05;
const RET_K: u16 = 0x06;
/// Offsets in `struct seccomp_data`.
const OFF_NR: u32 = 0;
const OFF_ARCH: u32 = 4;

fn insn(code: u16, jt: u8, jf: u8, k: u32) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// Consecutive numbers merged into inclusive ranges.
fn ranges(numbers: &[u64]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        let n = n as u32;
        match out.last_mut() {
            Some((_, hi)) if *hi + 1 == n => *hi = n,
            _ => out.push((n, n)),
        }
    }
    out
}

/// Code that expects the syscall number in the accumulator and returns TRACE or ALLOW.
fn search(r: &[(u32, u32)]) -> Vec<libc::sock_filter> {
    if r.len() <= 2 {
        let mut code = Vec::new();
        for &(lo, hi) in r {
            code.push(insn(JGE_K, 0, 2, lo)); // below the range: next range
            code.push(insn(JGT_K, 1, 0, hi)); // above the range: next range
            code.push(insn(RET_K, 0, 0, SECCOMP_RET_TRACE));
        }
        code.push(insn(RET_K, 0, 0, SECCOMP_RET_ALLOW));
        return code;
    }
    let mid = r.len() / 2;
    let (left, right) = r.split_at(mid);
    let split = right.first().map(|x| x.0).unwrap_or(0);
    let left_code = search(left);
    let right_code = search(right);
    let mut code = Vec::with_capacity(left_code.len() + right_code.len() + 2);
    match u8::try_from(left_code.len()) {
        // nr >= split: jump over the left half into the right one.
        Ok(skip) => code.push(insn(JGE_K, skip, 0, split)),
        Err(_) => {
            code.push(insn(JGE_K, 0, 1, split));
            code.push(insn(JA, 0, 0, left_code.len() as u32));
        }
    }
    code.extend(left_code);
    code.extend(right_code);
    code
}

fn arch_block(numbers: &[u64], with_x32: bool) -> Vec<libc::sock_filter> {
    let mut code = vec![insn(LD_W_ABS, 0, 0, OFF_NR)];
    if with_x32 {
        // x32 calls carry a flag bit: let the tracer see them, as it would without the filter.
        code.push(insn(JGE_K, 0, 1, X32_SYSCALL_BIT));
        code.push(insn(RET_K, 0, 0, SECCOMP_RET_TRACE));
    }
    code.extend(search(&ranges(numbers)));
    code
}

/// The i386 numbers of the syscalls the set holds on x86_64 (same names).
fn i386_numbers(set: &SyscallSet) -> Vec<u64> {
    let names = set.names(Arch::X86_64);
    let mut v: Vec<u64> = syscalls::x86::Sysno::iter()
        .filter(|s| names.contains(&s.name()))
        .map(|s| s.id() as u64)
        .collect();
    v.sort_unstable();
    v
}

/// The filter for tracees of `native`; None if it would not fit in BPF_MAXINSNS.
pub fn program(set: &SyscallSet, native: Arch) -> Option<Vec<libc::sock_filter>> {
    let mut code = vec![insn(LD_W_ABS, 0, 0, OFF_ARCH)];
    let native_block = match native {
        Arch::X86_64 => arch_block(&set.numbers(Arch::X86_64), true),
        Arch::Aarch64 => arch_block(&set.numbers(Arch::Aarch64), false),
    };
    let audit = match native {
        Arch::X86_64 => AUDIT_ARCH_X86_64,
        Arch::Aarch64 => AUDIT_ARCH_AARCH64,
    };
    // arch == native: fall into the native block; otherwise jump past it.
    let skip = native_block.len();
    if let Ok(s) = u8::try_from(skip) {
        code.push(insn(JEQ_K, 0, s, audit));
    } else {
        code.push(insn(JEQ_K, 1, 0, audit));
        code.push(insn(JA, 0, 0, skip as u32));
    }
    code.extend(native_block);
    if native == Arch::X86_64 {
        let compat = arch_block(&i386_numbers(set), false);
        code.push(insn(
            JEQ_K,
            0,
            u8::try_from(compat.len()).unwrap_or(0),
            AUDIT_ARCH_I386,
        ));
        if compat.len() > 255 {
            // Replace the short jump with a bridge, as above.
            code.pop();
            code.push(insn(JEQ_K, 1, 0, AUDIT_ARCH_I386));
            code.push(insn(JA, 0, 0, compat.len() as u32));
        }
        code.extend(compat);
    }
    // Any other ABI: let the tracer see everything.
    code.push(insn(RET_K, 0, 0, SECCOMP_RET_TRACE));
    (code.len() <= BPF_MAXINSNS).then_some(code)
}

/// Runs a program the way the kernel would, for the subset of BPF used here (tests, fuzzing).
pub fn run(code: &[libc::sock_filter], arch: u32, nr: u32) -> Option<u32> {
    let mut acc: u32 = 0;
    let mut pc: usize = 0;
    for _ in 0..=code.len() {
        let i = code.get(pc)?;
        let jump = |cond: bool| pc + 1 + usize::from(if cond { i.jt } else { i.jf });
        pc = match i.code {
            LD_W_ABS => {
                acc = match i.k {
                    OFF_NR => nr,
                    OFF_ARCH => arch,
                    _ => return None,
                };
                pc + 1
            }
            JEQ_K => jump(acc == i.k),
            JGT_K => jump(acc > i.k),
            JGE_K => jump(acc >= i.k),
            JA => pc + 1 + i.k as usize,
            RET_K => return Some(i.k),
            _ => return None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse_syscalls;

    fn check(spec: &str, arch: Arch) {
        let set = parse_syscalls(spec).unwrap();
        let prog = program(&set, arch).unwrap();
        let audit = arch.audit();
        for nr in 0..=arch.max_syscall() as u32 + 10 {
            let want = if set.contains(arch, u64::from(nr)) && u64::from(nr) <= arch.max_syscall() {
                SECCOMP_RET_TRACE
            } else {
                SECCOMP_RET_ALLOW
            };
            assert_eq!(
                run(&prog, audit, nr),
                Some(want),
                "{spec} on {arch:?}, nr {nr}"
            );
        }
        assert_eq!(
            run(&prog, 0x1234, 0),
            Some(SECCOMP_RET_TRACE),
            "an unknown ABI is traced"
        );
    }

    #[test]
    fn matches_the_set_for_any_selection_on_both_arches() {
        for arch in [Arch::X86_64, Arch::Aarch64] {
            for spec in [
                "openat",
                "none",
                "%file",
                "%desc",
                "!%desc",
                "!openat",
                "/^[a-m]",
                "%network,%signal,%memory",
            ] {
                check(spec, arch);
            }
        }
    }

    #[test]
    fn every_other_syscall_stays_within_limits() {
        // The worst case for ranges: every other number.
        for arch in [Arch::X86_64, Arch::Aarch64] {
            let mut set = SyscallSet::none();
            let names: Vec<&str> = (0..=arch.max_syscall())
                .step_by(2)
                .filter_map(|n| arch.syscall_name(n))
                .collect();
            for n in &names {
                set = {
                    let mut s = set;
                    let one = parse_syscalls(n).unwrap();
                    for nr in one.numbers(arch) {
                        s = with(s, arch, nr);
                    }
                    s
                };
            }
            let prog = program(&set, arch).unwrap();
            assert!(prog.len() <= BPF_MAXINSNS);
            for nr in 0..=arch.max_syscall() as u32 {
                let want = if set.contains(arch, u64::from(nr)) {
                    SECCOMP_RET_TRACE
                } else {
                    SECCOMP_RET_ALLOW
                };
                assert_eq!(run(&prog, arch.audit(), nr), Some(want));
            }
        }
    }

    fn with(s: SyscallSet, arch: Arch, nr: u64) -> SyscallSet {
        let mut names: Vec<String> = s.names(arch).iter().map(|x| x.to_string()).collect();
        if let Some(n) = arch.syscall_name(nr) {
            names.push(n.to_string());
        }
        if names.is_empty() {
            return SyscallSet::none();
        }
        parse_syscalls(&names.join(",")).unwrap()
    }

    #[test]
    fn i386_and_x32_on_x86_64() {
        let set = parse_syscalls("openat,close").unwrap();
        let prog = program(&set, Arch::X86_64).unwrap();
        // i386: close is 6, openat is 295, read is 3.
        assert_eq!(run(&prog, AUDIT_ARCH_I386, 6), Some(SECCOMP_RET_TRACE));
        assert_eq!(run(&prog, AUDIT_ARCH_I386, 295), Some(SECCOMP_RET_TRACE));
        assert_eq!(run(&prog, AUDIT_ARCH_I386, 3), Some(SECCOMP_RET_ALLOW));
        assert_eq!(
            run(&prog, AUDIT_ARCH_X86_64, X32_SYSCALL_BIT | 3),
            Some(SECCOMP_RET_TRACE)
        );
    }
}
