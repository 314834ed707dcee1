//! strace 6.1 remembers the first full description of each socket (one with an address, a peer
//! or a name) and shows it again for as long as it remembers, even after the socket has changed:
//! a TCP socket described once bound stays `TCP:[127.0.0.1:47102]` after it connects. Its
//! memory is 1024 slots chosen by the inode's low bits, a newer socket taking the slot of an
//! older one. [`Memo`] does the same, for a caller that wants strace's output to the byte;
//! [`describe`](super::describe) itself remembers nothing.

use super::lookup;
use crate::decode::HexMode;

const SLOTS: usize = 1024;

/// strace's per-run memory of socket descriptions.
pub struct Memo {
    slots: Vec<Option<(u64, String)>>,
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            slots: vec![None; SLOTS],
        }
    }
}

impl Memo {
    pub fn new() -> Self {
        Self::default()
    }

    fn slot(inode: u64) -> usize {
        (inode % SLOTS as u64) as usize
    }

    /// The remembered text for `inode`, if any.
    pub fn get(&self, inode: u64) -> Option<&str> {
        match self.slots.get(Self::slot(inode)) {
            Some(Some((ino, text))) if *ino == inode => Some(text),
            _ => None,
        }
    }

    fn remember(&mut self, inode: u64, text: &str) {
        if let Some(slot) = self.slots.get_mut(Self::slot(inode)) {
            *slot = Some((inode, text.to_string()));
        }
    }

    /// [`describe_with`](super::describe_with) as strace shows it: the remembered text if
    /// there is one, else a fresh description, remembered when it is a full one.
    pub fn describe(&mut self, pid: i32, fd: i32, inode: u64, hex: HexMode) -> Option<String> {
        if let Some(text) = self.get(inode) {
            return Some(text.to_string());
        }
        let d = lookup(pid, fd, inode, hex)?;
        if d.informative {
            self.remember(inode, &d.text);
        }
        Some(d.text)
    }
}
