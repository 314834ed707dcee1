//! Socket addresses: `{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("1.2.3.4")}`
//! and the other families strace decodes (AF_UNIX, AF_INET6, AF_NETLINK, AF_PACKET); any other
//! family, or an address too short for its family, shows its bytes as `sa_data`.

use super::consts::{ARPHRD, FAMILIES, PACKET_TYPES};
use super::{print_htons_proto, u16_at, u32_at, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, AF_UNIX};
use crate::decode::args::print_ptr;
use crate::decode::strings::quote;
use crate::decode::xlat::{print_const, Radix};
use crate::decode::Ctx;
use std::io::Write;

/// sizeof(struct sockaddr_storage): the most strace reads of an address.
const SOCKADDR_MAX: usize = 128;
/// sizeof(sun_path).
const SUN_PATH: usize = 108;

/// A socket address of `len` bytes at `addr`: NULL, the pointer when it is shorter than the
/// family field or unreadable, else the decoded address.
pub fn print_sockaddr(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, len: i64) {
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    if len < 2 {
        print_ptr(out, addr);
        return;
    }
    let n = (len as u64).min(SOCKADDR_MAX as u64) as usize;
    let mut buf = [0u8; SOCKADDR_MAX];
    let Some(b) = buf.get_mut(..n) else {
        print_ptr(out, addr);
        return;
    };
    if !crate::decode::mem::read_exact(ctx.mem, addr, b) {
        print_ptr(out, addr);
        return;
    }
    print_sockaddr_bytes(ctx, out, b);
}

/// A socket address already read from the tracee (`b` is as long as the address).
pub fn print_sockaddr_bytes(ctx: &Ctx, out: &mut Vec<u8>, b: &[u8]) {
    let family = u64::from(u16_at(b, 0));
    out.extend_from_slice(b"{sa_family=");
    print_const(out, &FAMILIES, family, Radix::Hex);
    let rest = b.get(2..).unwrap_or_default();
    let decoded = match family {
        AF_UNIX => {
            print_unix(ctx, out, rest);
            true
        }
        AF_INET if b.len() >= 16 => {
            print_inet(out, b);
            true
        }
        AF_INET6 if b.len() >= 24 => {
            print_inet6(out, b);
            true
        }
        AF_NETLINK if b.len() >= 12 => {
            print_netlink(out, b);
            true
        }
        AF_PACKET if b.len() >= 20 => {
            print_packet(out, b);
            true
        }
        _ => false,
    };
    if !decoded && !rest.is_empty() {
        out.extend_from_slice(b", sa_data=");
        quote(out, rest, false, ctx.opts.hex);
    }
    out.push(b'}');
}

/// `sun_path="/tmp/x"` (up to its NUL), `sun_path=@"name"` for an abstract name (all its
/// bytes), nothing for an unnamed address.
fn print_unix(ctx: &Ctx, out: &mut Vec<u8>, path: &[u8]) {
    let path = path.get(..path.len().min(SUN_PATH)).unwrap_or_default();
    match path.split_first() {
        None => {}
        Some((0, name)) => {
            out.extend_from_slice(b", sun_path=@");
            quote(out, name, false, ctx.opts.hex);
        }
        Some(_) => {
            let end = path.iter().position(|&c| c == 0).unwrap_or(path.len());
            out.extend_from_slice(b", sun_path=");
            quote(
                out,
                path.get(..end).unwrap_or_default(),
                false,
                ctx.opts.hex,
            );
        }
    }
}

/// Port numbers and IPv4 addresses are in network order.
fn be16_at(b: &[u8], off: usize) -> u16 {
    u16::from_be(u16_at(b, off))
}

/// `inet_addr("127.0.0.1")` for four bytes at `off`.
pub fn print_inet_addr(out: &mut Vec<u8>, b: &[u8], off: usize) {
    let a = b.get(off..off + 4).unwrap_or(&[0, 0, 0, 0]);
    let (w, x, y, z) = (
        a.first().copied().unwrap_or(0),
        a.get(1).copied().unwrap_or(0),
        a.get(2).copied().unwrap_or(0),
        a.get(3).copied().unwrap_or(0),
    );
    let _ = write!(out, "inet_addr(\"{w}.{x}.{y}.{z}\")");
}

fn print_inet(out: &mut Vec<u8>, b: &[u8]) {
    let _ = write!(out, ", sin_port=htons({}), sin_addr=", be16_at(b, 2));
    print_inet_addr(out, b, 4);
}

/// An IPv6 address as glibc's inet_ntop writes it: the first longest run of two or more zero
/// groups as `::`, and IPv4-mapped and IPv4-compatible addresses with a dotted quad.
pub fn inet6_text(a: &[u8; 16]) -> String {
    let mut w = [0u16; 8];
    for (k, g) in w.iter_mut().enumerate() {
        let hi = a.get(2 * k).copied().unwrap_or(0);
        let lo = a.get(2 * k + 1).copied().unwrap_or(0);
        *g = u16::from_be_bytes([hi, lo]);
    }
    // The first longest run of zero groups, if at least two long.
    let (mut best, mut best_len, mut k) = (0usize, 0usize, 0usize);
    while k < 8 {
        if w.get(k) == Some(&0) {
            let start = k;
            while w.get(k) == Some(&0) {
                k += 1;
            }
            if k - start > best_len {
                best = start;
                best_len = k - start;
            }
        } else {
            k += 1;
        }
    }
    if best_len < 2 {
        best_len = 0;
    }
    let quad = |s: &mut String| {
        let q: Vec<String> = a
            .get(12..16)
            .unwrap_or_default()
            .iter()
            .map(|b| b.to_string())
            .collect();
        s.push_str(&q.join("."));
    };
    let mut s = String::new();
    if best == 0 && (best_len == 6 || (best_len == 5 && w.get(5) == Some(&0xffff))) {
        s.push_str(if best_len == 5 { "::ffff:" } else { "::" });
        quad(&mut s);
        return s;
    }
    let mut k = 0;
    while k < 8 {
        if best_len > 0 && k == best {
            s.push_str("::");
            k += best_len;
            continue;
        }
        if k > 0 && !(best_len > 0 && k == best + best_len) {
            s.push(':');
        }
        let _ = std::fmt::Write::write_fmt(
            &mut s,
            format_args!("{:x}", w.get(k).copied().unwrap_or(0)),
        );
        k += 1;
    }
    s
}

/// `inet_pton(AF_INET6, "::1", &FIELD)` for 16 bytes at `off`.
pub fn print_inet6_addr(out: &mut Vec<u8>, b: &[u8], off: usize, field: &str) {
    let mut a = [0u8; 16];
    if let Some(src) = b.get(off..off + 16) {
        a.copy_from_slice(src);
    }
    let _ = write!(out, "inet_pton(AF_INET6, \"{}\", &{field})", inet6_text(&a));
}

fn print_inet6(out: &mut Vec<u8>, b: &[u8]) {
    let _ = write!(
        out,
        ", sin6_port=htons({}), sin6_flowinfo=htonl({}), ",
        be16_at(b, 2),
        u32::from_be(u32_at(b, 4))
    );
    print_inet6_addr(out, b, 8, "sin6_addr");
    if b.len() >= 28 {
        let scope = u32_at(b, 24);
        let a0 = b.get(8).copied().unwrap_or(0);
        let a1 = b.get(9).copied().unwrap_or(0);
        let link_local = a0 == 0xfe && a1 & 0xc0 == 0x80;
        let mc_link_local = a0 == 0xff && a1 & 0x0f == 0x02;
        out.extend_from_slice(b", sin6_scope_id=");
        if link_local || mc_link_local {
            print_ifindex(out, scope);
        } else {
            let _ = write!(out, "{scope}");
        }
    }
}

fn print_netlink(out: &mut Vec<u8>, b: &[u8]) {
    let groups = u32_at(b, 8);
    let _ = write!(out, ", nl_pid={}, nl_groups=", u32_at(b, 4) as i32);
    // C's %#08x: 0 has no 0x prefix.
    if groups == 0 {
        out.extend_from_slice(b"00000000");
    } else {
        let _ = write!(out, "{groups:#08x}");
    }
}

fn print_packet(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(b", sll_protocol=");
    print_htons_proto(out, be16_at(b, 2));
    out.extend_from_slice(b", sll_ifindex=");
    print_ifindex(out, u32_at(b, 4));
    out.extend_from_slice(b", sll_hatype=");
    print_const(out, &ARPHRD, u64::from(u16_at(b, 8)), Radix::Hex);
    out.extend_from_slice(b", sll_pkttype=");
    let pkttype = u64::from(b.get(10).copied().unwrap_or(0));
    print_const(out, &PACKET_TYPES, pkttype, Radix::Hex);
    let halen = b.get(11).copied().unwrap_or(0);
    let _ = write!(out, ", sll_halen={halen}");
    if halen > 0 {
        out.extend_from_slice(b", sll_addr=[");
        for k in 0..usize::from(halen).min(8) {
            if k > 0 {
                out.extend_from_slice(b", ");
            }
            let _ = write!(out, "{:#x}", b.get(12 + k).copied().unwrap_or(0));
        }
        if halen > 8 {
            out.extend_from_slice(b", ...");
        }
        out.push(b']');
    }
}

/// The name of network interface `index` in rtrace's network namespace (strace asks its own
/// with if_indextoname), from /sys/class/net.
fn ifname(index: u32) -> Option<String> {
    if index == 0 {
        return None;
    }
    for entry in std::fs::read_dir("/sys/class/net").ok()?.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path().join("ifindex")) else {
            continue;
        };
        if text.trim().parse::<u32>().ok() == Some(index) {
            return entry.file_name().into_string().ok();
        }
    }
    None
}

/// An interface index: `if_nametoindex("lo")` when the interface exists, else the number.
pub fn print_ifindex(out: &mut Vec<u8>, index: u32) {
    match ifname(index) {
        Some(name) => {
            out.extend_from_slice(b"if_nametoindex(");
            quote(out, name.as_bytes(), false, crate::decode::HexMode::Off);
            out.push(b')');
        }
        None => {
            let _ = write!(out, "{index}");
        }
    }
}
