//! Golden tests for the socket decoders: registers and a fake memory in, the exact text
//! /usr/bin/strace 6.1 printed for the same call out (each line was observed with strace on
//! x86_64; aarch64 has the same layouts and constants, only the syscall numbers differ).

use super::sockaddr::inet6_text;
use crate::arch::Arch;
use crate::decode::{entry, exit, retval, Call, Ctx, DecodeOpts, FakeMem};

/// A fake memory built by mapping regions, where a later mapping hides an earlier one (so a
/// copy of the memory before a call can be changed into the memory after it).
#[derive(Clone, Default)]
pub(super) struct Mem(Vec<(u64, Vec<u8>)>);

impl Mem {
    pub(super) fn map(&mut self, addr: u64, bytes: &[u8]) -> &mut Self {
        self.0.push((addr, bytes.to_vec()));
        self
    }

    pub(super) fn map_str(&mut self, addr: u64, s: &str) -> &mut Self {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        self.map(addr, &v)
    }

    fn fake(&self) -> FakeMem {
        let mut f = FakeMem::new();
        for (addr, bytes) in self.0.iter().rev() {
            f.map(*addr, bytes);
        }
        f
    }
}

pub(super) const P: u64 = 0x7ffd_1000;
pub(super) const Q: u64 = 0x7ffd_2000;
pub(super) const L: u64 = 0x7ffd_3000;

/// Decodes one call: entry with memory `before`, exit with memory `after` (what the kernel
/// wrote in between), as `name(args) = ret`.
pub(super) fn trace2(
    arch: Arch,
    name: &str,
    args: &[u64],
    ret: i64,
    before: &mut FakeMem,
    after: &mut FakeMem,
) -> String {
    let nr = arch.syscall_number(name).expect("a syscall on this arch");
    let mut a = [0u64; 6];
    a[..args.len()].copy_from_slice(args);
    let opts = DecodeOpts::default();
    let mut call = Call {
        arch,
        nr,
        args: a,
        sp: 0,
        prev_nr: None,
        ret: None,
        saved: [0; 4],
    };
    let mut scratch = Vec::new();
    let mut out = format!("{name}(").into_bytes();
    let mut ctx = Ctx::new(before, &opts, call, &mut scratch);
    entry(&mut ctx, &mut out);
    call.saved = ctx.call.saved;
    call.ret = Some((ret, crate::arch::is_error_value(ret)));
    let mut ctx = Ctx::new(after, &opts, call, &mut scratch);
    exit(&mut ctx, &mut out);
    out.extend_from_slice(b") ");
    retval(&mut ctx, &mut out);
    String::from_utf8(out).unwrap()
}

pub(super) fn both(name: &str, args: &[u64], ret: i64, mem: &Mem) -> String {
    changed(name, args, ret, mem, mem)
}

pub(super) fn changed(name: &str, args: &[u64], ret: i64, before: &Mem, after: &Mem) -> String {
    let x = trace2(
        Arch::X86_64,
        name,
        args,
        ret,
        &mut before.fake(),
        &mut after.fake(),
    );
    let a = trace2(
        Arch::Aarch64,
        name,
        args,
        ret,
        &mut before.fake(),
        &mut after.fake(),
    );
    assert_eq!(x, a, "x86_64 and aarch64 differ");
    x
}

pub(super) fn neg(e: i64) -> u64 {
    e as u64
}

pub(super) fn sin(port: u16, ip: [u8; 4]) -> Vec<u8> {
    let mut v = vec![2, 0];
    v.extend_from_slice(&port.to_be_bytes());
    v.extend_from_slice(&ip);
    v.extend_from_slice(&[0; 8]);
    v
}

fn sin6(port: u16, flow: u32, addr: &str, scope: u32) -> Vec<u8> {
    let ip: std::net::Ipv6Addr = addr.parse().unwrap();
    let mut v = vec![10, 0];
    v.extend_from_slice(&port.to_be_bytes());
    v.extend_from_slice(&flow.to_be_bytes());
    v.extend_from_slice(&ip.octets());
    v.extend_from_slice(&scope.to_ne_bytes());
    v
}

pub(super) fn le32(v: u32) -> Vec<u8> {
    v.to_ne_bytes().to_vec()
}

pub(super) fn words(ws: &[u64]) -> Vec<u8> {
    ws.iter().flat_map(|w| w.to_ne_bytes()).collect()
}

#[test]
fn socket_families_types_and_protocols() {
    let m = Mem::default();
    let cases: &[(&[u64], i64, &str)] = &[
        (&[2, 1 | 0o2000000 | 0o4000, 0], 3, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 3"),
        (&[2, 1, 6], 4, "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4"),
        (&[2, 2 | 0o4000, 17], 3, "socket(AF_INET, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_UDP) = 3"),
        (&[2, 3, 1], 8, "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = 8"),
        (&[10, 3, 58], 9, "socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6) = 9"),
        (&[16, 3, 0], 5, "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 5"),
        (&[16, 2, 16], 6, "socket(AF_NETLINK, SOCK_DGRAM, NETLINK_GENERIC) = 6"),
        (&[16, 2, 99], -93, "socket(AF_NETLINK, SOCK_DGRAM, 0x63 /* NETLINK_??? */) = -1 EPROTONOSUPPORT (Protocol not supported)"),
        (&[17, 3, 0x0300], 11, "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 11"),
        (&[17, 99, 0x0a00], -22, "socket(AF_PACKET, SOCK_RAW|0x60 /* SOCK_??? */, htons(0xa /* ETH_P_??? */)) = -1 EINVAL (Invalid argument)"),
        (&[1, 1, 0], 7, "socket(AF_UNIX, SOCK_STREAM, 0) = 7"),
        (&[1, 99, 7], -22, "socket(AF_UNIX, SOCK_RAW|0x60 /* SOCK_??? */, 7) = -1 EINVAL (Invalid argument)"),
        (&[1, 0, 0], -94, "socket(AF_UNIX, 0, 0) = -1 ESOCKTNOSUPPORT (Socket type not supported)"),
        (&[1, 0o2000000, 0], -94, "socket(AF_UNIX, SOCK_CLOEXEC, 0) = -1 ESOCKTNOSUPPORT (Socket type not supported)"),
        (&[1, 7 | 0o2000000, 0], -94, "socket(AF_UNIX, SOCK_CLOEXEC|0x7, 0) = -1 ESOCKTNOSUPPORT (Socket type not supported)"),
        (&[1, 1 | 0o2000000 | 0x20, 0], -22, "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|0x20, 0) = -1 EINVAL (Invalid argument)"),
        (&[1, 0x40000000, 0], -22, "socket(AF_UNIX, 0x40000000 /* SOCK_??? */, 0) = -1 EINVAL (Invalid argument)"),
        (&[99, 77, 5], -22, "socket(0x63 /* AF_??? */, 0x4d /* SOCK_??? */, 5) = -1 EINVAL (Invalid argument)"),
        (&[2, 1, 200], -93, "socket(AF_INET, SOCK_STREAM, 0xc8 /* IPPROTO_??? */) = -1 EPROTONOSUPPORT (Protocol not supported)"),
        (&[45, 99, 0], -22, "socket(AF_MCTP, SOCK_RAW|0x60 /* SOCK_??? */, 0) = -1 EINVAL (Invalid argument)"),
    ];
    for (args, ret, want) in cases {
        assert_eq!(both("socket", args, *ret, &m), *want);
    }
}

#[test]
fn socketpair_fds() {
    let mut m = Mem::default();
    m.map(P, &[3, 0, 0, 0, 4, 0, 0, 0]);
    assert_eq!(
        both("socketpair", &[1, 1, 0, P], 0, &m),
        "socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0"
    );
    assert_eq!(
        both("socketpair", &[1, 5 | 0o2000000, 0, P], 0, &m),
        "socketpair(AF_UNIX, SOCK_SEQPACKET|SOCK_CLOEXEC, 0, [3, 4]) = 0"
    );
    assert_eq!(
        both("socketpair", &[2, 1, 0, P], -95, &m),
        "socketpair(AF_INET, SOCK_STREAM, 0, 0x7ffd1000) = -1 EOPNOTSUPP (Operation not supported)"
    );
    assert_eq!(
        both("socketpair", &[1, 2, 0, 0], -14, &m),
        "socketpair(AF_UNIX, SOCK_DGRAM, 0, NULL) = -1 EFAULT (Bad address)"
    );
}

#[test]
fn inet_addresses() {
    let mut m = Mem::default();
    m.map(P, &[sin(47001, [127, 0, 0, 1]), vec![0; 16]].concat());
    assert_eq!(
        both("bind", &[3, P, 16], 0, &m),
        r#"bind(3, {sa_family=AF_INET, sin_port=htons(47001), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#
    );
    assert_eq!(
        both("connect", &[3, P, 17], 0, &m),
        r#"connect(3, {sa_family=AF_INET, sin_port=htons(47001), sin_addr=inet_addr("127.0.0.1")}, 17) = 0"#
    );
    // Shorter than sockaddr_in: the bytes after the family.
    assert_eq!(
        both("connect", &[3, P, 8], -22, &m),
        r#"connect(3, {sa_family=AF_INET, sa_data="\267\231\177\0\0\1"}, 8) = -1 EINVAL (Invalid argument)"#
    );
    assert_eq!(
        both("connect", &[3, P, 3], -22, &m),
        r#"connect(3, {sa_family=AF_INET, sa_data="\267"}, 3) = -1 EINVAL (Invalid argument)"#
    );
    assert_eq!(
        both("connect", &[3, P, 2], -22, &m),
        "connect(3, {sa_family=AF_INET}, 2) = -1 EINVAL (Invalid argument)"
    );
    for len in [1u64, 0, u32::MAX as u64] {
        assert_eq!(
            both("connect", &[3, P, len], -22, &m),
            format!(
                "connect(3, 0x7ffd1000, {}) = -1 EINVAL (Invalid argument)",
                len as u32 as i32
            )
        );
    }
    assert_eq!(
        both("connect", &[3, 1, 16], -14, &m),
        "connect(3, 0x1, 16) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        both("connect", &[3, 0, 0], -22, &m),
        "connect(3, NULL, 0) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        both("connect", &[neg(-1), 0, 0], -9, &m),
        "connect(-1, NULL, 0) = -1 EBADF (Bad file descriptor)"
    );
}

#[test]
fn inet6_addresses() {
    let mut m = Mem::default();
    m.map(P, &sin6(47003, 0, "::1", 0));
    assert_eq!(
        both("bind", &[4, P, 28], 0, &m),
        r#"bind(4, {sa_family=AF_INET6, sin6_port=htons(47003), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0"#
    );
    let mut m = Mem::default();
    m.map(P, &sin6(1, 0, "2001:db8::ff00:42:8329", 1));
    assert_eq!(
        both("connect", &[3, P, 24], -97, &m),
        r#"connect(3, {sa_family=AF_INET6, sin6_port=htons(1), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::ff00:42:8329", &sin6_addr)}, 24) = -1 EAFNOSUPPORT (Address family not supported by protocol)"#
    );
    // Not link-local: the scope is a number even if the interface exists.
    assert_eq!(
        both("connect", &[3, P, 28], -97, &m),
        r#"connect(3, {sa_family=AF_INET6, sin6_port=htons(1), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::ff00:42:8329", &sin6_addr), sin6_scope_id=1}, 28) = -1 EAFNOSUPPORT (Address family not supported by protocol)"#
    );
    assert_eq!(
        both("connect", &[3, P, 20], -97, &m),
        r#"connect(3, {sa_family=AF_INET6, sa_data="\0\1\0\0\0\0 \1\r\270\0\0\0\0\0\0\377\0"}, 20) = -1 EAFNOSUPPORT (Address family not supported by protocol)"#
    );
    let mut m = Mem::default();
    m.map(P, &sin6(0, 0x12345, "fe80::1", 4242));
    assert_eq!(
        both("connect", &[neg(-1), P, 28], -9, &m),
        r#"connect(-1, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(74565), inet_pton(AF_INET6, "fe80::1", &sin6_addr), sin6_scope_id=4242}, 28) = -1 EBADF (Bad file descriptor)"#
    );
    let lo_is_1 =
        std::fs::read_to_string("/sys/class/net/lo/ifindex").is_ok_and(|s| s.trim() == "1");
    if lo_is_1 {
        let mut m = Mem::default();
        m.map(P, &sin6(1, 0, "ff02::1", 1));
        assert_eq!(
            both("connect", &[3, P, 28], -97, &m),
            r#"connect(3, {sa_family=AF_INET6, sin6_port=htons(1), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "ff02::1", &sin6_addr), sin6_scope_id=if_nametoindex("lo")}, 28) = -1 EAFNOSUPPORT (Address family not supported by protocol)"#
        );
    }
}

#[test]
fn inet6_text_as_glibc_writes_it() {
    for (addr, want) in [
        ("::", "::"),
        ("::1", "::1"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::1.2.3.4", "::1.2.3.4"),
        ("::ffff:0:0", "::ffff:0.0.0.0"),
        ("fe80::1:2", "fe80::1:2"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("0:0:1:0:0:0:0:0", "0:0:1::"),
        ("ff02::1", "ff02::1"),
    ] {
        let ip: std::net::Ipv6Addr = addr.parse().unwrap();
        assert_eq!(inet6_text(&ip.octets()), want, "{addr}");
    }
}

#[test]
fn unix_addresses() {
    let mut path = vec![1, 0];
    path.extend_from_slice(b"/tmp/netx/sock");
    path.resize(110, 0);
    let mut m = Mem::default();
    m.map(P, &path);
    assert_eq!(
        both("bind", &[16, P, 110], 0, &m),
        r#"bind(16, {sa_family=AF_UNIX, sun_path="/tmp/netx/sock"}, 110) = 0"#
    );
    assert_eq!(
        both("bind", &[16, P, 5], -22, &m),
        r#"bind(16, {sa_family=AF_UNIX, sun_path="/tm"}, 5) = -1 EINVAL (Invalid argument)"#
    );
    // Abstract names show every byte, NULs included.
    let mut m = Mem::default();
    m.map(P, b"\x01\x00\x00a\x00b");
    assert_eq!(
        both("connect", &[3, P, 6], -22, &m),
        r#"connect(3, {sa_family=AF_UNIX, sun_path=@"a\0b"}, 6) = -1 EINVAL (Invalid argument)"#
    );
    assert_eq!(
        both("connect", &[3, P, 3], -22, &m),
        r#"connect(3, {sa_family=AF_UNIX, sun_path=@""}, 3) = -1 EINVAL (Invalid argument)"#
    );
    assert_eq!(
        both("bind", &[18, P, 2], 0, &m),
        "bind(18, {sa_family=AF_UNIX}, 2) = 0"
    );
    // A full sun_path without a NUL: all 108 bytes, not cut by -s; bytes beyond it are ignored.
    let mut full = vec![1, 0];
    full.extend_from_slice(&[b'A'; 108]);
    full.push(b'B');
    let mut m = Mem::default();
    m.map(P, &full);
    assert_eq!(
        both("connect", &[3, P, 111], -97, &m),
        format!(
            "connect(3, {{sa_family=AF_UNIX, sun_path=\"{}\"}}, 111) = -1 EAFNOSUPPORT (Address family not supported by protocol)",
            "A".repeat(108)
        )
    );
}

#[test]
fn netlink_packet_and_other_families() {
    let mut m = Mem::default();
    m.map(P, &[16, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0]);
    assert_eq!(
        both("bind", &[5, P, 12], 0, &m),
        "bind(5, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=0x000005}, 12) = 0"
    );
    let mut m = Mem::default();
    m.map(P, &[16, 0, 0, 0, 0xd2, 4, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        both("connect", &[neg(-1), P, 12], -9, &m),
        "connect(-1, {sa_family=AF_NETLINK, nl_pid=1234, nl_groups=00000000}, 12) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        both("connect", &[3, P, 8], -22, &m),
        r#"connect(3, {sa_family=AF_NETLINK, sa_data="\0\0\322\4\0\0"}, 8) = -1 EINVAL (Invalid argument)"#
    );
    // AF_PACKET with ifindex 0 and 77 (no such interface).
    let mut ll = vec![17, 0, 8, 0, 0, 0, 0, 0, 1, 0, 1, 6];
    ll.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    let mut m = Mem::default();
    m.map(P, &ll);
    assert_eq!(
        both("connect", &[neg(-1), P, 20], -9, &m),
        "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_IP), sll_ifindex=0, sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_BROADCAST, sll_halen=6, sll_addr=[0x1, 0x2, 0x3, 0x4, 0x5, 0x6]}, 20) = -1 EBADF (Bad file descriptor)"
    );
    let mut ll = vec![17, 0, 8, 0, 77, 0, 0, 0, 0x0f, 0x27, 42, 0];
    ll.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    let mut m = Mem::default();
    m.map(P, &ll);
    assert_eq!(
        both("connect", &[neg(-1), P, 20], -9, &m),
        "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_IP), sll_ifindex=77, sll_hatype=0x270f /* ARPHRD_??? */, sll_pkttype=0x2a /* PACKET_??? */, sll_halen=0}, 20) = -1 EBADF (Bad file descriptor)"
    );
    let mut sa = vec![99, 0, 1, 2, 3];
    sa.resize(16, 0);
    let mut m = Mem::default();
    m.map(P, &sa);
    assert_eq!(
        both("connect", &[18, P, 16], -22, &m),
        r#"connect(18, {sa_family=0x63 /* AF_??? */, sa_data="\1\2\3\0\0\0\0\0\0\0\0\0\0\0"}, 16) = -1 EINVAL (Invalid argument)"#
    );
    // sa_data is not cut by -s, but by sizeof(struct sockaddr_storage).
    let mut sa = vec![5, 0];
    sa.resize(200, b'x');
    let mut m = Mem::default();
    m.map(P, &sa);
    assert_eq!(
        both("connect", &[neg(-1), P, 200], -9, &m),
        format!(
            "connect(-1, {{sa_family=AF_APPLETALK, sa_data=\"{}\"}}, 200) = -1 EBADF (Bad file descriptor)",
            "x".repeat(126)
        )
    );
}

#[test]
fn accept_and_value_result_lengths() {
    let mut before = Mem::default();
    before.map(P, &[0; 16]).map(L, &le32(16));
    let mut after = Mem::default();
    after.map(P, &sin(40000, [127, 0, 0, 1])).map(L, &le32(16));
    assert_eq!(
        changed("accept4", &[3, P, L, 0o2000000], 4, &before, &after),
        r#"accept4(3, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 4"#
    );
    let mut before = Mem::default();
    before.map(P, &[0; 128]).map(L, &le32(128));
    let mut after = Mem::default();
    after.map(P, &sin(41884, [127, 0, 0, 1])).map(L, &le32(16));
    assert_eq!(
        changed("getsockname", &[4, P, L], 0, &before, &after),
        r#"getsockname(4, {sa_family=AF_INET, sin_port=htons(41884), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0"#
    );
    // Asked for 4 bytes: the address is cut there.
    let mut before = Mem::default();
    before.map(P, &[0; 16]).map(L, &le32(4));
    assert_eq!(
        changed("getpeername", &[5, P, L], 0, &before, &after),
        r#"getpeername(5, {sa_family=AF_INET, sa_data="\243\234"}, [4 => 16]) = 0"#
    );
    let mut before = Mem::default();
    before.map(P, &[0; 16]).map(L, &le32(0));
    assert_eq!(
        changed("getsockname", &[3, P, L], 0, &before, &after),
        "getsockname(3, 0x7ffd1000, [0 => 16]) = 0"
    );
    // Failures: the address as a pointer, the length as it was.
    let mut m = Mem::default();
    m.map(P, &[0; 16]).map(L, &le32(16));
    assert_eq!(
        both("getsockname", &[77, P, L], -9, &m),
        "getsockname(77, 0x7ffd1000, [16]) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        both("getsockname", &[3, P, 8], -14, &m),
        "getsockname(3, 0x7ffd1000, 0x8) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        both("getsockname", &[3, 0, L], -14, &m),
        "getsockname(3, NULL, 0x7ffd3000) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        both("getsockname", &[3, P, 0], -14, &m),
        "getsockname(3, 0x7ffd1000, NULL) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        both("accept4", &[3, 0, 0, 0o4000], -11, &m),
        "accept4(3, NULL, NULL, SOCK_NONBLOCK) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        both("accept4", &[neg(-1), 0, 0, 0x20 | 0o2000000], -9, &m),
        "accept4(-1, NULL, NULL, SOCK_CLOEXEC|0x20) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        both("accept4", &[neg(-1), 0, 0, 1], -9, &m),
        "accept4(-1, NULL, NULL, 0x1 /* SOCK_??? */) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        both("accept", &[neg(-1), 0, L], -9, &m),
        "accept(-1, NULL, 0x7ffd3000) = -1 EBADF (Bad file descriptor)"
    );
    // A unix peer without a name.
    let mut before = Mem::default();
    before.map(P, &[0; 110]).map(L, &le32(110));
    let mut after = Mem::default();
    after.map(P, &[1, 0]).map(L, &le32(2));
    assert_eq!(
        changed("accept", &[4, P, L], 6, &before, &after),
        "accept(4, {sa_family=AF_UNIX}, [110 => 2]) = 6"
    );
}

#[test]
fn listen_and_shutdown() {
    let m = Mem::default();
    assert_eq!(both("listen", &[3, 5], 0, &m), "listen(3, 5) = 0");
    assert_eq!(both("shutdown", &[4, 1], 0, &m), "shutdown(4, SHUT_WR) = 0");
    assert_eq!(
        both("shutdown", &[neg(-1), 3], -9, &m),
        "shutdown(-1, 0x3 /* SHUT_??? */) = -1 EBADF (Bad file descriptor)"
    );
}

#[test]
fn sendto_recvfrom_and_flags() {
    let mut m = Mem::default();
    m.map_str(P, "hello").map(Q, &sin(47002, [127, 0, 0, 1]));
    assert_eq!(
        both("sendto", &[4, P, 5, 0, 0, 0], 5, &m),
        r#"sendto(4, "hello", 5, 0, NULL, 0) = 5"#
    );
    assert_eq!(
        both("sendto", &[3, P, 4, 0, Q, 16], 4, &m),
        r#"sendto(3, "hell", 4, 0, {sa_family=AF_INET, sin_port=htons(47002), sin_addr=inet_addr("127.0.0.1")}, 16) = 4"#
    );
    assert_eq!(
        both("sendto", &[4, P, 1, 0x4000 | 0x8000, 0, 0], 1, &m),
        r#"sendto(4, "h", 1, MSG_NOSIGNAL|MSG_MORE, NULL, 0) = 1"#
    );
    assert_eq!(
        both("sendto", &[neg(-1), 0, 0, 1 | 0x100000, 0, 0], -9, &m),
        "sendto(-1, NULL, 0, MSG_OOB|0x100000, NULL, 0) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        both("sendto", &[neg(-1), 0, 0, 0x100000, 0, 0], -9, &m),
        "sendto(-1, NULL, 0, 0x100000 /* MSG_??? */, NULL, 0) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        both("sendto", &[neg(-1), 0, 0, 1 | 0x80000000, 0, 0], -9, &m),
        "sendto(-1, NULL, 0, MSG_OOB|MSG_CMSG_COMPAT, NULL, 0) = -1 EBADF (Bad file descriptor)"
    );
    assert_eq!(
        both("recvfrom", &[5, P, 64, 0x40, 0, 0], 5, &m),
        r#"recvfrom(5, "hello", 64, MSG_DONTWAIT, NULL, NULL) = 5"#
    );
    assert_eq!(
        both("recvfrom", &[5, P, 64, 0x40, 0, 0], -11, &m),
        "recvfrom(5, 0x7ffd1000, 64, MSG_DONTWAIT, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    // MSG_TRUNC: the call returns more than the buffer holds.
    assert_eq!(
        both("recvfrom", &[4, P, 2, 0x20, 0, 0], 6, &m),
        r#"recvfrom(4, "he", 2, MSG_TRUNC, NULL, NULL) = 6"#
    );
    let mut before = Mem::default();
    before
        .map_str(P, "ping")
        .map(Q, &[0; 128])
        .map(L, &le32(128));
    let mut after2 = Mem::default();
    after2
        .map_str(P, "ping")
        .map(Q, &sin(47002, [127, 0, 0, 1]))
        .map(L, &le32(16));
    assert_eq!(
        changed("recvfrom", &[3, P, 64, 0, Q, L], 4, &before, &after2),
        r#"recvfrom(3, "ping", 64, 0, {sa_family=AF_INET, sin_port=htons(47002), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 4"#
    );
    assert_eq!(
        both("recvfrom", &[3, P, 64, 0, Q, L], -11, &after2),
        "recvfrom(3, 0x7ffd1000, 64, 0, 0x7ffd2000, [16]) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        both("recvfrom", &[3, P, 10, 0x40, Q, 8], -11, &after2),
        "recvfrom(3, 0x7ffd1000, 10, MSG_DONTWAIT, 0x7ffd2000, 0x8) = -1 EAGAIN (Resource temporarily unavailable)"
    );
}
