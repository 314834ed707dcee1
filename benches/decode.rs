//! The per-syscall cost in rtrace's user space, on synthetic input so the numbers are stable:
//! decoding a typical mix of syscalls (entry, exit, return value) into a reused buffer, as the
//! tracer does at each pair of stops. Run with `cargo bench --bench decode`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rtrace::arch::Arch;
use rtrace::decode::{self, Call, Ctx, DecodeOpts, FakeMem};

const PATH: u64 = 0x7ffd_1000;
const BUF: u64 = 0x7ffd_2000;
const STAT: u64 = 0x7ffd_3000;

/// (name, args, return value) for the mix: what a program's start-up and I/O loop look like.
fn mix() -> Vec<(&'static str, [u64; 6], i64)> {
    let at_fdcwd = (-100i64) as u64;
    vec![
        ("openat", [at_fdcwd, PATH, 0o2000000, 0, 0, 0], 3),
        ("read", [3, BUF, 832, 0, 0, 0], 832),
        ("newfstatat", [3, PATH + 64, STAT, 0x1000, 0, 0], 0),
        ("mmap", [0, 8192, 3, 0x22, u64::MAX, 0], 0x7f12_3456_7000),
        ("close", [3, 0, 0, 0, 0, 0], 0),
        ("write", [1, BUF, 64, 0, 0, 0], 64),
        ("getpid", [0; 6], 4242),
        ("openat", [at_fdcwd, PATH, 0, 0, 0, 0], -2),
    ]
}

fn memory() -> FakeMem {
    let mut m = FakeMem::new();
    m.map_str(PATH, "/usr/lib/x86_64-linux-gnu/libc.so.6");
    m.map(PATH + 64, b"\0");
    let buf: Vec<u8> = (0..1024u32).map(|i| (i % 251) as u8).collect();
    m.map(BUF, &buf);
    m.map(STAT, &[0x11; 144]);
    m
}

fn decode_mix(c: &mut Criterion) {
    let arch = Arch::X86_64;
    let calls: Vec<(u64, [u64; 6], i64)> = mix()
        .into_iter()
        .map(|(n, a, r)| (arch.syscall_number(n).unwrap_or(0), a, r))
        .collect();
    let mut mem = memory();
    let opts = DecodeOpts::default();
    let mut scratch = Vec::new();
    let mut out = Vec::with_capacity(4096);
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Elements(calls.len() as u64));
    g.bench_function("typical mix", |b| {
        b.iter(|| {
            out.clear();
            for &(nr, args, ret) in &calls {
                let mut call = Call::entering(arch, nr, args);
                decode::syscall_name(&mut out, arch, nr);
                out.push(b'(');
                let mut ctx = Ctx::new(&mut mem, &opts, call, &mut scratch);
                decode::entry(&mut ctx, &mut out);
                call.saved = ctx.call.saved;
                call.ret = Some((ret, rtrace::arch::is_error_value(ret)));
                let mut ctx = Ctx::new(&mut mem, &opts, call, &mut scratch);
                decode::exit(&mut ctx, &mut out);
                out.extend_from_slice(b") ");
                decode::retval(&mut ctx, &mut out);
                out.push(b'\n');
            }
            black_box(out.len())
        })
    });
    g.finish();
}

criterion_group!(benches, decode_mix);
criterion_main!(benches);
