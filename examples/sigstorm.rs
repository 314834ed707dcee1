//! Test helper: a child sends many signals to its parent while the parent makes syscalls.

use std::sync::atomic::{AtomicUsize, Ordering};

static GOT: AtomicUsize = AtomicUsize::new(0);

extern "C" fn on_usr1(_: libc::c_int) {
    GOT.fetch_add(1, Ordering::Relaxed);
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    // SAFETY: installs a handler that only touches an atomic; fork's child only calls kill/_exit.
    unsafe {
        libc::signal(
            libc::SIGUSR1,
            on_usr1 as extern "C" fn(libc::c_int) as usize,
        );
        let parent = libc::getpid();
        let pid = libc::fork();
        if pid == 0 {
            for _ in 0..n {
                libc::kill(parent, libc::SIGUSR1);
            }
            libc::_exit(0);
        }
        let mut status = 0;
        while libc::waitpid(pid, &mut status, 0) < 0 {}
    }
    println!("received {}", GOT.load(Ordering::Relaxed).min(1));
}
