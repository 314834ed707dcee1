//! `-y`/`-yy`: what a tracee's descriptor refers to, read from /proc: `</etc/passwd>`,
//! `<pipe:[1234]>`, with `-yy` also `</dev/null<char 1:3>>` and socket addresses.

use super::sockinfo::Memo;
use crate::decode::strings::escape_path_into;
use crate::decode::{FdNames, HexMode};
use std::cell::RefCell;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;
use std::rc::Rc;

/// Descriptor names for one tracee.
pub struct ProcFds {
    pub pid: i32,
    /// `-yy`: device numbers and socket details.
    pub detail: bool,
    /// `-x`/`-xx`, for unix socket names.
    pub hex: HexMode,
    /// Socket descriptions remembered for the whole trace, as strace does.
    pub sockets: Rc<RefCell<Memo>>,
}

impl ProcFds {
    fn name(&self, link: &Path, fd: Option<i32>, out: &mut Vec<u8>) {
        let Ok(target) = std::fs::read_link(link) else {
            return;
        };
        let target = target.as_os_str().as_encoded_bytes();
        // A removed file: strace shows `</path>(deleted)`.
        let (target, deleted) = match target.strip_suffix(b" (deleted)") {
            Some(t) => (t, true),
            None => (target, false),
        };
        out.push(b'<');
        match (self.detail, fd, socket_inode(target)) {
            (true, Some(fd), Some(ino)) => match self
                .sockets
                .borrow_mut()
                .describe(self.pid, fd, ino, self.hex)
            {
                // Already escaped by sockinfo (unix names), and `->` is part of the format.
                Some(d) => out.extend_from_slice(d.as_bytes()),
                None => escape_path_into(out, target),
            },
            (true, Some(fd), None) if target == b"anon_inode:[pidfd]" => {
                match self.pidfd_target(fd) {
                    Some(pid) => out.extend_from_slice(format!("pid:{pid}").as_bytes()),
                    None => escape_path_into(out, target),
                }
            }
            _ => {
                escape_path_into(out, target);
                if self.detail {
                    device_suffix(link, out);
                }
            }
        }
        out.push(b'>');
        if deleted {
            out.extend_from_slice(b"(deleted)");
        }
    }

    /// The process a pidfd refers to (`Pid:` in its fdinfo).
    fn pidfd_target(&self, fd: i32) -> Option<i64> {
        let info = std::fs::read_to_string(format!("/proc/{}/fdinfo/{fd}", self.pid)).ok()?;
        info.lines()
            .find_map(|l| l.strip_prefix("Pid:"))?
            .trim()
            .parse()
            .ok()
    }
}

impl FdNames for ProcFds {
    fn fd(&mut self, fd: i32, out: &mut Vec<u8>) {
        let link = format!("/proc/{}/fd/{fd}", self.pid);
        self.name(Path::new(&link), Some(fd), out);
    }

    fn cwd(&mut self, out: &mut Vec<u8>) {
        let link = format!("/proc/{}/cwd", self.pid);
        self.name(Path::new(&link), None, out);
    }
}

/// The inode of a `socket:[12345]` link target.
fn socket_inode(target: &[u8]) -> Option<u64> {
    let digits = target.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// `-yy` for a device: `<char 1:3>` or `<block 8:0>` after the path.
fn device_suffix(link: &Path, out: &mut Vec<u8>) {
    let Ok(meta) = std::fs::metadata(link) else {
        return;
    };
    let kind = if meta.file_type().is_char_device() {
        "char"
    } else if meta.file_type().is_block_device() {
        "block"
    } else {
        return;
    };
    let rdev = meta.rdev();
    out.extend_from_slice(
        format!("<{kind} {}:{}>", libc::major(rdev), libc::minor(rdev)).as_bytes(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_links() {
        assert_eq!(socket_inode(b"socket:[4242]"), Some(4242));
        assert_eq!(socket_inode(b"pipe:[4242]"), None);
        assert_eq!(socket_inode(b"socket:[x]"), None);
    }

    fn fds(detail: bool) -> ProcFds {
        ProcFds {
            pid: std::process::id() as i32,
            detail,
            hex: HexMode::Off,
            sockets: Default::default(),
        }
    }

    #[test]
    fn names_of_own_descriptors() {
        let f = std::fs::File::open("/dev/null").unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&f);
        let mut out = Vec::new();
        fds(false).fd(fd, &mut out);
        assert_eq!(out, b"</dev/null>");
        out.clear();
        fds(true).fd(fd, &mut out);
        assert_eq!(out, b"</dev/null<char 1:3>>");
        out.clear();
        fds(false).fd(100_000, &mut out);
        assert!(out.is_empty(), "a closed descriptor gets no name");
    }
}
