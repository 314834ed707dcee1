//! Test helper: a non-leader thread calls execve while the main thread sits in a syscall, so
//! the exec'd program takes over the leader's pid. The new program exits with status 7.
//! Built without Rust's runtime start-up (`no_main`) and without allocation in the thread, so
//! its syscalls are as deterministic as a C program's, for the comparison with strace.

#![no_main]

extern "C" fn exec_sh(_: *mut libc::c_void) -> *mut libc::c_void {
    let argv: [*const libc::c_char; 4] = [
        c"sh".as_ptr(),
        c"-c".as_ptr(),
        c"exit 7".as_ptr(),
        std::ptr::null(),
    ];
    // SAFETY: the strings are static and the array ends with NULL; execv replaces the process.
    unsafe {
        libc::usleep(100_000);
        libc::execv(c"/bin/sh".as_ptr(), argv.as_ptr());
    }
    std::ptr::null_mut()
}

#[no_mangle]
extern "C" fn main() -> libc::c_int {
    // SAFETY: pthread_create gets a valid out-pointer and a function with the right signature;
    // pause has no preconditions (the exec in the other thread ends it).
    unsafe {
        let mut t: libc::pthread_t = 0;
        libc::pthread_create(&mut t, std::ptr::null(), exec_sh, std::ptr::null_mut());
        libc::pause();
    }
    0
}
