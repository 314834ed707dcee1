//! What `-yy` shows for a socket descriptor: its protocol and addresses as the kernel's
//! sock_diag reports them (`TCP:[127.0.0.1:47101->127.0.0.1:47102]`,
//! `UNIX-STREAM:[154288->154289]`, `NETLINK:[ROUTE:23918]`), or `PROTO:[inode]` when the
//! kernel has no more to say.
//!
//! The protocol's name is the socket's `system.sockprotoname` attribute, read through
//! /proc/PID/fd/FD. For the names strace 6.1 knows, the addresses come from one sock_diag
//! request (in [`diag`], written out by [`text`]); a name it does not know (PACKET, MPTCP,
//! `UDP-Lite`, ...) is looked for in every table strace asks, and shown by the table that has
//! it, or not at all. The requests go through rtrace's own netlink socket, which sees only
//! rtrace's network namespace: a tracee's socket in another namespace is shown as
//! `PROTO:[inode]`, as strace 6.1 shows it. [`Memo`] adds strace's habit of remembering the first
//! full answer for each socket.

mod diag;
mod memo;
#[cfg(test)]
mod tests;
mod text;

use crate::decode::HexMode;
use crate::sys;
use diag::{Entry, Query, Step, AF_INET, AF_INET6};
use std::ffi::CString;
use std::time::Duration;

pub use memo::Memo;

const IPPROTO_TCP: u8 = 6;
const IPPROTO_UDP: u8 = 17;
const IPPROTO_UDPLITE: u8 = 136;

const fn inet(family: u8, protocol: u8) -> Option<Query> {
    Some(Query::Inet { family, protocol })
}

/// The protocol names strace 6.1 knows, and the table it asks for each (None: it shows only
/// `NAME:[inode]`). In order: the tables tried for a name it does not know.
const KNOWN: &[(&str, Option<Query>)] = &[
    ("TCP", inet(AF_INET, IPPROTO_TCP)),
    ("UDP", inet(AF_INET, IPPROTO_UDP)),
    ("UDPLITE", inet(AF_INET, IPPROTO_UDPLITE)),
    ("TCPv6", inet(AF_INET6, IPPROTO_TCP)),
    ("UDPv6", inet(AF_INET6, IPPROTO_UDP)),
    ("UDPLITEv6", inet(AF_INET6, IPPROTO_UDPLITE)),
    ("UNIX", Some(Query::Unix)),
    ("UNIX-STREAM", Some(Query::Unix)),
    ("NETLINK", Some(Query::Netlink)),
    ("RAW", None),
    ("RAWv6", None),
    ("PING", None),
    ("PINGv6", None),
    ("DCCP", None),
    ("DCCPv6", None),
    ("SCTP", None),
    ("SCTPv6", None),
    ("L2TP/IP", None),
    ("L2TP/IPv6", None),
];

/// A description, and whether it says more than `PROTO:[inode]` (what [`Memo`] keeps).
pub(crate) struct Described {
    pub text: String,
    pub informative: bool,
}

/// The text between `<` and `>` for socket `inode`, open as descriptor `fd` in process `pid`.
/// None when even the protocol is unknown (the caller then prints `socket:[inode]`).
pub fn describe(pid: i32, fd: i32, inode: u64) -> Option<String> {
    describe_with(pid, fd, inode, HexMode::Off)
}

/// [`describe`] with strace's `-x`/`-xx` style for a unix socket's name.
pub fn describe_with(pid: i32, fd: i32, inode: u64, hex: HexMode) -> Option<String> {
    lookup(pid, fd, inode, hex).map(|d| d.text)
}

pub(crate) fn lookup(pid: i32, fd: i32, inode: u64, hex: HexMode) -> Option<Described> {
    let name = proto_name(pid, fd);
    let known = name
        .as_deref()
        .and_then(|n| KNOWN.iter().find(|(k, _)| k.as_bytes() == n));
    let ino = u32::try_from(inode).ok();
    if let Some(&(label, query)) = known {
        let found = query
            .zip(ino)
            .and_then(|(q, ino)| ask(q, ino))
            .and_then(|e| text::entry(label, inode, &e, hex));
        return Some(match found {
            Some((text, informative)) => Described { text, informative },
            None => Described {
                text: text::bare(label, inode),
                informative: false,
            },
        });
    }
    // A name strace does not know: whichever table has the socket names it.
    let ino = ino?;
    let mut tried = Vec::new();
    for &(label, query) in KNOWN {
        let Some(q) = query.filter(|q| !tried.contains(q)) else {
            continue;
        };
        tried.push(q);
        if let Some(e) = ask(q, ino) {
            let label = match &e {
                Entry::Unix { kind, .. } => text::unix_label(*kind),
                _ => label,
            };
            let (text, informative) = text::entry(label, inode, &e, hex)?;
            return Some(Described { text, informative });
        }
    }
    None
}

/// The socket's `system.sockprotoname` (TCP, UNIX-STREAM, NETLINK, ...).
fn proto_name(pid: i32, fd: i32) -> Option<Vec<u8>> {
    let path = CString::new(format!("/proc/{pid}/fd/{fd}")).ok()?;
    let mut buf = [0u8; 64];
    let n = sys::getxattr(&path, c"system.sockprotoname", &mut buf).ok()?;
    let value = buf.get(..n)?;
    let end = value.iter().position(|&b| b == 0).unwrap_or(value.len());
    value.get(..end).map(<[u8]>::to_vec)
}

/// How long a reply may take before the kernel is taken to have nothing to say (it answers at
/// once; this only bounds a wait that should never happen).
const REPLY_TIMEOUT: Duration = Duration::from_secs(1);
/// Big enough for any datagram of a dump (the kernel fills at most 32 KiB).
const RECV_BUF: usize = 32 * 1024;

/// Asks one sock_diag table about socket `inode`, on a fresh netlink socket.
fn ask(query: Query, inode: u32) -> Option<Entry> {
    let sock = sys::netlink_socket(diag::NETLINK_SOCK_DIAG).ok()?;
    sys::set_recv_timeout(&sock, REPLY_TIMEOUT).ok()?;
    let req = diag::request(query, inode);
    if sys::netlink_send(&sock, &req).ok()? != req.len() {
        return None;
    }
    let mut buf = vec![0u8; RECV_BUF];
    loop {
        let n = sys::recv_datagram(&sock, &mut buf).ok()?;
        let datagram = buf.get(..n)?; // None when truncated (n > RECV_BUF)
        match diag::scan(query, datagram, inode) {
            Step::Found(e) => return Some(e),
            Step::More if query.is_dump() && n > 0 => continue,
            _ => return None,
        }
    }
}
