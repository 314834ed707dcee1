//! Helpers for the golden tests of the file, descriptor, process, time and event decoders:
//! one syscall decoded completely on either arch, with or without `-v`, and a builder for the
//! bytes of structures in fake tracee memory.

use super::tests::line;
use super::{DecodeOpts, FakeMem};
use crate::arch::{is_error_value, Arch};

pub const AT_FDCWD: u64 = (-100i64) as u64;
pub const P: u64 = 0x7ffd_1000;
pub const Q: u64 = 0x7ffd_3000;
pub const R: u64 = 0x7ffd_5000;

fn run(arch: Arch, verbose: bool, name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    let mut a = [0u64; 6];
    a[..args.len()].copy_from_slice(args);
    let opts = DecodeOpts {
        verbose,
        ..DecodeOpts::default()
    };
    line(arch, name, a, (ret, is_error_value(ret)), mem, &opts)
}

pub fn x86(name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    run(Arch::X86_64, false, name, args, ret, mem)
}

pub fn arm(name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    run(Arch::Aarch64, false, name, args, ret, mem)
}

pub fn x86v(name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    run(Arch::X86_64, true, name, args, ret, mem)
}

pub fn armv(name: &str, args: &[u64], ret: i64, mem: &mut FakeMem) -> String {
    run(Arch::Aarch64, true, name, args, ret, mem)
}

/// Little-endian structure bytes, field by field.
#[derive(Default)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn u8(mut self, v: u8) -> Self {
        self.0.push(v);
        self
    }
    pub fn u16(mut self, v: u16) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u32(mut self, v: u32) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u64(mut self, v: u64) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn zeros(mut self, n: usize) -> Self {
        self.0.resize(self.0.len() + n, 0);
        self
    }
    pub fn raw(mut self, b: &[u8]) -> Self {
        self.0.extend_from_slice(b);
        self
    }
}
