//! `-P PATH`: whether a syscall touches one of the given paths, by a path argument or through a
//! descriptor open on it (read from /proc/PID/fd, only when -P is given).

use crate::decode::mem::read_cstr;
use crate::decode::{Call, A};
use crate::sys::Pid;
use crate::tracer::procmem::ProcMem;
use std::path::{Path, PathBuf};

fn fd_path(pid: Pid, fd: u64) -> Option<PathBuf> {
    let fd = fd as u32 as i32;
    (fd >= 0)
        .then(|| std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).ok())
        .flatten()
}

/// Whether `call` (at its entry) refers to one of `paths` (already resolved).
pub fn touches(pid: Pid, call: &Call, paths: &[PathBuf]) -> bool {
    let Some(sig) = crate::decode::signature(call.arch, call.nr) else {
        return false;
    };
    let mut mem = ProcMem { pid, cache: None };
    let mut s = Vec::new();
    let cwd = || std::fs::read_link(format!("/proc/{pid}/cwd")).ok();
    let hit = |p: &Path| paths.iter().any(|want| want == p);
    for (i, kind) in sig.args.iter().enumerate() {
        let v = call.arg(i);
        let found = match kind {
            A::Path if read_cstr(&mut mem, v, 4096, &mut s).is_some() => {
                let p = PathBuf::from(String::from_utf8_lossy(&s).into_owned());
                let abs = if p.is_relative() {
                    cwd().map(|c| c.join(&p))
                } else {
                    Some(p.clone())
                };
                hit(&p) || abs.as_deref().is_some_and(hit)
            }
            A::Fd => fd_path(pid, v).as_deref().is_some_and(hit),
            _ => false,
        };
        if found {
            return true;
        }
    }
    false
}

/// The form of a `-P` path that syscalls are matched against: absolute and without symlinks
/// where it exists.
pub fn resolve(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        if p.is_relative() {
            std::env::current_dir()
                .map(|c| c.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        } else {
            p.to_path_buf()
        }
    })
}
