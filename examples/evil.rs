//! Test helper: a tracee that tries to take over the terminal of whoever traces it. It names
//! itself, a file, and the bytes it writes and reads with escape sequences (`ESC ] 0 ; pwned
//! BEL` sets a terminal's title, `ESC [ 2 J` clears the screen); the test passes more in argv.
//! Usage: evil DIR [ARGS...]

use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;

const EVIL: &[u8] = b"\x1b]0;pwned\x07\x1b[2J";

fn main() {
    let dir = std::env::args_os().nth(1).unwrap_or_else(|| "/tmp".into());
    // SAFETY: PR_SET_NAME reads a NUL-terminated string of at most 16 bytes.
    unsafe { libc::prctl(libc::PR_SET_NAME, c"\x1b]0;pwned\x07".as_ptr()) };
    let mut path = std::path::PathBuf::from(dir);
    path.push(std::ffi::OsStr::from_bytes(EVIL));
    // A path that does not exist, then one that does (and that -y shows after its descriptor).
    let _ = std::fs::File::open(std::ffi::OsStr::from_bytes(
        b"/nonexistent/\x1b[2J\x1b]0;pwned\x07",
    ));
    if let Ok(mut f) = std::fs::File::create(&path) {
        let _ = f.write_all(EVIL);
    }
    if let Ok(mut f) = std::fs::File::open(&path) {
        let mut buf = Vec::new();
        let _ = f.read_to_end(&mut buf);
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::io::stdout().write_all(EVIL);
}
