//! Test helper: one process that makes a deterministic mix of the file, descriptor, process,
//! time, signal, event and memory syscalls rtrace decodes, for the comparison with strace
//! (tests/sysmix.rs). It works in /tmp/rtrace-sysmix, which it creates with fixed names and
//! removes at the end. Built without Rust's runtime start-up (`no_main`), so its syscalls are
//! as deterministic as a C program's; values that change between runs (times, free memory)
//! are avoided or only shown where strace abbreviates them.

#![no_main]

use libc::{c_char, c_int, c_void};
use std::ptr::{null, null_mut};

const DIR: &[u8] = b"/tmp/rtrace-sysmix\0";
const FILE_A: &[u8] = b"/tmp/rtrace-sysmix/a.txt\0";
const FILE_B: &[u8] = b"/tmp/rtrace-sysmix/b.txt\0";
const LINK: &[u8] = b"/tmp/rtrace-sysmix/link\0";
const SUB: &[u8] = b"/tmp/rtrace-sysmix/sub\0";
const NEW: &[u8] = b"/tmp/rtrace-sysmix/new\0";

fn c(s: &[u8]) -> *const c_char {
    s.as_ptr().cast()
}

extern "C" fn on_signal(_sig: c_int) {}

/// Removes what a previous run may have left, so every run starts alike.
unsafe fn cleanup() {
    for p in [FILE_A, FILE_B, LINK, NEW] {
        libc::unlink(c(p));
    }
    libc::rmdir(c(SUB));
    libc::rmdir(c(DIR));
}

unsafe fn files() {
    libc::umask(0o022);
    libc::mkdir(c(DIR), 0o755);
    let fd = libc::open(
        c(FILE_A),
        libc::O_RDWR | libc::O_CREAT | libc::O_TRUNC,
        0o644,
    );
    libc::write(fd, b"hello, sysmix\n".as_ptr().cast(), 14);
    let mut st: libc::stat = std::mem::zeroed();
    libc::fstat(fd, &mut st);
    libc::stat(c(DIR), &mut st);
    libc::lstat(c(FILE_A), &mut st);
    libc::stat(c(b"/nonexistent/sysmix\0"), &mut st);
    let mut sx: libc::statx = std::mem::zeroed();
    libc::statx(
        libc::AT_FDCWD,
        c(FILE_A),
        libc::AT_SYMLINK_NOFOLLOW,
        libc::STATX_BASIC_STATS,
        &mut sx,
    );
    libc::statx(
        fd,
        c(b"\0"),
        libc::AT_EMPTY_PATH,
        libc::STATX_TYPE | libc::STATX_SIZE,
        &mut sx,
    );
    libc::statx(
        libc::AT_FDCWD,
        c(b"/nonexistent\0"),
        0,
        libc::STATX_ALL,
        &mut sx,
    );
    let mut sf: libc::statfs = std::mem::zeroed();
    libc::statfs(c(b"/proc\0"), &mut sf);
    libc::lseek(fd, 0, libc::SEEK_SET);
    libc::lseek(fd, 7, libc::SEEK_CUR);
    let mut buf = [0u8; 64];
    libc::pread64(fd, buf.as_mut_ptr().cast(), 5, 0);
    libc::pwrite64(fd, b"HE".as_ptr().cast(), 2, 0);
    let (a, b) = buf.split_at_mut(3);
    let iov = [
        libc::iovec {
            iov_base: a.as_mut_ptr().cast(),
            iov_len: 3,
        },
        libc::iovec {
            iov_base: b.as_mut_ptr().cast(),
            iov_len: 40,
        },
    ];
    libc::preadv(fd, iov.as_ptr(), 2, 0);
    libc::lseek(fd, 0, libc::SEEK_SET);
    libc::readv(fd, iov.as_ptr(), 2);
    libc::pwritev(fd, iov.as_ptr(), 1, 20);
    libc::writev(fd, iov.as_ptr(), 1);
    libc::ftruncate(fd, 100);
    libc::truncate(c(FILE_A), 30);
    libc::fallocate(fd, 0, 0, 4096);
    libc::fsync(fd);
    libc::fdatasync(fd);
    libc::posix_fadvise(fd, 0, 0, libc::POSIX_FADV_SEQUENTIAL);
    let fd2 = libc::open(
        c(FILE_B),
        libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL,
        0o600,
    );
    let mut off: libc::off_t = 0;
    libc::sendfile(fd2, fd, &mut off, 5);
    let (mut o1, mut o2): (libc::loff_t, libc::loff_t) = (0, 0);
    libc::copy_file_range(fd, &mut o1, fd2, &mut o2, 4, 0);
    let mut p = [0 as c_int; 2];
    libc::pipe2(p.as_mut_ptr(), libc::O_CLOEXEC);
    libc::splice(fd, &mut o1, p[1], null_mut(), 4, libc::SPLICE_F_MOVE);
    let mut n: c_int = 0;
    libc::ioctl(p[0], libc::FIONREAD, &mut n);
    libc::close(p[0]);
    libc::close(p[1]);
    libc::readlink(c(b"/proc/self/exe\0"), buf.as_mut_ptr().cast(), 0);
    libc::symlink(c(b"a.txt\0"), c(LINK));
    libc::readlink(c(LINK), buf.as_mut_ptr().cast(), 64);
    libc::readlinkat(libc::AT_FDCWD, c(FILE_A), buf.as_mut_ptr().cast(), 64);
    libc::chdir(c(DIR));
    libc::getcwd(buf.as_mut_ptr().cast(), 64);
    libc::link(c(FILE_A), c(NEW));
    libc::unlink(c(NEW));
    libc::renameat2(
        libc::AT_FDCWD,
        c(FILE_B),
        libc::AT_FDCWD,
        c(NEW),
        libc::RENAME_NOREPLACE,
    );
    libc::rename(c(NEW), c(FILE_B));
    libc::chmod(c(FILE_A), 0o600);
    libc::fchmod(fd, 0o644);
    libc::fchmodat(libc::AT_FDCWD, c(FILE_A), 0o640, 0);
    libc::chown(c(FILE_A), u32::MAX, u32::MAX);
    libc::fchown(fd, u32::MAX, 0);
    libc::lchown(c(LINK), u32::MAX, u32::MAX);
    let times = [
        libc::timespec {
            tv_sec: 1_700_000_000,
            tv_nsec: 5,
        },
        libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_OMIT,
        },
    ];
    libc::utimensat(libc::AT_FDCWD, c(FILE_A), times.as_ptr(), 0);
    let now = [
        libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_NOW,
        },
        libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        },
    ];
    libc::utimensat(
        libc::AT_FDCWD,
        c(FILE_A),
        now.as_ptr(),
        libc::AT_SYMLINK_NOFOLLOW,
    );
    libc::syscall(
        libc::SYS_faccessat2,
        libc::AT_FDCWD,
        c(FILE_A),
        libc::R_OK,
        libc::AT_EACCESS,
    );
    libc::mkdirat(libc::AT_FDCWD, c(SUB), 0o700);
    libc::unlinkat(libc::AT_FDCWD, c(SUB), libc::AT_REMOVEDIR);
    let value = b"on";
    libc::setxattr(c(FILE_A), c(b"user.sysmix\0"), value.as_ptr().cast(), 2, 0);
    libc::getxattr(c(FILE_A), c(b"user.sysmix\0"), buf.as_mut_ptr().cast(), 64);
    libc::getxattr(c(FILE_A), c(b"user.none\0"), null_mut(), 0);
    libc::removexattr(c(FILE_A), c(b"user.sysmix\0"));
    let dfd = libc::open(c(DIR), libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC);
    let mut dents = [0u8; 4096];
    libc::syscall(libc::SYS_getdents64, dfd, dents.as_mut_ptr(), dents.len());
    libc::syscall(libc::SYS_getdents64, dfd, dents.as_mut_ptr(), dents.len());
    libc::syscall(libc::SYS_getdents64, fd, dents.as_mut_ptr(), dents.len());
    libc::fchdir(dfd);
    libc::close(dfd);
    locks(fd);
    libc::close(fd);
    libc::close(fd2);
}

unsafe fn locks(fd: c_int) {
    let mut fl: libc::flock = std::mem::zeroed();
    fl.l_type = libc::F_WRLCK as i16;
    fl.l_whence = libc::SEEK_SET as i16;
    fl.l_len = 10;
    libc::fcntl(fd, libc::F_SETLK, &fl);
    libc::fcntl(fd, libc::F_GETLK, &mut fl);
    fl.l_type = libc::F_UNLCK as i16;
    libc::fcntl(fd, libc::F_SETLKW, &fl);
    fl.l_type = libc::F_RDLCK as i16;
    libc::fcntl(fd, libc::F_OFD_SETLK, &fl);
    libc::fcntl(fd, libc::F_OFD_GETLK, &mut fl);
    libc::fcntl(fd, libc::F_GETFL);
    libc::fcntl(fd, libc::F_SETFL, libc::O_APPEND);
    libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
    libc::fcntl(fd, libc::F_GETFD);
    let dup = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10);
    libc::dup3(dup, 20, libc::O_CLOEXEC);
    libc::close(dup);
    libc::close(20);
    libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB);
    libc::flock(fd, libc::LOCK_UN);
    libc::ioctl(fd, libc::FIOCLEX);
    let null = libc::open(c(b"/dev/null\0"), libc::O_RDWR);
    let mut t: libc::termios = std::mem::zeroed();
    libc::ioctl(null, libc::TCGETS, &mut t);
    libc::ioctl(null, 0x1234, 0);
    libc::close(null);
}

unsafe fn signals() {
    let mut sa: libc::sigaction = std::mem::zeroed();
    sa.sa_sigaction = on_signal as *const () as usize;
    libc::sigemptyset(&mut sa.sa_mask);
    libc::sigaddset(&mut sa.sa_mask, libc::SIGUSR2);
    sa.sa_flags = libc::SA_RESTART;
    libc::sigaction(libc::SIGUSR1, &sa, null_mut());
    libc::sigaction(libc::SIGALRM, &sa, null_mut());
    libc::kill(libc::getpid(), libc::SIGUSR1);
    let mut set: libc::sigset_t = std::mem::zeroed();
    let mut old: libc::sigset_t = std::mem::zeroed();
    libc::sigemptyset(&mut set);
    libc::sigaddset(&mut set, libc::SIGUSR2);
    libc::sigprocmask(libc::SIG_BLOCK, &set, &mut old);
    libc::kill(libc::getpid(), libc::SIGUSR2);
    libc::sigpending(&mut old);
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut info: libc::siginfo_t = std::mem::zeroed();
    libc::sigtimedwait(&set, &mut info, &zero);
    libc::sigtimedwait(&set, &mut info, &zero);
    let sfd = libc::signalfd(-1, &set, libc::SFD_CLOEXEC | libc::SFD_NONBLOCK);
    libc::close(sfd);
    libc::sigprocmask(libc::SIG_UNBLOCK, &set, null_mut());
    let mut ss: libc::stack_t = std::mem::zeroed();
    libc::sigaltstack(null(), &mut ss);
    let pfd = libc::syscall(libc::SYS_pidfd_open, libc::getpid(), 0) as c_int;
    libc::syscall(libc::SYS_pidfd_send_signal, pfd, 0, null::<c_void>(), 0);
    libc::close(pfd);
}

unsafe fn timers() {
    let it = libc::itimerval {
        it_interval: libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
        it_value: libc::timeval {
            tv_sec: 0,
            tv_usec: 20_000,
        },
    };
    let mut old: libc::itimerval = std::mem::zeroed();
    libc::setitimer(libc::ITIMER_REAL, &it, &mut old);
    let mut none: libc::sigset_t = std::mem::zeroed();
    libc::sigemptyset(&mut none);
    libc::sigsuspend(&none);
    libc::getitimer(libc::ITIMER_REAL, &mut old);
    libc::alarm(10);
    libc::alarm(0);
    let tfd = libc::timerfd_create(
        libc::CLOCK_MONOTONIC,
        libc::TFD_CLOEXEC | libc::TFD_NONBLOCK,
    );
    let its = libc::itimerspec {
        it_interval: libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        },
        it_value: libc::timespec {
            tv_sec: 100,
            tv_nsec: 0,
        },
    };
    let mut oits: libc::itimerspec = std::mem::zeroed();
    libc::timerfd_settime(tfd, 0, &its, &mut oits);
    let off: libc::itimerspec = std::mem::zeroed();
    libc::timerfd_settime(tfd, 0, &off, null_mut());
    libc::timerfd_gettime(tfd, &mut oits);
    libc::close(tfd);
    let req = libc::timespec {
        tv_sec: 0,
        tv_nsec: 1000,
    };
    libc::nanosleep(&req, null_mut());
    libc::clock_nanosleep(libc::CLOCK_MONOTONIC, 0, &req, null_mut());
    let mut sev: libc::sigevent = std::mem::zeroed();
    sev.sigev_notify = libc::SIGEV_NONE;
    let mut timer: libc::timer_t = null_mut();
    libc::syscall(
        libc::SYS_timer_create,
        libc::CLOCK_MONOTONIC,
        &sev,
        &mut timer,
    );
    libc::syscall(libc::SYS_timer_delete, 0);
    libc::syscall(
        libc::SYS_clock_getres,
        libc::CLOCK_MONOTONIC,
        null_mut::<c_void>(),
    );
}

unsafe fn events() {
    let ep = libc::epoll_create1(libc::EPOLL_CLOEXEC);
    let efd = libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK);
    let mut p = [0 as c_int; 2];
    libc::pipe2(p.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK);
    let mut ev = libc::epoll_event {
        events: (libc::EPOLLIN | libc::EPOLLET) as u32,
        u64: 7,
    };
    libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, p[0], &mut ev);
    ev = libc::epoll_event {
        events: libc::EPOLLIN as u32,
        u64: 0x1_0000_0005,
    };
    libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, efd, &mut ev);
    let mut events = [libc::epoll_event { events: 0, u64: 0 }; 4];
    libc::epoll_wait(ep, events.as_mut_ptr(), 4, 0);
    libc::write(p[1], b"x".as_ptr().cast(), 1);
    let one: u64 = 1;
    libc::write(efd, (&one as *const u64).cast(), 8);
    libc::epoll_wait(ep, events.as_mut_ptr(), 4, 0);
    libc::epoll_ctl(ep, libc::EPOLL_CTL_DEL, efd, null_mut());
    let mut set: libc::sigset_t = std::mem::zeroed();
    libc::sigemptyset(&mut set);
    libc::epoll_pwait(ep, events.as_mut_ptr(), 4, 0, &set);
    let mut fds = [
        libc::pollfd {
            fd: p[0],
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: p[1],
            events: libc::POLLOUT,
            revents: 0,
        },
    ];
    libc::poll(fds.as_mut_ptr(), 2, 0);
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    libc::ppoll(fds.as_mut_ptr(), 2, &zero, &set);
    let mut rd: libc::fd_set = std::mem::zeroed();
    libc::FD_ZERO(&mut rd);
    libc::FD_SET(p[0], &mut rd);
    libc::FD_SET(efd, &mut rd);
    libc::pselect(p[1] + 1, &mut rd, null_mut(), null_mut(), &zero, &set);
    let mut buf = [0u8; 16];
    libc::read(p[0], buf.as_mut_ptr().cast(), 16);
    libc::read(p[0], buf.as_mut_ptr().cast(), 16);
    let inot = libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC);
    let wd = libc::inotify_add_watch(inot, c(DIR), libc::IN_CREATE | libc::IN_DELETE);
    let fd = libc::open(
        c(NEW),
        libc::O_WRONLY | libc::O_CREAT | libc::O_CLOEXEC,
        0o644,
    );
    libc::close(fd);
    let mut ibuf = [0u8; 64];
    libc::read(inot, ibuf.as_mut_ptr().cast(), 64);
    libc::inotify_rm_watch(inot, wd);
    for f in [inot, ep, efd, p[0], p[1]] {
        libc::close(f);
    }
}

unsafe fn memory() {
    let len = 3 * 4096;
    let m = libc::mmap(
        null_mut(),
        len,
        libc::PROT_READ | libc::PROT_WRITE,
        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
        -1,
        0,
    );
    *(m as *mut u8) = 1;
    libc::mprotect(m, 4096, libc::PROT_READ);
    libc::madvise(m, len, libc::MADV_DONTNEED);
    let mut vec = [0u8; 3];
    libc::mincore(m, len, vec.as_mut_ptr());
    libc::mlock(m, 4096);
    libc::munlock(m, 4096);
    libc::msync(m, 4096, libc::MS_ASYNC);
    libc::mprotect(m, 4096, libc::PROT_READ | libc::PROT_WRITE);
    let m2 = libc::mremap(m, len, 2 * len, libc::MREMAP_MAYMOVE);
    libc::munmap(m2, 2 * len);
    let mfd = libc::memfd_create(c(b"sysmix\0"), libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING);
    libc::fcntl(mfd, libc::F_ADD_SEALS, libc::F_SEAL_SHRINK);
    libc::fcntl(mfd, libc::F_GET_SEALS);
    libc::close(mfd);
}

unsafe fn process() {
    let name = b"sysmix\0";
    libc::prctl(libc::PR_SET_NAME, name.as_ptr());
    let mut got = [0u8; 16];
    libc::prctl(libc::PR_GET_NAME, got.as_mut_ptr());
    libc::prctl(libc::PR_GET_DUMPABLE);
    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
    let mut sig: c_int = 0;
    libc::prctl(libc::PR_GET_PDEATHSIG, &mut sig);
    libc::prctl(libc::PR_SET_PDEATHSIG, 0);
    libc::prctl(libc::PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    libc::prctl(libc::PR_CAPBSET_READ, 21);
    let (mut r, mut e, mut s): (libc::uid_t, libc::uid_t, libc::uid_t) = (0, 0, 0);
    libc::getresuid(&mut r, &mut e, &mut s);
    libc::getresgid(&mut r, &mut e, &mut s);
    libc::setresuid(u32::MAX, u32::MAX, u32::MAX);
    libc::getgroups(0, null_mut());
    libc::getpgid(0);
    libc::getpriority(libc::PRIO_PROCESS, 0);
    let mut rl: libc::rlimit = std::mem::zeroed();
    libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl);
    libc::setrlimit(libc::RLIMIT_NOFILE, &rl);
    let mut param: libc::sched_param = std::mem::zeroed();
    libc::sched_getparam(0, &mut param);
    libc::sched_getscheduler(0);
    libc::sched_get_priority_max(libc::SCHED_FIFO);
    libc::syscall(libc::SYS_membarrier, 0, 0);
    libc::syscall(libc::SYS_close_range, 100, u32::MAX, 0);
}

#[no_mangle]
extern "C" fn main() -> c_int {
    // SAFETY: every call gets valid pointers to locals or constants; the process is alone.
    unsafe {
        cleanup();
        files();
        signals();
        timers();
        events();
        memory();
        process();
        cleanup();
    }
    0
}
