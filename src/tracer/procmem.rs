//! Tracee memory for the decoders: process_vm_readv in page-bounded pieces (a read that crosses
//! into an unmapped page fails whole), with PTRACE_PEEKDATA for what it cannot read. Whole
//! pages are read into a one-page cache that lives for one stop: an execve's environment,
//! counted pointer by pointer, then costs one system call instead of one per pointer.

use crate::decode::mem::{MemReader, PAGE};
use crate::sys::{self, Pid};

/// One page of one tracee's memory, valid while that tracee stays stopped.
pub struct PageCache {
    page: Option<u64>,
    len: usize,
    data: Box<[u8; PAGE as usize]>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            page: None,
            len: 0,
            data: Box::new([0; PAGE as usize]),
        }
    }
}

impl PageCache {
    /// Forgets the page (the tracee may have run since).
    pub fn clear(&mut self) {
        self.page = None;
    }
}

pub struct ProcMem<'c> {
    pub pid: Pid,
    /// None: read straight through (e.g. `-P` path checks).
    pub cache: Option<&'c mut PageCache>,
}

impl ProcMem<'_> {
    /// Copies from the cached page at `at` (filling the cache first); None if the page cannot
    /// be read whole, so the caller reads directly.
    fn cached(&mut self, at: u64, dst: &mut [u8]) -> Option<usize> {
        let cache = self.cache.as_deref_mut()?;
        let page = at - at % PAGE;
        if cache.page != Some(page) {
            cache.page = None;
            let n = sys::read_memory(self.pid, page, &mut cache.data[..]).ok()?;
            if n == 0 {
                return None;
            }
            cache.page = Some(page);
            cache.len = n;
        }
        let off = (at - page) as usize;
        let avail = cache.data.get(off..cache.len)?;
        let n = dst.len().min(avail.len());
        dst.get_mut(..n)?.copy_from_slice(avail.get(..n)?);
        (n > 0).then_some(n)
    }

    fn peek(&self, addr: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let at = addr.wrapping_add(done as u64);
            let aligned = at & !7;
            let Ok(word) = sys::peek_word(self.pid, aligned) else {
                break;
            };
            let bytes = word.to_ne_bytes();
            let skip = (at - aligned) as usize;
            for &b in bytes.iter().skip(skip) {
                match buf.get_mut(done) {
                    Some(slot) => *slot = b,
                    None => return done,
                }
                done += 1;
            }
        }
        done
    }
}

impl MemReader for ProcMem<'_> {
    fn read(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let at = addr.wrapping_add(done as u64);
            let to_page_end = (PAGE - at % PAGE) as usize;
            let want = to_page_end.min(buf.len() - done);
            let Some(dst) = buf.get_mut(done..done + want) else {
                break;
            };
            if let Some(n) = self.cached(at, dst) {
                done += n;
                if n < want {
                    break;
                }
                continue;
            }
            match sys::read_memory(self.pid, at, dst) {
                Ok(n) if n > 0 => done += n,
                Ok(_) => break,
                Err(sys::Errno::ENOSYS) | Err(sys::Errno::EPERM) => {
                    let n = self.peek(at, dst);
                    done += n;
                    if n < want {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_reads_equal_direct_reads() {
        // Our own memory, through process_vm_readv on ourselves.
        let data: Vec<u8> = (0..3 * PAGE as usize).map(|i| (i % 253) as u8).collect();
        let base = data.as_ptr() as u64;
        let pid = std::process::id() as Pid;
        let mut cache = PageCache::default();
        for (off, len) in [
            (0usize, 8usize),
            (5, 4090),
            (4000, 300),
            (100, 9000),
            (8190, 2),
        ] {
            let mut a = vec![0u8; len];
            let mut b = vec![0u8; len];
            let n1 = ProcMem { pid, cache: None }.read(base + off as u64, &mut a);
            let n2 = ProcMem {
                pid,
                cache: Some(&mut cache),
            }
            .read(base + off as u64, &mut b);
            assert_eq!((n1, &a), (n2, &b), "at {off}+{len}");
            assert_eq!(&a[..], &data[off..off + len]);
        }
        // An unmapped address reads nothing, cached or not.
        let mut c = [0u8; 8];
        assert_eq!(
            ProcMem {
                pid,
                cache: Some(&mut cache)
            }
            .read(8, &mut c),
            0
        );
    }
}
