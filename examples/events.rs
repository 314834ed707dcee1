//! Test helper: one of each event a JSON trace has. A thread starts and ends (attach, exit), a
//! forked child exits with 3 (attach, exit; the parent gets SIGCHLD), an open fails (ENOENT),
//! and the process is killed by SIGUSR1 (signal, killed).

fn main() {
    std::thread::spawn(std::process::id).join().unwrap();
    // SAFETY: the child only calls _exit.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: ends the child at once.
        unsafe { libc::_exit(3) };
    }
    let mut status = 0;
    // SAFETY: waits for the child just forked.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    let _ = std::fs::File::open("/nonexistent/rtrace-events");
    // SAFETY: raising a signal has no memory-safety preconditions.
    unsafe { libc::raise(libc::SIGUSR1) };
}
