//! Benchmark and test workloads, each a fixed amount of syscall work:
//! `workload getpid N`, `workload openclose N`, `workload threads T N` (T threads, N getpid
//! each), `workload procs P N` (P child processes, N getpid each), `workload busy T N` (T
//! threads that compute, with a getpid after each of N rounds). Each also opens /dev/null
//! once, so a trace of `openat` has something to show.

fn getpids(n: u64) {
    for _ in 0..n {
        // SAFETY: getpid has no preconditions.
        unsafe { libc::syscall(libc::SYS_getpid) };
    }
}

fn open_devnull() {
    // SAFETY: a constant NUL-terminated path; the descriptor is closed at once.
    unsafe {
        let fd = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
        if fd >= 0 {
            libc::close(fd);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let num = |i: usize, d: u64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    open_devnull();
    match args.get(1).map(String::as_str) {
        Some("getpid") => getpids(num(2, 100_000)),
        Some("openclose") => {
            for _ in 0..num(2, 10_000) {
                open_devnull();
            }
        }
        Some("busy") => {
            // T threads that mostly compute: N rounds of arithmetic, each ending in a getpid.
            let n = num(3, 1_000);
            let ts: Vec<_> = (0..num(2, 2))
                .map(|_| {
                    std::thread::spawn(move || {
                        let mut x = 1u64;
                        for _ in 0..n {
                            for i in 0..200_000u64 {
                                x = std::hint::black_box(x.wrapping_mul(6364136223846793005) ^ i);
                            }
                            getpids(1);
                        }
                        x
                    })
                })
                .collect();
            for t in ts {
                let _ = t.join();
            }
        }
        Some("threads") => {
            let n = num(3, 25_000);
            let ts: Vec<_> = (0..num(2, 4))
                .map(|_| std::thread::spawn(move || getpids(n)))
                .collect();
            for t in ts {
                let _ = t.join();
            }
        }
        Some("family") => {
            // Children that exec a failing cat, with SIGCHLD blocked so that no signal
            // interrupts the parent: the same syscalls on every run.
            // SAFETY: a local signal set; the children only exec or _exit.
            unsafe {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGCHLD);
                libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
                for _ in 0..num(2, 2) {
                    let pid = libc::fork();
                    if pid == 0 {
                        let argv = [c"cat".as_ptr(), c"/nonexistent".as_ptr(), std::ptr::null()];
                        libc::execv(c"/bin/cat".as_ptr(), argv.as_ptr());
                        libc::_exit(127);
                    }
                    let mut st = 0;
                    libc::waitpid(pid, &mut st, 0);
                }
            }
        }
        Some("procs") => {
            let n = num(3, 25_000);
            let mut kids = Vec::new();
            for _ in 0..num(2, 4) {
                // SAFETY: the child only makes syscalls and leaves with _exit.
                let pid = unsafe { libc::fork() };
                if pid == 0 {
                    getpids(n);
                    open_devnull();
                    // SAFETY: ends the child without running the parent's destructors.
                    unsafe { libc::_exit(0) };
                }
                kids.push(pid);
            }
            for pid in kids {
                let mut st = 0;
                // SAFETY: waits for a child forked above.
                unsafe { libc::waitpid(pid, &mut st, 0) };
            }
        }
        _ => {
            eprintln!("usage: workload getpid|openclose|threads|procs [ARGS]");
            std::process::exit(2);
        }
    }
}
