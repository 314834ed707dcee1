//! Where registers and syscall-info records become a syscall: per-arch, pure, compiled and tested
//! on every host. `target_arch` is consulted here and nowhere else in the crate.

pub mod aarch64;
pub mod x86_64;

/// An architecture whose syscalls rtrace can name and decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arch {
    X86_64,
    Aarch64,
}

pub const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
pub const AUDIT_ARCH_AARCH64: u32 = 0xc000_00b7;

/// The number of general registers read with PTRACE_GETREGSET (the larger of both arches).
pub const REGSET_WORDS: usize = 34;

/// What a syscall stop tells about the syscall.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Syscall-entry stop: number and the six argument registers.
    Entry { nr: u64, args: [u64; 6] },
    /// Syscall-exit stop: the return value, and whether it is an error (-4095..=-1).
    Exit { rval: i64, is_error: bool },
    /// A seccomp stop (SECCOMP_RET_TRACE): like an entry, plus the filter's data.
    Seccomp {
        nr: u64,
        args: [u64; 6],
        ret_data: u32,
    },
    /// Not a syscall stop.
    None,
}

/// One syscall stop, arch-neutral.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyscallStop {
    /// The tracee's syscall ABI; `None` for an ABI rtrace does not decode (e.g. i386 on x86_64).
    pub arch: Option<Arch>,
    pub ip: u64,
    pub sp: u64,
    pub op: Op,
}

impl Arch {
    /// The architecture rtrace was built for.
    pub const fn native() -> Arch {
        #[cfg(target_arch = "aarch64")]
        {
            Arch::Aarch64
        }
        #[cfg(not(target_arch = "aarch64"))]
        {
            Arch::X86_64
        }
    }

    pub fn from_audit(audit: u32) -> Option<Arch> {
        match audit {
            AUDIT_ARCH_X86_64 => Some(Arch::X86_64),
            AUDIT_ARCH_AARCH64 => Some(Arch::Aarch64),
            _ => None,
        }
    }

    pub fn audit(self) -> u32 {
        match self {
            Arch::X86_64 => AUDIT_ARCH_X86_64,
            Arch::Aarch64 => AUDIT_ARCH_AARCH64,
        }
    }

    /// The syscall's name for this arch, or `None` for a number the arch does not define.
    pub fn syscall_name(self, nr: u64) -> Option<&'static str> {
        let nr = usize::try_from(nr).ok()?;
        match self {
            // strace 6.1 knows x86_64's calls up to rseq (334) and from 424 to 450; newer ones
            // (uretprobe, uprobe, cachestat, ...) it prints as `syscall_0x14f`.
            Arch::X86_64 => match nr {
                335..=423 | 451.. => None,
                _ => syscalls::x86_64::Sysno::new(nr).map(|s| s.name()),
            },
            Arch::Aarch64 => aarch64::syscall_name(nr),
        }
    }

    /// The syscall number of `name` on this arch.
    pub fn syscall_number(self, name: &str) -> Option<u64> {
        (0..=self.max_syscall()).find(|&nr| self.syscall_name(nr) == Some(name))
    }

    /// The largest syscall number this arch defines (for sizing tables).
    pub fn max_syscall(self) -> u64 {
        match self {
            Arch::X86_64 => syscalls::x86_64::Sysno::last().id() as u64,
            Arch::Aarch64 => syscalls::aarch64::Sysno::last().id() as u64,
        }
    }

    /// Decodes a PTRACE_GETREGSET(NT_PRSTATUS) register set; the caller knows whether the stop is
    /// an entry or an exit (the registers alone cannot always tell).
    pub fn decode_regs(self, regs: &[u64], entering: bool) -> Option<SyscallStop> {
        match self {
            Arch::X86_64 => x86_64::decode_regs(regs, entering),
            Arch::Aarch64 => aarch64::decode_regs(regs, entering),
        }
    }
}

/// Size of `struct ptrace_syscall_info` that rtrace asks for (the seccomp variant is the largest).
pub const SYSCALL_INFO_SIZE: usize = 88;

const INFO_OP_ENTRY: u8 = 1;
const INFO_OP_EXIT: u8 = 2;
const INFO_OP_SECCOMP: u8 = 3;

fn word(buf: &[u8], off: usize) -> Option<u64> {
    let b = buf.get(off..off + 8)?;
    Some(u64::from_ne_bytes(b.try_into().ok()?))
}

fn args_at(buf: &[u8], off: usize) -> Option<[u64; 6]> {
    let mut a = [0u64; 6];
    for (i, slot) in a.iter_mut().enumerate() {
        *slot = word(buf, off + 8 * i)?;
    }
    Some(a)
}

/// Parses the record PTRACE_GET_SYSCALL_INFO wrote (`len` is what the kernel returned).
pub fn parse_syscall_info(buf: &[u8], len: usize) -> Option<SyscallStop> {
    let buf = buf.get(..len.min(buf.len()))?;
    let op = *buf.first()?;
    let audit = u32::from_ne_bytes(buf.get(4..8)?.try_into().ok()?);
    let arch = Arch::from_audit(audit);
    let ip = word(buf, 8)?;
    let sp = word(buf, 16)?;
    let op = match op {
        INFO_OP_ENTRY => Op::Entry {
            nr: word(buf, 24)?,
            args: args_at(buf, 32)?,
        },
        INFO_OP_EXIT => Op::Exit {
            rval: word(buf, 24)? as i64,
            is_error: *buf.get(32)? != 0,
        },
        INFO_OP_SECCOMP => Op::Seccomp {
            nr: word(buf, 24)?,
            args: args_at(buf, 32)?,
            ret_data: u32::from_ne_bytes(buf.get(80..84)?.try_into().ok()?),
        },
        _ => Op::None,
    };
    Some(SyscallStop { arch, ip, sp, op })
}

/// Whether a raw return value is an error code (the kernel's -4095..=-1 range).
pub fn is_error_value(rval: i64) -> bool {
    (-4095..=-1).contains(&rval)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a syscall-info record the way the kernel lays it out.
    pub fn info_record(op: u8, audit: u32, ip: u64, sp: u64, words: &[u64]) -> Vec<u8> {
        let mut v = vec![op, 0, 0, 0];
        v.extend_from_slice(&audit.to_ne_bytes());
        v.extend_from_slice(&ip.to_ne_bytes());
        v.extend_from_slice(&sp.to_ne_bytes());
        for w in words {
            v.extend_from_slice(&w.to_ne_bytes());
        }
        v
    }

    #[test]
    fn entry_record_on_both_arches() {
        for arch in [Arch::X86_64, Arch::Aarch64] {
            let rec = info_record(1, arch.audit(), 0x1000, 0x2000, &[57, 1, 2, 3, 4, 5, 6]);
            let s = parse_syscall_info(&rec, 80).unwrap();
            assert_eq!(s.arch, Some(arch));
            assert_eq!(s.ip, 0x1000);
            assert_eq!(s.sp, 0x2000);
            assert_eq!(
                s.op,
                Op::Entry {
                    nr: 57,
                    args: [1, 2, 3, 4, 5, 6]
                }
            );
        }
    }

    #[test]
    fn exit_record_with_error() {
        // aarch64 as observed: close(-1) gives rval=-9, is_error=1, 33 bytes.
        let mut rec = info_record(2, AUDIT_ARCH_AARCH64, 0, 0, &[(-9i64) as u64]);
        rec.push(1);
        let s = parse_syscall_info(&rec, 33).unwrap();
        assert_eq!(
            s.op,
            Op::Exit {
                rval: -9,
                is_error: true
            }
        );
    }

    #[test]
    fn seccomp_record_and_unknown_arch() {
        let mut rec = info_record(3, 0x4000_0003, 0, 0, &[5, 0, 0, 0, 0, 0, 0]);
        rec.extend_from_slice(&7u32.to_ne_bytes());
        rec.extend_from_slice(&[0; 4]);
        let s = parse_syscall_info(&rec, 84).unwrap();
        assert_eq!(s.arch, None);
        assert!(matches!(
            s.op,
            Op::Seccomp {
                nr: 5,
                ret_data: 7,
                ..
            }
        ));
    }

    #[test]
    fn short_or_garbage_records_do_not_panic() {
        assert_eq!(parse_syscall_info(&[], 0), None);
        assert_eq!(parse_syscall_info(&[1, 2, 3], 3), None);
        let rec = info_record(1, AUDIT_ARCH_X86_64, 0, 0, &[1]);
        assert_eq!(parse_syscall_info(&rec, 500), None);
        let rec = info_record(9, AUDIT_ARCH_X86_64, 0, 0, &[]);
        assert_eq!(parse_syscall_info(&rec, 24).map(|s| s.op), Some(Op::None));
    }

    #[test]
    fn names_per_arch() {
        assert_eq!(Arch::X86_64.syscall_name(2), Some("open"));
        assert_eq!(Arch::Aarch64.syscall_name(56), Some("openat"));
        assert_eq!(Arch::X86_64.syscall_name(257), Some("openat"));
        // aarch64 has no open(2); 2 is io_submit there.
        assert_eq!(Arch::Aarch64.syscall_name(2), Some("io_submit"));
        assert_eq!(Arch::Aarch64.syscall_number("open"), None);
        assert_eq!(Arch::X86_64.syscall_name(0x1f0), None);
        assert_eq!(Arch::Aarch64.syscall_name(79), Some("newfstatat"));
        assert_eq!(Arch::Aarch64.syscall_number("newfstatat"), Some(79));
        assert_eq!(Arch::X86_64.syscall_name(u64::MAX), None);
        // The 32-bit-only time64 calls do not exist for 64-bit aarch64 tasks.
        assert_eq!(Arch::Aarch64.syscall_name(403), None);
        assert_eq!(Arch::Aarch64.syscall_number("execve"), Some(221));
    }
}
