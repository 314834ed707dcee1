//! The trace sink: strace's line rules on top of buffered writers.
//!
//! A syscall's line is written in two steps (entry, then exit). While a line is open, anything
//! printed for another tracee first closes it with ` <unfinished ...>`; the owner later continues
//! with `<... NAME resumed>`. Lines get strace's pid prefix: `[pid  N] ` on stderr while more than
//! one tracee is alive, `N     ` on every line with `-f -o FILE`, none with `-ff` (one file per
//! thread). The column is tracked so that ` = ` lands at column 40, as in strace.

use crate::paint::{self, Part};
use crate::sys::Pid;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// strace's `-a` default: the column where the return value starts.
pub const RESULT_COLUMN: usize = 40;
/// Above this many buffered bytes the buffer is written out even while tracees run.
const FLUSH_AT: usize = 64 * 1024;

/// Where the trace goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stderr,
    File(PathBuf),
    /// `-ff -o PREFIX`: one file `PREFIX.<tid>` per traced thread.
    PerThread(PathBuf),
}

/// How lines are prefixed with the tracee's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PidPrefix {
    /// `[pid  1234] ` while more than one tracee is alive (the stderr style).
    WhenMany,
    /// `1234  ` on every line (`-f -o FILE`).
    Always,
    /// Never (`-ff`, or one traced process writing to a file).
    Never,
}

enum Writer {
    Stderr(io::Stderr),
    File(File),
    /// A per-thread file that could not be created (the error is reported once).
    Discard,
}

impl Writer {
    fn write_all(&mut self, b: &[u8]) -> io::Result<()> {
        match self {
            Writer::Stderr(e) => e.lock().write_all(b),
            Writer::File(f) => f.write_all(b),
            Writer::Discard => Ok(()),
        }
    }
}

/// One output stream with its pending bytes and line state.
struct Sink {
    w: Writer,
    buf: Vec<u8>,
    /// Index in `buf` where the current line starts; `None` if the line began before the last flush.
    line_start: Option<usize>,
    /// Columns written on the current line before `buf` was last flushed.
    carried_col: usize,
    /// The tracee whose line is open (its entry printed, its exit not yet).
    open: Option<Pid>,
    /// Bytes of colour codes on the current line since the last flush (they take no column).
    invisible: usize,
}

impl Sink {
    fn new(w: Writer) -> Sink {
        Sink {
            w,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            line_start: Some(0),
            carried_col: 0,
            open: None,
            invisible: 0,
        }
    }

    fn col(&self) -> usize {
        let written = match self.line_start {
            Some(s) => self.buf.len() - s,
            None => self.carried_col + self.buf.len(),
        };
        written - self.invisible
    }

    fn newline(&mut self) {
        self.buf.push(b'\n');
        self.line_start = Some(self.buf.len());
        self.carried_col = 0;
        self.invisible = 0;
    }

    /// Paints the bytes written since `from` (`--color`).
    fn paint_from(&mut self, from: usize, part: Part) {
        let tail = self.buf.split_off(from.min(self.buf.len()));
        let before = self.buf.len();
        paint::paint(&mut self.buf, &tail, part);
        self.invisible += (self.buf.len() - before).saturating_sub(tail.len());
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let col = self.col();
        let r = self.w.write_all(&self.buf);
        self.buf.clear();
        self.carried_col = col;
        self.invisible = 0;
        self.line_start = if col == 0 { Some(0) } else { None };
        r
    }
}

/// Decorations at the start of each line (`-t`/`-tt`/`-ttt`, `-r`, `-n`, `-i`) and the column
/// where results start (`-a`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decor {
    pub stamps: u8,
    pub relative: bool,
    pub nr: bool,
    pub ip: bool,
    pub column: usize,
}

impl Default for Decor {
    fn default() -> Self {
        Decor {
            stamps: 0,
            relative: false,
            nr: false,
            ip: false,
            column: RESULT_COLUMN,
        }
    }
}

impl Decor {
    fn any(&self) -> bool {
        self.stamps > 0 || self.relative || self.nr || self.ip
    }
}

/// The trace output.
pub struct Output {
    target: Target,
    prefix: PidPrefix,
    single: Option<Sink>,
    per_thread: crate::pidmap::PidMap<Sink>,
    /// How many tracees are alive (for the `[pid N]` rule).
    live: usize,
    /// The first write error, reported once at the end.
    error: Option<io::Error>,
    /// The `-ff` file whose creation was that error.
    error_path: Option<PathBuf>,
    decor: Decor,
    /// The syscall number and instruction pointer for the next line's `[nr]` and `[ip]`.
    line_nr: Option<u64>,
    line_ip: Option<u64>,
    /// When the previous line started (for `-r`).
    last_line: Option<std::time::Instant>,
    /// `--color`: paint the text.
    color: bool,
}

impl Output {
    /// Opens the target. `-o FILE` is created or truncated at once, so a bad path fails early.
    pub fn open(target: Target, prefix: PidPrefix) -> Result<Output, (PathBuf, io::Error)> {
        let single = match &target {
            Target::Stderr => Some(Sink::new(Writer::Stderr(io::stderr()))),
            Target::File(p) => Some(Sink::new(Writer::File(
                create(p).map_err(|e| (p.clone(), e))?,
            ))),
            Target::PerThread(_) => None,
        };
        Ok(Output {
            target,
            prefix,
            single,
            per_thread: Default::default(),
            live: 0,
            error: None,
            error_path: None,
            decor: Decor::default(),
            line_nr: None,
            line_ip: None,
            last_line: None,
            color: false,
        })
    }

    /// Colours on or off (see [`paint::enabled`]).
    pub fn set_color(&mut self, on: bool) {
        self.color = on;
    }

    /// Paints what was written to `tid`'s line since `from` (a length of the buffer that
    /// [`Output::start_line`] and the others return), if colours are on.
    #[inline]
    pub fn paint(&mut self, tid: Pid, from: usize, part: Part) {
        if self.color {
            self.sink(tid).paint_from(from, part);
        }
    }

    pub fn set_decor(&mut self, decor: Decor) {
        self.decor = decor;
    }

    /// The syscall number and instruction pointer the next lines refer to (`-n`, `-i`).
    pub fn set_line_info(&mut self, nr: Option<u64>, ip: Option<u64>) {
        self.line_nr = nr;
        self.line_ip = ip;
    }

    /// True when the trace shares stderr with rtrace's own messages.
    pub fn is_stderr(&self) -> bool {
        self.target == Target::Stderr
    }

    pub fn set_live(&mut self, n: usize) {
        self.live = n;
    }

    fn sink(&mut self, tid: Pid) -> &mut Sink {
        if let Target::PerThread(prefix) = &self.target {
            let path = per_thread_path(prefix, tid);
            let (err, err_path) = (&mut self.error, &mut self.error_path);
            return self
                .per_thread
                .entry(tid)
                .or_insert_with(|| match create(&path) {
                    Ok(f) => Sink::new(Writer::File(f)),
                    Err(e) => {
                        if err.is_none() {
                            *err = Some(e);
                            *err_path = Some(path);
                        }
                        Sink::new(Writer::Discard)
                    }
                });
        }
        // A single sink always exists unless per-thread.
        self.single
            .get_or_insert_with(|| Sink::new(Writer::Stderr(io::stderr())))
    }

    fn write_prefix(&mut self, tid: Pid) {
        let prefix = self.prefix;
        let many = self.live > 1;
        let s = self.sink(tid);
        match prefix {
            PidPrefix::Always => {
                // `%-5d `
                let at = s.buf.len();
                crate::decode::num::push_i64(&mut s.buf, i64::from(tid));
                let width = s.buf.len() - at;
                s.buf
                    .resize(s.buf.len() + 5usize.saturating_sub(width) + 1, b' ');
            }
            PidPrefix::WhenMany if many => {
                // `[pid %5d] `
                s.buf.extend_from_slice(b"[pid ");
                let n = i64::from(tid);
                let width = n
                    .unsigned_abs()
                    .checked_ilog10()
                    .map_or(1, |d| d as usize + 1)
                    + usize::from(n < 0);
                s.buf
                    .resize(s.buf.len() + 5usize.saturating_sub(width), b' ');
                crate::decode::num::push_i64(&mut s.buf, n);
                s.buf.extend_from_slice(b"] ");
            }
            _ => {}
        }
        if self.decor.any() {
            self.write_decor(tid);
        }
    }

    fn write_decor(&mut self, tid: Pid) {
        let d = self.decor;
        let now = std::time::Instant::now();
        let rel = self
            .last_line
            .map(|t| now.duration_since(t))
            .unwrap_or_default();
        self.last_line = Some(now);
        let (nr, ip) = (self.line_nr, self.line_ip);
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let s = self.sink(tid);
        let (secs, us) = (wall.as_secs() as i64, wall.subsec_micros());
        match d.stamps {
            0 => {}
            1 | 2 => {
                let (h, m, sec) = crate::sys::local_hms(secs);
                let _ = write!(s.buf, "{h:02}:{m:02}:{sec:02}");
                if d.stamps == 2 {
                    let _ = write!(s.buf, ".{us:06}");
                }
                s.buf.push(b' ');
            }
            _ => {
                let _ = write!(s.buf, "{secs}.{us:06} ");
            }
        }
        if d.relative {
            let (rs, ru) = (rel.as_secs(), rel.subsec_micros());
            if d.stamps > 0 {
                let _ = write!(s.buf, "(+{rs:>6}.{ru:06}) ");
            } else {
                let _ = write!(s.buf, "{rs:>6}.{ru:06} ");
            }
        }
        if d.nr {
            match nr {
                Some(n) => {
                    let _ = write!(s.buf, "[{n:>4}] ");
                }
                None => s.buf.extend_from_slice(b"[????] "),
            }
        }
        if d.ip {
            match ip {
                Some(a) => {
                    let _ = write!(s.buf, "[{a:016x}] ");
                }
                None => s.buf.extend_from_slice(b"[????????????????] "),
            }
        }
    }

    /// Closes another tracee's open line with ` <unfinished ...>`.
    fn close_other(&mut self, tid: Pid) {
        let color = self.color;
        let s = self.sink(tid);
        if let Some(owner) = s.open {
            if owner != tid {
                let from = s.buf.len();
                s.buf.extend_from_slice(b" <unfinished ...>");
                if color {
                    s.paint_from(from, Part::Dim);
                }
                s.newline();
                s.open = None;
            }
        }
    }

    /// Starts a new line for `tid` and returns the buffer to append its text to. The line is
    /// marked open; finish it with [`Output::end_line`].
    pub fn start_line(&mut self, tid: Pid) -> &mut Vec<u8> {
        self.close_other(tid);
        let s = self.sink(tid);
        if s.open == Some(tid) {
            // The same tracee starts a new line while its previous one is open: end that one.
            s.newline();
        }
        self.write_prefix(tid);
        let s = self.sink(tid);
        s.open = Some(tid);
        &mut s.buf
    }

    /// The buffer of `tid`'s line if it is still open (nothing else printed since its entry).
    pub fn continue_line(&mut self, tid: Pid) -> Option<&mut Vec<u8>> {
        let s = self.sink(tid);
        if s.open == Some(tid) {
            Some(&mut s.buf)
        } else {
            None
        }
    }

    /// The buffer of `tid`'s open line, or of a new line if its line is not open.
    pub fn start_or_continue(&mut self, tid: Pid) -> &mut Vec<u8> {
        if self.sink(tid).open == Some(tid) {
            return &mut self.sink(tid).buf;
        }
        self.start_line(tid)
    }

    /// Starts `<... NAME resumed>` for a tracee whose line was interrupted.
    pub fn resume_line(&mut self, tid: Pid, name: &[u8]) -> &mut Vec<u8> {
        let buf = self.start_line(tid);
        let from = buf.len();
        buf.extend_from_slice(b"<... ");
        buf.extend_from_slice(name);
        buf.extend_from_slice(b" resumed>");
        self.paint(tid, from, Part::Dim);
        &mut self.sink(tid).buf
    }

    /// Pads `tid`'s line with spaces up to the result column.
    pub fn pad(&mut self, tid: Pid) {
        let column = self.decor.column;
        let s = self.sink(tid);
        let col = s.col();
        if col < column {
            s.buf.resize(s.buf.len() + (column - col), b' ');
        }
    }

    /// Ends `tid`'s line.
    pub fn end_line(&mut self, tid: Pid) {
        let s = self.sink(tid);
        s.newline();
        if s.open == Some(tid) {
            s.open = None;
        }
    }

    /// Leaves `tid`'s open line as it is but forgets that it is open (used for `<pid changed...>`).
    pub fn detach_line(&mut self, tid: Pid) {
        let s = self.sink(tid);
        if s.open == Some(tid) {
            s.open = None;
        }
    }

    /// Whether any tracee's line is open in the sink of `tid`.
    pub fn open_owner(&mut self, tid: Pid) -> Option<Pid> {
        self.sink(tid).open
    }

    /// A complete line of its own (signals, exits): closes open lines, writes prefix, text, newline.
    pub fn line(&mut self, tid: Pid, text: &[u8]) {
        let buf = self.start_line(tid);
        let from = buf.len();
        buf.extend_from_slice(text);
        self.paint(tid, from, Part::Line);
        self.end_line(tid);
    }

    /// Appends one complete line that is not strace text (a JSON object, with its newline) to
    /// `tid`'s output. Text lines are never open in that mode, so nothing is interrupted.
    pub fn record_line(&mut self, tid: Pid, line: &[u8]) {
        let s = self.sink(tid);
        s.buf.extend_from_slice(line);
        s.line_start = Some(s.buf.len());
        s.carried_col = 0;
    }

    /// Forgets a thread's sink (its file is closed; `-ff` only).
    pub fn forget(&mut self, tid: Pid) {
        if let Some(mut s) = self.per_thread.remove(&tid) {
            self.note(s.flush());
        }
    }

    /// Whether there are bytes not yet written.
    pub fn pending(&self) -> bool {
        self.single.as_ref().is_some_and(|s| !s.buf.is_empty())
            || self.per_thread.values().any(|s| !s.buf.is_empty())
    }

    /// Whether the buffer is large enough to be written now.
    pub fn wants_flush(&self) -> bool {
        self.single
            .as_ref()
            .is_some_and(|s| s.buf.len() >= FLUSH_AT)
            || self.per_thread.values().any(|s| s.buf.len() >= FLUSH_AT)
    }

    fn note(&mut self, r: io::Result<()>) {
        if let Err(e) = r {
            if self.error.is_none() {
                self.error = Some(e);
            }
        }
    }

    /// Writes everything buffered.
    pub fn flush(&mut self) {
        let mut results = Vec::new();
        if let Some(s) = self.single.as_mut() {
            results.push(s.flush());
        }
        for s in self.per_thread.values_mut() {
            results.push(s.flush());
        }
        for r in results {
            self.note(r);
        }
    }

    /// The first write error, if any (e.g. ENOSPC on `-o /dev/full`, EPIPE on a closed pipe).
    pub fn error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    /// The first error as rtrace reports it: `write error: MSG`, or strace's
    /// `Can't fopen 'PATH': MSG` for a `-ff` file that could not be created.
    pub fn error_text(&self) -> Option<String> {
        let e = self.error.as_ref()?;
        let msg = match e.raw_os_error() {
            Some(errno) => crate::decode::errno::message(errno).to_string(),
            None => e.to_string(),
        };
        Some(match &self.error_path {
            Some(p) => format!("Can't fopen '{}': {msg}", p.display()),
            None => format!("write error: {msg}"),
        })
    }

    /// Whether the reader of the trace has gone (a write failed with EPIPE).
    pub fn broken_pipe(&self) -> bool {
        self.error
            .as_ref()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Appends text that is not a tracee's line (the `-c` table) to the trace output.
    pub fn write_text(&mut self, text: &[u8]) {
        let s = match (&self.target, self.single.as_mut()) {
            (Target::PerThread(_), _) | (_, None) => {
                let _ = io::stderr().lock().write_all(text);
                return;
            }
            (_, Some(s)) => s,
        };
        s.buf.extend_from_slice(text);
        s.line_start = Some(s.buf.len());
        s.carried_col = 0;
    }

    /// Prints one of rtrace's own messages (`rtrace: ...`) on stderr, after the trace written so far.
    pub fn message(&mut self, msg: &str) {
        if self.is_stderr() {
            self.flush();
        }
        let mut e = io::stderr().lock();
        let _ = writeln!(e, "rtrace: {msg}");
    }
}

/// Writes text to stderr. Errors are ignored: a closed stderr must not make rtrace panic, as
/// `eprint!` would.
pub fn to_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes text to stdout and flushes it; errors are ignored, as in [`to_stderr`].
pub fn to_stdout(text: &str) {
    let mut o = io::stdout().lock();
    let _ = o.write_all(text.as_bytes()).and_then(|()| o.flush());
}

fn create(p: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(p)
}

/// `PREFIX.<tid>`, as strace names the files of `-ff`.
pub fn per_thread_path(prefix: &Path, tid: Pid) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(format!(".{tid}"));
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_output(prefix: PidPrefix) -> (Output, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("rtrace-out-{}-{:?}", std::process::id(), prefix));
        let _ = std::fs::create_dir_all(&dir);
        let p = dir.join("trace");
        (Output::open(Target::File(p.clone()), prefix).unwrap(), p)
    }

    fn read(mut o: Output, p: &Path) -> String {
        o.flush();
        std::fs::read_to_string(p).unwrap()
    }

    #[test]
    fn padding_to_column_40() {
        let (mut o, p) = file_output(PidPrefix::Never);
        o.set_live(1);
        o.start_line(1).extend_from_slice(b"close(3");
        o.continue_line(1).unwrap().extend_from_slice(b") ");
        o.pad(1);
        o.continue_line(1).unwrap().extend_from_slice(b"= 0");
        o.end_line(1);
        assert_eq!(read(o, &p), format!("close(3) {}= 0\n", " ".repeat(31)));
    }

    #[test]
    fn alignment_column_from_a() {
        for (column, pad) in [(0, 0), (12, 3), (50, 41)] {
            let (mut o, p) = file_output(PidPrefix::Never);
            o.set_decor(Decor {
                column,
                ..Decor::default()
            });
            o.set_live(1);
            o.start_line(1).extend_from_slice(b"close(3) ");
            o.pad(1);
            o.continue_line(1).unwrap().extend_from_slice(b"= 0");
            o.end_line(1);
            assert_eq!(read(o, &p), format!("close(3) {}= 0\n", " ".repeat(pad)));
        }
    }

    #[test]
    fn unfinished_and_resumed_with_pid_prefix() {
        let (mut o, p) = file_output(PidPrefix::WhenMany);
        o.set_live(2);
        o.start_line(10).extend_from_slice(b"read(0, ");
        o.flush(); // a flush in the middle of a line keeps the column
        o.line(11, b"+++ exited with 0 +++");
        assert!(o.continue_line(10).is_none());
        o.resume_line(10, b"read").extend_from_slice(b"\"x\", 1) ");
        o.pad(10);
        o.continue_line(10).unwrap().extend_from_slice(b"= 1");
        o.end_line(10);
        assert_eq!(
            read(o, &p),
            "[pid    10] read(0,  <unfinished ...>\n[pid    11] +++ exited with 0 +++\n[pid    10] <... read resumed>\"x\", 1)   = 1\n"
        );
    }

    #[test]
    fn column_survives_a_flush() {
        let (mut o, p) = file_output(PidPrefix::Always);
        o.set_live(1);
        o.start_line(7).extend_from_slice(b"getpid(");
        o.flush();
        o.continue_line(7).unwrap().extend_from_slice(b") ");
        o.pad(7);
        o.continue_line(7).unwrap().extend_from_slice(b"= 7");
        o.end_line(7);
        let text = read(o, &p);
        assert_eq!(text.find('=').unwrap(), RESULT_COLUMN);
        assert!(text.starts_with("7     getpid() "));
    }

    #[test]
    fn colours_take_no_column() {
        let p = std::env::temp_dir().join(format!("rtrace-out-{}-colour", std::process::id()));
        let mut o = Output::open(Target::File(p.clone()), PidPrefix::Never).unwrap();
        o.set_color(true);
        o.set_live(1);
        let from = o.start_line(1).len();
        o.continue_line(1)
            .unwrap()
            .extend_from_slice(b"open(\"/x\", ");
        o.paint(1, from, Part::Call);
        o.flush(); // the column survives a flush with colour codes on the line
        let from = o.continue_line(1).unwrap().len();
        o.continue_line(1).unwrap().extend_from_slice(b"\"y\") ");
        o.paint(1, from, Part::Args);
        o.pad(1);
        o.continue_line(1).unwrap().extend_from_slice(b"= 0");
        o.end_line(1);
        let text = read(o, &p);
        let plain = regex_lite::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&text, "")
            .into_owned();
        assert_ne!(text, plain);
        assert_eq!(
            plain,
            format!("open(\"/x\", \"y\") {}= 0\n", " ".repeat(24))
        );
    }

    #[test]
    fn per_thread_paths() {
        assert_eq!(
            per_thread_path(Path::new("/tmp/t"), 42),
            PathBuf::from("/tmp/t.42")
        );
    }
}
