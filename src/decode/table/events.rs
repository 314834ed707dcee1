//! Signatures of the event-waiting syscalls: epoll, select, pselect6, ppoll, eventfd.

use super::{sig, sig_ret, Ret, Sig, A::*};
use crate::decode::{consts as c, events as e, structs as s};

pub static SIGS: &[Sig] = &[
    sig(
        "epoll_ctl",
        &[Fd, Const(&c::EPOLL_CTL_OPS), Fd, In(e::epoll_event_in)],
    ),
    sig(
        "epoll_pwait",
        &[Fd, Out(e::epoll_events_out), Int, Int, SigsetIn(5), Ulong],
    ),
    sig(
        "epoll_pwait2",
        &[
            Fd,
            Out(e::epoll_events_out),
            Int,
            In(s::timespec_in),
            SigsetIn(5),
            Ulong,
        ],
    ),
    sig("epoll_wait", &[Fd, Out(e::epoll_events_out), Int, Int]),
    sig("eventfd", &[Uint]),
    sig_ret(
        "ppoll",
        &[
            In(s::pollfds_in),
            Uint,
            In(s::timespec_in),
            SigsetIn(4),
            Ulong,
        ],
        Ret::With(e::ppoll_ret),
    ),
    sig_ret(
        "pselect6",
        &[
            Int,
            In(e::fdset_in),
            In(e::fdset_in),
            In(e::fdset_in),
            In(s::timespec_in),
            In(e::pselect_sigmask_in),
        ],
        Ret::With(e::select_ret_timespec),
    ),
    sig_ret(
        "select",
        &[
            Int,
            In(e::fdset_in),
            In(e::fdset_in),
            In(e::fdset_in),
            In(crate::decode::time::timeval_in),
        ],
        Ret::With(e::select_ret_timeval),
    ),
];
