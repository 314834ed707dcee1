//! Signatures of the socket syscalls (x86_64 and aarch64 both have them as separate syscalls;
//! neither has socketcall). The decoders are in `decode::net`.

use super::{sig, sig_ret, Ret, Sig, A::*};
use crate::decode::net::{self as n, consts as c};
use crate::decode::structs as s;

pub static SIGS: &[Sig] = &[
    sig(
        "accept",
        &[
            Fd,
            Split(n::addrlen_save, n::sockaddr_out),
            Out(n::addrlen_out),
        ],
    ),
    sig(
        "accept4",
        &[
            Fd,
            Split(n::addrlen_save, n::sockaddr_out),
            Out(n::addrlen_out),
            In(n::accept4_flags),
        ],
    ),
    sig("bind", &[Fd, In(n::sockaddr_in), Int]),
    sig("connect", &[Fd, In(n::sockaddr_in), Int]),
    sig(
        "getpeername",
        &[
            Fd,
            Split(n::addrlen_save, n::sockaddr_out),
            Out(n::addrlen_out),
        ],
    ),
    sig(
        "getsockname",
        &[
            Fd,
            Split(n::addrlen_save, n::sockaddr_out),
            Out(n::addrlen_out),
        ],
    ),
    sig(
        "getsockopt",
        &[
            Fd,
            In(n::sockopt_level),
            In(n::sockopt_name),
            Split(n::getsockopt_save, n::getsockopt_val),
            Out(n::getsockopt_len),
        ],
    ),
    sig("listen", &[Fd, Int]),
    sig(
        "recvfrom",
        &[
            Fd,
            Split(n::recvfrom_entry, n::recvfrom_buf),
            Ulong,
            In(n::msg_flags),
            Out(n::sockaddr_out),
            Out(n::addrlen_out),
        ],
    ),
    sig_ret(
        "recvmmsg",
        &[
            Fd,
            Split(n::recvmmsg_entry, n::recvmmsg_exit),
            Uint,
            In(n::msg_flags),
            Out(n::mmsg_timeout),
        ],
        Ret::With(n::recvmmsg_ret),
    ),
    sig(
        "recvmsg",
        &[
            Fd,
            Split(n::recvmsg_entry, n::recvmsg_exit),
            In(n::msg_flags),
        ],
    ),
    sig(
        "sendmmsg",
        &[Fd, Out(n::sendmmsg_out), Uint, In(n::msg_flags)],
    ),
    sig("sendmsg", &[Fd, In(n::sendmsg_in), In(n::msg_flags)]),
    sig(
        "sendto",
        &[
            Fd,
            BufIn(2),
            Ulong,
            In(n::msg_flags),
            In(n::sockaddr_in),
            Int,
        ],
    ),
    sig(
        "setsockopt",
        &[
            Fd,
            In(n::sockopt_level),
            In(n::sockopt_name),
            In(n::setsockopt_val),
            Int,
        ],
    ),
    sig("shutdown", &[Fd, ConstHex(&c::SHUT_HOW)]),
    sig(
        "socket",
        &[
            ConstHex(&c::FAMILIES),
            In(n::socket_type),
            In(n::socket_protocol),
        ],
    ),
    sig(
        "socketpair",
        &[
            ConstHex(&c::FAMILIES),
            In(n::socket_type),
            Int,
            Out(s::pipe_out),
        ],
    ),
];
