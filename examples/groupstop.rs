//! Test helper: the process stops itself with SIGSTOP; a child sends SIGCONT a moment later and
//! exits a while after that. Built without Rust's runtime start-up (`no_main`), so its syscalls
//! are as deterministic as a C program's, for the comparison with strace.

#![no_main]

#[no_mangle]
extern "C" fn main() -> libc::c_int {
    // SAFETY: fork's child only sleeps, signals and exits; the parent raises a stop signal.
    unsafe {
        let parent = libc::getpid();
        let child = libc::fork();
        if child == 0 {
            libc::usleep(200_000);
            libc::kill(parent, libc::SIGCONT);
            libc::usleep(300_000);
            libc::_exit(0);
        }
        libc::raise(libc::SIGSTOP);
        let msg = b"resumed\n";
        libc::write(1, msg.as_ptr().cast(), msg.len());
        let mut status = 0;
        libc::waitpid(child, &mut status, 0);
    }
    0
}
