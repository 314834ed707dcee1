//! Test helper: threads and processes made in the ways a tracer must follow
//! (tests/reliability.rs). Built without Rust's runtime start-up (`no_main`), so its syscalls
//! are as deterministic as a C program's where the mode allows it.
//!
//! - `threads N`: N threads started with pthread_create, each makes one getppid; all joined.
//! - `execs N`: N children, one after the other, each fork then execve of /bin/true.
//! - `vfork`: vfork, the child execs /bin/true; exits 0.
//! - `clone3`: a child process made with the raw clone3 syscall exits with 3; exits 0.
//! - `groupexit`: three threads block (read on a pipe, nanosleep, pause); once /proc shows each
//!   asleep in its syscall, the main thread calls exit_group(4).
//! - `churn`: starts and joins eight threads at a time, for ever; prints `rounds N` now and then.
//! - `daemon FILE`: double fork; the grandchild (in its own session) writes its pid to FILE and
//!   runs until FILE is removed (20 s at most); the parent exits with 5 at once.

#![no_main]

use std::ffi::CStr;

fn exec_true() -> ! {
    let argv = [c"true".as_ptr(), std::ptr::null()];
    // SAFETY: static NUL-terminated strings and a NULL-terminated array; _exit if exec fails.
    unsafe {
        libc::execv(c"/bin/true".as_ptr(), argv.as_ptr());
        libc::_exit(127)
    }
}

fn wait_child(pid: libc::pid_t) -> libc::c_int {
    let mut status = 0;
    // SAFETY: `status` is a valid out-pointer.
    while unsafe { libc::waitpid(pid, &mut status, libc::__WALL) } < 0 {}
    status
}

extern "C" fn one_call(_: *mut libc::c_void) -> *mut libc::c_void {
    // SAFETY: getppid has no preconditions.
    unsafe { libc::getppid() };
    std::ptr::null_mut()
}

fn threads(n: usize) {
    let mut ids: Vec<libc::pthread_t> = vec![0; n];
    for t in ids.iter_mut() {
        // SAFETY: a valid out-pointer and a function with pthread's signature.
        unsafe { libc::pthread_create(t, std::ptr::null(), one_call, std::ptr::null_mut()) };
    }
    for t in ids {
        // SAFETY: joins a thread created above, once.
        unsafe { libc::pthread_join(t, std::ptr::null_mut()) };
    }
}

/// Starts and joins eight threads at a time, for ever, writing `rounds N` every 100 rounds.
fn churn() -> ! {
    let mut rounds: u64 = 0;
    loop {
        let mut ids = [0 as libc::pthread_t; 8];
        for t in ids.iter_mut() {
            // SAFETY: a valid out-pointer and a function with pthread's signature.
            unsafe { libc::pthread_create(t, std::ptr::null(), one_call, std::ptr::null_mut()) };
        }
        for t in ids {
            // SAFETY: joins a thread created above, once.
            unsafe { libc::pthread_join(t, std::ptr::null_mut()) };
        }
        rounds += 1;
        if rounds % 100 == 0 {
            let line = format!("rounds {rounds}\n");
            // SAFETY: writes a live buffer to stdout.
            unsafe { libc::write(1, line.as_ptr().cast(), line.len()) };
        }
    }
}

fn execs(n: usize) {
    for _ in 0..n {
        // SAFETY: the child only execs or _exits.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            exec_true();
        }
        wait_child(pid);
    }
}

// libc deprecates vfork because Rust code in the child may corrupt the parent's stack; the
// child here only calls execv and _exit, which is what vfork allows.
#[allow(deprecated)]
fn vfork() {
    // SAFETY: the vfork child only calls execv and _exit, as vfork requires.
    let pid = unsafe { libc::vfork() };
    if pid == 0 {
        exec_true();
    }
    wait_child(pid);
}

/// struct clone_args, as the kernel defines it (version 0, 64 bytes).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
}

fn clone3() {
    let args = CloneArgs {
        exit_signal: libc::SIGCHLD as u64,
        ..CloneArgs::default()
    };
    // SAFETY: without CLONE_VM the child gets a copy of the address space, as with fork; it
    // only calls _exit.
    let pid = unsafe {
        libc::syscall(
            libc::SYS_clone3,
            &args as *const CloneArgs,
            std::mem::size_of::<CloneArgs>(),
        )
    };
    if pid == 0 {
        // SAFETY: ends the child at once.
        unsafe { libc::_exit(3) };
    }
    wait_child(pid as libc::pid_t);
}

static mut PIPE: [libc::c_int; 2] = [-1, -1];

extern "C" fn block_read(_: *mut libc::c_void) -> *mut libc::c_void {
    let mut b = 0u8;
    // SAFETY: reads one byte into a live local from the pipe made before the thread started.
    unsafe { libc::read(PIPE[0], (&mut b as *mut u8).cast(), 1) };
    std::ptr::null_mut()
}

extern "C" fn block_sleep(_: *mut libc::c_void) -> *mut libc::c_void {
    let t = libc::timespec {
        tv_sec: 100,
        tv_nsec: 0,
    };
    // SAFETY: a valid timespec; the remainder pointer may be NULL.
    unsafe { libc::nanosleep(&t, std::ptr::null_mut()) };
    std::ptr::null_mut()
}

extern "C" fn block_pause(_: *mut libc::c_void) -> *mut libc::c_void {
    // SAFETY: pause has no preconditions.
    unsafe { libc::pause() };
    std::ptr::null_mut()
}

/// Whether thread `tid` of this process sleeps (`S`) inside a syscall: /proc's syscall file
/// names a number only then (`running` otherwise).
fn asleep_in_syscall(tid: libc::c_long) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).unwrap_or_default();
    let sleeping = stat
        .rsplit_once(") ")
        .is_some_and(|(_, r)| r.starts_with('S'));
    let sc = std::fs::read_to_string(format!("/proc/self/task/{tid}/syscall")).unwrap_or_default();
    sleeping && sc.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

fn groupexit() -> ! {
    // SAFETY: the pipe is made before any thread uses it; the threads get functions with
    // pthread's signature; exit_group ends every thread.
    unsafe {
        libc::pipe(std::ptr::addr_of_mut!(PIPE).cast());
        let mut ids = [0 as libc::pthread_t; 3];
        let bodies: [extern "C" fn(*mut libc::c_void) -> *mut libc::c_void; 3] =
            [block_read, block_sleep, block_pause];
        for (t, f) in ids.iter_mut().zip(bodies) {
            libc::pthread_create(t, std::ptr::null(), f, std::ptr::null_mut());
        }
        // The threads' ids, from /proc (pthread_t is not a tid).
        let me = libc::getpid() as libc::c_long;
        loop {
            let tids: Vec<libc::c_long> = std::fs::read_dir("/proc/self/task")
                .map(|d| {
                    d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                        .filter(|&t| t != me)
                        .collect()
                })
                .unwrap_or_default();
            if tids.len() == 3 && tids.iter().all(|&t| asleep_in_syscall(t)) {
                break;
            }
            libc::usleep(10_000);
        }
        libc::syscall(libc::SYS_exit_group, 4);
        libc::_exit(4)
    }
}

fn daemon(file: &CStr) -> libc::c_int {
    let path = file.to_string_lossy().into_owned();
    // SAFETY: the children only make simple calls and leave with _exit.
    unsafe {
        let pid = libc::fork();
        if pid == 0 {
            libc::setsid();
            if libc::fork() != 0 {
                libc::_exit(0);
            }
            let tmp = format!("{path}.tmp");
            let _ = std::fs::write(&tmp, libc::getpid().to_string());
            let _ = std::fs::rename(&tmp, &path);
            for _ in 0..2000 {
                if std::fs::metadata(&path).is_err() {
                    break;
                }
                libc::usleep(10_000);
            }
            libc::_exit(0);
        }
        wait_child(pid);
    }
    5
}

#[no_mangle]
extern "C" fn main(argc: libc::c_int, argv: *const *const libc::c_char) -> libc::c_int {
    let arg = |i: libc::c_int| -> &CStr {
        if i >= argc {
            return c"";
        }
        // SAFETY: argv has argc valid NUL-terminated strings that live as long as the process.
        unsafe { CStr::from_ptr(*argv.add(i as usize)) }
    };
    let num = |i| {
        arg(i)
            .to_str()
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1)
    };
    match arg(1).to_bytes() {
        b"threads" => threads(num(2)),
        b"execs" => execs(num(2)),
        b"vfork" => vfork(),
        b"clone3" => clone3(),
        b"groupexit" => groupexit(),
        b"daemon" => return daemon(arg(2)),
        b"churn" => churn(),
        _ => return 2,
    }
    0
}
