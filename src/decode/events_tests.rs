//! Golden lines for epoll (packed events on x86_64, padded on aarch64), select, pselect6 and
//! ppoll, as strace 6.1 printed them.

use super::super::golden::*;
use crate::decode::FakeMem;

fn event_x86(events: u32, data: u64) -> Vec<u8> {
    Bytes::new().u32(events).u64(data).0
}

fn event_arm(events: u32, data: u64) -> Vec<u8> {
    Bytes::new().u32(events).u32(0).u64(data).0
}

#[test]
fn epoll_ctl_on_both_layouts() {
    let mut x = FakeMem::new();
    x.map(P, &event_x86(0x8000_0001, 3));
    x.map(Q, &event_x86(5, 0x1_0000_0005));
    assert_eq!(
        x86("epoll_ctl", &[6, 1, 8, P], 0, &mut x),
        "epoll_ctl(6, EPOLL_CTL_ADD, 8, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0"
    );
    assert_eq!(
        x86("epoll_ctl", &[6, 1, 7, Q], 0, &mut x),
        "epoll_ctl(6, EPOLL_CTL_ADD, 7, {events=EPOLLIN|EPOLLOUT, data={u32=5, u64=4294967301}}) = 0"
    );
    assert_eq!(
        x86("epoll_ctl", &[6, 2, 7, 0], 0, &mut x),
        "epoll_ctl(6, EPOLL_CTL_DEL, 7, NULL) = 0"
    );
    let mut a = FakeMem::new();
    a.map(Q, &event_arm(5, 0x1_0000_0005));
    assert_eq!(
        arm("epoll_ctl", &[6, 1, 7, Q], 0, &mut a),
        "epoll_ctl(6, EPOLL_CTL_ADD, 7, {events=EPOLLIN|EPOLLOUT, data={u32=5, u64=4294967301}}) = 0"
    );
}

#[test]
fn epoll_wait_shows_the_returned_events() {
    let mut x = FakeMem::new();
    let mut evs = event_x86(1, 7);
    evs.extend(event_x86(5, 0x1_0000_0005));
    x.map(P, &evs);
    assert_eq!(
        x86("epoll_wait", &[3, P, 4, 0], 2, &mut x),
        "epoll_wait(3, [{events=EPOLLIN, data={u32=7, u64=7}}, {events=EPOLLIN|EPOLLOUT, data={u32=5, u64=4294967301}}], 4, 0) = 2"
    );
    assert_eq!(
        x86("epoll_wait", &[3, P, 4, 0], 0, &mut x),
        "epoll_wait(3, [], 4, 0) = 0"
    );
    assert_eq!(
        x86("epoll_wait", &[3, P, 4, 0], -4, &mut x),
        "epoll_wait(3, 0x7ffd1000, 4, 0) = -1 EINTR (Interrupted system call)"
    );
    let mut a = FakeMem::new();
    let mut evs = event_arm(1, 7);
    evs.extend(event_arm(5, 0x1_0000_0005));
    a.map(P, &evs).map(Q, &0u64.to_le_bytes());
    assert_eq!(
        arm("epoll_pwait", &[3, P, 4, 0, Q, 8], 2, &mut a),
        "epoll_pwait(3, [{events=EPOLLIN, data={u32=7, u64=7}}, {events=EPOLLIN|EPOLLOUT, data={u32=5, u64=4294967301}}], 4, 0, [], 8) = 2"
    );
    a.map(R, &Bytes::new().u64(0).u64(1000).0);
    assert_eq!(
        arm("epoll_pwait2", &[11, P, 2, R, 0, 8], 0, &mut a),
        "epoll_pwait2(11, [], 2, {tv_sec=0, tv_nsec=1000}, NULL, 8) = 0"
    );
}

#[test]
fn select_and_pselect6() {
    let mut m = FakeMem::new();
    // The sets as the kernel leaves them: 3 ready for reading.
    m.map(P, &0x8u64.to_le_bytes());
    m.map(R, &Bytes::new().u64(1).u64(2).0);
    assert_eq!(
        x86("select", &[5, P, 0, 0, R], 1, &mut m),
        "select(5, [3], NULL, NULL, {tv_sec=1, tv_usec=2}) = 1 (in [3], left {tv_sec=1, tv_usec=2})"
    );
    m.map(Q, &0x10u64.to_le_bytes());
    assert_eq!(
        x86("select", &[5, Q, 0, 0, R], 0, &mut m),
        "select(5, [4], NULL, NULL, {tv_sec=1, tv_usec=2}) = 0 (Timeout)"
    );
    assert_eq!(
        x86("select", &[0, 0, 0, 0, R], 0, &mut m),
        "select(0, NULL, NULL, NULL, {tv_sec=1, tv_usec=2}) = 0 (Timeout)"
    );
    let mut p = FakeMem::new();
    p.map(P, &0x80u64.to_le_bytes())
        .map(Q, &0u64.to_le_bytes())
        .map(R, &Bytes::new().u64(0).u64(0).0)
        .map(R + 0x100, &Bytes::new().u64(R + 0x200).u64(8).0)
        .map(R + 0x200, &0x200u64.to_le_bytes());
    assert_eq!(
        arm("pselect6", &[8, P, Q, 0, R, 0], 1, &mut p),
        "pselect6(8, [7], [], NULL, {tv_sec=0, tv_nsec=0}, NULL) = 1 (in [7], left {tv_sec=0, tv_nsec=0})"
    );
    assert_eq!(
        x86("pselect6", &[8, P, 0, 0, R, R + 0x100], 1, &mut p),
        "pselect6(8, [7], NULL, NULL, {tv_sec=0, tv_nsec=0}, {sigmask=[USR1], sigsetsize=8}) = 1 (in [7], left {tv_sec=0, tv_nsec=0})"
    );
}

#[test]
fn ppoll_results() {
    let mut m = FakeMem::new();
    m.map(P, &Bytes::new().u32(8).u16(1).u16(1).u32(9).u16(4).u16(4).0);
    m.map(Q, &Bytes::new().u64(0).u64(0).0)
        .map(R, &0x200u64.to_le_bytes());
    assert_eq!(
        x86("ppoll", &[P, 2, Q, R, 8], 2, &mut m),
        "ppoll([{fd=8, events=POLLIN}, {fd=9, events=POLLOUT}], 2, {tv_sec=0, tv_nsec=0}, [USR1], 8) = 2 ([{fd=8, revents=POLLIN}, {fd=9, revents=POLLOUT}], left {tv_sec=0, tv_nsec=0})"
    );
    assert_eq!(
        arm("ppoll", &[P, 1, 0, 0, 8], 1, &mut m),
        "ppoll([{fd=8, events=POLLIN}], 1, NULL, NULL, 8) = 1 ([{fd=8, revents=POLLIN}])"
    );
    assert_eq!(
        x86("ppoll", &[P, 1, Q, 0, 8], 0, &mut m),
        "ppoll([{fd=8, events=POLLIN}], 1, {tv_sec=0, tv_nsec=0}, NULL, 8) = 0 (Timeout)"
    );
}

#[test]
fn inotify_and_eventfd() {
    let mut m = FakeMem::new();
    m.map_str(P, "/tmp");
    assert_eq!(
        x86("inotify_init1", &[0o2004000], 12, &mut m),
        "inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = 12"
    );
    assert_eq!(
        arm("inotify_add_watch", &[12, P, 0x100_0300], 1, &mut m),
        r#"inotify_add_watch(12, "/tmp", IN_CREATE|IN_DELETE|IN_ONLYDIR) = 1"#
    );
    assert_eq!(
        x86("inotify_rm_watch", &[12, 1], 0, &mut m),
        "inotify_rm_watch(12, 1) = 0"
    );
    assert_eq!(x86("eventfd", &[3], 7, &mut m), "eventfd(3) = 7");
}
