//! Test helper for signals under a tracer (tests/reliability.rs).
//!
//! `signals count N`: handles SIGUSR1, the real-time signal SIGRTMIN+2 and SIGCONT, counting each
//! delivery. It sends itself N of each of the first two (a signal to oneself is delivered before
//! kill returns), then a child sends it N more of each while it makes syscalls (standard
//! signals may merge while pending, real-time ones queue), then it stops itself with SIGSTOP
//! and a child sends SIGCONT until it runs again. It prints `usr1=A rt=B cont=C`: every
//! delivery the tracer shows must be in these counts, and every count in the trace.
//!
//! `signals receive N`: a child sends it N real-time signals, one every 2 ms; it prints its pid
//! first and `rt=COUNT` at the end. Tracers attach and detach meanwhile: none may be lost.
//!
//! `signals killread`: a child blocks in `read` on a pipe; the parent waits (through
//! /proc/PID/stat and /proc/PID/syscall) until it sits in that read, then SIGKILLs it.
//!
//! Built without Rust's runtime start-up (`no_main`).

#![no_main]

use std::sync::atomic::{AtomicU32, Ordering};

static USR1: AtomicU32 = AtomicU32::new(0);
static RT: AtomicU32 = AtomicU32::new(0);
static CONT: AtomicU32 = AtomicU32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    let counter = if sig == libc::SIGUSR1 {
        &USR1
    } else if sig == libc::SIGCONT {
        &CONT
    } else {
        &RT
    };
    counter.fetch_add(1, Ordering::SeqCst);
}

fn rt_signal() -> libc::c_int {
    libc::SIGRTMIN() + 2
}

/// Reads a small /proc file into `buf`; returns the bytes read.
fn read_proc(path: &[u8], buf: &mut [u8]) -> usize {
    // SAFETY: `path` is NUL-terminated and `buf` is a live buffer of the given length.
    unsafe {
        let fd = libc::open(path.as_ptr().cast(), libc::O_RDONLY);
        if fd < 0 {
            return 0;
        }
        let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
        libc::close(fd);
        n.max(0) as usize
    }
}

fn proc_path(pid: libc::pid_t, file: &str) -> Vec<u8> {
    format!("/proc/{pid}/{file}\0").into_bytes()
}

/// Whether `pid` sleeps (`S`, not stopped by the tracer) inside syscall `nr`.
fn sleeps_in(pid: libc::pid_t, nr: libc::c_long) -> bool {
    let mut buf = [0u8; 512];
    let n = read_proc(&proc_path(pid, "stat"), &mut buf);
    let stat = String::from_utf8_lossy(&buf[..n]).into_owned();
    let state = stat.rsplit_once(") ").and_then(|(_, r)| r.chars().next());
    if state != Some('S') {
        return false;
    }
    let n = read_proc(&proc_path(pid, "syscall"), &mut buf);
    let first = String::from_utf8_lossy(&buf[..n]).into_owned();
    first.split_whitespace().next() == Some(nr.to_string().as_str())
}

fn count(n: u32) {
    // SAFETY: installs handlers that only touch atomics; the children only call kill, getppid,
    // usleep and _exit.
    unsafe {
        for sig in [libc::SIGUSR1, rt_signal(), libc::SIGCONT] {
            libc::signal(sig, on_signal as extern "C" fn(libc::c_int) as usize);
        }
        let me = libc::getpid();
        for _ in 0..n {
            libc::kill(me, libc::SIGUSR1);
            libc::kill(me, rt_signal());
        }
        let pid = libc::fork();
        if pid == 0 {
            for _ in 0..n {
                libc::kill(me, libc::SIGUSR1);
                libc::kill(me, rt_signal());
            }
            libc::_exit(0);
        }
        let mut status = 0;
        while libc::waitpid(pid, &mut status, libc::WNOHANG) == 0 {
            libc::getppid();
        }
        // Stop, and be continued by a child that goes on sending SIGCONT until it is told that
        // the parent runs again (SIGCONT to a running process is one more delivery).
        let mut fds = [0; 2];
        libc::pipe(fds.as_mut_ptr());
        let pid = libc::fork();
        if pid == 0 {
            libc::close(fds[1]);
            libc::fcntl(fds[0], libc::F_SETFL, libc::O_NONBLOCK);
            let mut b = 0u8;
            while libc::read(fds[0], (&mut b as *mut u8).cast(), 1) != 1 {
                libc::usleep(20_000);
                libc::kill(me, libc::SIGCONT);
            }
            libc::_exit(0);
        }
        libc::close(fds[0]);
        libc::raise(libc::SIGSTOP);
        libc::write(fds[1], b"x".as_ptr().cast(), 1);
        while libc::waitpid(pid, &mut status, 0) < 0 {}
    }
    let line = format!(
        "usr1={} rt={} cont={}\n",
        USR1.load(Ordering::SeqCst),
        RT.load(Ordering::SeqCst),
        CONT.load(Ordering::SeqCst)
    );
    // SAFETY: writes a live buffer to stdout.
    unsafe { libc::write(1, line.as_ptr().cast(), line.len()) };
}

fn killread() -> libc::c_int {
    // SAFETY: the child only reads from a pipe nobody writes to; the parent waits for it and
    // kills it.
    unsafe {
        let mut fds = [0; 2];
        libc::pipe(fds.as_mut_ptr());
        let pid = libc::fork();
        if pid == 0 {
            let mut b = 0u8;
            libc::read(fds[0], (&mut b as *mut u8).cast(), 1);
            libc::_exit(0);
        }
        while !sleeps_in(pid, libc::SYS_read) {
            libc::usleep(10_000);
        }
        libc::kill(pid, libc::SIGKILL);
        let mut status = 0;
        libc::waitpid(pid, &mut status, 0);
        i32::from(!(libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGKILL))
    }
}

/// Receives `n` real-time signals from a child that sends one every 2 ms, then prints
/// `rt=COUNT` (after 30 s at most). Tracers attach and detach meanwhile.
fn receive(n: u32) {
    // SAFETY: the handler only touches an atomic; the child only calls kill, usleep and _exit.
    unsafe {
        libc::signal(
            rt_signal(),
            on_signal as extern "C" fn(libc::c_int) as usize,
        );
        let me = libc::getpid();
        let line = format!("pid={me}\n");
        libc::write(1, line.as_ptr().cast(), line.len());
        let pid = libc::fork();
        if pid == 0 {
            for _ in 0..n {
                libc::usleep(2_000);
                libc::kill(me, rt_signal());
            }
            libc::_exit(0);
        }
        let mut status = 0;
        for _ in 0..30_000 {
            if RT.load(Ordering::SeqCst) >= n {
                break;
            }
            libc::usleep(1_000);
        }
        libc::waitpid(pid, &mut status, 0);
    }
    let line = format!("rt={}\n", RT.load(Ordering::SeqCst));
    // SAFETY: writes a live buffer to stdout.
    unsafe { libc::write(1, line.as_ptr().cast(), line.len()) };
}

#[no_mangle]
extern "C" fn main(argc: libc::c_int, argv: *const *const libc::c_char) -> libc::c_int {
    let arg = |i: libc::c_int| -> String {
        if i >= argc {
            return String::new();
        }
        // SAFETY: argv has argc valid NUL-terminated strings.
        unsafe { std::ffi::CStr::from_ptr(*argv.add(i as usize)) }
            .to_string_lossy()
            .into_owned()
    };
    match arg(1).as_str() {
        "count" => {
            count(arg(2).parse().unwrap_or(100));
            0
        }
        "killread" => killread(),
        "receive" => {
            receive(arg(2).parse().unwrap_or(1000));
            0
        }
        _ => 2,
    }
}
