//! Golden lines for prctl, capabilities, ids, groups, sysinfo, scheduling, waitid and the
//! rt_sig* calls, resource usage, the time and timer calls and the long tail, as strace 6.1
//! printed them.

use super::super::golden::*;
use crate::decode::FakeMem;

#[test]
fn prctl_options() {
    let mut m = FakeMem::new();
    m.map_str(P, "sysmix").map(Q, &15u32.to_le_bytes());
    assert_eq!(
        x86("prctl", &[15, P], 0, &mut m),
        r#"prctl(PR_SET_NAME, "sysmix") = 0"#
    );
    assert_eq!(
        arm("prctl", &[16, P], 0, &mut m),
        r#"prctl(PR_GET_NAME, "sysmix") = 0"#
    );
    assert_eq!(
        x86("prctl", &[3], 1, &mut m),
        "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)"
    );
    assert_eq!(
        x86("prctl", &[4, 1], 0, &mut m),
        "prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = 0"
    );
    assert_eq!(
        x86("prctl", &[38, 1, 0, 0, 0], 0, &mut m),
        "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0"
    );
    assert_eq!(
        x86("prctl", &[23, 21], 1, &mut m),
        "prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = 1"
    );
    assert_eq!(
        x86("prctl", &[23, 99], -22, &mut m),
        "prctl(PR_CAPBSET_READ, 0x63 /* CAP_??? */) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        x86("prctl", &[1, 15], 0, &mut m),
        "prctl(PR_SET_PDEATHSIG, SIGTERM) = 0"
    );
    assert_eq!(
        arm("prctl", &[2, Q], 0, &mut m),
        "prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0"
    );
    assert_eq!(
        x86("prctl", &[36, 1], 0, &mut m),
        "prctl(PR_SET_CHILD_SUBREAPER, 1) = 0"
    );
    assert_eq!(
        x86("prctl", &[30], 50000, &mut m),
        "prctl(PR_GET_TIMERSLACK) = 50000"
    );
    assert_eq!(
        x86("prctl", &[12345, 1, 2, 3, 4], -22, &mut m),
        "prctl(0x3039 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)"
    );
}

#[test]
fn capabilities() {
    let mut m = FakeMem::new();
    m.map(P, &Bytes::new().u32(0x2008_0522).u32(0).0);
    // effective, permitted, inheritable for the low word, then the high word.
    m.map(
        Q,
        &Bytes::new()
            .u32(0x21)
            .u32(0x1)
            .u32(0)
            .u32(0x100)
            .u32(0)
            .u32(0)
            .0,
    );
    assert_eq!(
        x86("capget", &[P, Q], 0, &mut m),
        "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|1<<CAP_KILL|1<<CAP_CHECKPOINT_RESTORE, permitted=1<<CAP_CHOWN, inheritable=0}) = 0"
    );
    assert_eq!(
        arm("capset", &[P, Q], -1, &mut m),
        "capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|1<<CAP_KILL|1<<CAP_CHECKPOINT_RESTORE, permitted=1<<CAP_CHOWN, inheritable=0}) = -1 EPERM (Operation not permitted)"
    );
    assert_eq!(
        x86("capget", &[P, Q], -14, &mut m),
        "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, 0x7ffd3000) = -1 EFAULT (Bad address)"
    );
}

#[test]
fn ids_and_groups() {
    let mut m = FakeMem::new();
    m.map(P, &0u32.to_le_bytes())
        .map(Q, &Bytes::new().u32(0).u32(4).u32(27).0);
    assert_eq!(
        x86("getresuid", &[P, P, P], 0, &mut m),
        "getresuid([0], [0], [0]) = 0"
    );
    assert_eq!(
        arm("setresuid", &[u64::MAX, 0xffff_ffff, 0], 0, &mut m),
        "setresuid(-1, -1, 0) = 0"
    );
    assert_eq!(
        x86("getgroups", &[8, Q], 3, &mut m),
        "getgroups(8, [0, 4, 27]) = 3"
    );
    assert_eq!(
        x86("getgroups", &[0, 0], 3, &mut m),
        "getgroups(0, NULL) = 3"
    );
    // The count shown is the return value, whatever the size (strace 6.1 reads what is there).
    assert_eq!(x86("getgroups", &[0, Q], 0, &mut m), "getgroups(0, []) = 0");
    assert_eq!(
        x86("getgroups", &[0, Q], 2, &mut m),
        "getgroups(0, [0, 4]) = 2"
    );
    assert_eq!(x86("setgroups", &[0, Q], 0, &mut m), "setgroups(0, []) = 0");
    assert_eq!(
        arm("setgroups", &[2, Q], 0, &mut m),
        "setgroups(2, [0, 4]) = 0"
    );
}

#[test]
fn sysinfo_times_rusage() {
    let si = Bytes::new()
        .u64(4323)
        .u64(332608)
        .u64(211872)
        .u64(138624)
        .u64(25276514304)
        .u64(22472372224)
        .u64(8998912)
        .u64(10571776)
        .u64(0)
        .u64(0)
        .u16(125)
        .zeros(6)
        .u64(0)
        .u64(0)
        .u32(1)
        .zeros(4);
    let mut m = FakeMem::new();
    m.map(P, &si.0);
    assert_eq!(
        x86("sysinfo", &[P], 0, &mut m),
        "sysinfo({uptime=4323, loads=[332608, 211872, 138624], totalram=25276514304, freeram=22472372224, sharedram=8998912, bufferram=10571776, totalswap=0, freeswap=0, procs=125, totalhigh=0, freehigh=0, mem_unit=1}) = 0"
    );
    let mut ru = Bytes::new().u64(0).u64(1717).u64(0).u64(0).u64(984);
    for v in [0, 0, 0, 59, 1, 0, 56, 0, 0, 0, 0, 69, 1] {
        ru = ru.u64(v);
    }
    m.map(Q, &ru.0);
    assert_eq!(
        x86("getrusage", &[0, Q], 0, &mut m),
        "getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=1717}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 0"
    );
    assert_eq!(
        armv("getrusage", &[0xffff_ffff, Q], 0, &mut m),
        "getrusage(RUSAGE_CHILDREN, {ru_utime={tv_sec=0, tv_usec=1717}, ru_stime={tv_sec=0, tv_usec=0}, ru_maxrss=984, ru_ixrss=0, ru_idrss=0, ru_isrss=0, ru_minflt=59, ru_majflt=1, ru_nswap=0, ru_inblock=56, ru_oublock=0, ru_msgsnd=0, ru_msgrcv=0, ru_nsignals=0, ru_nvcsw=69, ru_nivcsw=1}) = 0"
    );
    m.map(R, &0x300u32.to_le_bytes());
    assert_eq!(
        x86("wait4", &[25526, R, 0, Q], 25526, &mut m),
        "wait4(25526, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, {ru_utime={tv_sec=0, tv_usec=1717}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 25526"
    );
    assert_eq!(
        x86("wait4", &[u64::MAX, R, 1, 0], 0, &mut m),
        "wait4(-1, 0x7ffd5000, WNOHANG, NULL) = 0"
    );
    m.map(R + 0x100, &Bytes::new().u64(0).u64(0).u64(0).u64(0).0);
    assert_eq!(
        arm("times", &[R + 0x100], 1718394664, &mut m),
        "times({tms_utime=0, tms_stime=0, tms_cutime=0, tms_cstime=0}) = 1718394664"
    );
}

#[test]
fn scheduling() {
    let mut m = FakeMem::new();
    m.map(P, &0u32.to_le_bytes());
    assert_eq!(
        x86("sched_getparam", &[0, P], 0, &mut m),
        "sched_getparam(0, [0]) = 0"
    );
    assert_eq!(
        arm("sched_setscheduler", &[0, 0, P], 0, &mut m),
        "sched_setscheduler(0, SCHED_OTHER, [0]) = 0"
    );
    assert_eq!(
        x86("sched_getscheduler", &[0], 0, &mut m),
        "sched_getscheduler(0) = 0 (SCHED_OTHER)"
    );
    assert_eq!(
        x86("sched_get_priority_max", &[1], 99, &mut m),
        "sched_get_priority_max(SCHED_FIFO) = 99"
    );
    assert_eq!(
        x86("getpriority", &[0, 0], 20, &mut m),
        "getpriority(PRIO_PROCESS, 0) = 20"
    );
}

#[test]
fn cpu_sets_read_at_most_128_bytes() {
    // strace 6.1 on a program passing these lengths.
    let mut m = FakeMem::new();
    let mut set = vec![0u8; 4096];
    set[0] = 3;
    set[129] = 1;
    m.map(P, &set).map(Q, &[0u8; 4096]);
    assert_eq!(
        x86("sched_setaffinity", &[0, 8, P], 0, &mut m),
        "sched_setaffinity(0, 8, [0 1]) = 0"
    );
    assert_eq!(
        x86("sched_setaffinity", &[0, 3, P], 0, &mut m),
        "sched_setaffinity(0, 3, [0 1]) = 0"
    );
    assert_eq!(
        x86("sched_setaffinity", &[0, 130, P], 0, &mut m),
        "sched_setaffinity(0, 130, [0 1 ...]) = 0"
    );
    assert_eq!(
        arm("sched_setaffinity", &[0, 1 << 20, P], 0, &mut m),
        "sched_setaffinity(0, 1048576, [0 1 ...]) = 0"
    );
    assert_eq!(
        x86("sched_setaffinity", &[0, 1 << 20, Q], -22, &mut m),
        "sched_setaffinity(0, 1048576, [...]) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        x86("sched_getaffinity", &[0, 1 << 20, P], 32, &mut m),
        "sched_getaffinity(0, 1048576, [0 1]) = 32"
    );
    // Fewer than 128 bytes mapped: the pointer.
    let end = Q + 4096 - 64;
    assert_eq!(
        x86("sched_setaffinity", &[0, 1 << 20, end], -22, &mut m),
        format!("sched_setaffinity(0, 1048576, {end:#x}) = -1 EINVAL (Invalid argument)")
    );
}

fn siginfo(signo: u32, code: i32, words: &[u64]) -> Vec<u8> {
    let mut b = Bytes::new().u32(signo).u32(0).u32(code as u32).u32(0);
    for w in words {
        b = b.u64(*w);
    }
    b.zeros(128 - 16 - 8 * words.len()).0
}

#[test]
fn signals_and_waitid() {
    let mut m = FakeMem::new();
    m.map(P, &0x200u64.to_le_bytes());
    m.map(Q, &siginfo(10, -6, &[25525]));
    m.map(R, &Bytes::new().u64(0).u64(0).0);
    assert_eq!(
        x86("rt_sigtimedwait", &[P, Q, R, 8], 10, &mut m),
        "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=25525, si_uid=0}, {tv_sec=0, tv_nsec=0}, 8) = 10 (SIGUSR1)"
    );
    assert_eq!(
        arm("rt_sigtimedwait", &[P, Q, R, 8], -11, &mut m),
        "rt_sigtimedwait([USR1], 0x7ffd3000, {tv_sec=0, tv_nsec=0}, 8) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        x86("rt_sigpending", &[P, 8], 0, &mut m),
        "rt_sigpending([USR1], 8) = 0"
    );
    m.map(Q + 0x200, &siginfo(10, -1, &[25525, 7]));
    assert_eq!(
        x86("rt_sigqueueinfo", &[25525, 10, Q + 0x200], 0, &mut m),
        "rt_sigqueueinfo(25525, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=25525, si_uid=0, si_int=7, si_ptr=0x7}) = 0"
    );
    assert_eq!(
        x86("signalfd4", &[u64::MAX, P, 8, 0o2004000], 3, &mut m),
        "signalfd4(-1, [USR1], 8, SFD_CLOEXEC|SFD_NONBLOCK) = 3"
    );
    m.map(R + 0x100, &siginfo(0, 0, &[]));
    assert_eq!(
        x86("waitid", &[0, 0, R + 0x100, 5, 0], 0, &mut m),
        "waitid(P_ALL, 0, {}, WNOHANG|WEXITED, NULL) = 0"
    );
    m.map(R + 0x300, &siginfo(17, 1, &[25527, 4, 0, 0]));
    assert_eq!(
        arm("waitid", &[1, 25527, R + 0x300, 4, 0], 0, &mut m),
        "waitid(P_PID, 25527, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=25527, si_uid=0, si_status=4, si_utime=0, si_stime=0}, WEXITED, NULL) = 0"
    );
    assert_eq!(
        x86("pidfd_send_signal", &[4, 0, 0, 0], 0, &mut m),
        "pidfd_send_signal(4, 0, NULL, 0) = 0"
    );
    assert_eq!(
        x86("rt_sigsuspend", &[R, 8], -514, &mut m),
        "rt_sigsuspend([], 8) = ? ERESTARTNOHAND (To be restarted if no handler)"
    );
}

#[test]
fn time_calls() {
    let mut m = FakeMem::new();
    m.map(P, &1_796_018_831u64.to_le_bytes());
    assert_eq!(
        x86("time", &[P], 1_796_018_831, &mut m),
        "time([1796018831 /* 2026-11-30T06:07:11+0000 */]) = 1796018831 (2026-11-30T06:07:11+0000)"
    );
    assert_eq!(
        x86("time", &[0], 1_796_018_687, &mut m),
        "time(NULL) = 1796018687 (2026-11-30T06:04:47+0000)"
    );
    assert_eq!(
        x86("time", &[1], -14, &mut m),
        "time(0x1) = -1 EFAULT (Bad address)"
    );
    m.map(Q, &Bytes::new().u64(1_796_018_831).u64(229_568).0)
        .map(R, &[0; 8]);
    assert_eq!(
        arm("gettimeofday", &[Q, R], 0, &mut m),
        "gettimeofday({tv_sec=1796018831, tv_usec=229568}, {tz_minuteswest=0, tz_dsttime=0}) = 0"
    );
    assert_eq!(
        x86("clock_gettime", &[99, Q], -22, &mut m),
        "clock_gettime(0x63 /* CLOCK_??? */, 0x7ffd3000) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        x86("clock_getres", &[1, 0], 0, &mut m),
        "clock_getres(CLOCK_MONOTONIC, NULL) = 0"
    );
    m.map(R + 0x100, &Bytes::new().u64(0).u64(2_000_000_000).0);
    assert_eq!(
        x86("nanosleep", &[R + 0x100, Q], -22, &mut m),
        "nanosleep({tv_sec=0, tv_nsec=2000000000}, 0x7ffd3000) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        arm("nanosleep", &[R + 0x100, Q], -516, &mut m),
        "nanosleep({tv_sec=0, tv_nsec=2000000000}, {tv_sec=1796018831, tv_nsec=229568}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)"
    );
}

#[test]
fn timers() {
    let mut m = FakeMem::new();
    m.map(P, &Bytes::new().u64(0).u64(0).u64(0).u64(500_000).0)
        .map(Q, &[0; 32]);
    assert_eq!(
        x86("setitimer", &[0, P, Q], 0, &mut m),
        "setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=500000}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = 0"
    );
    assert_eq!(
        arm("getitimer", &[5, 0], -22, &mut m),
        "getitimer(0x5 /* ITIMER_??? */, NULL) = -1 EINVAL (Invalid argument)"
    );
    let its = Bytes::new().u64(0).u64(0).u64(10).u64(0).0;
    m.map(R, &its);
    assert_eq!(
        x86("timer_settime", &[0, 0, R, Q], 0, &mut m),
        "timer_settime(0, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=10, tv_nsec=0}}, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}) = 0"
    );
    assert_eq!(
        arm("timerfd_settime", &[5, 1, R, 0], 0, &mut m),
        "timerfd_settime(5, TFD_TIMER_ABSTIME, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=10, tv_nsec=0}}, NULL) = 0"
    );
    assert_eq!(
        x86("timerfd_create", &[1, 0o2004000], 5, &mut m),
        "timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 5"
    );
    let sev = |signo: u32, notify: u32, tail: u64| {
        Bytes::new()
            .u64(5)
            .u32(signo)
            .u32(notify)
            .u64(tail)
            .u64(0)
            .zeros(32)
            .0
    };
    let mut t = FakeMem::new();
    t.map(P, &sev(12, 0, 0))
        .map(Q, &0u32.to_le_bytes())
        .map(R, &sev(34, 4, 28285))
        .map(R + 0x100, &sev(34, 2, 0x6e7d))
        .map(R + 0x200, &sev(0, 1, 0));
    assert_eq!(
        x86("timer_create", &[1, P, Q], 0, &mut t),
        "timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=5, sival_ptr=0x5}, sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL}, [0]) = 0"
    );
    assert_eq!(
        arm("timer_create", &[7, R, Q], 0, &mut t),
        "timer_create(CLOCK_BOOTTIME, {sigev_signo=SIGRT_2, sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=28285}, [0]) = 0"
    );
    assert_eq!(
        x86("timer_create", &[7, R + 0x100, Q], 0, &mut t),
        "timer_create(CLOCK_BOOTTIME, {sigev_value={sival_int=5, sival_ptr=0x5}, sigev_signo=SIGRT_2, sigev_notify=SIGEV_THREAD, sigev_notify_function=0x6e7d, sigev_notify_attributes=NULL}, [0]) = 0"
    );
    assert_eq!(
        x86("timer_create", &[0, R + 0x200, Q], 0, &mut t),
        "timer_create(CLOCK_REALTIME, {sigev_signo=0, sigev_notify=SIGEV_NONE}, [0]) = 0"
    );
    assert_eq!(
        x86("timer_create", &[0, 0, Q], 0, &mut t),
        "timer_create(CLOCK_REALTIME, NULL, [0]) = 0"
    );
}

#[test]
fn memory_and_misc() {
    let mut m = FakeMem::new();
    m.map(P, &[1, 0, 0, 0]);
    assert_eq!(
        x86("mincore", &[0x7fb8_4ddb_7000, 16384, P], 0, &mut m),
        "mincore(0x7fb84ddb7000, 16384, [1, 0, 0, 0]) = 0"
    );
    assert_eq!(
        arm("mlock2", &[0x7fb8_4ddb_7000, 4096, 1], 0, &mut m),
        "mlock2(0x7fb84ddb7000, 4096, MLOCK_ONFAULT) = 0"
    );
    assert_eq!(
        x86(
            "mremap",
            &[0x7f00_0000_0000, 8192, 16384, 1, 0],
            0x7f00_0001_0000,
            &mut m
        ),
        "mremap(0x7f0000000000, 8192, 16384, MREMAP_MAYMOVE) = 0x7f0000010000"
    );
    assert_eq!(
        x86("mremap", &[0x7f00_0000_0000, 8192, 16384, 3, 0x7f00_0002_0000], 0x7f00_0002_0000, &mut m),
        "mremap(0x7f0000000000, 8192, 16384, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000020000) = 0x7f0000020000"
    );
    assert_eq!(
        x86("membarrier", &[0, 0], 0x3ff, &mut m),
        "membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x3ff (MEMBARRIER_CMD_GLOBAL|MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ|0x200)"
    );
    assert_eq!(
        x86("personality", &[8], 0, &mut m),
        "personality(PER_LINUX32) = 0 (PER_LINUX)"
    );
    assert_eq!(
        arm("personality", &[0xffff_ffff], 8, &mut m),
        "personality(0xffffffff) = 0x8 (PER_LINUX32)"
    );
    m.map(Q, b"");
    assert_eq!(
        x86("syslog", &[3, Q, 10], 0, &mut m),
        r#"syslog(3 /* SYSLOG_ACTION_READ_ALL */, "", 10) = 0"#
    );
    assert_eq!(
        x86("syslog", &[10, 0, 0], 131072, &mut m),
        "syslog(10 /* SYSLOG_ACTION_SIZE_BUFFER */) = 131072"
    );
    assert_eq!(
        x86("ioprio_get", &[1, 0], 0, &mut m),
        "ioprio_get(IOPRIO_WHO_PROCESS, 0) = 0 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0))"
    );
    assert_eq!(
        x86("shmget", &[0, 4096, 0], 0, &mut m),
        "shmget(IPC_PRIVATE, 4096, 000) = 0"
    );
    assert_eq!(
        arm("semctl", &[u64::MAX, 0, 0, 0], -22, &mut m),
        "semctl(-1, 0, IPC_RMID, NULL) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        x86("ptrace", &[0xdead, 0, 0, 0], -3, &mut m),
        "ptrace(0xdead /* PTRACE_??? */, 0, NULL, NULL) = -1 ESRCH (No such process)"
    );
    assert_eq!(
        x86("kcmp", &[1, 1, 0, 0, 0], -1, &mut m),
        "kcmp(1, 1, KCMP_FILE, 0, 0) = -1 EPERM (Operation not permitted)"
    );
    assert_eq!(
        x86("afs_syscall", &[1, 2, 3, 4, 5, 6], -38, &mut m),
        "afs_syscall(0x1, 0x2, 0x3, 0x4, 0x5) = -1 ENOSYS (Function not implemented)"
    );
    assert_eq!(
        x86("fanotify_init", &[0, 0], 13, &mut m),
        "fanotify_init(FAN_CLASS_NOTIF, O_RDONLY) = 13"
    );
    assert_eq!(
        x86("getcpu", &[P, P, 0], 0, &mut m),
        "getcpu([1], [1], NULL) = 0"
    );
}
