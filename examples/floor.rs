//! The floor for benchmarks: the least a ptrace tracer can do. It runs a command under
//! PTRACE_SYSCALL, follows forks and threads, and does nothing at each stop but resume
//! (`--info`: plus one PTRACE_GET_SYSCALL_INFO per stop; `--spin`: polls for the next stop for
//! up to 50 µs before sleeping). rtrace's cost is measured against it.
//! Uses libc only, so nothing of rtrace's is in the loop.

use std::ffi::CString;

const PTRACE_SEIZE: libc::c_uint = 0x4206;
const PTRACE_GET_SYSCALL_INFO: libc::c_uint = 0x420e;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let info = args.first().is_some_and(|a| a == "--info");
    if info {
        args.remove(0);
    }
    let spin = args.first().is_some_and(|a| a == "--spin");
    if spin {
        args.remove(0);
    }
    if args.first().is_some_and(|a| a == "--") {
        args.remove(0);
    }
    if args.is_empty() {
        eprintln!("usage: floor [--info] [--spin] COMMAND ARGS...");
        std::process::exit(2);
    }
    let c_args: Vec<CString> = args
        .iter()
        .map(|a| CString::new(a.as_str()).unwrap())
        .collect();
    let mut argv: Vec<*const libc::c_char> = c_args.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    let opts = (libc::PTRACE_O_TRACESYSGOOD
        | libc::PTRACE_O_TRACEFORK
        | libc::PTRACE_O_TRACEVFORK
        | libc::PTRACE_O_TRACECLONE) as usize;
    // SAFETY: the child stops itself and then execs prepared arguments; the parent only makes
    // ptrace and waitpid calls with valid out-pointers.
    unsafe {
        let pid = libc::fork();
        if pid == 0 {
            libc::raise(libc::SIGSTOP);
            libc::execvp(argv[0], argv.as_ptr());
            libc::_exit(127);
        }
        let mut status = 0;
        libc::waitpid(pid, &mut status, libc::WUNTRACED);
        libc::syscall(libc::SYS_ptrace, PTRACE_SEIZE as libc::c_long, pid, 0, opts);
        libc::kill(pid, libc::SIGCONT);
        let mut buf = [0u8; 88];
        let mut code = 0;
        loop {
            let mut p = 0;
            if spin {
                // Poll for up to 50 µs before sleeping, as rtrace does (see src/tracer/spin.rs).
                let start = std::time::Instant::now();
                while p == 0 && start.elapsed() < std::time::Duration::from_micros(50) {
                    p = libc::waitpid(-1, &mut status, libc::__WALL | libc::WNOHANG);
                }
            }
            if p == 0 {
                p = libc::waitpid(-1, &mut status, libc::__WALL);
            }
            if p < 0 {
                break;
            }
            if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
                if p == pid {
                    code = if libc::WIFEXITED(status) {
                        libc::WEXITSTATUS(status)
                    } else {
                        128 + libc::WTERMSIG(status)
                    };
                }
                continue;
            }
            let stopsig = libc::WSTOPSIG(status);
            let mut sig = 0;
            if stopsig == (libc::SIGTRAP | 0x80) {
                if info {
                    libc::syscall(
                        libc::SYS_ptrace,
                        PTRACE_GET_SYSCALL_INFO as libc::c_long,
                        p,
                        buf.len(),
                        buf.as_mut_ptr(),
                    );
                }
            } else if status >> 16 == 0 && stopsig != libc::SIGSTOP && stopsig != libc::SIGCONT {
                sig = stopsig;
            }
            libc::ptrace(libc::PTRACE_SYSCALL, p, 0, sig);
        }
        std::process::exit(code);
    }
}
