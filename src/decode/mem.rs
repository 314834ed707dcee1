//! Reading tracee memory through a trait, so decoders stay pure and tests use a fake memory.

/// Tracee memory as decoders see it. Reads never fail loudly: they report how many leading bytes
/// could be read (0 for an unmapped address), and the decoder prints the pointer instead.
pub trait MemReader {
    /// Copies memory at `addr` into `buf`; returns how many leading bytes were readable.
    fn read(&mut self, addr: u64, buf: &mut [u8]) -> usize;

    /// Whether structures are read at all (false outside `-e verbose=`).
    fn structs(&self) -> bool {
        true
    }
}

/// Memory for a syscall outside `-e verbose=`: structures read as unreadable, so decoders print
/// their pointers as strace does, while strings and buffers read as usual.
pub struct NoStructs<'m>(pub &'m mut dyn MemReader);

impl MemReader for NoStructs<'_> {
    fn read(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        self.0.read(addr, buf)
    }

    fn structs(&self) -> bool {
        false
    }
}

pub const PAGE: u64 = 4096;

/// Reads exactly `buf.len()` bytes, or reports failure.
pub fn read_exact(mem: &mut dyn MemReader, addr: u64, buf: &mut [u8]) -> bool {
    addr != 0 && mem.structs() && mem.read(addr, buf) == buf.len()
}

pub fn read_u64(mem: &mut dyn MemReader, addr: u64) -> Option<u64> {
    let mut b = [0u8; 8];
    read_exact(mem, addr, &mut b).then(|| u64::from_ne_bytes(b))
}

pub fn read_u32(mem: &mut dyn MemReader, addr: u64) -> Option<u32> {
    let mut b = [0u8; 4];
    read_exact(mem, addr, &mut b).then(|| u32::from_ne_bytes(b))
}

/// Reads a NUL-terminated string of at most `max` bytes (not counting the NUL) into `out`.
/// Returns `None` if the string cannot be read (nothing readable at `addr`, or unreadable memory
/// before its NUL and before `max` bytes: strace then shows the pointer), else
/// `Some(terminated)`: whether a NUL came within `max` bytes. Reads page by page, so a string
/// ending just before an unmapped page works.
pub fn read_cstr(
    mem: &mut dyn MemReader,
    addr: u64,
    max: usize,
    out: &mut Vec<u8>,
) -> Option<bool> {
    out.clear();
    if addr == 0 {
        return None;
    }
    let mut chunk = [0u8; 256];
    let mut cur = addr;
    loop {
        let to_page_end = (PAGE - cur % PAGE) as usize;
        let want = to_page_end.min(chunk.len()).min(max + 1 - out.len());
        let got = mem.read(cur, chunk.get_mut(..want)?);
        if got == 0 {
            return None;
        }
        let part = chunk.get(..got)?;
        if let Some(nul) = part.iter().position(|&b| b == 0) {
            out.extend_from_slice(part.get(..nul)?);
            return Some(out.len() <= max);
        }
        out.extend_from_slice(part);
        if out.len() > max {
            out.truncate(max);
            return Some(false);
        }
        cur = cur.checked_add(got as u64)?;
    }
}

/// A fake tracee memory made of mapped regions, for tests and fuzzing.
#[derive(Default, Clone, Debug)]
pub struct FakeMem {
    regions: Vec<(u64, Vec<u8>)>,
}

impl FakeMem {
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps `bytes` at `addr`.
    pub fn map(&mut self, addr: u64, bytes: &[u8]) -> &mut Self {
        self.regions.push((addr, bytes.to_vec()));
        self
    }

    /// Maps a NUL-terminated copy of `s` at `addr`.
    pub fn map_str(&mut self, addr: u64, s: &str) -> &mut Self {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        self.regions.push((addr, v));
        self
    }
}

impl MemReader for FakeMem {
    fn read(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let at = addr.wrapping_add(done as u64);
            let Some((base, bytes)) = self
                .regions
                .iter()
                .find(|(b, v)| at >= *b && at < b.saturating_add(v.len() as u64))
            else {
                break;
            };
            let off = (at - base) as usize;
            let n = (bytes.len() - off).min(buf.len() - done);
            if let (Some(dst), Some(src)) = (buf.get_mut(done..done + n), bytes.get(off..off + n)) {
                dst.copy_from_slice(src);
            }
            done += n;
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cstr_reads_terminated_and_truncated_strings() {
        let mut m = FakeMem::new();
        m.map_str(0x1000, "hello");
        let mut out = Vec::new();
        assert_eq!(read_cstr(&mut m, 0x1000, 32, &mut out), Some(true));
        assert_eq!(out, b"hello");
        assert_eq!(read_cstr(&mut m, 0x1000, 3, &mut out), Some(false));
        assert_eq!(out, b"hel");
        assert_eq!(read_cstr(&mut m, 0x1000, 5, &mut out), Some(true));
        assert_eq!(read_cstr(&mut m, 0x9000, 5, &mut out), None);
        assert_eq!(read_cstr(&mut m, 0, 5, &mut out), None);
    }

    #[test]
    fn cstr_that_runs_into_unmapped_memory() {
        let mut m = FakeMem::new();
        m.map(PAGE - 3, b"abc");
        let mut out = Vec::new();
        assert_eq!(read_cstr(&mut m, PAGE - 3, 32, &mut out), None);
        // Truncated by `max` before the unmapped page: still a (truncated) string.
        assert_eq!(read_cstr(&mut m, PAGE - 3, 2, &mut out), Some(false));
        assert_eq!(out, b"ab");
    }

    #[test]
    fn string_crossing_pages_and_exact_reads() {
        let mut m = FakeMem::new();
        m.map(PAGE - 2, b"ab").map(PAGE, b"cd\0");
        let mut out = Vec::new();
        assert_eq!(read_cstr(&mut m, PAGE - 2, 32, &mut out), Some(true));
        assert_eq!(out, b"abcd");
        assert_eq!(
            read_u32(&mut m, PAGE - 2),
            Some(u32::from_ne_bytes(*b"abcd"))
        );
        assert_eq!(read_u64(&mut m, PAGE - 2), None);
    }
}
