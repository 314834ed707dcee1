//! Tests on real kernels booted under QEMU (scripts/vm-run): rtrace on an arm64 kernel, and the
//! Yama scenarios of the diagnosis on an x86_64 kernel with Yama. They need the static builds
//! (`cargo build --release --target {x86_64,aarch64}-unknown-linux-musl --bin rtrace --example
//! archcheck`) and qemu (`scripts/vm-run --setup-only`, which .ci/run does). Without them each test
//! prints a SKIPPED line saying what is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn static_bin(triple: &str, sub: &str) -> PathBuf {
    root().join("target").join(triple).join("release").join(sub)
}

/// What the VM runs for `arch`, or why it cannot.
fn ready(arch: &str, test: &str) -> Option<(PathBuf, PathBuf)> {
    let triple = format!("{arch}-unknown-linux-musl");
    let rtrace = static_bin(&triple, "rtrace");
    let archcheck = static_bin(&triple, "examples/archcheck");
    let ptracer = static_bin(&triple, "examples/ptracer");
    let qemu = format!("qemu-system-{arch}");
    let cache = std::env::var_os("RTRACE_VM_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/rtrace-vm")
        })
        .join(arch)
        .join("vmlinuz");
    let missing = if !rtrace.exists() || !archcheck.exists() || !ptracer.exists() {
        Some(format!(
            "no static build: cargo build --release --target {triple} --bin rtrace --example archcheck --example ptracer"
        ))
    } else if !Path::new(&format!("/usr/bin/{qemu}")).exists() || !cache.exists() {
        Some(format!(
            "no {qemu} or guest kernel: scripts/vm-run --arch {arch} --setup-only"
        ))
    } else {
        None
    };
    match missing {
        Some(why) => {
            eprintln!("SKIPPED {test}: {why}");
            None
        }
        None => Some((rtrace, archcheck)),
    }
}

/// Runs a shell script in the guest as `uid` (None: root) with Yama at `yama`; rtrace is in
/// /bin. Returns (exit status, output).
fn vm(
    arch: &str,
    rtrace: &Path,
    extra: &[&Path],
    uid: Option<u32>,
    yama: Option<u8>,
    script: &str,
) -> (i32, String) {
    let mut cmd = Command::new(root().join("scripts/vm-run"));
    cmd.arg("--arch").arg(arch).arg("--timeout").arg("300");
    cmd.arg("--file").arg(rtrace);
    for f in extra {
        cmd.arg("--file").arg(f);
    }
    if let Some(u) = uid {
        cmd.arg("--uid").arg(u.to_string());
    }
    if let Some(y) = yama {
        cmd.arg("--yama").arg(y.to_string());
    }
    cmd.arg("--").arg("sh").arg("-c").arg(script);
    let out = cmd.output().expect("scripts/vm-run");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert_ne!(code, 125, "the VM did not run: {text}");
    (code, text)
}

fn has(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "missing {w:?} in:\n{text}");
    }
}

// ---- aarch64: rtrace on a real arm64 kernel ----

#[test]
fn aarch64_traces_echo_and_a_failing_open() {
    let Some((rtrace, _)) = ready("aarch64", "aarch64_basics") else {
        return;
    };
    let (code, t) = vm(
        "aarch64",
        &rtrace,
        &[],
        None,
        None,
        "rtrace -o /tmp/t -- busybox echo hi; echo rc=$?; cat /tmp/t",
    );
    assert_eq!(code, 0, "{t}");
    has(
        &t,
        &[
            "rc=0",
            "execve(\"/bin/busybox\", [\"busybox\", \"echo\", \"hi\"], 0x",
            "write(1, \"hi\\n\", 3)                     = 3",
            "exit_group(0)                           = ?",
            "+++ exited with 0 +++",
        ],
    );
    let (_, t) = vm(
        "aarch64",
        &rtrace,
        &[],
        None,
        None,
        "rtrace -o /tmp/t -- cat /nonexistent; echo rc=$?; cat /tmp/t",
    );
    has(
        &t,
        &[
            "rc=1",
            "openat(AT_FDCWD, \"/nonexistent\", O_RDONLY",
            "= -1 ENOENT (No such file or directory)",
            "+++ exited with 1 +++",
        ],
    );
}

#[test]
fn aarch64_follows_a_fork_and_passes_a_signal() {
    let Some((rtrace, _)) = ready("aarch64", "aarch64_fork_signal") else {
        return;
    };
    let (code, t) = vm(
        "aarch64",
        &rtrace,
        &[],
        None,
        None,
        "rtrace -f -o /tmp/t -- sh -c 'sh -c \"exit 5\"; exit $?'; echo rc=$?; cat /tmp/t; \
         rtrace -o /tmp/s -- sh -c 'kill -USR1 $$'; echo rc=$?; cat /tmp/s",
    );
    assert_eq!(code, 0, "{t}");
    has(
        &t,
        &[
            "rc=5",
            "clone(child_stack=NULL, flags=",
            "+++ exited with 5 +++",
            "rc=138",
            "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=",
            "+++ killed by SIGUSR1 +++",
        ],
    );
    // The child's lines carry its pid.
    let child_exit = t
        .lines()
        .filter(|l| l.ends_with("+++ exited with 5 +++"))
        .count();
    assert_eq!(
        child_exit, 2,
        "the child and the shell both exit with 5: {t}"
    );
}

#[test]
fn aarch64_register_decoding_matches_the_kernel() {
    let Some((rtrace, archcheck)) = ready("aarch64", "aarch64_archcheck") else {
        return;
    };
    let (code, t) = vm("aarch64", &rtrace, &[&archcheck], None, None, "archcheck");
    assert_eq!(code, 0, "{t}");
    has(&t, &["archcheck: ok ", "(Aarch64)"]);
    // The same trace through the register fallback (x0 holds the result at exit, x7 the marker).
    let (code, t) = vm(
        "aarch64",
        &rtrace,
        &[],
        None,
        None,
        "RTRACE_FORCE_REGSET=1 rtrace -e '!%memory' -o /tmp/t -- cat /nonexistent; \
         rtrace -e '!%memory' -o /tmp/u -- cat /nonexistent; \
         for f in t u; do tail -n +2 /tmp/$f | grep -v -e getrandom -e set_tid_address | sed -e 's/0x[0-9a-f]*/X/g' -e 's/  */ /g' > /tmp/${f}2; done; \
         cmp /tmp/t2 /tmp/u2 && echo same",
    );
    assert_eq!(code, 0, "{t}");
    has(&t, &["same"]);
}

// ---- x86_64 with Yama ----

#[test]
fn yama_1_non_root_attach_to_a_non_child_suggests_spawning() {
    let Some((rtrace, _)) = ready("x86_64", "yama1") else {
        return;
    };
    let (_, t) = vm(
        "x86_64",
        &rtrace,
        &[],
        Some(65534),
        Some(1),
        "sleep 30 & sleep 0.3; rtrace -p $!; echo rc=$?",
    );
    has(
        &t,
        &[
            "rtrace: attach: ptrace(PTRACE_SEIZE, ",
            "Operation not permitted",
            "rtrace: why: Yama ptrace_scope is 1: rtrace may only trace its own descendants",
            "seen: /proc/sys/kernel/yama/ptrace_scope: 1",
            "or start the program under rtrace instead: rtrace -f -o trace.txt -- sleep 30",
            "rc=1",
        ],
    );
    // Its own child is fine under scope 1.
    let (code, t) = vm(
        "x86_64",
        &rtrace,
        &[],
        Some(65534),
        Some(1),
        "rtrace -o /tmp/t -- true; echo rc=$?",
    );
    assert_eq!(code, 0);
    has(&t, &["rc=0"]);
}

#[test]
fn yama_2_non_root_spawn_names_cap_sys_ptrace() {
    let Some((rtrace, _)) = ready("x86_64", "yama2") else {
        return;
    };
    let (_, t) = vm(
        "x86_64",
        &rtrace,
        &[],
        Some(65534),
        Some(2),
        "rtrace -- true; echo rc=$?",
    );
    has(
        &t,
        &[
            "rtrace: spawn: ptrace(PTRACE_SEIZE, ",
            "rtrace: why: Yama ptrace_scope is 2: only processes with CAP_SYS_PTRACE may use ptrace",
            "lacks CAP_SYS_PTRACE",
            "rc=1",
        ],
    );
    assert!(
        !t.contains("start the program under rtrace"),
        "spawning does not help under scope 2: {t}"
    );
}

#[test]
fn yama_3_only_a_reboot_helps() {
    let Some((rtrace, _)) = ready("x86_64", "yama3") else {
        return;
    };
    let (_, t) = vm(
        "x86_64",
        &rtrace,
        &[],
        None,
        Some(3),
        "sleep 30 & sleep 0.3; rtrace -p $!; echo rc=$?; rtrace -- true; echo rc=$?",
    );
    has(
        &t,
        &[
            "rtrace: why: Yama ptrace_scope is 3: ptrace is disabled for everyone, root included, until reboot",
            "reboot",
            "rc=1",
        ],
    );
    assert_eq!(
        t.matches("Yama ptrace_scope is 3").count(),
        2,
        "attach and spawn: {t}"
    );
}

#[test]
fn yama_1_pr_set_ptracer_lets_a_non_descendant_attach() {
    let Some((rtrace, _)) = ready("x86_64", "yama1_ptracer") else {
        return;
    };
    let ptracer = static_bin("x86_64-unknown-linux-musl", "examples/ptracer");
    let (_, t) = vm(
        "x86_64",
        &rtrace,
        &[&ptracer],
        Some(65534),
        Some(1),
        "ptracer any & sleep 0.5; timeout -s INT 2 rtrace -o /tmp/t -p $!; echo rc=$?; head -1 /tmp/t; \
         ptracer none & sleep 0.5; rtrace -p $!; echo rc=$?",
    );
    // PR_SET_PTRACER_ANY: attached (and detached by SIGINT); without it: Yama's refusal.
    has(
        &t,
        &[
            "rtrace: Process ",
            "attached",
            "detached",
            "rc=130",
            "rc=1",
            "rtrace: why: Yama ptrace_scope is 1",
        ],
    );
}

#[test]
fn yama_1_and_2_root_attaches_with_cap_sys_ptrace() {
    let Some((rtrace, _)) = ready("x86_64", "yama_root") else {
        return;
    };
    for scope in [1, 2] {
        let (_, t) = vm(
            "x86_64",
            &rtrace,
            &[],
            None,
            Some(scope),
            "sleep 30 & sleep 0.3; timeout -s INT 2 rtrace -o /tmp/t -p $!; echo rc=$?",
        );
        has(&t, &["attached", "detached", "rc=130"]);
        assert!(!t.contains("why:"), "scope {scope}: {t}");
    }
}

#[test]
fn yama_doctor_in_the_vm() {
    let Some((rtrace, _)) = ready("x86_64", "yama_doctor") else {
        return;
    };
    let (_, t) = vm(
        "x86_64",
        &rtrace,
        &[],
        Some(65534),
        Some(1),
        "sleep 30 & sleep 0.3; rtrace --doctor -p $!; echo rc=$?",
    );
    has(
        &t,
        &[
            "Yama          ptrace_scope = 1",
            "spawning a command: would work",
            "would be refused",
            "rc=1",
        ],
    );
}
