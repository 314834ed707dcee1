//! Argument spans: each argument's text, as JSON and Perfetto show it, cut out of the same
//! text the trace prints.

use super::*;
use crate::arch::Arch;

/// Decodes a call (entry, then exit into the same buffer) and returns each argument's text.
fn args_of(
    name: &str,
    args: &[u64],
    ret: i64,
    mem: &mut FakeMem,
    opts: &DecodeOpts,
) -> Vec<String> {
    let arch = Arch::X86_64;
    let nr = arch.syscall_number(name).unwrap();
    let mut a = [0u64; 6];
    a[..args.len()].copy_from_slice(args);
    let mut call = Call::entering(arch, nr, a);
    let (mut scratch, mut out, mut spans) = (Vec::new(), Vec::new(), Vec::new());
    {
        let mut ctx = Ctx::new(mem, opts, call, &mut scratch).with_spans(Some(&mut spans));
        entry(&mut ctx, &mut out);
        call.saved = ctx.call.saved;
    }
    call.ret = Some((ret, crate::arch::is_error_value(ret)));
    let mut ctx = Ctx::new(mem, opts, call, &mut scratch).with_spans(Some(&mut spans));
    exit(&mut ctx, &mut out);
    spans
        .iter()
        .map(|s| String::from_utf8(out[s.clone()].to_vec()).unwrap())
        .collect()
}

#[test]
fn each_argument_is_one_span() {
    let mut m = FakeMem::new();
    m.map_str(0x1000, "/etc/hostname\0");
    let o = DecodeOpts::default();
    // openat's mode is not printed without O_CREAT: three arguments.
    assert_eq!(
        args_of("openat", &[-100i64 as u64, 0x1000, 0], 3, &mut m, &o),
        ["AT_FDCWD", "\"/etc/hostname\"", "O_RDONLY"]
    );
    // read: the descriptor at entry, the buffer and the count at exit.
    m.map(0x2000, b"hi\x1b]0;x\x07");
    assert_eq!(
        args_of("read", &[3, 0x2000, 64], 8, &mut m, &o),
        ["3", "\"hi\\33]0;x\\7\"", "64"]
    );
}

#[test]
fn split_arguments_join_their_entry_and_exit_parts() {
    let mut m = FakeMem::new();
    let o = DecodeOpts::default();
    // fcntl(F_GETFL) is decoded in two parts (the command at entry, nothing more at exit).
    let a = args_of("fcntl", &[3, 3], 2, &mut m, &o);
    assert_eq!(a, ["3", "F_GETFL"]);
}

#[test]
fn raw_arguments_are_spans_too() {
    let mut m = FakeMem::new();
    let o = DecodeOpts {
        raw: true,
        ..DecodeOpts::default()
    };
    assert_eq!(args_of("close", &[3], 0, &mut m, &o), ["0x3"]);
    assert_eq!(args_of("dup2", &[3, 4], 4, &mut m, &o), ["0x3", "0x4"]);
}
