//! Test helper: syscalls whose pointers are invalid or lie about their length.

fn main() {
    // SAFETY: every call below is a raw syscall with deliberately bad pointers; the kernel
    // checks them and returns EFAULT, which is what the test wants to see traced.
    unsafe {
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, 1usize, libc::O_RDONLY);
        libc::syscall(libc::SYS_write, 1, 8usize, 10usize);
        // A string that runs into an unmapped page: map two pages, unmap the second.
        let page = 4096usize;
        let base = libc::mmap(
            std::ptr::null_mut(),
            2 * page,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        ) as *mut u8;
        libc::munmap(base.add(page).cast(), page);
        let tail = base.add(page - 4);
        std::ptr::copy_nonoverlapping(b"abcd".as_ptr(), tail, 4);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, tail, libc::O_RDONLY);
        // A buffer whose length argument claims more than is mapped.
        libc::syscall(libc::SYS_write, -1, tail, 100usize);
    }
}
