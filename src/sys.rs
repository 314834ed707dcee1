//! The one place that talks to the kernel with `unsafe`: ptrace, waitpid, tracee memory, the
//! fork/exec of a command to trace, and the xattr and netlink calls of `-yy`. Everything here is a
//! thin, typed wrapper; policy lives elsewhere.
//!
//! ptrace is called through `syscall(SYS_ptrace, ...)` rather than libc's variadic wrapper, so the
//! same code serves glibc and musl (their `ptrace` prototypes differ) and PEEKDATA has the kernel's
//! semantics (the word is stored through `data`).

use std::ffi::CStr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

pub use nix::errno::Errno;

pub type Pid = i32;
pub type SysResult<T> = Result<T, Errno>;

pub const PTRACE_SEIZE: u32 = 0x4206;
pub const PTRACE_INTERRUPT: u32 = 0x4207;
pub const PTRACE_LISTEN: u32 = 0x4208;
pub const PTRACE_GETEVENTMSG: u32 = 0x4201;
pub const PTRACE_GETSIGINFO: u32 = 0x4202;
pub const PTRACE_GETREGSET: u32 = 0x4204;
pub const PTRACE_GET_SYSCALL_INFO: u32 = 0x420e;
pub const PTRACE_SYSCALL: u32 = 24;
pub const PTRACE_CONT: u32 = 7;
pub const PTRACE_DETACH: u32 = 17;
pub const PTRACE_PEEKDATA: u32 = 2;

pub const PTRACE_O_TRACESYSGOOD: u32 = 1;
pub const PTRACE_O_TRACEFORK: u32 = 1 << 1;
pub const PTRACE_O_TRACEVFORK: u32 = 1 << 2;
pub const PTRACE_O_TRACECLONE: u32 = 1 << 3;
pub const PTRACE_O_TRACEEXEC: u32 = 1 << 4;
pub const PTRACE_O_TRACEEXIT: u32 = 1 << 6;
pub const PTRACE_O_TRACESECCOMP: u32 = 1 << 7;
pub const PTRACE_O_EXITKILL: u32 = 1 << 20;

pub const PTRACE_EVENT_FORK: u32 = 1;
pub const PTRACE_EVENT_VFORK: u32 = 2;
pub const PTRACE_EVENT_CLONE: u32 = 3;
pub const PTRACE_EVENT_EXEC: u32 = 4;
pub const PTRACE_EVENT_EXIT: u32 = 6;
pub const PTRACE_EVENT_SECCOMP: u32 = 7;
pub const PTRACE_EVENT_STOP: u32 = 128;

const NT_PRSTATUS: usize = 1;

/// Issues one ptrace request; the result is the kernel's return value.
fn ptrace_raw(req: u32, pid: Pid, addr: usize, data: usize) -> SysResult<i64> {
    // SAFETY: a plain system call; every pointer passed in `addr`/`data` by the callers below
    // points to memory owned by the caller and large enough for the request.
    let r = unsafe { libc::syscall(libc::SYS_ptrace, req as libc::c_long, pid, addr, data) };
    if r == -1 {
        Err(Errno::last())
    } else {
        Ok(r as i64)
    }
}

pub fn seize(pid: Pid, options: u32) -> SysResult<()> {
    ptrace_raw(PTRACE_SEIZE, pid, 0, options as usize).map(drop)
}

pub fn interrupt(pid: Pid) -> SysResult<()> {
    ptrace_raw(PTRACE_INTERRUPT, pid, 0, 0).map(drop)
}

/// Resume to the next syscall stop, delivering `sig` (0 for none).
pub fn resume_syscall(pid: Pid, sig: i32) -> SysResult<()> {
    ptrace_raw(PTRACE_SYSCALL, pid, 0, sig as usize).map(drop)
}

/// Resume without syscall stops, delivering `sig` (0 for none).
pub fn resume_cont(pid: Pid, sig: i32) -> SysResult<()> {
    ptrace_raw(PTRACE_CONT, pid, 0, sig as usize).map(drop)
}

/// Leave a group-stop in place while still being told about the next event.
pub fn listen(pid: Pid) -> SysResult<()> {
    ptrace_raw(PTRACE_LISTEN, pid, 0, 0).map(drop)
}

pub fn detach(pid: Pid, sig: i32) -> SysResult<()> {
    ptrace_raw(PTRACE_DETACH, pid, 0, sig as usize).map(drop)
}

pub fn event_msg(pid: Pid) -> SysResult<u64> {
    let mut msg: libc::c_ulong = 0;
    ptrace_raw(PTRACE_GETEVENTMSG, pid, 0, &mut msg as *mut _ as usize)?;
    Ok(msg as u64)
}

/// The raw siginfo of a signal-delivery stop, as the kernel's 128 bytes.
pub fn siginfo(pid: Pid) -> SysResult<[u8; 128]> {
    let mut buf = [0u8; 128];
    ptrace_raw(PTRACE_GETSIGINFO, pid, 0, buf.as_mut_ptr() as usize)?;
    Ok(buf)
}

/// PTRACE_GET_SYSCALL_INFO into `buf`; returns how many bytes the kernel has to offer.
pub fn syscall_info(pid: Pid, buf: &mut [u8; 88]) -> SysResult<usize> {
    let n = ptrace_raw(
        PTRACE_GET_SYSCALL_INFO,
        pid,
        buf.len(),
        buf.as_mut_ptr() as usize,
    )?;
    Ok(n as usize)
}

/// The general registers (NT_PRSTATUS) into `buf`; returns the number of bytes filled.
pub fn regset(pid: Pid, buf: &mut [u64; 34]) -> SysResult<usize> {
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: std::mem::size_of_val(buf),
    };
    ptrace_raw(
        PTRACE_GETREGSET,
        pid,
        NT_PRSTATUS,
        &mut iov as *mut _ as usize,
    )?;
    Ok(iov.iov_len)
}

/// One word of tracee memory, for when process_vm_readv is unavailable.
pub fn peek_word(pid: Pid, addr: u64) -> SysResult<u64> {
    let mut word: u64 = 0;
    ptrace_raw(
        PTRACE_PEEKDATA,
        pid,
        addr as usize,
        &mut word as *mut u64 as usize,
    )?;
    Ok(word)
}

/// Reads tracee memory at `addr` into `buf` with one process_vm_readv; returns the bytes read.
pub fn read_memory(pid: Pid, addr: u64, buf: &mut [u8]) -> SysResult<usize> {
    let local = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let remote = libc::iovec {
        iov_base: addr as usize as *mut libc::c_void,
        iov_len: buf.len(),
    };
    // SAFETY: `local` describes `buf`, which we own mutably for the call; `remote` is only read
    // by the kernel in the other process, which checks it.
    let n = unsafe { libc::process_vm_readv(pid, &local, 1, &remote, 1, 0) };
    if n < 0 {
        Err(Errno::last())
    } else {
        Ok(n as usize)
    }
}

fn waitpid_raw(flags: libc::c_int) -> SysResult<(Pid, i32)> {
    let mut status: libc::c_int = 0;
    // SAFETY: `status` is a valid out-pointer for the duration of the call.
    let pid = unsafe { libc::waitpid(-1, &mut status, libc::__WALL | flags) };
    if pid < 0 {
        Err(Errno::last())
    } else {
        Ok((pid, status))
    }
}

/// Blocks until any tracee or child changes state; EINTR is returned to the caller, so a signal
/// to rtrace is noticed at once.
pub fn wait_blocking() -> SysResult<(Pid, i32)> {
    waitpid_raw(0)
}

/// A state change that is already waiting, if any.
pub fn wait_nohang() -> SysResult<Option<(Pid, i32)>> {
    match waitpid_raw(libc::WNOHANG)? {
        (0, _) => Ok(None),
        x => Ok(Some(x)),
    }
}

/// Blocks until any child changes state, retrying on EINTR.
pub fn wait_any() -> SysResult<(Pid, i32)> {
    loop {
        match waitpid_raw(0) {
            Err(Errno::EINTR) => continue,
            r => return r,
        }
    }
}

/// Sends a signal to one thread of a process.
pub fn tgkill(tgid: Pid, tid: Pid, sig: i32) -> SysResult<()> {
    // SAFETY: a plain system call with integer arguments.
    let r = unsafe { libc::syscall(libc::SYS_tgkill, tgid, tid, sig) };
    if r == -1 {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

pub fn kill(pid: Pid, sig: i32) -> SysResult<()> {
    // SAFETY: a plain system call with integer arguments.
    let r = unsafe { libc::kill(pid, sig) };
    if r == -1 {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

/// The text the C library gives for an errno value.
pub fn strerror(errno: i32) -> String {
    Errno::from_raw(errno).desc().to_string()
}

/// Sets a signal's disposition to the default or to ignore (`ignore = true`).
pub fn set_signal_default(sig: i32, ignore: bool) {
    let handler = if ignore { libc::SIG_IGN } else { libc::SIG_DFL };
    // SAFETY: installing SIG_DFL/SIG_IGN runs no code of ours in signal context.
    unsafe {
        libc::signal(sig, handler);
    }
}

static CAUGHT_SIGNAL: AtomicI32 = AtomicI32::new(0);
static CAUGHT_FROM_TTY: AtomicBool = AtomicBool::new(false);

extern "C" fn record_signal(sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SIGPIPE is caught only so that a write returns EPIPE; recording it could overwrite a
    // SIGINT not yet taken.
    if sig == libc::SIGPIPE {
        return;
    }
    // SAFETY: the kernel passes a valid siginfo to an SA_SIGINFO handler; null is checked.
    let code = if info.is_null() {
        0
    } else {
        unsafe { (*info).si_code }
    };
    CAUGHT_FROM_TTY.store(code == libc::SI_KERNEL, Ordering::SeqCst);
    CAUGHT_SIGNAL.store(sig, Ordering::SeqCst);
}

/// Restricts thread or process `pid` (0: the calling thread) to one CPU.
pub fn set_cpu(pid: Pid, cpu: usize) -> SysResult<()> {
    // SAFETY: `set` is zero-initialised and filled with CPU_SET within its size; the pointer
    // and size passed describe it.
    let r = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &set)
    };
    if r == 0 {
        Ok(())
    } else {
        Err(Errno::last())
    }
}

/// The CPU the calling thread runs on now.
pub fn current_cpu() -> Option<usize> {
    // SAFETY: sched_getcpu takes no arguments.
    let c = unsafe { libc::sched_getcpu() };
    usize::try_from(c).ok()
}

static ALARM_DUE: AtomicBool = AtomicBool::new(false);

extern "C" fn record_alarm(_sig: libc::c_int) {
    ALARM_DUE.store(true, Ordering::SeqCst);
}

/// Catches SIGALRM, the output flush timer's signal: the handler only records it, and a blocking
/// waitpid returns EINTR (no SA_RESTART).
pub fn catch_alarm() {
    // SAFETY: `act` is fully initialised; the handler only stores to an atomic.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = record_alarm as extern "C" fn(libc::c_int) as usize;
        libc::sigemptyset(&mut act.sa_mask);
        act.sa_flags = 0;
        libc::sigaction(libc::SIGALRM, &act, std::ptr::null_mut());
    }
}

/// Arms a one-shot SIGALRM in `ms` milliseconds (the timer is not inherited by children).
pub fn arm_alarm(ms: u32) {
    let it = libc::itimerval {
        it_interval: libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
        it_value: libc::timeval {
            tv_sec: libc::time_t::from(ms / 1000),
            tv_usec: libc::suseconds_t::from((ms % 1000) * 1000),
        },
    };
    // SAFETY: `it` is a valid itimerval; the old value is not asked for.
    unsafe {
        libc::setitimer(libc::ITIMER_REAL, &it, std::ptr::null_mut());
    }
}

/// Whether the alarm fired since the previous call.
pub fn take_alarm() -> bool {
    ALARM_DUE.swap(false, Ordering::SeqCst)
}

/// Whether a caught signal or the flush timer is waiting to be taken (without taking it).
pub fn signal_due() -> bool {
    ALARM_DUE.load(Ordering::SeqCst) || CAUGHT_SIGNAL.load(Ordering::SeqCst) != 0
}

/// Catches `sigs` with a handler that only records the signal (see [`take_caught_signal`]).
/// SA_RESTART is off, so a blocking waitpid returns EINTR. A handler rather than SIG_IGN is used
/// so that a command rtrace starts, which inherits dispositions across exec, gets the defaults.
pub fn catch_signals(sigs: &[i32]) {
    for &sig in sigs {
        // SAFETY: `act` is fully initialised; the handler only stores to atomics.
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = record_signal
                as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
                as usize;
            libc::sigemptyset(&mut act.sa_mask);
            act.sa_flags = libc::SA_SIGINFO;
            libc::sigaction(sig, &act, std::ptr::null_mut());
        }
    }
}

/// The last signal caught since the previous call, and whether the terminal sent it (si_code
/// SI_KERNEL, as for ^C), which means the whole foreground process group got it too.
pub fn take_caught_signal() -> Option<(i32, bool)> {
    match CAUGHT_SIGNAL.swap(0, Ordering::SeqCst) {
        0 => None,
        sig => Some((sig, CAUGHT_FROM_TTY.load(Ordering::SeqCst))),
    }
}

/// Blocks or unblocks the given signals in this thread.
pub fn block_signals(sigs: &[i32], block: bool) {
    // SAFETY: `set` is initialised by sigemptyset before use.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for &s in sigs {
            libc::sigaddset(&mut set, s);
        }
        let how = if block {
            libc::SIG_BLOCK
        } else {
            libc::SIG_UNBLOCK
        };
        libc::pthread_sigmask(how, &set, std::ptr::null_mut());
    }
}

/// Dies by `sig` the way the traced command did: default action, unblocked, raised.
pub fn die_by_signal(sig: i32) -> ! {
    set_signal_default(sig, false);
    block_signals(&[sig], false);
    // SAFETY: a core dump by rtrace itself is not wanted; RLIMIT_CORE 0 only affects this process.
    unsafe {
        let lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &lim);
        libc::raise(sig);
    }
    // A signal whose default action does not kill (or a blocked one): fall back to 128+N.
    std::process::exit(128 + sig)
}

/// A child forked to run a command, parked until `release` lets it go on to exec.
pub struct ParkedChild {
    pub pid: Pid,
    gate: OwnedFd,
}

impl ParkedChild {
    /// Lets the child stop itself with SIGSTOP and then exec the command.
    pub fn release(self) -> SysResult<()> {
        let byte = [1u8];
        // SAFETY: writes one byte from a live local buffer to a pipe we own.
        let n = unsafe { libc::write(self.gate.as_raw_fd(), byte.as_ptr().cast(), 1) };
        if n == 1 {
            Ok(())
        } else {
            Err(Errno::last())
        }
    }
}

/// Forks a child that waits on a pipe, then raises SIGSTOP, then execs `path` with `argv`/`envp`.
///
/// Between fork and exec the child only makes async-signal-safe calls on memory prepared here
/// (pointer arrays end with NULL). If rtrace goes away before `release`, the child exits with 127
/// without running the command.
pub fn fork_parked(
    path: &CStr,
    argv: &[*const libc::c_char],
    envp: &[*const libc::c_char],
    filter: Option<&[libc::sock_filter]>,
) -> SysResult<ParkedChild> {
    let prog = filter.map(|f| libc::sock_fprog {
        len: f.len() as u16,
        filter: f.as_ptr() as *mut libc::sock_filter,
    });
    if argv.last().is_some_and(|p| !p.is_null()) || envp.last().is_some_and(|p| !p.is_null()) {
        return Err(Errno::EINVAL);
    }
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` is a valid array of two ints.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(Errno::last());
    }
    // SAFETY: both descriptors were just created and are owned by nobody else.
    let (rd, wr) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    // SAFETY: the child only calls async-signal-safe functions before exec or _exit.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(Errno::last());
    }
    if pid == 0 {
        // SAFETY: in the child of fork: raw calls on owned descriptors and prepared memory only.
        unsafe {
            libc::close(wr.as_raw_fd());
            let mut b = 0u8;
            let n = loop {
                let n = libc::read(rd.as_raw_fd(), (&mut b as *mut u8).cast(), 1);
                if n >= 0 || *libc::__errno_location() != libc::EINTR {
                    break n;
                }
            };
            if n != 1 {
                libc::_exit(127);
            }
            // The seccomp fast path: installed here, inherited across exec. If the kernel
            // refuses it, the command runs unfiltered (rtrace checks /proc/PID/status).
            if let Some(p) = prog.as_ref() {
                if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 {
                    libc::prctl(
                        libc::PR_SET_SECCOMP,
                        libc::SECCOMP_MODE_FILTER,
                        p as *const libc::sock_fprog,
                    );
                }
            }
            libc::raise(libc::SIGSTOP);
            libc::execve(path.as_ptr(), argv.as_ptr(), envp.as_ptr());
            libc::_exit(1);
        }
    }
    drop(rd);
    Ok(ParkedChild { pid, gate: wr })
}

/// The current process id.
pub fn getpid() -> Pid {
    std::process::id() as Pid
}

/// The local time zone's offset from UTC in seconds at time `secs` (what strace's date comments
/// print as `+0000`), from the C library's `localtime_r`; `None` if it cannot convert the time.
pub fn utc_offset(secs: i64) -> Option<i64> {
    let t = secs as _;
    // SAFETY: an all-zero `tm` is a valid value (integers and a null zone name pointer).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are to live locals; localtime_r is the reentrant form.
    let r = unsafe { libc::localtime_r(&t, &mut tm) };
    (!r.is_null()).then_some(tm.tm_gmtoff)
}

/// True if the file descriptor is a terminal.
pub fn isatty(fd: i32) -> bool {
    // SAFETY: isatty only inspects the descriptor number.
    unsafe { libc::isatty(fd) == 1 }
}

/// Checks whether the current user may execute `path` (access(2) with X_OK).
pub fn can_execute(path: &CStr) -> bool {
    // SAFETY: `path` is a valid NUL-terminated string.
    unsafe { libc::access(path.as_ptr(), libc::X_OK) == 0 }
}

/// What `ptrace(PTRACE_CONT, 0, 0, 0)` does in a forked child: the kernel answers ESRCH (there
/// is no tracee 0); any other result means something between rtrace and the kernel (a seccomp
/// filter, an emulator) intercepts ptrace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PtraceProbe {
    /// The call returned this errno (ESRCH is the normal answer).
    Errno(i32),
    /// The call unexpectedly succeeded.
    Succeeded,
    /// The child was killed by this signal (a seccomp KILL or TRAP action gives SIGSYS).
    Killed(i32),
    /// The probe could not run (fork failed).
    NotRun,
}

/// Runs the ptrace probe in a forked child, so a filter that kills cannot kill rtrace.
pub fn probe_ptrace() -> PtraceProbe {
    // SAFETY: the child only makes raw syscalls and leaves with _exit.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return PtraceProbe::NotRun;
    }
    if pid == 0 {
        // SAFETY: raw syscalls in the child of fork.
        unsafe {
            let r = libc::syscall(libc::SYS_ptrace, PTRACE_CONT as libc::c_long, 0, 0, 0);
            let code = if r == 0 {
                255
            } else {
                (*libc::__errno_location()).clamp(0, 254)
            };
            libc::_exit(code);
        }
    }
    let mut status = 0;
    // SAFETY: waits for the child forked above; `status` is a valid out-pointer.
    let r = unsafe { libc::waitpid(pid, &mut status, 0) };
    if r != pid {
        return PtraceProbe::NotRun;
    }
    if libc::WIFSIGNALED(status) {
        PtraceProbe::Killed(libc::WTERMSIG(status))
    } else {
        match libc::WEXITSTATUS(status) {
            255 => PtraceProbe::Succeeded,
            e => PtraceProbe::Errno(e),
        }
    }
}

/// `kill(pid, 0)`: whether a signal could be sent (ESRCH: no such process; EPERM: it exists but
/// belongs to someone else).
pub fn signal_probe(pid: Pid) -> SysResult<()> {
    kill(pid, 0)
}

/// Hours, minutes and seconds of the local time of day for a Unix time (for `-t`).
pub fn local_hms(secs: i64) -> (u32, u32, u32) {
    let t = secs as _;
    // SAFETY: `tm` is a valid out-pointer; localtime_r is the thread-safe variant.
    let tm = unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            return (0, 0, 0);
        }
        tm
    };
    (tm.tm_hour as u32, tm.tm_min as u32, tm.tm_sec as u32)
}

// ===== Sockets for -yy: extended attributes and netlink (sock_diag) =====

/// Reads extended attribute `name` of the file `path` (symlinks followed) into `buf`; returns
/// its length.
pub fn getxattr(path: &CStr, name: &CStr, buf: &mut [u8]) -> SysResult<usize> {
    // SAFETY: both strings are NUL-terminated; the kernel writes at most `buf.len()` bytes into
    // `buf`, which we own mutably for the call.
    let n = unsafe {
        libc::getxattr(
            path.as_ptr(),
            name.as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    if n < 0 {
        Err(Errno::last())
    } else {
        Ok(n as usize)
    }
}

/// A new close-on-exec `AF_NETLINK` raw socket of netlink `protocol` (NETLINK_SOCK_DIAG, ...).
pub fn netlink_socket(protocol: i32) -> SysResult<OwnedFd> {
    // SAFETY: a plain system call with integer arguments.
    let fd = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            protocol,
        )
    };
    if fd < 0 {
        return Err(Errno::last());
    }
    // SAFETY: `fd` was just returned by socket() and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn sockaddr_nl(portid: u32) -> libc::sockaddr_nl {
    // SAFETY: sockaddr_nl is plain integers; all-zero is a valid value.
    let mut sa: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    sa.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    sa.nl_pid = portid;
    sa
}

/// Binds a netlink socket to `portid` (0: the kernel picks one); returns the port id it got.
pub fn netlink_bind(fd: &OwnedFd, portid: u32) -> SysResult<u32> {
    let sa = sockaddr_nl(portid);
    let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
    // SAFETY: `sa` is a valid sockaddr_nl of `len` bytes for the duration of the call.
    let r = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&sa as *const libc::sockaddr_nl).cast(),
            len,
        )
    };
    if r < 0 {
        return Err(Errno::last());
    }
    let mut got = sockaddr_nl(0);
    let mut got_len = len;
    // SAFETY: `got` is a writable sockaddr_nl and `got_len` holds its size.
    let r = unsafe {
        libc::getsockname(
            fd.as_raw_fd(),
            (&mut got as *mut libc::sockaddr_nl).cast(),
            &mut got_len,
        )
    };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(got.nl_pid)
    }
}

/// Sends one netlink message to the kernel (port 0), retrying on EINTR.
pub fn netlink_send(fd: &OwnedFd, msg: &[u8]) -> SysResult<usize> {
    let sa = sockaddr_nl(0);
    let len = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
    loop {
        // SAFETY: `msg` is readable for its length and `sa` is a valid sockaddr_nl of `len`
        // bytes, both for the duration of the call.
        let n = unsafe {
            libc::sendto(
                fd.as_raw_fd(),
                msg.as_ptr().cast(),
                msg.len(),
                0,
                (&sa as *const libc::sockaddr_nl).cast(),
                len,
            )
        };
        match n {
            n if n >= 0 => return Ok(n as usize),
            _ => match Errno::last() {
                Errno::EINTR => continue,
                e => return Err(e),
            },
        }
    }
}

/// Receives one datagram into `buf`, retrying on EINTR. The result is the datagram's full
/// length (MSG_TRUNC), which is more than `buf.len()` when it did not fit.
pub fn recv_datagram(fd: &OwnedFd, buf: &mut [u8]) -> SysResult<usize> {
    loop {
        // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`, which we own
        // mutably for the call.
        let n = unsafe {
            libc::recv(
                fd.as_raw_fd(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                libc::MSG_TRUNC,
            )
        };
        match n {
            n if n >= 0 => return Ok(n as usize),
            _ => match Errno::last() {
                Errno::EINTR => continue,
                e => return Err(e),
            },
        }
    }
}

/// Makes blocking receives on `fd` give up (EAGAIN) after `timeout`.
pub fn set_recv_timeout(fd: &OwnedFd, timeout: std::time::Duration) -> SysResult<()> {
    let tv = libc::timeval {
        tv_sec: timeout.as_secs().min(i32::MAX as u64) as libc::time_t,
        tv_usec: timeout.subsec_micros() as libc::suseconds_t,
    };
    // SAFETY: `tv` is a valid timeval of the size given, for the duration of the call.
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&tv as *const libc::timeval).cast(),
            std::mem::size_of::<libc::timeval>() as libc::socklen_t,
        )
    };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(())
    }
}
