//! Starting a traced command: find it the way strace does, fork it parked, seize it, let it exec.

use crate::sys::{self, Errno, Pid};
use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Why a command could not be started.
#[derive(Debug)]
pub enum SpawnError {
    /// The program was not found (`Can't stat 'foo': No such file or directory`).
    NotFound { name: String, errno: Errno },
    /// An argument contains a NUL byte.
    BadArgument,
    /// fork or pipe failed.
    Sys { what: &'static str, errno: Errno },
    /// PTRACE_SEIZE of the forked child was refused.
    Seize { pid: Pid, errno: Errno },
}

impl std::fmt::Display for SpawnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpawnError::NotFound { name, errno } => {
                write!(
                    f,
                    "Can't stat '{name}': {}",
                    crate::decode::errno::message(*errno as i32)
                )
            }
            SpawnError::BadArgument => write!(f, "an argument contains a NUL byte"),
            SpawnError::Sys { what, errno } => {
                write!(
                    f,
                    "{what}: {}",
                    crate::decode::errno::message(*errno as i32)
                )
            }
            SpawnError::Seize { pid, errno } => write!(
                f,
                "spawn: ptrace(PTRACE_SEIZE, {pid}): {}",
                crate::decode::errno::message(*errno as i32)
            ),
        }
    }
}

fn is_executable_file(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Finds the program like strace: a name with a slash is used as given; otherwise the first
/// PATH entry holding an executable regular file. The error names the program as typed.
pub fn resolve_program(name: &OsStr, path_var: Option<&OsStr>) -> Result<PathBuf, SpawnError> {
    let shown = || crate::decode::strings::sanitize(name.as_bytes());
    if name.is_empty() {
        return Err(SpawnError::NotFound {
            name: shown(),
            errno: Errno::ENOENT,
        });
    }
    if name.as_bytes().contains(&b'/') {
        let p = PathBuf::from(name);
        return match std::fs::metadata(&p) {
            Ok(_) => Ok(p),
            Err(e) => Err(SpawnError::NotFound {
                name: shown(),
                errno: Errno::from_raw(e.raw_os_error().unwrap_or(libc::ENOENT)),
            }),
        };
    }
    let default_path = OsStr::new("/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin");
    let dirs = path_var.unwrap_or(default_path);
    for dir in dirs.as_bytes().split(|&b| b == b':') {
        let dir = if dir.is_empty() {
            Path::new(".")
        } else {
            Path::new(OsStr::from_bytes(dir))
        };
        let candidate = dir.join(name);
        if is_executable_file(&candidate) {
            return Ok(candidate);
        }
    }
    Err(SpawnError::NotFound {
        name: shown(),
        errno: Errno::ENOENT,
    })
}

fn cstring(s: OsString) -> Result<CString, SpawnError> {
    CString::new(s.into_vec()).map_err(|_| SpawnError::BadArgument)
}

/// The spawned command, seized and released: it stops itself with SIGSTOP (a stop rtrace hides),
/// then execs. Until its execve syscall, its syscalls are rtrace's own and are not shown.
pub struct Spawned {
    pub pid: Pid,
}

/// Starts `argv` under ptrace with `options`.
/// `filter`: the seccomp fast path's program, installed in the child before it execs.
pub fn spawn(
    argv: &[OsString],
    options: u32,
    filter: Option<&[libc::sock_filter]>,
) -> Result<Spawned, SpawnError> {
    let first = argv.first().ok_or(SpawnError::BadArgument)?;
    let path = resolve_program(first, std::env::var_os("PATH").as_deref())?;
    let c_path = cstring(path.into_os_string())?;
    let c_args = argv
        .iter()
        .cloned()
        .map(cstring)
        .collect::<Result<Vec<_>, _>>()?;
    let c_env = std::env::vars_os()
        .map(|(k, v)| {
            let mut kv = k;
            kv.push("=");
            kv.push(v);
            cstring(kv)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut arg_ptrs: Vec<*const libc::c_char> = c_args.iter().map(|c| c.as_ptr()).collect();
    arg_ptrs.push(std::ptr::null());
    let mut env_ptrs: Vec<*const libc::c_char> = c_env.iter().map(|c| c.as_ptr()).collect();
    env_ptrs.push(std::ptr::null());

    let child = sys::fork_parked(&c_path, &arg_ptrs, &env_ptrs, filter).map_err(|errno| {
        SpawnError::Sys {
            what: "fork",
            errno,
        }
    })?;
    let pid = child.pid;
    if let Err(errno) = sys::seize(pid, options) {
        // Dropping the parked child closes its pipe: it exits without running the command.
        drop(child);
        let _ = reap(pid);
        return Err(SpawnError::Seize { pid, errno });
    }
    if let Err(errno) = child.release() {
        let _ = sys::kill(pid, libc::SIGKILL);
        let _ = reap(pid);
        return Err(SpawnError::Sys {
            what: "start",
            errno,
        });
    }
    Ok(Spawned { pid })
}

fn reap(pid: Pid) -> Result<(), Errno> {
    loop {
        let (p, status) = sys::wait_any()?;
        if p == pid && (libc::WIFEXITED(status) || libc::WIFSIGNALED(status)) {
            return Ok(());
        }
        if p == pid {
            let _ = sys::detach(pid, 0);
        }
    }
}

/// The threads of a process seized with `-p`.
pub struct Attached {
    pub pid: Pid,
    pub tids: Vec<Pid>,
}

/// The thread ids in /proc/PID/task (just `pid` if it cannot be read).
fn task_ids(pid: Pid) -> Vec<Pid> {
    let mut tids: Vec<Pid> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    if tids.is_empty() {
        tids.push(pid);
    }
    tids.sort_unstable();
    tids
}

/// Seizes `pid` with PTRACE_SEIZE and interrupts it, so its first stop comes at once. With
/// `all_threads`, every thread of the process is seized, re-reading /proc/PID/task until no new
/// thread appears (threads created meanwhile are caught by PTRACE_O_TRACECLONE anyway).
pub fn attach(pid: Pid, options: u32, all_threads: bool) -> Result<Attached, Errno> {
    sys::seize(pid, options)?;
    let mut tids = vec![pid];
    let mut tried = vec![pid];
    if all_threads {
        loop {
            let fresh: Vec<Pid> = task_ids(pid)
                .into_iter()
                .filter(|t| !tried.contains(t))
                .collect();
            if fresh.is_empty() {
                break; // a pass found no new thread
            }
            for tid in fresh {
                tried.push(tid);
                // ESRCH: the thread is gone; EPERM: already ours through TRACECLONE.
                if sys::seize(tid, options).is_ok() {
                    tids.push(tid);
                }
            }
        }
    }
    for &tid in &tids {
        let _ = sys::interrupt(tid);
    }
    Ok(Attached { pid, tids })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_like_strace() {
        let p = resolve_program(
            OsStr::new("sh"),
            Some(OsStr::new("/nonexistent:/bin:/usr/bin")),
        )
        .unwrap();
        assert!(p.ends_with("sh"));
        let e =
            resolve_program(OsStr::new("no-such-prog-xyz"), Some(OsStr::new("/bin"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Can't stat 'no-such-prog-xyz': No such file or directory"
        );
        let e = resolve_program(OsStr::new("./nope"), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Can't stat './nope': No such file or directory"
        );
        assert!(resolve_program(OsStr::new("/etc/hostname"), None).is_ok());
        assert!(resolve_program(OsStr::new(""), None).is_err());
    }
}
