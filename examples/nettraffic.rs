//! Test helper: one process that exercises the socket syscalls on loopback, for the comparison
//! of rtrace's trace with strace's (tests/net.rs). Deterministic: fixed ports (47100-47199), a
//! fixed client port, fixed socket paths, no randomness; the TCP client closes with SO_LINGER
//! {1, 0} (a reset), so no TIME_WAIT is left to disturb the next run. Built without Rust's
//! runtime start-up (`no_main`), so its syscalls are as deterministic as a C program's.
//!
//! It covers: TCP (socket, setsockopt, bind, listen, connect, accept4, sendto/recvfrom,
//! getsockname/getpeername, getsockopt, shutdown), UDP (sendto/recvfrom, sendmmsg/recvmmsg,
//! sendmsg/recvmsg with a name), AF_INET6 on ::1 (which fails the same way under both tracers
//! where IPv6 is off), a unix socketpair passing a file descriptor and credentials
//! (SCM_RIGHTS, SCM_CREDENTIALS), a named and an abstract AF_UNIX socket, and netlink.

#![no_main]

use libc::{c_int, c_void, sockaddr, socklen_t};
use std::mem::{size_of, zeroed};
use std::ptr::{null, null_mut};

const LOOPBACK: u32 = 0x7f00_0001;
const TCP_PORT: u16 = 47101;
const CLIENT_PORT: u16 = 47102;
const UDP_PORT: u16 = 47103;
const UDP6_PORT: u16 = 47104;
const UNIX_PATH: &[u8] = b"/tmp/rtrace-nettraffic.sock\0";
const ABSTRACT: &[u8] = b"\0rtrace-nettraffic";

fn sin(port: u16) -> libc::sockaddr_in {
    // SAFETY: sockaddr_in is plain data; all-zero is valid.
    let mut a: libc::sockaddr_in = unsafe { zeroed() };
    a.sin_family = libc::AF_INET as libc::sa_family_t;
    a.sin_port = port.to_be();
    a.sin_addr.s_addr = LOOPBACK.to_be();
    a
}

fn sun(path: &[u8]) -> (libc::sockaddr_un, socklen_t) {
    // SAFETY: sockaddr_un is plain data; all-zero is valid.
    let mut a: libc::sockaddr_un = unsafe { zeroed() };
    a.sun_family = libc::AF_UNIX as libc::sa_family_t;
    for (d, s) in a.sun_path.iter_mut().zip(path) {
        *d = *s as libc::c_char;
    }
    let len = size_of::<libc::sa_family_t>() + path.len();
    (a, len as socklen_t)
}

fn sa<T>(a: &T) -> *const sockaddr {
    (a as *const T).cast()
}

fn sa_mut<T>(a: &mut T) -> *mut sockaddr {
    (a as *mut T).cast()
}

fn len_of<T>() -> socklen_t {
    size_of::<T>() as socklen_t
}

/// Sets an int socket option.
unsafe fn set_int(fd: c_int, level: c_int, name: c_int, v: c_int) {
    libc::setsockopt(
        fd,
        level,
        name,
        (&v as *const c_int).cast(),
        len_of::<c_int>(),
    );
}

unsafe fn tcp() {
    let one: c_int = 1;
    let l = libc::socket(
        libc::AF_INET,
        libc::SOCK_STREAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
        0,
    );
    set_int(l, libc::SOL_SOCKET, libc::SO_REUSEADDR, one);
    let addr = sin(TCP_PORT);
    libc::bind(l, sa(&addr), len_of::<libc::sockaddr_in>());
    libc::listen(l, 8);

    let c = libc::socket(libc::AF_INET, libc::SOCK_STREAM, libc::IPPROTO_TCP);
    set_int(c, libc::SOL_SOCKET, libc::SO_REUSEADDR, one);
    let local = sin(CLIENT_PORT);
    libc::bind(c, sa(&local), len_of::<libc::sockaddr_in>());
    set_int(c, libc::IPPROTO_TCP, libc::TCP_NODELAY, one);
    libc::connect(c, sa(&addr), len_of::<libc::sockaddr_in>());

    let mut peer: libc::sockaddr_in = zeroed();
    let mut plen = len_of::<libc::sockaddr_in>();
    let s = libc::accept4(l, sa_mut(&mut peer), &mut plen, libc::SOCK_CLOEXEC);

    let mut name: libc::sockaddr_storage = zeroed();
    let mut nlen = len_of::<libc::sockaddr_storage>();
    libc::getsockname(c, sa_mut(&mut name), &mut nlen);
    nlen = len_of::<libc::sockaddr_in>();
    libc::getpeername(s, sa_mut(&mut name), &mut nlen);

    let mut err: c_int = -1;
    let mut elen = len_of::<c_int>();
    libc::getsockopt(
        c,
        libc::SOL_SOCKET,
        libc::SO_ERROR,
        (&mut err as *mut c_int).cast(),
        &mut elen,
    );
    let mut ty: c_int = 0;
    let mut tlen: socklen_t = 8;
    libc::getsockopt(
        c,
        libc::SOL_SOCKET,
        libc::SO_TYPE,
        (&mut ty as *mut c_int).cast(),
        &mut tlen,
    );

    let msg = b"hello over tcp";
    libc::send(c, msg.as_ptr().cast(), msg.len(), libc::MSG_NOSIGNAL);
    let mut buf = [0u8; 64];
    libc::recv(s, buf.as_mut_ptr().cast(), buf.len(), 0);
    libc::recv(s, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT);
    libc::shutdown(c, libc::SHUT_WR);
    libc::recv(s, buf.as_mut_ptr().cast(), buf.len(), 0);

    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    libc::setsockopt(
        c,
        libc::SOL_SOCKET,
        libc::SO_LINGER,
        (&linger as *const libc::linger).cast(),
        len_of::<libc::linger>(),
    );
    libc::close(c);
    libc::close(s);
    // Nobody is connecting: the listener is non-blocking, this fails at once.
    libc::accept4(l, null_mut(), null_mut(), libc::SOCK_NONBLOCK);
    libc::close(l);
}

unsafe fn udp() {
    let u = libc::socket(
        libc::AF_INET,
        libc::SOCK_DGRAM | libc::SOCK_NONBLOCK,
        libc::IPPROTO_UDP,
    );
    let addr = sin(UDP_PORT);
    libc::bind(u, sa(&addr), len_of::<libc::sockaddr_in>());
    let ping = b"ping";
    libc::sendto(
        u,
        ping.as_ptr().cast(),
        ping.len(),
        0,
        sa(&addr),
        len_of::<libc::sockaddr_in>(),
    );
    let mut buf = [0u8; 32];
    let mut from: libc::sockaddr_storage = zeroed();
    let mut flen = len_of::<libc::sockaddr_storage>();
    libc::recvfrom(
        u,
        buf.as_mut_ptr().cast(),
        buf.len(),
        0,
        sa_mut(&mut from),
        &mut flen,
    );
    libc::recvfrom(
        u,
        buf.as_mut_ptr().cast(),
        buf.len(),
        0,
        sa_mut(&mut from),
        &mut flen,
    );

    // sendmsg/recvmsg with a name and two buffers.
    let mut parts = [*b"one ", *b"two "];
    let mut iov = [
        libc::iovec {
            iov_base: parts[0].as_mut_ptr().cast(),
            iov_len: 4,
        },
        libc::iovec {
            iov_base: parts[1].as_mut_ptr().cast(),
            iov_len: 4,
        },
    ];
    let mut m: libc::msghdr = zeroed();
    m.msg_name = (&addr as *const libc::sockaddr_in as *mut libc::sockaddr_in).cast();
    m.msg_namelen = len_of::<libc::sockaddr_in>();
    m.msg_iov = iov.as_mut_ptr();
    m.msg_iovlen = 2;
    libc::sendmsg(u, &m, 0);
    let mut riov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let mut r: libc::msghdr = zeroed();
    r.msg_name = sa_mut(&mut from).cast();
    r.msg_namelen = len_of::<libc::sockaddr_storage>();
    r.msg_iov = &mut riov;
    r.msg_iovlen = 1;
    libc::recvmsg(u, &mut r, 0);
    r.msg_namelen = len_of::<libc::sockaddr_storage>();
    libc::recvmsg(u, &mut r, 0);

    // Two messages at once each way.
    let mut out: [libc::mmsghdr; 2] = zeroed();
    for (k, o) in out.iter_mut().enumerate() {
        o.msg_hdr.msg_name = m.msg_name;
        o.msg_hdr.msg_namelen = m.msg_namelen;
        o.msg_hdr.msg_iov = iov.as_mut_ptr().add(k);
        o.msg_hdr.msg_iovlen = 1;
    }
    libc::sendmmsg(u, out.as_mut_ptr(), 2, 0);
    let mut b1 = [0u8; 8];
    let mut b2 = [0u8; 8];
    let mut riovs = [
        libc::iovec {
            iov_base: b1.as_mut_ptr().cast(),
            iov_len: 8,
        },
        libc::iovec {
            iov_base: b2.as_mut_ptr().cast(),
            iov_len: 8,
        },
    ];
    let mut names: [libc::sockaddr_in; 2] = zeroed();
    let mut inn: [libc::mmsghdr; 3] = zeroed();
    for k in 0..2 {
        inn[k].msg_hdr.msg_name = sa_mut(&mut names[k]).cast();
        inn[k].msg_hdr.msg_namelen = len_of::<libc::sockaddr_in>();
        inn[k].msg_hdr.msg_iov = riovs.as_mut_ptr().add(k);
        inn[k].msg_hdr.msg_iovlen = 1;
    }
    inn[2] = inn[1];
    libc::recvmmsg(u, inn.as_mut_ptr(), 3, libc::MSG_DONTWAIT, null_mut());
    libc::close(u);
}

unsafe fn udp6() {
    let u = libc::socket(libc::AF_INET6, libc::SOCK_DGRAM, 0);
    let mut a: libc::sockaddr_in6 = zeroed();
    a.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    a.sin6_port = UDP6_PORT.to_be();
    a.sin6_addr.s6_addr[15] = 1;
    libc::bind(u, sa(&a), len_of::<libc::sockaddr_in6>());
    let ping = b"ping6";
    libc::sendto(
        u,
        ping.as_ptr().cast(),
        ping.len(),
        0,
        sa(&a),
        len_of::<libc::sockaddr_in6>(),
    );
    let mut buf = [0u8; 16];
    let mut from: libc::sockaddr_in6 = zeroed();
    let mut flen = len_of::<libc::sockaddr_in6>();
    libc::recvfrom(
        u,
        buf.as_mut_ptr().cast(),
        buf.len(),
        libc::MSG_DONTWAIT,
        sa_mut(&mut from),
        &mut flen,
    );
    libc::close(u);
}

unsafe fn unix_pair() {
    let mut sv = [0 as c_int; 2];
    libc::socketpair(
        libc::AF_UNIX,
        libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
        0,
        sv.as_mut_ptr(),
    );
    set_int(sv[1], libc::SOL_SOCKET, libc::SO_PASSCRED, 1);
    let fd = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);

    // A file descriptor and credentials in one message.
    let mut data = *b"fd";
    let mut iov = libc::iovec {
        iov_base: data.as_mut_ptr().cast(),
        iov_len: 2,
    };
    let mut control = [0u64; 8];
    let rights = libc::CMSG_SPACE(size_of::<c_int>() as u32) as usize;
    let creds = libc::CMSG_SPACE(size_of::<libc::ucred>() as u32) as usize;
    let mut m: libc::msghdr = zeroed();
    m.msg_iov = &mut iov;
    m.msg_iovlen = 1;
    m.msg_control = control.as_mut_ptr().cast();
    m.msg_controllen = rights + creds;
    let c = libc::CMSG_FIRSTHDR(&m);
    (*c).cmsg_level = libc::SOL_SOCKET;
    (*c).cmsg_type = libc::SCM_RIGHTS;
    (*c).cmsg_len = libc::CMSG_LEN(size_of::<c_int>() as u32) as usize;
    *libc::CMSG_DATA(c).cast::<c_int>() = fd;
    let c = libc::CMSG_NXTHDR(&m, c);
    (*c).cmsg_level = libc::SOL_SOCKET;
    (*c).cmsg_type = libc::SCM_CREDENTIALS;
    (*c).cmsg_len = libc::CMSG_LEN(size_of::<libc::ucred>() as u32) as usize;
    let cred = libc::ucred {
        pid: libc::getpid(),
        uid: libc::getuid(),
        gid: libc::getgid(),
    };
    *libc::CMSG_DATA(c).cast::<libc::ucred>() = cred;
    libc::sendmsg(sv[0], &m, 0);

    let mut buf = [0u8; 16];
    let mut riov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let mut rcontrol = [0u64; 16];
    let mut r: libc::msghdr = zeroed();
    r.msg_iov = &mut riov;
    r.msg_iovlen = 1;
    r.msg_control = rcontrol.as_mut_ptr().cast();
    r.msg_controllen = size_of::<[u64; 16]>();
    libc::recvmsg(sv[1], &mut r, libc::MSG_CMSG_CLOEXEC);
    // Nothing more to read.
    r.msg_controllen = size_of::<[u64; 16]>();
    libc::recvmsg(sv[1], &mut r, libc::MSG_DONTWAIT);
    let mut c = libc::CMSG_FIRSTHDR(&r);
    while !c.is_null() {
        if (*c).cmsg_type == libc::SCM_RIGHTS {
            libc::close(*libc::CMSG_DATA(c).cast::<c_int>());
        }
        c = libc::CMSG_NXTHDR(&r, c);
    }
    libc::close(sv[0]);
    libc::close(sv[1]);
    libc::close(fd);
}

unsafe fn unix_named() {
    libc::unlink(UNIX_PATH.as_ptr().cast());
    let (a, alen) = sun(UNIX_PATH);
    let l = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 0);
    libc::bind(l, sa(&a), alen);
    libc::listen(l, 1);
    let c = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_NONBLOCK, 0);
    libc::connect(c, sa(&a), alen);
    let mut peer: libc::sockaddr_un = zeroed();
    let mut plen = len_of::<libc::sockaddr_un>();
    let s = libc::accept(l, sa_mut(&mut peer), &mut plen);
    plen = len_of::<libc::sockaddr_un>();
    libc::getsockname(s, sa_mut(&mut peer), &mut plen);
    plen = len_of::<libc::sockaddr_un>();
    libc::getpeername(c, sa_mut(&mut peer), &mut plen);
    libc::close(s);
    libc::close(c);
    libc::close(l);
    libc::unlink(UNIX_PATH.as_ptr().cast());
}

unsafe fn unix_abstract() {
    let (a, alen) = sun(ABSTRACT);
    let r = libc::socket(libc::AF_UNIX, libc::SOCK_DGRAM, 0);
    libc::bind(r, sa(&a), alen);
    let s = libc::socket(libc::AF_UNIX, libc::SOCK_DGRAM, 0);
    let msg = b"abstract";
    libc::sendto(s, msg.as_ptr().cast(), msg.len(), 0, sa(&a), alen);
    let mut buf = [0u8; 16];
    let mut from: libc::sockaddr_un = zeroed();
    let mut flen = len_of::<libc::sockaddr_un>();
    libc::recvfrom(
        r,
        buf.as_mut_ptr().cast(),
        buf.len(),
        0,
        sa_mut(&mut from),
        &mut flen,
    );
    flen = len_of::<libc::sockaddr_un>();
    libc::getsockname(r, sa_mut(&mut from), &mut flen);
    libc::close(s);
    libc::close(r);
}

unsafe fn netlink() {
    let n = libc::socket(
        libc::AF_NETLINK,
        libc::SOCK_RAW | libc::SOCK_CLOEXEC,
        libc::NETLINK_ROUTE,
    );
    let mut a: libc::sockaddr_nl = zeroed();
    a.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    libc::bind(n, sa(&a), len_of::<libc::sockaddr_nl>());
    let mut alen = len_of::<libc::sockaddr_nl>();
    libc::getsockname(n, sa_mut(&mut a), &mut alen);
    libc::close(n);
}

#[no_mangle]
extern "C" fn main() -> c_int {
    // SAFETY: every call gets pointers to live, properly sized locals; the descriptors are the
    // helper's own.
    unsafe {
        // getpid's result lets the test's normalisation hide the pid (netlink port, ucred).
        libc::getpid();
        tcp();
        udp();
        udp6();
        unix_pair();
        unix_named();
        unix_abstract();
        netlink();
        // Errors strace and rtrace show the same way.
        libc::socket(libc::AF_INET, 0x7f, 0);
        libc::connect(-1, null(), 0);
        libc::sendto(-1, null::<c_void>(), 0, 0, null(), 0);
    }
    0
}
