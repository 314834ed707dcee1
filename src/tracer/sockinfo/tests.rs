//! Requests, reply scanning (byte fixtures, short and hostile replies) and strace's text.

use super::diag::{request, scan, Entry, Query, Step, AF_INET, AF_INET6};
use super::text::{bare, entry, unix_label};
use super::KNOWN;
use crate::decode::HexMode;

const TCP4: Query = Query::Inet {
    family: AF_INET,
    protocol: 6,
};

fn nlmsg(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&(16 + payload.len() as u32).to_ne_bytes());
    v.extend_from_slice(&kind.to_ne_bytes());
    v.extend_from_slice(&2u16.to_ne_bytes()); // NLM_F_MULTI
    v.extend_from_slice(&1u32.to_ne_bytes());
    v.extend_from_slice(&4242u32.to_ne_bytes());
    v.extend_from_slice(payload);
    while v.len() % 4 != 0 {
        v.push(0);
    }
    v
}

fn done() -> Vec<u8> {
    nlmsg(3, &0i32.to_ne_bytes())
}

fn inet_msg(family: u8, src: &[u8], sport: u16, dst: &[u8], dport: u16, ino: u32) -> Vec<u8> {
    let mut p = vec![family, 10, 0, 0];
    p.extend_from_slice(&sport.to_be_bytes());
    p.extend_from_slice(&dport.to_be_bytes());
    let mut a = [0u8; 16];
    a[..src.len()].copy_from_slice(src);
    p.extend_from_slice(&a);
    let mut a = [0u8; 16];
    a[..dst.len()].copy_from_slice(dst);
    p.extend_from_slice(&a);
    p.extend_from_slice(&[0; 12]); // interface, cookie
    p.extend_from_slice(&[0; 16]); // expires, rqueue, wqueue, uid
    p.extend_from_slice(&ino.to_ne_bytes());
    assert_eq!(p.len(), 72);
    p.extend_from_slice(&[5, 0, 8, 0, 0, 0, 0, 0]); // an attribute the scan ignores
    nlmsg(20, &p)
}

fn attr(kind: u16, value: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&(4 + value.len() as u16).to_ne_bytes());
    v.extend_from_slice(&kind.to_ne_bytes());
    v.extend_from_slice(value);
    while v.len() % 4 != 0 {
        v.push(0);
    }
    v
}

fn unix_msg(kind: u8, ino: u32, attrs: &[Vec<u8>]) -> Vec<u8> {
    let mut p = vec![1, kind, 1, 0];
    p.extend_from_slice(&ino.to_ne_bytes());
    p.extend_from_slice(&[0xff; 8]);
    for a in attrs {
        p.extend_from_slice(a);
    }
    nlmsg(20, &p)
}

fn netlink_msg(protocol: u8, portid: u32, ino: u32) -> Vec<u8> {
    let mut p = vec![16, 3, protocol, 7];
    p.extend_from_slice(&portid.to_ne_bytes());
    p.extend_from_slice(&[0; 8]);
    p.extend_from_slice(&ino.to_ne_bytes());
    p.extend_from_slice(&[0; 8]);
    nlmsg(20, &p)
}

fn text(label: &str, ino: u64, e: &Entry) -> String {
    entry(label, ino, e, HexMode::Off).unwrap().0
}

fn found(step: Step) -> Entry {
    match step {
        Step::Found(e) => e,
        other => panic!("not found: {other:?}"),
    }
}

#[test]
fn requests_have_the_kernel_layouts() {
    let r = request(TCP4, 1234);
    assert_eq!(r.len(), 16 + 56);
    assert_eq!(&r[..4], &72u32.to_ne_bytes());
    assert_eq!(&r[4..6], &20u16.to_ne_bytes()); // SOCK_DIAG_BY_FAMILY
    assert_eq!(&r[6..8], &0x301u16.to_ne_bytes()); // REQUEST | DUMP
    assert_eq!(&r[16..20], &[AF_INET, 6, 0, 0]);
    assert_eq!(&r[20..24], &[0xff; 4]); // every state
    assert!(r[24..].iter().all(|&b| b == 0));

    let r = request(Query::Unix, 1234);
    assert_eq!(r.len(), 16 + 24);
    assert_eq!(&r[..4], &40u32.to_ne_bytes());
    assert_eq!(&r[6..8], &1u16.to_ne_bytes()); // an exact request, not a dump
    assert_eq!(&r[16..20], &[1, 0, 0, 0]);
    assert_eq!(&r[24..28], &1234u32.to_ne_bytes());
    assert_eq!(&r[28..32], &5u32.to_ne_bytes()); // SHOW_NAME | SHOW_PEER
    assert_eq!(&r[32..40], &[0xff; 8]); // no cookie

    let r = request(Query::Netlink, 1234);
    assert_eq!(r.len(), 16 + 20);
    assert_eq!(&r[..4], &36u32.to_ne_bytes());
    assert_eq!(&r[6..8], &0x301u16.to_ne_bytes());
    assert_eq!(&r[16..20], &[16, 255, 0, 0]);
}

#[test]
fn inet_entries_and_their_text() {
    let lo = [127, 0, 0, 1];
    let mut d = inet_msg(AF_INET, &lo, 47100, &[0; 4], 0, 111);
    d.extend(inet_msg(AF_INET, &lo, 47101, &[0; 4], 0, 222));
    d.extend(inet_msg(AF_INET, &lo, 47101, &lo, 47102, 333));
    let e = found(scan(TCP4, &d, 222));
    assert_eq!(text("TCP", 222, &e), "TCP:[127.0.0.1:47101]");
    let e = found(scan(TCP4, &d, 333));
    assert_eq!(
        entry("TCP", 333, &e, HexMode::Off),
        Some(("TCP:[127.0.0.1:47101->127.0.0.1:47102]".into(), true))
    );
    assert_eq!(scan(TCP4, &d, 444), Step::More);
    d.extend(done());
    assert_eq!(scan(TCP4, &d, 444), Step::End);

    // A remote address without a port still counts as connected, and the reverse.
    let e = found(scan(
        TCP4,
        &inet_msg(AF_INET, &lo, 5, &[10, 0, 0, 1], 0, 1),
        1,
    ));
    assert_eq!(text("UDP", 1, &e), "UDP:[127.0.0.1:5->10.0.0.1:0]");
    let e = found(scan(TCP4, &inet_msg(AF_INET, &[0; 4], 5, &[0; 4], 9, 1), 1));
    assert_eq!(text("UDP", 1, &e), "UDP:[0.0.0.0:5->0.0.0.0:9]");
}

#[test]
fn inet6_entries_bracket_their_addresses() {
    let q = Query::Inet {
        family: AF_INET6,
        protocol: 17,
    };
    let one: [u8; 16] = std::net::Ipv6Addr::LOCALHOST.octets();
    let e = found(scan(q, &inet_msg(AF_INET6, &one, 47104, &[0; 16], 0, 7), 7));
    assert_eq!(text("UDPv6", 7, &e), "UDPv6:[[::1]:47104]");
    let e = found(scan(
        q,
        &inet_msg(AF_INET6, &[0; 16], 80, &[0; 16], 0, 7),
        7,
    ));
    assert_eq!(text("TCPv6", 7, &e), "TCPv6:[[::]:80]");
    let mapped = std::net::Ipv4Addr::LOCALHOST.to_ipv6_mapped().octets();
    let e = found(scan(q, &inet_msg(AF_INET6, &mapped, 1, &mapped, 2, 7), 7));
    assert_eq!(
        text("TCPv6", 7, &e),
        "TCPv6:[[::ffff:127.0.0.1]:1->[::ffff:127.0.0.1]:2]"
    );
    // Only the family's bytes decide whether there is a remote end.
    let mut v4 = [0u8; 16];
    v4[8] = 1;
    let e = found(scan(q, &inet_msg(AF_INET, &[1, 2, 3, 4], 1, &v4, 0, 7), 7));
    assert_eq!(text("TCP", 7, &e), "TCP:[1.2.3.4:1]");
    // Neither AF_INET nor AF_INET6: no text.
    let e = found(scan(q, &inet_msg(99, &[1; 16], 1, &[0; 16], 0, 7), 7));
    assert_eq!(entry("TCP", 7, &e, HexMode::Off), None);
}

#[test]
fn unix_entries_and_their_text() {
    let path = b"/tmp/rtrace-nettraffic.sock\0";
    let d = unix_msg(
        1,
        154300,
        &[attr(0, path), attr(2, &154297u32.to_ne_bytes())],
    );
    let e = found(scan(Query::Unix, &d, 154300));
    assert_eq!(
        entry("UNIX-STREAM", 154300, &e, HexMode::Off),
        Some((
            "UNIX-STREAM:[154300->154297,\"/tmp/rtrace-nettraffic.sock\"]".into(),
            true
        ))
    );
    let d = unix_msg(2, 9, &[attr(0, b"\0rtrace-nettraffic")]);
    let e = found(scan(Query::Unix, &d, 9));
    assert_eq!(text("UNIX", 9, &e), "UNIX:[9,@\"rtrace-nettraffic\"]");
    // An abstract name ends at its next NUL; an empty one is still shown.
    let d = unix_msg(1, 9, &[attr(0, b"\0ab\0c\"\n")]);
    assert_eq!(
        text("UNIX-STREAM", 9, &found(scan(Query::Unix, &d, 9))),
        "UNIX-STREAM:[9,@\"ab\"]"
    );
    let d = unix_msg(1, 9, &[attr(0, b"\0")]);
    assert_eq!(
        text("UNIX-STREAM", 9, &found(scan(Query::Unix, &d, 9))),
        "UNIX-STREAM:[9,@\"\"]"
    );
    // strace's escapes, and the -x styles.
    let d = unix_msg(1, 9, &[attr(0, b"/tmp/\xff\x7f\t\"\0")]);
    let e = found(scan(Query::Unix, &d, 9));
    assert_eq!(
        text("UNIX-STREAM", 9, &e),
        r#"UNIX-STREAM:[9,"/tmp/\377\177\t\""]"#
    );
    assert_eq!(
        entry("UNIX-STREAM", 9, &e, HexMode::NonPrintable)
            .unwrap()
            .0,
        r#"UNIX-STREAM:[9,"\x2f\x74\x6d\x70\x2f\xff\x7f\x09\x22"]"#
    );
    let d = unix_msg(1, 9, &[attr(0, b"/a\0")]);
    let e = found(scan(Query::Unix, &d, 9));
    assert_eq!(
        entry("UNIX-STREAM", 9, &e, HexMode::NonPrintable)
            .unwrap()
            .0,
        r#"UNIX-STREAM:[9,"/a"]"#
    );
    assert_eq!(
        entry("UNIX-STREAM", 9, &e, HexMode::All).unwrap().0,
        r#"UNIX-STREAM:[9,"\x2f\x61"]"#
    );
    // Nothing to say: the same text as a socket the kernel does not know, and not a full one.
    let d = unix_msg(1, 9, &[attr(2, &0u32.to_ne_bytes()), attr(0, b"")]);
    let e = found(scan(Query::Unix, &d, 9));
    assert_eq!(
        entry("UNIX-STREAM", 9, &e, HexMode::Off),
        Some((bare("UNIX-STREAM", 9), false))
    );
    assert_eq!(unix_label(1), "UNIX-STREAM");
    assert_eq!(unix_label(2), "UNIX");
    assert_eq!(unix_label(5), "UNIX");
}

#[test]
fn netlink_entries_and_their_text() {
    let mut d = netlink_msg(0, 1, 100);
    d.extend(netlink_msg(15, 23918, 200));
    d.extend(netlink_msg(0, 3564362818, 300));
    d.extend(netlink_msg(30, 5, 400));
    let t = |ino| text("NETLINK", ino as u64, &found(scan(Query::Netlink, &d, ino)));
    assert_eq!(t(200), "NETLINK:[KOBJECT_UEVENT:23918]");
    assert_eq!(t(300), "NETLINK:[ROUTE:3564362818]");
    assert_eq!(t(400), "NETLINK:[30:5]");
    assert_eq!(bare("NETLINK", 183853), "NETLINK:[183853]");
}

#[cfg(target_endian = "little")]
#[test]
fn a_reply_the_kernel_sent() {
    // netlink_diag for a NETLINK_ROUTE socket bound to port 25677, inode 217142, followed by
    // an NLMSG_DONE (added).
    let d: &[u8] = &[
        44, 0, 0, 0, 20, 0, 2, 0, 1, 0, 0, 0, 77, 100, 0, 0, 16, 3, 0, 7, 77, 100, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 54, 80, 3, 0, 130, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 3, 0, 2, 0, 1, 0, 0, 0,
        77, 100, 0, 0, 0, 0, 0, 0,
    ];
    let e = found(scan(Query::Netlink, d, 217142));
    assert_eq!(text("NETLINK", 217142, &e), "NETLINK:[ROUTE:25677]");
    assert_eq!(scan(Query::Netlink, d, 1), Step::End);
}

#[test]
fn errors_and_nonsense_end_the_scan() {
    let err = nlmsg(2, &(-2i32).to_ne_bytes());
    assert_eq!(scan(Query::Unix, &err, 9), Step::End);
    assert_eq!(scan(TCP4, &[], 9), Step::More);
    // A header cut short, a length below the header's, a length past the datagram's end.
    let good = inet_msg(AF_INET, &[1, 2, 3, 4], 1, &[0; 4], 0, 9);
    assert_eq!(scan(TCP4, &good[..10], 9), Step::End);
    let mut small = good.clone();
    small[..4].copy_from_slice(&15u32.to_ne_bytes());
    assert_eq!(scan(TCP4, &small, 9), Step::End);
    let mut long = good.clone();
    long[..4].copy_from_slice(&u32::MAX.to_ne_bytes());
    assert_eq!(scan(TCP4, &long, 9), Step::End);
    // A payload too short for its structure is not the socket.
    let short = nlmsg(20, &[2, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(scan(TCP4, &short, 0), Step::More);
    assert_eq!(scan(Query::Unix, &short, 0), Step::More);
    assert_eq!(scan(Query::Netlink, &short, 0), Step::More);
    // Other message types are skipped.
    let mut d = nlmsg(99, &[1, 2, 3]);
    d.extend(good.clone());
    assert!(matches!(scan(TCP4, &d, 9), Step::Found(_)));
}

#[test]
fn hostile_unix_attributes_are_survived() {
    // Zero-length and too-long attributes stop the attribute walk, not the program.
    let mut zero = vec![0u8, 0, 0, 0];
    zero.extend(attr(2, &5u32.to_ne_bytes()));
    let e = found(scan(Query::Unix, &unix_msg(1, 9, &[zero]), 9));
    assert_eq!(text("UNIX-STREAM", 9, &e), "UNIX-STREAM:[9]");
    let mut over = attr(0, b"/x\0");
    over[..2].copy_from_slice(&200u16.to_ne_bytes());
    let e = found(scan(Query::Unix, &unix_msg(1, 9, &[over]), 9));
    assert_eq!(text("UNIX-STREAM", 9, &e), "UNIX-STREAM:[9]");
    // A peer attribute too short for its value shows no peer.
    let e = found(scan(Query::Unix, &unix_msg(1, 9, &[attr(2, &[1, 2])]), 9));
    assert_eq!(text("UNIX-STREAM", 9, &e), "UNIX-STREAM:[9]");
}

#[test]
fn no_prefix_or_random_bytes_panic() {
    let mut d = unix_msg(1, 9, &[attr(0, b"\0x"), attr(2, &3u32.to_ne_bytes())]);
    d.extend(inet_msg(AF_INET6, &[1; 16], 1, &[2; 16], 2, 9));
    d.extend(netlink_msg(0, 1, 9));
    d.extend(done());
    let queries = [TCP4, Query::Unix, Query::Netlink];
    for end in 0..=d.len() {
        for q in queries {
            if let Step::Found(e) = scan(q, &d[..end], 9) {
                let _ = entry("X", 9, &e, HexMode::NonPrintable);
            }
        }
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2000 {
        let len = (next() % 200) as usize;
        let mut b: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        if b.len() >= 6 {
            // Mostly plausible headers, so the payload parsers get exercised too.
            let l = (next() % (len as u64 + 8)) as u32;
            b[..4].copy_from_slice(&l.to_ne_bytes());
            b[4..6].copy_from_slice(&20u16.to_ne_bytes());
        }
        for q in queries {
            let ino = if len > 24 {
                u32::from_ne_bytes([b[20], b[21], b[22], b[23]])
            } else {
                0
            };
            if let Step::Found(e) = scan(q, &b, ino) {
                let _ = entry("X", 9, &e, HexMode::Off);
            }
        }
    }
}

#[test]
fn known_names_are_strace_6_1_s() {
    let names: Vec<&str> = KNOWN.iter().map(|(n, _)| *n).collect();
    for n in [
        "TCP",
        "UDP",
        "TCPv6",
        "UDPv6",
        "UDPLITEv6",
        "UNIX",
        "UNIX-STREAM",
        "NETLINK",
    ] {
        assert!(
            KNOWN.iter().any(|(k, q)| *k == n && q.is_some()),
            "{n} is asked about"
        );
    }
    for n in ["RAW", "RAWv6", "PING", "PINGv6"] {
        assert!(
            KNOWN.iter().any(|(k, q)| *k == n && q.is_none()),
            "{n} is not asked about"
        );
    }
    // Names strace 6.1 does not know (so -yy shows socket:[inode] unless a table has it).
    for n in ["PACKET", "MPTCP", "UDP-Lite", "ALG", "KEY"] {
        assert!(!names.contains(&n), "{n}");
    }
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len());
}
