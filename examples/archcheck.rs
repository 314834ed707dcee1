//! Checks rtrace's register decoders against the kernel on the machine it runs on: traces a
//! command and, at every syscall stop, decodes PTRACE_GETREGSET with `rtrace::arch` and compares
//! it with PTRACE_GET_SYSCALL_INFO (number and arguments at entry, return value at exit). On
//! aarch64 it also checks that x7 is the kernel's entry/exit marker. Prints `archcheck: ok N
//! stops` and exits 0, or prints each mismatch and exits 1.
//!
//! `archcheck [COMMAND ARGS...]` (default: `/bin/sh -c 'echo hi; cat /nonexistent; exit 0'`).

use rtrace::arch::{self, Arch, Op};
use rtrace::{session, sys};
use std::ffi::OsString;

fn main() {
    let mut argv: Vec<OsString> = std::env::args_os().skip(1).collect();
    if argv.is_empty() {
        argv = ["/bin/sh", "-c", "echo hi; cat /nonexistent; exit 0"]
            .iter()
            .map(OsString::from)
            .collect();
    }
    let options = sys::PTRACE_O_TRACESYSGOOD | sys::PTRACE_O_TRACEEXEC;
    let child = match session::spawn(&argv, options, None) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("archcheck: {e}");
            std::process::exit(2);
        }
    };
    let native = Arch::native();
    let (mut stops, mut bad) = (0u32, 0u32);
    let mut entry_args = [0u64; 6];
    while let Ok((pid, status)) = sys::wait_any() {
        if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
            if pid == child.pid {
                break;
            }
            continue;
        }
        let mut sig = 0;
        if libc::WSTOPSIG(status) == (libc::SIGTRAP | 0x80) {
            let mut info = [0u8; arch::SYSCALL_INFO_SIZE];
            let mut regs = [0u64; arch::REGSET_WORDS];
            let (Ok(n), Ok(rn)) = (
                sys::syscall_info(pid, &mut info),
                sys::regset(pid, &mut regs),
            ) else {
                continue;
            };
            let words = &regs[..rn / 8];
            let Some(truth) = arch::parse_syscall_info(&info, n) else {
                continue;
            };
            stops += 1;
            let entering = matches!(truth.op, Op::Entry { .. });
            if native == Arch::Aarch64 && arch::aarch64::x7_says_entering(words) != Some(entering) {
                bad += 1;
                println!(
                    "x7 marker {:?} at a stop that is {}",
                    words.get(7),
                    if entering { "an entry" } else { "an exit" }
                );
            }
            let decoded = native.decode_regs(words, entering);
            match (truth.op, decoded.map(|d| d.op)) {
                (
                    Op::Entry { nr, args },
                    Some(Op::Entry {
                        nr: rnr,
                        args: rargs,
                    }),
                ) => {
                    entry_args = args;
                    if nr != rnr || args != rargs {
                        bad += 1;
                        println!(
                            "entry: info nr={nr} args={args:x?}, regs nr={rnr} args={rargs:x?}"
                        );
                    }
                }
                (
                    Op::Exit { rval, is_error },
                    Some(Op::Exit {
                        rval: r2,
                        is_error: e2,
                    }),
                ) => {
                    if rval != r2 || is_error != e2 {
                        bad += 1;
                        println!("exit: info rval={rval} err={is_error}, regs rval={r2} err={e2}");
                    }
                    // On aarch64, x0 now holds the return value, not the first argument.
                    if native == Arch::Aarch64 && words.first() != Some(&(rval as u64)) {
                        bad += 1;
                        println!(
                            "exit: x0={:?} is not the return value {rval} (entry x0 was {:#x})",
                            words.first(),
                            entry_args[0]
                        );
                    }
                }
                (t, d) => {
                    bad += 1;
                    println!("stop kinds differ: info {t:?}, regs {d:?}");
                }
            }
            if truth.ip != decoded.map_or(0, |d| d.ip) || truth.sp != decoded.map_or(0, |d| d.sp) {
                bad += 1;
                println!("ip/sp differ: info {:#x}/{:#x}", truth.ip, truth.sp);
            }
        } else if status >> 16 == 0 {
            sig = libc::WSTOPSIG(status);
            if sig == libc::SIGSTOP && stops == 0 {
                sig = 0; // the parked child's own stop
            }
        }
        let _ = sys::resume_syscall(pid, sig);
    }
    if bad == 0 && stops > 10 {
        println!("archcheck: ok {stops} stops ({native:?})");
    } else {
        println!("archcheck: {bad} mismatches in {stops} stops ({native:?})");
        std::process::exit(1);
    }
}
