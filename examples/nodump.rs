//! Test helper: a process that makes itself non-dumpable (like ssh-agent), then sleeps.

fn main() {
    // SAFETY: prctl with integer arguments; pause has no preconditions.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        println!("ready");
        libc::fflush(std::ptr::null_mut());
        loop {
            libc::pause();
        }
    }
}
