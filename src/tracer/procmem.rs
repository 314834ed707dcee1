//! Tracee memory for the decoders: process_vm_readv in page-bounded pieces (a read that crosses
//! into an unmapped page fails whole), with PTRACE_PEEKDATA for what it cannot read.

use crate::decode::mem::{MemReader, PAGE};
use crate::sys::{self, Pid};

pub struct ProcMem {
    pub pid: Pid,
}

impl ProcMem {
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

impl MemReader for ProcMem {
    fn read(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let at = addr.wrapping_add(done as u64);
            let to_page_end = (PAGE - at % PAGE) as usize;
            let want = to_page_end.min(buf.len() - done);
            let Some(dst) = buf.get_mut(done..done + want) else {
                break;
            };
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
