//! How strace 6.1 writes what sock_diag said about a socket (pure):
//! `TCP:[127.0.0.1:47101->127.0.0.1:47102]`, `UDPv6:[[::1]:47104]`,
//! `UNIX-STREAM:[154300->154297,"/tmp/sock"]`, `UNIX:[154303,@"abstract"]`,
//! `NETLINK:[ROUTE:23918]`, and `PROTO:[inode]` when there is nothing more to say.

#![deny(clippy::indexing_slicing)]

use super::diag::{Entry, AF_INET, AF_INET6};
use crate::decode::net::consts::NETLINK_PROTOS;
use crate::decode::net::inet6_text;
use crate::decode::strings::{quote, HexMode};

const SOCK_STREAM: u8 = 1;

/// `LABEL:[INODE]`: a socket the kernel told nothing about.
pub fn bare(label: &str, inode: u64) -> String {
    format!("{label}:[{inode}]")
}

/// The label strace gives a unix socket of this type.
pub fn unix_label(kind: u8) -> &'static str {
    if kind == SOCK_STREAM {
        "UNIX-STREAM"
    } else {
        "UNIX"
    }
}

/// One address with its port: `127.0.0.1:80`, `[::1]:80`.
fn endpoint(family: u8, addr: &[u8; 16], port: u16) -> String {
    if family == AF_INET6 {
        format!("[{}]:{port}", inet6_text(addr))
    } else {
        let [a, b, c, d, ..] = *addr;
        format!("{a}.{b}.{c}.{d}:{port}")
    }
}

/// The text for an entry, and whether it says more than `LABEL:[INODE]` (an address, a peer, a
/// name). None for an inet entry of a family other than AF_INET/AF_INET6.
pub fn entry(label: &str, inode: u64, e: &Entry, hex: HexMode) -> Option<(String, bool)> {
    match e {
        Entry::Inet {
            family,
            src,
            sport,
            dst,
            dport,
        } => {
            let addr_len = match *family {
                AF_INET => 4,
                AF_INET6 => 16,
                _ => return None,
            };
            let local = endpoint(*family, src, *sport);
            let connected = *dport != 0 || dst.iter().take(addr_len).any(|&b| b != 0);
            let text = if connected {
                format!("{label}:[{local}->{}]", endpoint(*family, dst, *dport))
            } else {
                format!("{label}:[{local}]")
            };
            Some((text, true))
        }
        Entry::Unix { peer, name, .. } => {
            let mut out = format!("{label}:[{inode}").into_bytes();
            if *peer != 0 {
                out.extend_from_slice(format!("->{peer}").as_bytes());
            }
            let named = name.as_deref().filter(|n| !n.is_empty());
            if let Some(n) = named {
                out.push(b',');
                // An abstract name starts with NUL; either kind is shown up to its next NUL.
                let (at, rest) = match n.split_first() {
                    Some((0, rest)) => (true, rest),
                    _ => (false, n),
                };
                let shown = rest.split(|&b| b == 0).next().unwrap_or_default();
                if at {
                    out.push(b'@');
                }
                quote(&mut out, shown, false, hex);
            }
            out.push(b']');
            let informative = *peer != 0 || named.is_some();
            Some((String::from_utf8_lossy(&out).into_owned(), informative))
        }
        Entry::Netlink { protocol, portid } => {
            let proto = NETLINK_PROTOS
                .name(u64::from(*protocol))
                .map(|n| n.trim_start_matches("NETLINK_").to_string())
                .unwrap_or_else(|| protocol.to_string());
            Some((format!("{label}:[{proto}:{portid}]"), true))
        }
    }
}
