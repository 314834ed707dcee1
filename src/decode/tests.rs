//! Golden tests: a syscall with its registers and a fake memory in, strace's exact text out.

use super::*;
use crate::arch::Arch;

/// Decodes one syscall completely and returns `name(args) = ret` without padding.
pub(crate) fn line(
    arch: Arch,
    name: &str,
    args: [u64; 6],
    ret: (i64, bool),
    mem: &mut FakeMem,
    opts: &DecodeOpts,
) -> String {
    line_fds(arch, name, args, ret, mem, opts, None)
}

/// [`line`] with descriptor names (`-y`).
pub(crate) fn line_fds(
    arch: Arch,
    name: &str,
    args: [u64; 6],
    ret: (i64, bool),
    mem: &mut FakeMem,
    opts: &DecodeOpts,
    mut fds: Option<&mut (dyn FdNames + 'static)>,
) -> String {
    let nr = arch.syscall_number(name).expect("syscall on this arch");
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    syscall_name(&mut out, arch, nr);
    out.push(b'(');
    let mut call = Call {
        arch,
        nr,
        args,
        sp: 0x7ff0_0000,
        prev_nr: None,
        ret: None,
        saved: [0; 4],
    };
    {
        let mut ctx = Ctx::new(mem, opts, call, &mut scratch).with_fds(fds.as_deref_mut());
        entry(&mut ctx, &mut out);
        call.saved = ctx.call.saved;
    }
    call.ret = Some(ret);
    {
        let mut ctx = Ctx::new(mem, opts, call, &mut scratch).with_fds(fds.as_deref_mut());
        exit(&mut ctx, &mut out);
    }
    out.extend_from_slice(b") ");
    let mut ctx = Ctx::new(mem, opts, call, &mut scratch).with_fds(fds);
    retval(&mut ctx, &mut out);
    String::from_utf8(out).unwrap()
}

fn x86(name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    let mut a = [0u64; 6];
    a[..args.len()].copy_from_slice(args);
    let err = crate::arch::is_error_value(ret);
    line(
        Arch::X86_64,
        name,
        a,
        (ret, err),
        mem,
        &DecodeOpts::default(),
    )
}

fn arm(name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    let mut a = [0u64; 6];
    a[..args.len()].copy_from_slice(args);
    let err = crate::arch::is_error_value(ret);
    line(
        Arch::Aarch64,
        name,
        a,
        (ret, err),
        mem,
        &DecodeOpts::default(),
    )
}

const AT_FDCWD: u64 = (-100i64) as u64;
const P: u64 = 0x7ffd_1000;

#[test]
fn openat_and_errors() {
    let mut m = FakeMem::new();
    m.map_str(P, "/etc/ld.so.cache");
    assert_eq!(
        x86("openat", &[AT_FDCWD, P, 0o2000000], 3, &mut m),
        r#"openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3"#
    );
    assert_eq!(
        x86("openat", &[AT_FDCWD, P, 0], -2, &mut m),
        r#"openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY) = -1 ENOENT (No such file or directory)"#
    );
    assert_eq!(
        x86("openat", &[AT_FDCWD, P, 0o1101, 0o666], 3, &mut m),
        r#"openat(AT_FDCWD, "/etc/ld.so.cache", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3"#
    );
    assert_eq!(
        x86("openat", &[AT_FDCWD, 1, 3 | 0o10000000], -14, &mut m),
        "openat(AT_FDCWD, 0x1, O_ACCMODE|O_PATH) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        x86("openat", &[5, P, 0x8000_0000], -2, &mut m),
        r#"openat(5, "/etc/ld.so.cache", O_RDONLY|0x80000000) = -1 ENOENT (No such file or directory)"#
    );
    // The same flags on aarch64, where O_DIRECTORY is 040000.
    assert_eq!(
        arm("openat", &[AT_FDCWD, P, 0o40000 | 0o2000000], 3, &mut m),
        r#"openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC|O_DIRECTORY) = 3"#
    );
    assert_eq!(
        x86("openat", &[AT_FDCWD, P, 0o20200002, 0o755], 3, &mut m),
        r#"openat(AT_FDCWD, "/etc/ld.so.cache", O_RDWR|O_TMPFILE, 0755) = 3"#
    );
}

#[test]
fn read_write_buffers_and_truncation() {
    let mut m = FakeMem::new();
    m.map(
        P,
        b"\x7fELF\x02\x01\x01\x03\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0\x10t\x02\0\0\0\0\0\0\0\0\0",
    );
    assert_eq!(
        x86("read", &[3, P, 832], 832, &mut m),
        r#"read(3, "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2\0\0\0\0\0"..., 832) = 832"#
    );
    assert_eq!(
        x86("read", &[3, P, 832], -9, &mut m),
        "read(3, 0x7ffd1000, 832) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        x86("read", &[3, P, 4096], 0, &mut m),
        r#"read(3, "", 4096) = 0"#
    );
    let mut w = FakeMem::new();
    w.map(P, b"hi\n");
    assert_eq!(
        x86("write", &[1, P, 3], 3, &mut w),
        r#"write(1, "hi\n", 3) = 3"#
    );
    // A length that lies: the buffer is not all readable, so the pointer is shown.
    assert_eq!(
        x86("write", &[1, P, 10], 3, &mut w),
        "write(1, 0x7ffd1000, 10) = 3"
    );
}

#[test]
fn memory_calls() {
    let mut m = FakeMem::new();
    assert_eq!(
        x86(
            "mmap",
            &[0, 8192, 3, 0x22, (-1i64) as u64, 0],
            0x7efe00eca000,
            &mut m
        ),
        "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7efe00eca000"
    );
    assert_eq!(
        x86("mmap", &[0x7efe00d05000, 1400832, 5, 0x812, 3, 0x26000], 0x7efe00d05000, &mut m),
        "mmap(0x7efe00d05000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7efe00d05000"
    );
    assert_eq!(
        x86("mmap", &[0, 8392704, 0, 0x20022, (-1i64) as u64, 0], 0x7f65d1985000, &mut m),
        "mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0) = 0x7f65d1985000"
    );
    assert_eq!(
        x86("brk", &[0], 0x5609fa041000, &mut m),
        "brk(NULL) = 0x5609fa041000"
    );
    assert_eq!(
        x86("munmap", &[0x7efe00ec1000, 33699], 0, &mut m),
        "munmap(0x7efe00ec1000, 33699) = 0"
    );
    assert_eq!(
        x86("mprotect", &[0x7efe00eae000, 16384, 1], 0, &mut m),
        "mprotect(0x7efe00eae000, 16384, PROT_READ) = 0"
    );
    assert_eq!(
        x86("rseq", &[0x7efe00cdd060, 0x20, 0, 0x53053053], 0, &mut m),
        "rseq(0x7efe00cdd060, 0x20, 0, 0x53053053) = 0"
    );
    assert_eq!(
        x86("arch_prctl", &[0x1002, 0x7efe00cdc740], 0, &mut m),
        "arch_prctl(ARCH_SET_FS, 0x7efe00cdc740) = 0"
    );
    assert_eq!(
        x86("arch_prctl", &[0x3001, 0x7fff2e4b1a50], -22, &mut m),
        "arch_prctl(0x3001 /* ARCH_??? */, 0x7fff2e4b1a50) = -1 EINVAL (Invalid argument)"
    );
}

#[test]
fn stat_family_on_both_arches() {
    let mut st = vec![0u8; 144];
    st[24..28].copy_from_slice(&0o100644u32.to_ne_bytes());
    st[48..56].copy_from_slice(&33699u64.to_ne_bytes());
    let mut m = FakeMem::new();
    m.map_str(P, "").map(0x5000, &st);
    assert_eq!(
        x86("newfstatat", &[3, P, 0x5000, 0x1000], 0, &mut m),
        r#"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=33699, ...}, AT_EMPTY_PATH) = 0"#
    );
    let mut st = vec![0u8; 128];
    st[16..20].copy_from_slice(&0o41777u32.to_ne_bytes());
    st[48..56].copy_from_slice(&4096u64.to_ne_bytes());
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp").map(0x5000, &st).map(0x5080, &[0; 16]);
    assert_eq!(
        arm("newfstatat", &[AT_FDCWD, P, 0x5000, 0], 0, &mut m),
        r#"newfstatat(AT_FDCWD, "/tmp", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}, 0) = 0"#
    );
    assert_eq!(
        arm("newfstatat", &[AT_FDCWD, P, 0x7ffc78be8890, 0], -2, &mut m),
        r#"newfstatat(AT_FDCWD, "/tmp", 0x7ffc78be8890, 0) = -1 ENOENT (No such file or directory)"#
    );
}

#[test]
fn execve_arrays() {
    let mut m = FakeMem::new();
    m.map_str(0x1000, "/usr/bin/sh")
        .map_str(0x1100, "sh")
        .map_str(0x1200, "-c")
        .map_str(0x1300, "echo hi | tr a-z A-Z");
    let argv: Vec<u8> = [0x1100u64, 0x1200, 0x1300, 0]
        .iter()
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    let envp: Vec<u8> = [0x1100u64; 35]
        .iter()
        .chain(&[0])
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    m.map(0x2000, &argv).map(0x3000, &envp);
    assert_eq!(
        x86("execve", &[0x1000, 0x2000, 0x3000], 0, &mut m),
        r#"execve("/usr/bin/sh", ["sh", "-c", "echo hi | tr a-z A-Z"], 0x3000 /* 35 vars */) = 0"#
    );
    assert_eq!(
        arm("execve", &[0x1000, 0x2000, 0x3000], 0, &mut m),
        r#"execve("/usr/bin/sh", ["sh", "-c", "echo hi | tr a-z A-Z"], 0x3000 /* 35 vars */) = 0"#
    );
}

#[test]
fn execve_arrays_that_run_into_unmapped_memory() {
    // strace 6.1's lines for arrays whose last words sit at the end of a mapping.
    let mut m = FakeMem::new();
    m.map(0x1000, b"/nonexistent\0\0");
    let two: Vec<u8> = [0x100du64, 0x100d]
        .iter()
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    m.map(0x5ff0, &two);
    assert_eq!(
        x86("execve", &[0x1000, 0x5ff0, 0x5ff0], -2, &mut m),
        r#"execve("/nonexistent", ["", "", ... /* 0x6000 */], 0x5ff0 /* 2 vars, unterminated */) = -1 ENOENT (No such file or directory)"#
    );
    assert_eq!(
        arm("execve", &[0x1000, 0x5ff8, 0x5ff8], -2, &mut m),
        r#"execve("/nonexistent", ["", ... /* 0x6000 */], 0x5ff8 /* 1 var, unterminated */) = -1 ENOENT (No such file or directory)"#
    );
    assert_eq!(
        x86("execve", &[0x1000, 0x6000, 0x6000], -2, &mut m),
        r#"execve("/nonexistent", 0x6000, 0x6000) = -1 ENOENT (No such file or directory)"#
    );
    // More environment than the old limit of 65536 pointers: counted to the end.
    let many: Vec<u8> = std::iter::repeat(0x100du64)
        .take(100_000)
        .chain([0])
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    m.map(0x10_0000, &many);
    assert!(
        x86("execve", &[0x1000, 0, 0x10_0000], -2, &mut m).contains("0x100000 /* 100000 vars */")
    );
}

#[test]
fn signals_and_processes() {
    let mut m = FakeMem::new();
    let act: Vec<u8> = [0x55602c243dc0u64, 0x04000000, 0x7fce6f2bf050, !(3u64 << 31)]
        .iter()
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    m.map(0x4000, &act).map(0x4100, &[0u8; 32]);
    assert_eq!(
        x86("rt_sigaction", &[17, 0x4000, 0, 8], 0, &mut m),
        "rt_sigaction(SIGCHLD, {sa_handler=0x55602c243dc0, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, sa_restorer=0x7fce6f2bf050}, NULL, 8) = 0"
    );
    assert_eq!(
        x86("rt_sigaction", &[2, 0, 0x4100, 8], 0, &mut m),
        "rt_sigaction(SIGINT, NULL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0"
    );
    m.map(0x4200, &u64::MAX.to_ne_bytes())
        .map(0x4300, &0u64.to_ne_bytes());
    assert_eq!(
        x86("rt_sigprocmask", &[0, 0x4200, 0x4300, 8], 0, &mut m),
        "rt_sigprocmask(SIG_BLOCK, ~[], [], 8) = 0"
    );
    m.map(0x4400, &0u32.to_ne_bytes());
    assert_eq!(
        x86("wait4", &[(-1i64) as u64, 0x4400, 0, 0], 1793, &mut m),
        "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 1793"
    );
    m.map(0x4500, &0x8bu32.to_ne_bytes());
    assert_eq!(
        x86("wait4", &[2913, 0x4500, 0x40000001, 0], 2913, &mut m),
        "wait4(2913, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], WNOHANG|__WALL, NULL) = 2913"
    );
    assert_eq!(
        x86("clone", &[0x01200011, 0, 0, 0x7fce6f280a10, 0], 1772, &mut m),
        "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fce6f280a10) = 1772"
    );
    // aarch64 swaps tls and child_tid.
    assert_eq!(
        arm("clone", &[0x01200011, 0, 0, 0, 0x7fce6f280a10], 1772, &mut m),
        "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fce6f280a10) = 1772"
    );
    m.map(0x4600, &[3, 0, 0, 0, 4, 0, 0, 0]);
    assert_eq!(
        x86("pipe2", &[0x4600, 0], 0, &mut m),
        "pipe2([3, 4], 0) = 0"
    );
    assert_eq!(x86("exit_group", &[0], 0, &mut m), "exit_group(0) = 0");
    assert_eq!(x86("kill", &[2910, 0], 0, &mut m), "kill(2910, 0) = 0");
    assert_eq!(
        x86("tgkill", &[2910, 2910, 10], 0, &mut m),
        "tgkill(2910, 2910, SIGUSR1) = 0"
    );
}

#[test]
fn clone3_thread() {
    let mut m = FakeMem::new();
    let args: Vec<u8> = [
        0x3d0f00u64,
        0,
        0x7f65d2185990,
        0x7f65d2185990,
        0,
        0x7f65d1985000,
        0x7fff80,
        0x7f65d21856c0,
        0,
        0,
        0,
    ]
    .iter()
    .flat_map(|w| w.to_ne_bytes())
    .collect();
    m.map(0x6000, &args)
        .map(0x7f65d2185990, &2911u32.to_ne_bytes());
    assert_eq!(
        x86("clone3", &[0x6000, 88], 2911, &mut m),
        "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f65d2185990, parent_tid=0x7f65d2185990, exit_signal=0, stack=0x7f65d1985000, stack_size=0x7fff80, tls=0x7f65d21856c0} => {parent_tid=[2911]}, 88) = 2911"
    );
}

#[test]
fn fcntl_futex_time() {
    let mut m = FakeMem::new();
    assert_eq!(x86("fcntl", &[1, 1], 0, &mut m), "fcntl(1, F_GETFD) = 0");
    assert_eq!(
        x86("fcntl", &[1, 1], 1, &mut m),
        "fcntl(1, F_GETFD) = 0x1 (flags FD_CLOEXEC)"
    );
    assert_eq!(
        x86("fcntl", &[1, 2, 1], 0, &mut m),
        "fcntl(1, F_SETFD, FD_CLOEXEC) = 0"
    );
    assert_eq!(
        x86("fcntl", &[1, 3], 1, &mut m),
        "fcntl(1, F_GETFL) = 0x1 (flags O_WRONLY)"
    );
    assert_eq!(
        x86("fcntl", &[1, 4, 0o6000], 0, &mut m),
        "fcntl(1, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) = 0"
    );
    assert_eq!(
        x86("fcntl", &[1, 0, 10], 11, &mut m),
        "fcntl(1, F_DUPFD, 10) = 11"
    );
    assert_eq!(
        x86("futex", &[0x7f6547003a4c, 129, 2147483647], 0, &mut m),
        "futex(0x7f6547003a4c, FUTEX_WAKE_PRIVATE, 2147483647) = 0"
    );
    assert_eq!(
        x86("futex", &[0x7f65d2185990, 9 | 256, 2911, 0, 0, 0xffffffff], 0, &mut m),
        "futex(0x7f65d2185990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 2911, NULL, FUTEX_BITSET_MATCH_ANY) = 0"
    );
    let ts: Vec<u8> = [0u64, 1000].iter().flat_map(|w| w.to_ne_bytes()).collect();
    m.map(0x8000, &ts);
    assert_eq!(
        x86("futex", &[0x7ffe21f6b87c, 128, 1, 0x8000], -11, &mut m),
        "futex(0x7ffe21f6b87c, FUTEX_WAIT_PRIVATE, 1, {tv_sec=0, tv_nsec=1000}) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        x86(
            "clock_nanosleep",
            &[1, 0, 0x8000, 0x7ffe21f6b880],
            0,
            &mut m
        ),
        "clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, 0x7ffe21f6b880) = 0"
    );
    let rl: Vec<u8> = [8192u64 * 1024, u64::MAX]
        .iter()
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    m.map(0x9000, &rl);
    assert_eq!(
        x86("prlimit64", &[0, 3, 0, 0x9000], 0, &mut m),
        "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0"
    );
    assert_eq!(x86("umask", &[0o22], 0o22, &mut m), "umask(022) = 022");
}

#[test]
fn random_bytes_and_unknown_syscalls() {
    let mut m = FakeMem::new();
    m.map(0xa000, &[0x06, 0x98, 0xaf, 0x54, 0xf2, 0xbc, 0x7c, 0x29]);
    assert_eq!(
        x86("getrandom", &[0xa000, 8, 1], 8, &mut m),
        r#"getrandom("\x06\x98\xaf\x54\xf2\xbc\x7c\x29", 8, GRND_NONBLOCK) = 8"#
    );
    let mut out = Vec::new();
    syscall_name(&mut out, Arch::X86_64, 0x1f0);
    assert_eq!(out, b"syscall_0x1f0");
    let mut scratch = Vec::new();
    let opts = DecodeOpts::default();
    let call = Call {
        arch: Arch::X86_64,
        nr: 0x1f0,
        args: [1, 2, 3, 4, 5, 6],
        sp: 0,
        prev_nr: None,
        ret: None,
        saved: [0; 4],
    };
    let mut out = Vec::new();
    let mut ctx = Ctx::new(&mut m, &opts, call, &mut scratch);
    assert!(!entry(&mut ctx, &mut out));
    assert_eq!(out, b"0x1, 0x2, 0x3, 0x4, 0x5, 0x6");
}

#[test]
fn restart_codes_and_noreturn() {
    let mut m = FakeMem::new();
    assert_eq!(
        x86("pause", &[], -514, &mut m),
        "pause() = ? ERESTARTNOHAND (To be restarted if no handler)"
    );
    assert!(matches!(ret_kind(Arch::X86_64, 9), Ret::Hex)); // mmap
}

#[test]
fn hostile_memory_never_panics() {
    // Every signature against garbage registers and a memory full of 0xff pointers.
    let mut m = FakeMem::new();
    m.map(0x1000, &[0xff; 8192]);
    for verbose in [false, true] {
        let opts = DecodeOpts {
            strsize: 4,
            verbose,
            ..DecodeOpts::default()
        };
        for arch in [Arch::X86_64, Arch::Aarch64] {
            for nr in 0..=arch.max_syscall() {
                for args in [
                    [0x1000u64; 6],
                    [u64::MAX; 6],
                    [0; 6],
                    [0x1ff8, 0x1000, 3, u64::MAX, 0x1000, 7],
                ] {
                    let mut scratch = Vec::new();
                    let mut out = Vec::new();
                    let mut call = Call {
                        arch,
                        nr,
                        args,
                        sp: 0x1000,
                        prev_nr: None,
                        ret: None,
                        saved: [0; 4],
                    };
                    let mut ctx = Ctx::new(&mut m, &opts, call, &mut scratch);
                    entry(&mut ctx, &mut out);
                    call.saved = ctx.call.saved;
                    // A failure for one register set, so both exit paths meet garbage.
                    call.ret = Some(if args[2] == 3 {
                        (-14, true)
                    } else {
                        (0x10000, false)
                    });
                    let mut ctx = Ctx::new(&mut m, &opts, call, &mut scratch);
                    exit(&mut ctx, &mut out);
                    retval(&mut ctx, &mut out);
                    assert!(
                        out.iter().all(|&b| (0x20..0x7f).contains(&b)),
                        "{}",
                        String::from_utf8_lossy(&out)
                    );
                }
            }
        }
    }
}

/// Descriptor names for `-y` tests: 3 is a file, 4 and 5 a pipe, the rest closed.
struct FakeFds;

impl FdNames for FakeFds {
    fn fd(&mut self, fd: i32, out: &mut Vec<u8>) {
        match fd {
            3 => out.extend_from_slice(b"</etc/ld.so.cache>"),
            4 | 5 => out.extend_from_slice(b"<pipe:[1234]>"),
            _ => {}
        }
    }
    fn cwd(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"</tmp>");
    }
}

fn y(name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    let mut a = [0u64; 6];
    a[..args.len()].copy_from_slice(args);
    let err = crate::arch::is_error_value(ret);
    let opts = DecodeOpts::default();
    line_fds(
        Arch::X86_64,
        name,
        a,
        (ret, err),
        mem,
        &opts,
        Some(&mut FakeFds),
    )
}

#[test]
fn descriptor_names_with_y() {
    let mut m = FakeMem::new();
    m.map_str(P, "/etc/ld.so.cache");
    m.map(0x5000, &[4, 0, 0, 0, 5, 0, 0, 0]);
    assert_eq!(
        y("openat", &[AT_FDCWD, P, 0o2000000], 3, &mut m),
        r#"openat(AT_FDCWD</tmp>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>"#
    );
    assert_eq!(
        y("openat", &[AT_FDCWD, P, 0], -2, &mut m),
        r#"openat(AT_FDCWD</tmp>, "/etc/ld.so.cache", O_RDONLY) = -1 ENOENT (No such file or directory)"#
    );
    assert_eq!(
        y("close", &[3], 0, &mut m),
        "close(3</etc/ld.so.cache>) = 0"
    );
    assert_eq!(
        y("close", &[9], -9, &mut m),
        "close(9) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        y("pipe2", &[0x5000, 0], 0, &mut m),
        "pipe2([4<pipe:[1234]>, 5<pipe:[1234]>], 0) = 0"
    );
    // The target descriptor is named as it was before the call (if it was open).
    assert_eq!(
        y("dup2", &[3, 4], 4, &mut m),
        "dup2(3</etc/ld.so.cache>, 4<pipe:[1234]>) = 4<pipe:[1234]>"
    );
    assert_eq!(
        y("dup2", &[3, 7], 7, &mut m),
        "dup2(3</etc/ld.so.cache>, 7) = 7"
    );
    assert_eq!(y("getpid", &[], 3, &mut m), "getpid() = 3");
}

#[test]
fn raw_arguments_and_results() {
    let mut m = FakeMem::new();
    m.map_str(P, "/etc/ld.so.cache");
    let opts = DecodeOpts {
        raw: true,
        ..DecodeOpts::default()
    };
    let raw = |name: &str, args: &[u64], ret: i64, m: &mut FakeMem| {
        let mut a = [0u64; 6];
        a[..args.len()].copy_from_slice(args);
        let err = crate::arch::is_error_value(ret);
        line(Arch::X86_64, name, a, (ret, err), m, &opts)
    };
    assert_eq!(
        raw("openat", &[0xffff_ff9c, P, 0x80000], 3, &mut m),
        "openat(0xffffff9c, 0x7ffd1000, 0x80000, 0) = 0x3"
    );
    assert_eq!(
        raw("openat", &[0xffff_ff9c, P, 0], -2, &mut m),
        "openat(0xffffff9c, 0x7ffd1000, 0, 0) = -1 ENOENT (No such file or directory)"
    );
    assert_eq!(raw("getpid", &[], 0, &mut m), "getpid() = 0");
    assert_eq!(raw("rt_sigreturn", &[1], 0, &mut m), "rt_sigreturn() = 0");
    assert_eq!(
        raw("clone", &[0x1200011, 0, 0, 0x7f00, 0], 77, &mut m),
        "clone(0x1200011, 0, 0, 0x7f00, 0) = 0x4d"
    );
}

#[test]
fn structures_as_pointers_outside_verbose_set() {
    // `-e verbose=none`: structures print as pointers, strings and buffers as usual.
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp");
    m.map(0x5000, &[0u8; 256]);
    m.map(0x6000, b"data");
    let opts = DecodeOpts::default();
    let mut scratch = Vec::new();
    let mut decode = |name: &str, args: [u64; 6], ret: i64| {
        let nr = Arch::X86_64.syscall_number(name).unwrap();
        let mut call = Call::entering(Arch::X86_64, nr, args);
        let mut out = Vec::new();
        let mut ns = mem::NoStructs(&mut m);
        entry(&mut Ctx::new(&mut ns, &opts, call, &mut scratch), &mut out);
        call.ret = Some((ret, false));
        let mut ctx = Ctx::new(&mut ns, &opts, call, &mut scratch);
        exit(&mut ctx, &mut out);
        out.extend_from_slice(b" ");
        retval(&mut ctx, &mut out);
        String::from_utf8(out).unwrap()
    };
    assert_eq!(
        decode("newfstatat", [AT_FDCWD, P, 0x5000, 0, 0, 0], 0),
        r#"AT_FDCWD, "/tmp", 0x5000, 0 = 0"#
    );
    assert_eq!(
        decode("read", [3, 0x6000, 4, 0, 0, 0], 4),
        r#"3, "data", 4 = 4"#
    );
    assert_eq!(decode("pipe2", [0x5000, 0, 0, 0, 0, 0], 0), "0x5000, 0 = 0");
    assert_eq!(
        decode("rt_sigprocmask", [0, 0x5000, 0, 8, 0, 0], 0),
        "SIG_BLOCK, 0x5000, NULL, 8 = 0"
    );
}

#[test]
fn xlat_styles_on_whole_lines() {
    let mut m = FakeMem::new();
    m.map_str(P, "/etc/ld.so.cache");
    xlat::set_style(xlat::Style::Raw);
    let raw = x86("openat", &[AT_FDCWD, P, 0o2000000], 3, &mut m);
    let kill = x86("kill", &[7, 17], 0, &mut m);
    xlat::set_style(xlat::Style::Verbose);
    let verbose = x86("openat", &[AT_FDCWD, P, 0o2000000], 3, &mut m);
    let vkill = x86("kill", &[7, 17], 0, &mut m);
    let mmap = x86(
        "mmap",
        &[0, 8192, 3, 0x22, u64::MAX, 0],
        0x7f00_0000,
        &mut m,
    );
    xlat::set_style(xlat::Style::Abbrev);
    assert_eq!(raw, r#"openat(-100, "/etc/ld.so.cache", 0x80000) = 3"#);
    assert_eq!(kill, "kill(7, 17) = 0");
    assert_eq!(
        verbose,
        r#"openat(-100 /* AT_FDCWD */, "/etc/ld.so.cache", 0x80000 /* O_RDONLY|O_CLOEXEC */) = 3"#
    );
    assert_eq!(vkill, "kill(7, 17 /* SIGCHLD */) = 0");
    assert_eq!(
        mmap,
        "mmap(NULL, 8192, 0x3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0) = 0x7f000000"
    );
}
