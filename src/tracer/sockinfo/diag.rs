//! NETLINK_SOCK_DIAG as bytes: the request that asks the kernel about one socket, and the scan
//! of its reply datagrams for that socket's inode. Pure; every read of the reply is bounds-checked,
//! so a short or hostile reply ends the scan instead of panicking.
//!
//! Layouts (all native-endian except ports and addresses, which are in network order):
//! `nlmsghdr` is len u32, type u16, flags u16, seq u32, pid u32 (16 bytes); attributes are
//! len u16, type u16, then the value, each padded to 4 bytes.

#![deny(clippy::indexing_slicing)]

/// The netlink protocol of the socket that carries these requests.
pub const NETLINK_SOCK_DIAG: i32 = 4;

const SOCK_DIAG_BY_FAMILY: u16 = 20;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_DUMP: u16 = 0x300;
const NLMSG_HDRLEN: usize = 16;

const AF_UNIX: u8 = 1;
pub const AF_INET: u8 = 2;
pub const AF_INET6: u8 = 10;
const AF_NETLINK: u8 = 16;

/// `inet_diag_msg`: family, state, timer, retrans, the 48-byte socket id (sport, dport, src,
/// dst, interface, cookie), then expires, rqueue, wqueue, uid, inode.
const INET_MSG_LEN: usize = 72;
const INET_INODE_AT: usize = 68;
/// `unix_diag_msg`: family, type, state, pad, inode, cookie; attributes follow.
const UNIX_MSG_LEN: usize = 16;
const UNIX_DIAG_NAME: u16 = 0;
const UNIX_DIAG_PEER: u16 = 2;
const UDIAG_SHOW_NAME: u32 = 1;
const UDIAG_SHOW_PEER: u32 = 4;
/// `netlink_diag_msg`: family, type, protocol, state, portid, dst_portid, dst_group, inode,
/// cookie.
const NETLINK_MSG_LEN: usize = 28;
const NDIAG_PROTO_ALL: u8 = 255;
/// "No cookie": the kernel then identifies the socket by its inode alone.
const NO_COOKIE: u32 = !0;

/// Which sock_diag handler to ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// inet_diag: every socket of one address family and IP protocol (a dump).
    Inet { family: u8, protocol: u8 },
    /// unix_diag: the one socket with the inode (an exact request), with its name and peer.
    Unix,
    /// netlink_diag: every bound netlink socket (a dump).
    Netlink,
}

impl Query {
    /// Whether the kernel answers with a dump (several datagrams, ended by NLMSG_DONE) rather
    /// than a single datagram.
    pub fn is_dump(self) -> bool {
        !matches!(self, Query::Unix)
    }
}

/// What the kernel says about one socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Local and remote address; for AF_INET only the first 4 bytes of each are used.
    Inet {
        family: u8,
        src: [u8; 16],
        sport: u16,
        dst: [u8; 16],
        dport: u16,
    },
    /// The socket type (SOCK_STREAM, ...), the peer's inode (0: none) and the bound name as
    /// the kernel keeps it (a leading NUL for abstract names; None when unbound).
    Unix {
        kind: u8,
        peer: u32,
        name: Option<Vec<u8>>,
    },
    /// The netlink protocol (NETLINK_ROUTE, ...) and the socket's port id.
    Netlink { protocol: u8, portid: u32 },
}

/// The outcome of scanning one datagram.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    Found(Entry),
    /// The socket was not in this datagram; more may follow.
    More,
    /// The reply is over (NLMSG_DONE, an error, or bytes that make no sense).
    End,
}

/// A request: the netlink header, then `body`.
fn message(body: &[u8], dump: bool) -> Vec<u8> {
    let len = NLMSG_HDRLEN + body.len();
    let flags = NLM_F_REQUEST | if dump { NLM_F_DUMP } else { 0 };
    let mut v = Vec::with_capacity(len);
    v.extend_from_slice(&(len as u32).to_ne_bytes());
    v.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    v.extend_from_slice(&flags.to_ne_bytes());
    v.extend_from_slice(&1u32.to_ne_bytes()); // sequence number
    v.extend_from_slice(&0u32.to_ne_bytes()); // port id: the kernel fills it in
    v.extend_from_slice(body);
    v
}

/// The request datagram for `query` about socket `inode`.
pub fn request(query: Query, inode: u32) -> Vec<u8> {
    let mut b = Vec::with_capacity(56);
    match query {
        Query::Inet { family, protocol } => {
            // inet_diag_req_v2 (56 bytes): family, protocol, ext, pad, states (all), and a
            // zero socket id (a dump matches every socket).
            b.extend_from_slice(&[family, protocol, 0, 0]);
            b.extend_from_slice(&u32::MAX.to_ne_bytes());
            b.resize(56, 0);
        }
        Query::Unix => {
            // unix_diag_req (24 bytes): family, protocol, pad, states (all), inode, show,
            // cookie.
            b.extend_from_slice(&[AF_UNIX, 0, 0, 0]);
            b.extend_from_slice(&u32::MAX.to_ne_bytes());
            b.extend_from_slice(&inode.to_ne_bytes());
            b.extend_from_slice(&(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER).to_ne_bytes());
            b.extend_from_slice(&NO_COOKIE.to_ne_bytes());
            b.extend_from_slice(&NO_COOKIE.to_ne_bytes());
        }
        Query::Netlink => {
            // netlink_diag_req (20 bytes): family, protocol (all), pad, inode, show, cookie.
            b.extend_from_slice(&[AF_NETLINK, NDIAG_PROTO_ALL, 0, 0]);
            b.extend_from_slice(&inode.to_ne_bytes());
            b.extend_from_slice(&0u32.to_ne_bytes());
            b.extend_from_slice(&NO_COOKIE.to_ne_bytes());
            b.extend_from_slice(&NO_COOKIE.to_ne_bytes());
        }
    }
    message(&b, query.is_dump())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_ne_bytes([*s.first()?, *s.get(1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(s);
    Some(u32::from_ne_bytes(a))
}

fn be16_at(b: &[u8], at: usize) -> Option<u16> {
    u16_at(b, at).map(u16::from_be)
}

fn addr_at(b: &[u8], at: usize) -> Option<[u8; 16]> {
    let mut a = [0u8; 16];
    a.copy_from_slice(b.get(at..at.checked_add(16)?)?);
    Some(a)
}

fn align4(n: usize) -> Option<usize> {
    Some(n.checked_add(3)? & !3)
}

/// Scans one reply datagram for the socket with `inode`.
pub fn scan(query: Query, datagram: &[u8], inode: u32) -> Step {
    let mut at = 0usize;
    while at < datagram.len() {
        let (Some(len), Some(kind)) = (u32_at(datagram, at), u16_at(datagram, at + 4)) else {
            return Step::End;
        };
        let len = len as usize;
        let Some(msg) = at
            .checked_add(len)
            .and_then(|end| datagram.get(at..end))
            .filter(|_| len >= NLMSG_HDRLEN)
        else {
            return Step::End;
        };
        match kind {
            NLMSG_DONE | NLMSG_ERROR => return Step::End,
            SOCK_DIAG_BY_FAMILY => {
                let payload = msg.get(NLMSG_HDRLEN..).unwrap_or_default();
                if let Some(entry) = parse(query, payload, inode) {
                    return Step::Found(entry);
                }
            }
            _ => {}
        }
        match align4(len).and_then(|l| at.checked_add(l)) {
            Some(next) => at = next,
            None => return Step::End,
        }
    }
    Step::More
}

/// The entry in one message's payload, if it is about `inode`.
fn parse(query: Query, p: &[u8], inode: u32) -> Option<Entry> {
    match query {
        Query::Inet { .. } => {
            if p.len() < INET_MSG_LEN || u32_at(p, INET_INODE_AT)? != inode {
                return None;
            }
            Some(Entry::Inet {
                family: *p.first()?,
                sport: be16_at(p, 4)?,
                dport: be16_at(p, 6)?,
                src: addr_at(p, 8)?,
                dst: addr_at(p, 24)?,
            })
        }
        Query::Unix => {
            if p.len() < UNIX_MSG_LEN || u32_at(p, 4)? != inode {
                return None;
            }
            let (mut peer, mut name) = (0, None);
            for (kind, value) in attributes(p.get(UNIX_MSG_LEN..)?) {
                match kind {
                    UNIX_DIAG_NAME => name = Some(value.to_vec()),
                    UNIX_DIAG_PEER => peer = u32_at(value, 0).unwrap_or(0),
                    _ => {}
                }
            }
            Some(Entry::Unix {
                kind: *p.get(1)?,
                peer,
                name,
            })
        }
        Query::Netlink => {
            if p.len() < NETLINK_MSG_LEN || u32_at(p, 16)? != inode {
                return None;
            }
            Some(Entry::Netlink {
                protocol: *p.get(2)?,
                portid: u32_at(p, 4)?,
            })
        }
    }
}

/// The attributes (type, value) in `b`, up to the first one that does not fit.
fn attributes(b: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let len = usize::from(u16_at(b, at)?);
        let kind = u16_at(b, at + 2)?;
        let value = b.get(at.checked_add(4)?..at.checked_add(len)?)?;
        at = at.checked_add(align4(len)?)?;
        Some((kind, value))
    })
}
