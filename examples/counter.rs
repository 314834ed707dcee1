//! Test helper for attaching: every thread counts in a loop, writing `tid N` to stdout and
//! sleeping 20 ms. `counter 4` runs four threads (the main one and three more).

fn count() -> ! {
    // SAFETY: gettid has no preconditions.
    let tid = unsafe { libc::syscall(libc::SYS_gettid) };
    let mut n: u64 = 0;
    loop {
        let line = format!("{tid} {n}\n");
        // SAFETY: writes a live buffer to stdout; the result is ignored (a closed pipe is fine).
        unsafe { libc::write(1, line.as_ptr().cast(), line.len()) };
        n += 1;
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn main() {
    let threads: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for _ in 1..threads {
        std::thread::spawn(|| count());
    }
    count();
}
