//! Signatures of the clock, time, interval timer, POSIX timer and timerfd syscalls.

use super::{sig, sig_ret, Ret, Sig, A::*};
use crate::decode::{consts as c, procconsts as pc, structs as s, time as t};

pub static SIGS: &[Sig] = &[
    sig("adjtimex", &[Ptr]),
    sig("clock_adjtime", &[In(t::clock_id), Ptr]),
    sig("clock_getres", &[In(t::clock_id), Out(s::timespec_out)]),
    sig("clock_gettime", &[In(t::clock_id), Out(s::timespec_out)]),
    sig(
        "clock_nanosleep",
        &[
            In(t::clock_id),
            Flags(&c::TIMER_FLAGS),
            In(s::timespec_in),
            Out(s::timespec_out_rem),
        ],
    ),
    sig("clock_settime", &[In(t::clock_id), In(s::timespec_in)]),
    sig(
        "getitimer",
        &[ConstHex(&c::ITIMER_WHICH), Out(t::itimerval_out)],
    ),
    sig("gettimeofday", &[Out(t::timeval_out), Out(t::timezone_out)]),
    sig(
        "setitimer",
        &[
            ConstHex(&c::ITIMER_WHICH),
            In(t::itimerval_in),
            Out(t::itimerval_out),
        ],
    ),
    sig("settimeofday", &[In(t::timeval_in), In(t::timezone_in)]),
    sig_ret("time", &[Out(t::time_out)], Ret::With(t::time_ret)),
    sig(
        "timer_create",
        &[In(t::clock_id), In(t::sigevent_in), Out(t::int_out)],
    ),
    sig("timer_delete", &[Int]),
    sig("timer_getoverrun", &[Int]),
    sig("timer_gettime", &[Int, Out(t::itimerspec_out)]),
    sig(
        "timer_settime",
        &[
            Int,
            Flags(&c::TIMER_FLAGS),
            In(t::itimerspec_in),
            Out(t::itimerspec_out),
        ],
    ),
    sig("timerfd_create", &[In(t::clock_id), Flags(&pc::TFD_FLAGS)]),
    sig("timerfd_gettime", &[Fd, Out(t::itimerspec_out)]),
    sig(
        "timerfd_settime",
        &[
            Fd,
            Flags(&pc::TFD_TIMER_FLAGS),
            In(t::itimerspec_in),
            Out(t::itimerspec_out),
        ],
    ),
    sig("times", &[Out(t::tms_out)]),
];
