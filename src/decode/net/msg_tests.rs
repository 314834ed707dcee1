//! Golden tests for messages (sendmsg, recvmsg, sendmmsg, recvmmsg, control messages) and
//! socket options: the exact text /usr/bin/strace 6.1 printed for the same call.

use super::tests::{both, changed, le32, neg, sin, words, Mem, L, P, Q};

/// A msghdr: name, namelen, iov, iovlen, control, controllen, flags.
fn msghdr(
    name: u64,
    namelen: u32,
    iov: u64,
    iovlen: u64,
    ctl: u64,
    ctllen: u64,
    flags: u32,
) -> Vec<u8> {
    let mut v = words(&[name]);
    v.extend_from_slice(&le32(namelen));
    v.extend_from_slice(&[0; 4]);
    v.extend_from_slice(&words(&[iov, iovlen, ctl, ctllen]));
    v.extend_from_slice(&le32(flags));
    v.extend_from_slice(&[0; 4]);
    v
}

/// A control message with `data`, padded to 8 bytes.
fn cmsg(len: u64, level: u32, kind: u32, data: &[u8]) -> Vec<u8> {
    let mut v = words(&[len]);
    v.extend_from_slice(&le32(level));
    v.extend_from_slice(&le32(kind));
    v.extend_from_slice(data);
    while v.len() % 8 != 0 {
        v.push(0);
    }
    v
}

const MSG: u64 = 0x7ffd_4000;
const IOV: u64 = 0x7ffd_5000;
const CTL: u64 = 0x7ffd_6000;
const BUF: u64 = 0x7ffd_7000;

#[test]
fn sendmsg_with_rights_and_credentials() {
    let mut m = Mem::default();
    m.map(BUF, b"abcdef");
    m.map(IOV, &words(&[BUF, 2, BUF + 2, 4]));
    let mut ctl = cmsg(20, 1, 1, &le32(5));
    ctl.extend(cmsg(28, 1, 2, &[le32(30033), le32(0), le32(0)].concat()));
    m.map(CTL, &ctl);
    m.map(MSG, &msghdr(0, 0, IOV, 2, CTL, 56, 0));
    assert_eq!(
        both("sendmsg", &[3, MSG, 0], 6, &m),
        r#"sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="ab", iov_len=2}, {iov_base="cdef", iov_len=4}], msg_iovlen=2, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}, {cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=30033, uid=0, gid=0}}], msg_controllen=56, msg_flags=0}, 0) = 6"#
    );
    // No control data; a name; flags in the header.
    m.map(Q, &sin(47010, [127, 0, 0, 1]));
    m.map(MSG + 0x100, &msghdr(Q, 16, IOV, 1, 0, 0, 1));
    assert_eq!(
        both("sendmsg", &[9, MSG + 0x100, 0x40], 2, &m),
        r#"sendmsg(9, {msg_name={sa_family=AF_INET, sin_port=htons(47010), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="ab", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_OOB}, MSG_DONTWAIT) = 2"#
    );
    assert_eq!(
        both("sendmsg", &[9, 8, 0], -14, &m),
        "sendmsg(9, 0x8, 0) = -1 EFAULT (Bad address)"
    );
    m.map(MSG + 0x200, &msghdr(8, 16, 0, 0, 0, 16, 0));
    assert_eq!(
        both("sendmsg", &[7, MSG + 0x200, 0], -14, &m),
        "sendmsg(7, {msg_name=0x8, msg_namelen=16, msg_iov=NULL, msg_iovlen=0, msg_control=NULL, msg_controllen=16, msg_flags=0}, 0) = -1 EFAULT (Bad address)"
    );
    m.map(MSG + 0x300, &msghdr(0, 0, 8, 2, CTL, 8, 0));
    assert_eq!(
        both("sendmsg", &[7, MSG + 0x300, 0], -14, &m),
        "sendmsg(7, {msg_name=NULL, msg_namelen=0, msg_iov=0x8, msg_iovlen=2, msg_control=0x7ffd6000, msg_controllen=8, msg_flags=0}, 0) = -1 EFAULT (Bad address)"
    );
}

#[test]
fn control_message_edges() {
    let mut m = Mem::default();
    m.map(BUF, b"hi").map(IOV, &words(&[BUF, 2]));
    let rights01 = [le32(0), le32(1)].concat();
    let cases: &[(Vec<u8>, u64, &str)] = &[
        // cmsg_len beyond controllen: the data that is there.
        (cmsg(100, 1, 1, &rights01), 24, "[{cmsg_len=100, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[0, 1]}]"),
        // Leftover bytes after the last message.
        (cmsg(22, 1, 1, &rights01), 32, "[{cmsg_len=22, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[0]}, ... /* 0x7ffd6018 */]"),
        (cmsg(16, 1, 1, &[]), 16, "[{cmsg_len=16, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}]"),
        (cmsg(0, 1, 1, &[0; 16]), 32, "[{cmsg_len=0, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}, ... /* 0x7ffd6010 */]"),
        (cmsg(0, 1, 1, &[]), 16, "[{cmsg_len=0, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}]"),
        (cmsg(20, 999, 5, &rights01), 24, "[{cmsg_len=20, cmsg_level=0x3e7 /* SOL_??? */, cmsg_type=0x5}]"),
        (cmsg(20, 1, 77, &rights01), 24, "[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=0x4d /* SCM_??? */}]"),
        (cmsg(20, 0, 2, &le32(5)), 24, "[{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TTL, cmsg_data=[5]}]"),
        (cmsg(20, 41, 0, &le32(5)), 24, "[{cmsg_len=20, cmsg_level=SOL_IPV6, cmsg_type=0}]"),
        (cmsg(24, 1, 2, &[0; 8]), 40, "[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS}, {cmsg_len=0, cmsg_level=SOL_IP, cmsg_type=0 /* IP_??? */}]"),
        (cmsg(28, 1, 2, &[le32(5), le32(u32::MAX), le32(7)].concat()), 40, "[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=5, uid=-1, gid=7}}, ... /* 0x7ffd6020 */]"),
        (cmsg(32, 1, 29, &[0; 16]), 32, "[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, cmsg_data={tv_sec=0, tv_usec=0}}]"),
    ];
    for (ctl, ctllen, want) in cases {
        let mut mm = m.clone();
        let mut c = ctl.clone();
        c.resize(64, 0);
        mm.map(CTL, &c);
        mm.map(MSG, &msghdr(0, 0, IOV, 1, CTL, *ctllen, 0));
        assert_eq!(
            both("sendmsg", &[3, MSG, 0x40], 2, &mm),
            format!(
                r#"sendmsg(3, {{msg_name=NULL, msg_namelen=0, msg_iov=[{{iov_base="hi", iov_len=2}}], msg_iovlen=1, msg_control={want}, msg_controllen={ctllen}, msg_flags=0}}, MSG_DONTWAIT) = 2"#
            )
        );
    }
    // 40 descriptors: the first 32 (-s) shown.
    let mut mm = m.clone();
    mm.map(CTL, &cmsg(176, 1, 1, &[0; 160]));
    mm.map(MSG, &msghdr(0, 0, IOV, 1, CTL, 176, 0));
    let line = both("sendmsg", &[3, MSG, 0], 2, &mm);
    assert!(
        line.contains(&format!("cmsg_data=[{}, ...]}}]", vec!["0"; 32].join(", "))),
        "{line}"
    );
}

#[test]
fn recvmsg_at_exit() {
    let mut before = Mem::default();
    before.map(BUF, &[0; 64]).map(IOV, &words(&[BUF, 64]));
    before.map(CTL, &[0; 64]);
    before.map(MSG, &msghdr(0, 0, IOV, 1, CTL, 64, 0));
    let mut after = before.clone();
    let mut ctl = cmsg(28, 1, 2, &[le32(30033), le32(0), le32(0)].concat());
    ctl.extend(cmsg(20, 1, 1, &le32(6)));
    after.map(BUF, b"abcdef").map(CTL, &ctl);
    after.map(MSG, &msghdr(0, 0, IOV, 1, CTL, 56, 0x40000000));
    assert_eq!(
        changed("recvmsg", &[4, MSG, 0x40000000], 6, &before, &after),
        r#"recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abcdef", iov_len=64}], msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=30033, uid=0, gid=0}}, {cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[6]}], msg_controllen=56, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 6"#
    );
    assert_eq!(
        both("recvmsg", &[4, MSG, 0x40], -11, &before),
        "recvmsg(4, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        both("recvmsg", &[4, 8, 0x40], -14, &before),
        "recvmsg(4, 0x8, MSG_DONTWAIT) = -1 EFAULT (Bad address)"
    );
    // A name whose length the kernel changes; the data is cut at what was received, across
    // the buffers.
    let mut before = Mem::default();
    before
        .map(BUF, &[0; 8])
        .map(IOV, &words(&[BUF, 4, BUF + 4, 4]))
        .map(Q, &[0; 128])
        .map(MSG, &msghdr(Q, 128, IOV, 2, 0, 0, 0));
    let mut after = before.clone();
    after
        .map(BUF, b"x")
        .map(Q, &sin(47031, [127, 0, 0, 1]))
        .map(MSG, &msghdr(Q, 16, IOV, 2, 0, 0, 0));
    assert_eq!(
        changed("recvmsg", &[7, MSG, 0x20], 1, &before, &after),
        r#"recvmsg(7, {msg_name={sa_family=AF_INET, sin_port=htons(47031), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=128 => 16, msg_iov=[{iov_base="x", iov_len=4}, {iov_base="", iov_len=4}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, MSG_TRUNC) = 1"#
    );
    assert_eq!(
        changed("recvmsg", &[7, MSG, 0x40], -11, &before, &after),
        "recvmsg(7, {msg_namelen=128}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)"
    );
}

/// An mmsghdr: a msghdr and msg_len, padded to 64 bytes.
fn mmsghdr(hdr: Vec<u8>, len: u32) -> Vec<u8> {
    let mut v = hdr;
    v.extend_from_slice(&le32(len));
    v.extend_from_slice(&[0; 4]);
    v
}

#[test]
fn sendmmsg_and_recvmmsg() {
    let mut m = Mem::default();
    m.map(BUF, b"hello").map(IOV, &words(&[BUF, 5]));
    m.map(Q, &sin(47031, [127, 0, 0, 1]));
    let one = msghdr(Q, 16, IOV, 1, 0, 0, 0);
    let mut vec = mmsghdr(one.clone(), 5);
    vec.extend(mmsghdr(one, 5));
    m.map(MSG, &vec);
    let hdr = r#"{msg_name={sa_family=AF_INET, sin_port=htons(47031), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="hello", iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}"#;
    assert_eq!(
        both("sendmmsg", &[7, MSG, 2, 0], 2, &m),
        format!(
            "sendmmsg(7, [{{msg_hdr={hdr}, msg_len=5}}, {{msg_hdr={hdr}, msg_len=5}}], 2, 0) = 2"
        )
    );
    assert_eq!(
        both("sendmmsg", &[7, MSG, 2, 0], -89, &m),
        format!("sendmmsg(7, [{{msg_hdr={hdr}}}, {{msg_hdr={hdr}}}], 2, 0) = -1 EDESTADDRREQ (Destination address required)")
    );
    assert_eq!(
        both("sendmmsg", &[7, 8, 1, 0], -14, &m),
        "sendmmsg(7, 0x8, 1, 0) = -1 EFAULT (Bad address)"
    );

    // recvmmsg: two of three received; the first name's length changed from 128.
    let ts = words(&[1, 0]);
    let mut before = Mem::default();
    before.map(BUF, &[0; 16]).map(IOV, &words(&[BUF, 16]));
    before.map(Q, &[0; 16]).map(L, &ts);
    let mut v = mmsghdr(msghdr(Q, 128, IOV, 1, 0, 0, 0), 0);
    v.extend(mmsghdr(msghdr(Q, 16, IOV, 1, 0, 0, 0), 0));
    v.extend(mmsghdr(msghdr(Q, 16, IOV, 1, 0, 0, 0), 0));
    before.map(MSG, &v);
    let mut after = before.clone();
    after.map(BUF, b"hello").map(Q, &sin(47031, [127, 0, 0, 1]));
    after.map(L, &words(&[0, 999_995_612]));
    let mut v = mmsghdr(msghdr(Q, 16, IOV, 1, 0, 0, 0), 5);
    v.extend(mmsghdr(msghdr(Q, 16, IOV, 1, 0, 0, 0), 5));
    v.extend(mmsghdr(msghdr(Q, 16, IOV, 1, 0, 0, 0), 0));
    after.map(MSG, &v);
    let got = changed("recvmmsg", &[7, MSG, 3, 0x10000, L], 2, &before, &after);
    let name =
        r#"msg_name={sa_family=AF_INET, sin_port=htons(47031), sin_addr=inet_addr("127.0.0.1")}"#;
    let rest = r#"msg_iov=[{iov_base="hello", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}"#;
    assert_eq!(
        got,
        format!("recvmmsg(7, [{{msg_hdr={{{name}, msg_namelen=128 => 16, {rest}, {{msg_hdr={{{name}, msg_namelen=16, {rest}], 3, MSG_WAITFORONE, {{tv_sec=1, tv_nsec=0}}) = 2 (left {{tv_sec=0, tv_nsec=999995612}})")
    );
    assert_eq!(
        both("recvmmsg", &[9, MSG, 3, 0x40, L], -11, &before),
        "recvmmsg(9, 0x7ffd4000, 3, MSG_DONTWAIT, {tv_sec=1, tv_nsec=0}) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(
        both("recvmmsg", &[9, MSG, 3, 0x40, 0], -11, &before),
        "recvmmsg(9, 0x7ffd4000, 3, MSG_DONTWAIT, NULL) = -1 EAGAIN (Resource temporarily unavailable)"
    );
}

#[test]
fn setsockopt_values() {
    let mut m = Mem::default();
    m.map(P, &words(&[1]))
        .map(Q, b"lo\0")
        .map(L, &[1, 0, 0, 0, 5, 0, 0, 0]);
    let cases: &[(&[u64], i64, &str)] = &[
        (&[3, 1, 2, P, 4], 0, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0"),
        (&[3, 1, 2, P, 8], 0, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 8) = 0"),
        (&[3, 1, 2, P, 3], -22, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 0x7ffd1000, 3) = -1 EINVAL (Invalid argument)"),
        (&[3, 1, 2, 0, 4], -14, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, NULL, 4) = -1 EFAULT (Bad address)"),
        (&[3, 1, 8, P, neg(-5)], -22, "setsockopt(3, SOL_SOCKET, SO_RCVBUF, 0x7ffd1000, -5) = -1 EINVAL (Invalid argument)"),
        (&[3, 1, 13, L, 8], 0, "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0"),
        (&[3, 1, 13, L, 4], -22, "setsockopt(3, SOL_SOCKET, SO_LINGER, 0x7ffd3000, 4) = -1 EINVAL (Invalid argument)"),
        (&[3, 1, 25, Q, 3], 0, r#"setsockopt(3, SOL_SOCKET, SO_BINDTODEVICE, "lo\0", 3) = 0"#),
        (&[3, 1, 20, P, 8], 0, r#"setsockopt(3, SOL_SOCKET, SO_RCVTIMEO_OLD, "\1\0\0\0\0\0\0\0", 8) = 0"#),
        (&[3, 1, 74, P, 4], -95, "setsockopt(3, SOL_SOCKET, SO_TXREHASH, [SOCK_TXREHASH_ENABLED], 4) = -1 EOPNOTSUPP (Operation not supported)"),
        (&[3, 6, 1, P, 4], 0, "setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0"),
        (&[3, 6, 1, P, 2], -22, r#"setsockopt(3, SOL_TCP, TCP_NODELAY, "\1\0", 2) = -1 EINVAL (Invalid argument)"#),
        (&[3, 0, 2, P, 8], 0, r#"setsockopt(3, SOL_IP, IP_TTL, "\1\0\0\0\0\0\0\0", 8) = 0"#),
        (&[3, 0, 1, P, 4], 0, "setsockopt(3, SOL_IP, IP_TOS, [1], 4) = 0"),
        (&[3, 41, 26, P, 4], 0, "setsockopt(3, SOL_IPV6, IPV6_V6ONLY, [1], 4) = 0"),
        (&[3, 999, 1, P, 4], -92, "setsockopt(3, 0x3e7 /* SOL_?? */, 1, [1], 4) = -1 ENOPROTOOPT (Protocol not available)"),
        (&[3, 1, 12345, P, 4], -92, "setsockopt(3, SOL_SOCKET, 0x3039 /* SO_??? */, [1], 4) = -1 ENOPROTOOPT (Protocol not available)"),
        (&[neg(-1), 270, 1, P, 2], -9, "setsockopt(-1, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 0x7ffd1000, 2) = -1 EBADF (Bad file descriptor)"),
    ];
    for (args, ret, want) in cases {
        assert_eq!(both("setsockopt", args, *ret, &m), *want);
    }
    let mut m = Mem::default();
    m.map(P, &[224, 0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(
        both("setsockopt", &[5, 0, 35, P, 8], 0, &m),
        r#"setsockopt(5, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.1"), imr_interface=inet_addr("0.0.0.0")}, 8) = 0"#
    );
    let mut f = vec![1, 0, 0, 0, 0, 0, 0, 0];
    f.extend(words(&[0x7ffd_7ed0]));
    m.map(Q, &f);
    assert_eq!(
        both("setsockopt", &[5, 1, 26, Q, 16], 0, &m),
        "setsockopt(5, SOL_SOCKET, SO_ATTACH_FILTER, {len=1, filter=0x7ffd7ed0}, 16) = 0"
    );
    let mut mreq = "ff02::1"
        .parse::<std::net::Ipv6Addr>()
        .unwrap()
        .octets()
        .to_vec();
    mreq.extend(le32(4242));
    m.map(L, &mreq);
    assert_eq!(
        both("setsockopt", &[neg(-1), 41, 20, L, 20], -9, &m),
        r#"setsockopt(-1, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff02::1", &ipv6mr_multiaddr), ipv6mr_interface=4242}, 20) = -1 EBADF (Bad file descriptor)"#
    );
}

#[test]
fn getsockopt_values_at_exit() {
    let mut before = Mem::default();
    before.map(P, &[0; 16]).map(L, &le32(256));
    let get = |name: u64, level: u64, val: &[u8], len: u32, ret: i64| {
        let mut after = before.clone();
        after.map(P, val).map(L, &le32(len));
        changed("getsockopt", &[4, level, name, P, L], ret, &before, &after)
    };
    assert_eq!(
        get(3, 1, &le32(1), 4, 0),
        "getsockopt(4, SOL_SOCKET, SO_TYPE, [1], [256 => 4]) = 0"
    );
    assert_eq!(
        get(4, 1, &le32(111), 4, 0),
        "getsockopt(4, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [256 => 4]) = 0"
    );
    assert_eq!(
        get(4, 1, &le32(0), 4, 0),
        "getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [256 => 4]) = 0"
    );
    assert_eq!(
        get(
            17,
            1,
            &[le32(0), le32(u32::MAX), le32(u32::MAX)].concat(),
            12,
            0
        ),
        "getsockopt(4, SOL_SOCKET, SO_PEERCRED, {pid=0, uid=-1, gid=-1}, [256 => 12]) = 0"
    );
    assert_eq!(
        get(13, 1, &[0; 8], 8, 0),
        "getsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=0, l_linger=0}, [256 => 8]) = 0"
    );
    assert_eq!(
        get(57, 1, &[1, 0, 0, 0, 0, 0, 0, 0], 8, 0),
        r#"getsockopt(4, SOL_SOCKET, SO_COOKIE, "\1\0\0\0\0\0\0\0", [256 => 8]) = 0"#
    );
    assert_eq!(
        get(25, 1, &[], 0, 0),
        "getsockopt(4, SOL_SOCKET, SO_BINDTODEVICE, 0x7ffd1000, [256 => 0]) = 0"
    );
    assert_eq!(
        get(13, 6, b"bbr\0\0\0\0\0\0\0\0\0\0\0\0\0", 16, 0),
        r#"getsockopt(4, SOL_TCP, TCP_CONGESTION, "bbr\0\0\0\0\0\0\0\0\0\0\0\0\0", [256 => 16]) = 0"#
    );
    assert_eq!(
        get(74, 1, &le32(1), 4, 0),
        "getsockopt(4, SOL_SOCKET, SO_TXREHASH, [SOCK_TXREHASH_ENABLED], [256 => 4]) = 0"
    );
    assert_eq!(
        get(31, 1, &[0; 4], 256, -22),
        "getsockopt(4, SOL_SOCKET, SO_PEERSEC, 0x7ffd1000, [256]) = -1 EINVAL (Invalid argument)"
    );
    let mut m = Mem::default();
    m.map(P, &le32(64)).map(L, &le32(4));
    assert_eq!(
        both("getsockopt", &[4, 0, 2, P, L], 0, &m),
        "getsockopt(4, SOL_IP, IP_TTL, [64], [4]) = 0"
    );
    assert_eq!(
        both("getsockopt", &[3, 1, 12345, P, L], -92, &m),
        "getsockopt(3, SOL_SOCKET, 0x3039 /* SO_??? */, 0x7ffd1000, [4]) = -1 ENOPROTOOPT (Protocol not available)"
    );
    assert_eq!(
        both("getsockopt", &[4, 1, 4, P, 0], -14, &m),
        "getsockopt(4, SOL_SOCKET, SO_ERROR, 0x7ffd1000, NULL) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        both("getsockopt", &[4, 1, 4, 0, L], -14, &m),
        "getsockopt(4, SOL_SOCKET, SO_ERROR, NULL, [4]) = -1 EFAULT (Bad address)"
    );
    assert_eq!(
        both("getsockopt", &[4, 1, 4, P, 8], -14, &m),
        "getsockopt(4, SOL_SOCKET, SO_ERROR, 0x7ffd1000, 0x8) = -1 EFAULT (Bad address)"
    );
}
