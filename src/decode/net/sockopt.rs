//! setsockopt and getsockopt: the level, the option named by its level's table, and the value:
//! `[1]` for an int, a few structures (linger, ucred, ip_mreq, ...), else the bytes.

use super::optnames::{
    IPV6_NAMES, IP_NAMES, LEVELS, NETLINK_NAMES, PACKET_NAMES, RAW_NAMES, SO_INT_OPTIONS, SO_NAMES,
    TCP_NAMES, TXREHASH, UDP_NAMES,
};
use super::sockaddr::{print_ifindex, print_inet6_addr, print_inet_addr, print_sockaddr_bytes};
use super::{print_id, print_len_pair, save_len, saved_len, u32_at, u64_at};
use crate::decode::args::{print_buf, print_ptr};
use crate::decode::errno;
use crate::decode::mem::{read_exact, read_u32};
use crate::decode::xlat::{print_const, Radix, Xlat};
use crate::decode::Ctx;
use std::io::Write;

const SOL_IP: u64 = 0;
const SOL_SOCKET: u64 = 1;
const SOL_IPV6: u64 = 41;
const SOL_NETLINK: u64 = 270;

const SO_ERROR: u64 = 4;
const SO_LINGER: u64 = 13;
const SO_PEERCRED: u64 = 17;
const SO_ATTACH_FILTER: u64 = 26;
const SO_ATTACH_REUSEPORT_CBPF: u64 = 51;
const SO_TXREHASH: u64 = 74;
const IP_ADD_MEMBERSHIP: u64 = 35;
const IP_DROP_MEMBERSHIP: u64 = 36;
const MCAST_JOIN_GROUP: u64 = 42;
const MCAST_LEAVE_GROUP: u64 = 45;
const IPV6_ADD_MEMBERSHIP: u64 = 20;
const IPV6_DROP_MEMBERSHIP: u64 = 21;
const IPV6_JOIN_ANYCAST: u64 = 27;
const IPV6_LEAVE_ANYCAST: u64 = 28;

/// The option names of a level, if strace names them.
fn names(level: u64) -> Option<&'static Xlat> {
    Some(match level {
        SOL_IP => &IP_NAMES,
        SOL_SOCKET => &SO_NAMES,
        6 => &TCP_NAMES,
        17 => &UDP_NAMES,
        SOL_IPV6 => &IPV6_NAMES,
        255 => &RAW_NAMES,
        263 => &PACKET_NAMES,
        SOL_NETLINK => &NETLINK_NAMES,
        _ => return None,
    })
}

fn level(ctx: &Ctx) -> u64 {
    u64::from(ctx.call.arg(1) as u32)
}

fn optname(ctx: &Ctx) -> u64 {
    u64::from(ctx.call.arg(2) as u32)
}

/// The level: `SOL_SOCKET`, or `0x3e7 /* SOL_?? */`.
pub fn sockopt_level(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_const(out, &LEVELS, u64::from(ctx.call.arg(i) as u32), Radix::Hex);
}

/// The option name, from the table of the level in argument 1.
pub fn sockopt_name(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let v = u64::from(ctx.call.arg(i) as u32);
    match names(level(ctx)) {
        Some(x) => print_const(out, x, v, Radix::Hex),
        None => {
            let _ = write!(out, "{v}");
        }
    }
}

/// `[N]` for an int at `addr`, or the pointer.
fn print_int_at(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    match read_u32(ctx.mem, addr) {
        Some(v) => {
            let _ = write!(out, "[{}]", v as i32);
        }
        None => print_ptr(out, addr),
    }
}

/// Reads `N` bytes for a structure, or prints the pointer.
fn read_or_ptr<const N: usize>(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) -> Option<[u8; N]> {
    let mut b = [0u8; N];
    if read_exact(ctx.mem, addr, &mut b) {
        Some(b)
    } else {
        print_ptr(out, addr);
        None
    }
}

fn print_linger(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    if let Some(b) = read_or_ptr::<8>(ctx, out, addr) {
        let _ = write!(
            out,
            "{{l_onoff={}, l_linger={}}}",
            u32_at(&b, 0) as i32,
            u32_at(&b, 4) as i32
        );
    }
}

fn print_txrehash(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64) {
    match read_u32(ctx.mem, addr) {
        Some(v) => {
            out.push(b'[');
            print_const(out, &TXREHASH, u64::from(v), Radix::Dec);
            out.push(b']');
        }
        None => print_ptr(out, addr),
    }
}

/// An option value given to setsockopt, as the kind of option and its length decide.
fn print_set_value(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, len: i32) {
    let (level, name) = (level(ctx), optname(ctx));
    let int_option =
        (level == SOL_SOCKET && SO_INT_OPTIONS.contains(&name)) || level == SOL_NETLINK;
    match (level, name) {
        (SOL_SOCKET, SO_LINGER) if len >= 8 => print_linger(ctx, out, addr),
        (SOL_SOCKET, SO_ATTACH_FILTER | SO_ATTACH_REUSEPORT_CBPF) if len == 16 => {
            if let Some(b) = read_or_ptr::<16>(ctx, out, addr) {
                let _ = write!(out, "{{len={}, filter=", u32_at(&b, 0) as u16);
                print_ptr(out, u64_at(&b, 8));
                out.push(b'}');
            }
        }
        (SOL_SOCKET, SO_TXREHASH) if len >= 4 => print_txrehash(ctx, out, addr),
        (SOL_IP, IP_ADD_MEMBERSHIP | IP_DROP_MEMBERSHIP) if len >= 8 => {
            if let Some(b) = read_or_ptr::<8>(ctx, out, addr) {
                out.extend_from_slice(b"{imr_multiaddr=");
                print_inet_addr(out, &b, 0);
                out.extend_from_slice(b", imr_interface=");
                print_inet_addr(out, &b, 4);
                out.push(b'}');
            }
        }
        (SOL_IP | SOL_IPV6, MCAST_JOIN_GROUP | MCAST_LEAVE_GROUP) if len >= 136 => {
            if let Some(b) = read_or_ptr::<136>(ctx, out, addr) {
                out.extend_from_slice(b"{gr_interface=");
                print_ifindex(out, u32_at(&b, 0));
                out.extend_from_slice(b", gr_group=");
                print_sockaddr_bytes(ctx, out, b.get(8..).unwrap_or_default());
                out.push(b'}');
            }
        }
        (SOL_IPV6, IPV6_ADD_MEMBERSHIP | IPV6_DROP_MEMBERSHIP)
        | (SOL_IPV6, IPV6_JOIN_ANYCAST | IPV6_LEAVE_ANYCAST)
            if len >= 20 =>
        {
            if let Some(b) = read_or_ptr::<20>(ctx, out, addr) {
                out.push(b'{');
                print_inet6_addr(out, &b, 0, "ipv6mr_multiaddr");
                out.extend_from_slice(b", ipv6mr_interface=");
                print_ifindex(out, u32_at(&b, 16));
                out.push(b'}');
            }
        }
        // Structures given with a length too short for them.
        (SOL_SOCKET, SO_LINGER | SO_ATTACH_FILTER | SO_ATTACH_REUSEPORT_CBPF)
        | (SOL_IP, IP_ADD_MEMBERSHIP | IP_DROP_MEMBERSHIP)
        | (SOL_IP | SOL_IPV6, MCAST_JOIN_GROUP | MCAST_LEAVE_GROUP)
        | (SOL_IPV6, IPV6_ADD_MEMBERSHIP | IPV6_DROP_MEMBERSHIP)
        | (SOL_IPV6, IPV6_JOIN_ANYCAST | IPV6_LEAVE_ANYCAST) => print_ptr(out, addr),
        _ if int_option && len >= 4 => print_int_at(ctx, out, addr),
        _ if int_option || len < 0 => print_ptr(out, addr),
        _ if len == 4 => print_int_at(ctx, out, addr),
        _ => print_buf(ctx, out, addr, len as u64, false),
    }
}

/// setsockopt's value (argument i), its length in the next argument.
pub fn setsockopt_val(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    if addr == 0 {
        out.extend_from_slice(b"NULL");
        return;
    }
    print_set_value(ctx, out, addr, ctx.call.arg(i + 1) as u32 as i32);
}

/// getsockopt at entry: nothing shown; keeps `*optlen` (the next argument).
pub fn getsockopt_save(ctx: &mut Ctx, _out: &mut Vec<u8>, i: usize) {
    save_len(ctx, ctx.call.arg(i + 1));
}

/// getsockopt's value at exit, `len` bytes long.
fn print_get_value(ctx: &mut Ctx, out: &mut Vec<u8>, addr: u64, len: i32) {
    match (level(ctx), optname(ctx)) {
        (SOL_SOCKET, SO_ERROR) if len >= 4 => match read_u32(ctx.mem, addr) {
            Some(e) => match errno::name(u64::from(e)).filter(|_| e != 0) {
                Some(name) => {
                    let _ = write!(out, "[{name}]");
                }
                None => {
                    let _ = write!(out, "[{}]", e as i32);
                }
            },
            None => print_ptr(out, addr),
        },
        (SOL_SOCKET, SO_PEERCRED) if len >= 12 => {
            if let Some(b) = read_or_ptr::<12>(ctx, out, addr) {
                let _ = write!(out, "{{pid={}, uid=", u32_at(&b, 0) as i32);
                print_id(out, u32_at(&b, 4));
                out.extend_from_slice(b", gid=");
                print_id(out, u32_at(&b, 8));
                out.push(b'}');
            }
        }
        (SOL_SOCKET, SO_LINGER) if len >= 8 => print_linger(ctx, out, addr),
        (SOL_SOCKET, SO_TXREHASH) if len >= 4 => print_txrehash(ctx, out, addr),
        _ if len <= 0 => print_ptr(out, addr),
        _ if len == 4 => print_int_at(ctx, out, addr),
        _ => print_buf(ctx, out, addr, len as u64, false),
    }
}

/// getsockopt's value (argument i) at exit: decoded with the length the kernel returned, or
/// the pointer after a failure.
pub fn getsockopt_val(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    let addr = ctx.call.arg(i);
    let len = match ctx.call.ok_ret() {
        Some(_) if saved_len(ctx).is_some() => read_u32(ctx.mem, ctx.call.arg(i + 1)),
        _ => None,
    };
    match len {
        _ if addr == 0 => out.extend_from_slice(b"NULL"),
        Some(len) => print_get_value(ctx, out, addr, len as i32),
        None => print_ptr(out, addr),
    }
}

/// getsockopt's `*optlen` at exit: `[4]` or `[256 => 4]`.
pub fn getsockopt_len(ctx: &mut Ctx, out: &mut Vec<u8>, i: usize) {
    print_len_pair(ctx, out, ctx.call.arg(i));
}
