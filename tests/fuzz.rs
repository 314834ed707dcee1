//! Property-based fuzzing (proptest) of everything that takes input from a tracee or a user:
//! the syscall decoders (arbitrary records {arch, nr, args, ret} against arbitrary memory),
//! the register and PTRACE_GET_SYSCALL_INFO parsers, the `-e` parser with the seccomp program
//! built from what it accepts, and the command line parser. None may panic; decoded text never
//! carries a raw tracee byte.
//!
//! `cargo test` runs a bounded number of cases per target (`PROPTEST_CASES`, default below).
//! `RTRACE_FUZZ_SECS=60 cargo test --release --test fuzz -- --nocapture` runs each target in
//! batches until that many seconds have passed and prints how many cases ran (`.ci/run` does).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rtrace::arch::{self, Arch};
use rtrace::decode::mem::{MemReader, NoStructs};
use rtrace::decode::{self, xlat, Call, Ctx, DecodeOpts, FakeMem, FdNames, HexMode};

const DEFAULT_CASES: u32 = 1500;

/// Runs `test` on values of `strategy`: one batch of cases, or batches until
/// RTRACE_FUZZ_SECS have passed (a bound on the run, not a timing assertion). Returns the
/// number of cases run; a failure panics with proptest's minimal failing input.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value)) -> u64
where
    S::Value: std::fmt::Debug,
{
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let batch = env("PROPTEST_CASES").map_or(DEFAULT_CASES, |n| n as u32);
    let secs = env("RTRACE_FUZZ_SECS").unwrap_or(0);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let mut total = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases: batch,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |v| {
            test(v);
            Ok(())
        });
        if let Err(e) = result {
            panic!("fuzz {name}: {e}");
        }
        total += u64::from(batch);
        if std::time::Instant::now() >= deadline {
            break;
        }
    }
    eprintln!("fuzz {name}: {total} cases");
    total
}

const BASE: u64 = 0x10_0000;
const WORDS: u64 = 0x20_0000;
const PAGE: u64 = 4096;

/// An argument or a pointer in memory: small numbers, flags-like values, pointers into the
/// mapped regions (and just before their ends), and anything at all.
fn value() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..64,
        (0u64..600).prop_map(|o| BASE + o),
        (0u64..64).prop_map(|o| WORDS + o * 8),
        (1u64..16).prop_map(|o| BASE + PAGE - o),
        Just(u64::MAX),
        Just(-100i64 as u64),
        (0u32..32).prop_map(|b| 1u64 << b),
        any::<u64>(),
    ]
}

#[derive(Debug, Clone)]
struct Record {
    arch: Arch,
    nr: u64,
    args: [u64; 6],
    ret: (i64, bool),
    sp: u64,
    prev_nr: Option<u64>,
    bytes: Vec<u8>,
    words: Vec<u64>,
    strsize: usize,
    hex: u8,
    verbose: bool,
    raw: bool,
    xlat: u8,
    /// `-y`/`-yy` (with names from a fake), and structures hidden as outside `-e verbose=`.
    fd_names: u8,
    no_structs: bool,
}

fn record() -> impl Strategy<Value = Record> {
    let arch = prop_oneof![Just(Arch::X86_64), Just(Arch::Aarch64)];
    let ret = prop_oneof![
        (1i64..4096).prop_map(|e| (-e, true)),
        (0i64..1 << 20).prop_map(|r| (r, false)),
        any::<i64>().prop_map(|r| (r, false)),
        (value()).prop_map(|r| (r as i64, false)),
    ];
    let memory = (
        // Bytes of any value, with NULs and printable runs common enough to end strings.
        (
            prop::collection::vec(any::<u8>(), 0..(PAGE as usize)),
            0u8..4,
        )
            .prop_map(|(mut b, k)| {
                for (i, x) in b.iter_mut().enumerate() {
                    match k {
                        0 if *x < 0x60 => *x = 0,
                        1 => *x = 0x20 + *x % 0x5f,
                        2 if i % 7 == 6 => *x = 0,
                        _ => {}
                    }
                }
                b
            }),
        prop::collection::vec(value(), 0..64),
    );
    let opts = (
        0usize..80,
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        0u8..3,
        0u8..3,
        any::<bool>(),
    );
    (
        arch,
        any::<u16>(),
        prop::array::uniform6(value()),
        ret,
        value(),
        prop::option::of(0u64..500),
        memory,
        opts,
    )
        .prop_map(
            |(
                arch,
                nr,
                args,
                ret,
                sp,
                prev_nr,
                (bytes, words),
                (strsize, hex, verbose, raw, xl, fd_names, no_structs),
            )| {
                Record {
                    arch,
                    // Mostly real syscall numbers, sometimes past the table.
                    nr: u64::from(nr) % (arch.max_syscall() + 20),
                    args,
                    ret,
                    sp,
                    prev_nr,
                    bytes,
                    words,
                    strsize,
                    hex,
                    verbose,
                    raw,
                    xlat: xl,
                    fd_names,
                    no_structs,
                }
            },
        )
}

/// Descriptor names for `-y`, as the tracer's would look, with an escaped byte in one.
struct FakeFds;

impl FdNames for FakeFds {
    fn fd(&mut self, fd: i32, out: &mut Vec<u8>) {
        match fd {
            0..=2 => out.extend_from_slice(b"</dev/pts/0>"),
            3..=9 => out.extend_from_slice(b"<TCP:[127.0.0.1:22->127.0.0.1:4000]>"),
            10..=99 => out.extend_from_slice(b"</tmp/a\\x0a>"),
            _ => {}
        }
    }

    fn cwd(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"</root>");
    }
}

/// Decodes the record as the tracer does (entry, exit, result) and checks the text.
fn decode_record(r: Record) {
    let mut fake = FakeMem::new();
    fake.map(BASE, &r.bytes);
    let words: Vec<u8> = r.words.iter().flat_map(|w| w.to_le_bytes()).collect();
    fake.map(WORDS, &words);
    let mut hidden;
    let mem: &mut dyn MemReader = if r.no_structs {
        hidden = NoStructs(&mut fake);
        &mut hidden
    } else {
        &mut fake
    };
    let mut fds = FakeFds;
    let opts = DecodeOpts {
        strsize: r.strsize,
        hex: match r.hex {
            0 => HexMode::Off,
            1 => HexMode::NonPrintable,
            _ => HexMode::All,
        },
        verbose: r.verbose,
        raw: r.raw,
        fd_names: r.fd_names,
        ..DecodeOpts::default()
    };
    xlat::set_style(match r.xlat {
        0 => xlat::Style::Abbrev,
        1 => xlat::Style::Raw,
        _ => xlat::Style::Verbose,
    });
    let mut call = Call {
        arch: r.arch,
        nr: r.nr,
        args: r.args,
        sp: r.sp,
        prev_nr: r.prev_nr,
        ret: None,
        saved: [0; 4],
    };
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    decode::syscall_name(&mut out, call.arch, call.nr);
    out.push(b'(');
    let with_fds = r.fd_names > 0;
    let mut ctx = Ctx::new(mem, &opts, call, &mut scratch)
        .with_fds(with_fds.then_some(&mut fds as &mut dyn FdNames));
    decode::entry(&mut ctx, &mut out);
    call.saved = ctx.call.saved;
    call.ret = Some(r.ret);
    let mut ctx = Ctx::new(mem, &opts, call, &mut scratch)
        .with_fds(with_fds.then_some(&mut fds as &mut dyn FdNames));
    decode::exit(&mut ctx, &mut out);
    out.extend_from_slice(b") ");
    decode::retval(&mut ctx, &mut out);
    xlat::set_style(xlat::Style::Abbrev);
    assert!(
        out.iter().all(|b| (0x20..0x7f).contains(b)),
        "unescaped byte in {:?}",
        String::from_utf8_lossy(&out)
    );
}

#[test]
fn decoders_survive_arbitrary_records_and_memory() {
    fuzz("decode", record(), decode_record);
}

#[test]
fn register_and_syscall_info_parsers_survive_garbage() {
    let input = (
        prop::collection::vec(any::<u8>(), 0..=arch::SYSCALL_INFO_SIZE),
        0usize..200,
        prop::collection::vec(any::<u64>(), 0..=arch::REGSET_WORDS + 2),
        any::<bool>(),
    );
    fuzz("arch", input, |(info, len, regs, entering)| {
        let _ = arch::parse_syscall_info(&info, len);
        for a in [Arch::X86_64, Arch::Aarch64] {
            let _ = a.decode_regs(&regs, entering);
        }
    });
}

/// `-e` expressions: pieces of real ones put together, and arbitrary text.
fn expressions() -> impl Strategy<Value = Vec<String>> {
    let qualifier = prop::sample::select(vec![
        "", "trace=", "t=", "signal=", "signals=", "s=", "status=", "quiet=", "q=", "raw=",
        "abbrev=", "a=", "verbose=", "v=", "read=", "write=", "fault=", "inject=", "bogus=", "=",
    ]);
    let item = prop_oneof![
        prop::sample::select(vec![
            "open",
            "openat",
            "read",
            "execve",
            "all",
            "none",
            "%file",
            "%network",
            "%net",
            "%process",
            "%signal",
            "%ipc",
            "%desc",
            "%memory",
            "%stat",
            "%%stat",
            "%lstat",
            "%fstat",
            "%statfs",
            "%creds",
            "%clock",
            "%pure",
            "%",
            "?open",
            "?nosuch",
            "!",
            "!read",
            "/^open",
            "/[",
            "/(a|b",
            "/.*",
            "SIGUSR1",
            "USR1",
            "9",
            "0",
            "-1",
            "65",
            "successful",
            "failed",
            "unfinished",
            "unavailable",
            "detached",
            "attach",
            "exit",
            "exits",
            "path-resolution",
            "personality",
            "thread-execve",
            "superseded",
            "1",
            "nosuch",
            ",",
            "",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}",
        any::<String>(),
    ];
    let expr = (qualifier, prop::collection::vec(item, 0..5))
        .prop_map(|(q, items)| format!("{q}{}", items.join(",")));
    prop::collection::vec(expr, 1..4)
}

#[test]
fn filter_expressions_never_panic_and_accepted_sets_build_programs() {
    fuzz("filter", expressions(), |exprs| {
        let mut f = rtrace::filter::Filters::default();
        for e in &exprs {
            match f.apply(e) {
                Ok(()) => {}
                Err(msg) => assert!(!msg.is_empty() && !msg.contains('\n'), "{msg:?}"),
            }
        }
        for a in [Arch::X86_64, Arch::Aarch64] {
            for nr in [0, 1, 59, 221, 435, a.max_syscall(), u64::MAX] {
                let _ = f.trace.contains(a, nr);
            }
            if let Some(code) = rtrace::filter::bpf::program(&f.trace, a) {
                for nr in [0u32, 1, 59, 221, 335, 451, u32::MAX] {
                    assert!(rtrace::filter::bpf::run(&code, a.audit(), nr).is_some());
                }
            }
        }
        let _ = f.shows_signal(10);
    });
}

/// Command lines: real options with odd values, in any order, and arbitrary words.
fn command_line() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        prop::sample::select(vec![
            "-f",
            "-ff",
            "-o",
            "-p",
            "-s",
            "-e",
            "-a",
            "-S",
            "-U",
            "-X",
            "-P",
            "-c",
            "-C",
            "-w",
            "-q",
            "-qq",
            "-v",
            "-x",
            "-xx",
            "-y",
            "-yy",
            "-z",
            "-Z",
            "-t",
            "-tt",
            "-ttt",
            "-r",
            "-T",
            "-i",
            "-n",
            "-h",
            "-V",
            "--",
            "--seccomp-bpf",
            "--seccomp-bpf=never",
            "--doctor",
            "--json",
            "--bogus",
            "-",
            "-Q",
            "0",
            "-1",
            "1",
            "abc",
            "99999999999",
            "trace=open",
            "trace=%nosuch",
            "calls",
            "name,calls",
            "raw",
            "/tmp/x",
            "true",
            "1,2 3",
            "",
        ])
        .prop_map(str::to_string),
        "-[a-zA-Z]{1,3}",
        "[ -~]{0,10}",
        any::<String>(),
    ];
    prop::collection::vec(word, 0..8)
}

#[test]
fn command_lines_never_panic_and_errors_are_one_line() {
    fuzz("cli", command_line(), |words| {
        let args = std::iter::once("rtrace".to_string()).chain(words);
        match rtrace::cli::parse(args) {
            Ok(_) => {}
            Err(e) => {
                assert!(!e.0.is_empty() && !e.0.contains('\n'), "{:?}", e.0);
                assert_eq!(e.to_string().lines().count(), 2);
            }
        }
    });
}
