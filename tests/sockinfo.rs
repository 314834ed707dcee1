//! `-yy` socket descriptions of real sockets, opened in this test process and described through
//! /proc/self/fd and sock_diag, against the forms strace 6.1 prints for the same kinds of socket
//! (checked by hand with `strace -yy` on python and nettraffic sockets: see the module docs of
//! `rtrace::tracer::sockinfo`).

use rtrace::decode::HexMode;
use rtrace::tracer::sockinfo::{describe, describe_with, Memo};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::AsRawFd;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::{SocketAddr, UnixDatagram, UnixListener, UnixStream};

fn ino(fd: &impl AsRawFd) -> u64 {
    let fd = fd.as_raw_fd();
    let link = std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
    let ino = std::fs::metadata(format!("/proc/self/fd/{fd}"))
        .unwrap()
        .ino();
    assert_eq!(link.to_string_lossy(), format!("socket:[{ino}]"));
    ino
}

fn desc(fd: &impl AsRawFd) -> String {
    let pid = std::process::id() as i32;
    describe(pid, fd.as_raw_fd(), ino(fd)).expect("a description")
}

fn port(a: std::net::SocketAddr) -> u16 {
    a.port()
}

#[test]
fn tcp_listener_and_connected_pair() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let lp = port(l.local_addr().unwrap());
    assert_eq!(desc(&l), format!("TCP:[127.0.0.1:{lp}]"));
    let c = TcpStream::connect(("127.0.0.1", lp)).unwrap();
    let (a, _) = l.accept().unwrap();
    let cp = port(c.local_addr().unwrap());
    assert_eq!(desc(&c), format!("TCP:[127.0.0.1:{cp}->127.0.0.1:{lp}]"));
    assert_eq!(desc(&a), format!("TCP:[127.0.0.1:{lp}->127.0.0.1:{cp}]"));
}

#[test]
fn udp_bound_and_connected() {
    let u = UdpSocket::bind("127.0.0.1:0").unwrap();
    let up = port(u.local_addr().unwrap());
    assert_eq!(desc(&u), format!("UDP:[127.0.0.1:{up}]"));
    u.connect("127.0.0.1:9").unwrap();
    assert_eq!(desc(&u), format!("UDP:[127.0.0.1:{up}->127.0.0.1:9]"));
    let any = UdpSocket::bind("0.0.0.0:0").unwrap();
    let ap = port(any.local_addr().unwrap());
    assert_eq!(desc(&any), format!("UDP:[0.0.0.0:{ap}]"));
}

#[test]
fn ipv6_when_available() {
    let Ok(u) = UdpSocket::bind("[::1]:0") else {
        eprintln!("SKIPPED ipv6_when_available: cannot bind [::1] (no IPv6 here)");
        return;
    };
    let up = port(u.local_addr().unwrap());
    assert_eq!(desc(&u), format!("UDPv6:[[::1]:{up}]"));
    u.connect("[::1]:9").unwrap();
    assert_eq!(desc(&u), format!("UDPv6:[[::1]:{up}->[::1]:9]"));

    let l = TcpListener::bind("[::1]:0").unwrap();
    let lp = port(l.local_addr().unwrap());
    assert_eq!(desc(&l), format!("TCPv6:[[::1]:{lp}]"));
    let c = TcpStream::connect(("::1", lp)).unwrap();
    let (a, _) = l.accept().unwrap();
    let cp = port(c.local_addr().unwrap());
    assert_eq!(desc(&c), format!("TCPv6:[[::1]:{cp}->[::1]:{lp}]"));
    assert_eq!(desc(&a), format!("TCPv6:[[::1]:{lp}->[::1]:{cp}]"));

    // A dual-stack listener that accepts an IPv4 client sees it as IPv4-mapped.
    let Ok(l) = TcpListener::bind("[::]:0") else {
        eprintln!("SKIPPED ipv6_when_available (mapped part): cannot bind [::]");
        return;
    };
    let lp = port(l.local_addr().unwrap());
    assert_eq!(desc(&l), format!("TCPv6:[[::]:{lp}]"));
    if let Ok(c) = TcpStream::connect(("127.0.0.1", lp)) {
        let (a, _) = l.accept().unwrap();
        let cp = port(c.local_addr().unwrap());
        assert_eq!(
            desc(&a),
            format!("TCPv6:[[::ffff:127.0.0.1]:{lp}->[::ffff:127.0.0.1]:{cp}]")
        );
    } else {
        eprintln!("SKIPPED ipv6_when_available (mapped part): [::] listener is IPv6-only");
    }
}

#[test]
fn unix_pairs() {
    let (a, b) = UnixStream::pair().unwrap();
    let (ia, ib) = (ino(&a), ino(&b));
    assert_eq!(desc(&a), format!("UNIX-STREAM:[{ia}->{ib}]"));
    assert_eq!(desc(&b), format!("UNIX-STREAM:[{ib}->{ia}]"));
    let (a, b) = UnixDatagram::pair().unwrap();
    let (ia, ib) = (ino(&a), ino(&b));
    assert_eq!(desc(&a), format!("UNIX:[{ia}->{ib}]"));
    // A peer that has gone is not shown.
    let (a, b) = UnixStream::pair().unwrap();
    drop(b);
    assert_eq!(desc(&a), format!("UNIX-STREAM:[{}]", ino(&a)));
    let u = UnixDatagram::unbound().unwrap();
    assert_eq!(desc(&u), format!("UNIX:[{}]", ino(&u)));
}

#[test]
fn unix_bound_path_and_accepted() {
    let dir = std::env::temp_dir().join(format!("rtrace-sockinfo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("listen \"q\".sock");
    let l = UnixListener::bind(&path).unwrap();
    let il = ino(&l);
    let shown = path.display().to_string().replace('"', "\\\"");
    assert_eq!(desc(&l), format!("UNIX-STREAM:[{il},\"{shown}\"]"));
    let c = UnixStream::connect(&path).unwrap();
    let (a, _) = l.accept().unwrap();
    let (ic, ia) = (ino(&c), ino(&a));
    assert_eq!(desc(&c), format!("UNIX-STREAM:[{ic}->{ia}]"));
    assert_eq!(desc(&a), format!("UNIX-STREAM:[{ia}->{ic},\"{shown}\"]"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unix_abstract_and_hex_styles() {
    let name = format!("rtrace-sockinfo-{}\x01", std::process::id());
    let addr = SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
    let u = UnixDatagram::bind_addr(&addr).unwrap();
    let iu = ino(&u);
    let pid = std::process::id() as i32;
    let plain = name.trim_end_matches('\x01');
    assert_eq!(desc(&u), format!("UNIX:[{iu},@\"{plain}\\1\"]"));
    let hex: String = name.bytes().map(|b| format!("\\x{b:02x}")).collect();
    for mode in [HexMode::NonPrintable, HexMode::All] {
        assert_eq!(
            describe_with(pid, u.as_raw_fd(), iu, mode).unwrap(),
            format!("UNIX:[{iu},@\"{hex}\"]")
        );
    }
}

#[test]
fn netlink_unbound_and_bound() {
    let s = rtrace::sys::netlink_socket(0).unwrap();
    assert_eq!(desc(&s), format!("NETLINK:[{}]", ino(&s)));
    let portid = rtrace::sys::netlink_bind(&s, 0).unwrap();
    assert_eq!(desc(&s), format!("NETLINK:[ROUTE:{portid}]"));
    let s = rtrace::sys::netlink_socket(15).unwrap();
    let portid = rtrace::sys::netlink_bind(&s, 0).unwrap();
    assert_eq!(desc(&s), format!("NETLINK:[KOBJECT_UEVENT:{portid}]"));
}

#[test]
fn not_a_socket_or_gone() {
    let pid = std::process::id() as i32;
    let f = std::fs::File::open("/proc/self/stat").unwrap();
    let i = std::fs::metadata("/proc/self/stat").unwrap().ino();
    assert_eq!(describe(pid, f.as_raw_fd(), i), None);
    // A descriptor that is not open: no protocol name, and no table has the inode.
    assert_eq!(describe(pid, 99_999, 4_000_000_000), None);
}

#[test]
fn memo_keeps_the_first_full_answer_as_strace_does() {
    let pid = std::process::id() as i32;
    let mut memo = Memo::new();
    let u = UdpSocket::bind("127.0.0.1:0").unwrap();
    let up = port(u.local_addr().unwrap());
    let iu = ino(&u);
    let first = memo.describe(pid, u.as_raw_fd(), iu, HexMode::Off);
    assert_eq!(first, Some(format!("UDP:[127.0.0.1:{up}]")));
    u.connect("127.0.0.1:9").unwrap();
    assert_eq!(memo.describe(pid, u.as_raw_fd(), iu, HexMode::Off), first);
    // A bare answer is not kept: the socket is asked about again next time.
    let (a, b) = UnixStream::pair().unwrap();
    drop(b);
    let ia = ino(&a);
    assert_eq!(
        memo.describe(pid, a.as_raw_fd(), ia, HexMode::Off),
        Some(format!("UNIX-STREAM:[{ia}]"))
    );
    assert_eq!(memo.get(ia), None);
}

#[test]
fn another_network_namespace_shows_the_inode_only() {
    // A thread may enter a new network namespace alone; its sockets are in that namespace but
    // in this process's descriptor table, where sock_diag from this namespace cannot see them.
    let made = std::thread::spawn(|| {
        nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNET).ok()?;
        let u = UdpSocket::bind("0.0.0.0:0").ok()?;
        let (a, b) = UnixStream::pair().ok()?;
        Some((u, a, b))
    })
    .join()
    .unwrap();
    let Some((u, a, _b)) = made else {
        eprintln!(
            "SKIPPED another_network_namespace_shows_the_inode_only: cannot unshare(CLONE_NEWNET)"
        );
        return;
    };
    assert_eq!(desc(&u), format!("UDP:[{}]", ino(&u)));
    assert_eq!(desc(&a), format!("UNIX-STREAM:[{}]", ino(&a)));
}
