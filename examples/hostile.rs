//! Test helper: syscalls whose memory is hostile to a tracer, for the comparison with strace
//! (tests/reliability.rs; tests/trace.rs uses it too): invalid pointers, a path running into an
//! unmapped page, a path ending just before one, a 1 MB write (cut by `-s`), and buffers whose
//! length argument claims more than is mapped (a write the kernel never reads, a read it fills
//! only in part, a CPU set of a megabyte, argv and envp arrays that run into an unmapped page).
//! Built without Rust's runtime start-up (`no_main`), so its syscalls are as deterministic as a
//! C program's.

#![no_main]

const PAGE: usize = 4096;
const MB: usize = 1 << 20;

/// A fresh zeroed page whose next page is not mapped.
fn page_before_a_hole() -> *mut u8 {
    // SAFETY: maps two fresh pages and unmaps the second; nothing else refers to them.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            2 * PAGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        ) as *mut u8;
        libc::munmap(p.add(PAGE).cast(), PAGE);
        p
    }
}

#[no_mangle]
extern "C" fn main() -> libc::c_int {
    // SAFETY: raw syscalls with deliberately bad pointers (the kernel checks them and answers
    // EFAULT); the memory this helper writes is mapped by it, and the unmapped page is never
    // touched by the helper itself.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        let zero = libc::open(c"/dev/zero".as_ptr(), libc::O_RDONLY);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, 1usize, libc::O_RDONLY);
        libc::syscall(libc::SYS_write, 1, 8usize, 10usize);
        // Strings and buffers at the end of a page that unmapped memory follows.
        let base = page_before_a_hole();
        let tail = base.add(PAGE - 4);
        std::ptr::copy_nonoverlapping(b"abcd".as_ptr(), tail, 4);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, tail, libc::O_RDONLY);
        let fits = base.add(PAGE - 3);
        std::ptr::copy_nonoverlapping(c"ok".as_ptr().cast::<u8>(), fits, 3);
        libc::syscall(libc::SYS_openat, libc::AT_FDCWD, fits, libc::O_RDONLY);
        // /dev/null takes the count without reading the buffer; /dev/zero fills what it can.
        libc::syscall(libc::SYS_write, null, tail, 100usize);
        libc::syscall(libc::SYS_read, zero, tail, 100usize);
        libc::syscall(libc::SYS_write, -1, tail, 100usize);
        // A CPU set said to be 1 MB long: strace reads 128 bytes (all clear: EINVAL).
        libc::syscall(libc::SYS_sched_setaffinity, 0, MB, base);
        // argv and envp arrays whose end is not mapped: two pointers to "" and then nothing.
        let arr = page_before_a_hole();
        let words = arr.add(PAGE - 16) as *mut *const u8;
        *words = arr;
        *words.add(1) = arr;
        libc::syscall(libc::SYS_execve, c"/nonexistent".as_ptr(), words, words);
        // One megabyte in one write.
        let big = libc::mmap(
            std::ptr::null_mut(),
            MB,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        ) as *mut u8;
        std::ptr::write_bytes(big, b'x', MB);
        libc::syscall(libc::SYS_write, null, big, MB);
    }
    0
}
