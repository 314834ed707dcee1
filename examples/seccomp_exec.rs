//! Test helper: installs a seccomp filter that makes ptrace fail, then execs a command.
//! `seccomp_exec ERRNO CMD ARGS...` returns ERRNO from ptrace (1 = EPERM like Docker, 38 =
//! ENOSYS like Podman); `seccomp_exec kill CMD ARGS...` kills the process that calls ptrace.

use std::ffi::CString;

const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
const SECCOMP_RET_ERRNO: u32 = 0x0005_0000;
const SECCOMP_RET_KILL_PROCESS: u32 = 0x8000_0000;
const BPF_LD_W_ABS: u16 = 0x20;
const BPF_JEQ_K: u16 = 0x15;
const BPF_RET_K: u16 = 0x06;

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xc000_003e;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xc000_00b7;

fn stmt(code: u16, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter {
        code: BPF_JEQ_K,
        jt,
        jf,
        k,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(cmd)) = (args.first(), args.get(1)) else {
        eprintln!("usage: seccomp_exec ERRNO|kill CMD ARGS...");
        std::process::exit(2);
    };
    let action = match mode.as_str() {
        "kill" => SECCOMP_RET_KILL_PROCESS,
        n => SECCOMP_RET_ERRNO | n.parse::<u32>().expect("errno number"),
    };
    let filter = [
        stmt(BPF_LD_W_ABS, 4), // seccomp_data.arch
        jump(AUDIT_ARCH, 1, 0),
        stmt(BPF_RET_K, SECCOMP_RET_ALLOW),
        stmt(BPF_LD_W_ABS, 0), // seccomp_data.nr
        jump(libc::SYS_ptrace as u32, 0, 1),
        stmt(BPF_RET_K, action),
        stmt(BPF_RET_K, SECCOMP_RET_ALLOW),
    ];
    let prog = libc::sock_fprog {
        len: filter.len() as u16,
        filter: filter.as_ptr() as *mut libc::sock_filter,
    };
    let c_args: Vec<CString> = args[1..]
        .iter()
        .map(|a| CString::new(a.as_str()).unwrap())
        .collect();
    let mut argv: Vec<*const libc::c_char> = c_args.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    // SAFETY: `prog` points to a valid filter for the duration of the call; execvp gets a
    // NULL-terminated array of valid strings.
    unsafe {
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
            || libc::prctl(
                libc::PR_SET_SECCOMP,
                libc::SECCOMP_MODE_FILTER,
                &prog as *const libc::sock_fprog,
            ) != 0
        {
            eprintln!("seccomp_exec: cannot install the filter");
            std::process::exit(2);
        }
        libc::execvp(c_args[0].as_ptr(), argv.as_ptr());
    }
    eprintln!("seccomp_exec: cannot run {cmd}");
    std::process::exit(127);
}
