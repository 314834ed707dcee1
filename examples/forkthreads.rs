//! Test helper: threads and a forked child (with its own thread), each doing one distinct write
//! that names the thread id that made it, so a trace can be checked for "every write once, under
//! the right pid".

fn say(role: &str) {
    // SAFETY: gettid has no preconditions.
    let tid = unsafe { libc::syscall(libc::SYS_gettid) };
    let msg = format!("{role} tid={tid}\n");
    // SAFETY: writes a live buffer to stdout.
    unsafe { libc::write(1, msg.as_ptr().cast(), msg.len()) };
}

fn main() {
    let threads: Vec<_> = (1..=2)
        .map(|i| std::thread::spawn(move || say(&format!("thread{i}"))))
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // SAFETY: the child only runs simple code and exits with _exit.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        std::thread::spawn(|| say("child-thread")).join().unwrap();
        say("child");
        // SAFETY: ends the child without running the parent's destructors.
        unsafe { libc::_exit(0) };
    }
    let mut status = 0;
    // SAFETY: waits for the child we just forked.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    say("parent");
}
