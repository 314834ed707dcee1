//! The socket syscalls against /usr/bin/strace: `examples/nettraffic.rs` (TCP, UDP, IPv6,
//! unix sockets with SCM_RIGHTS and SCM_CREDENTIALS, abstract names, netlink, sendmmsg and
//! recvmmsg, socket options) is traced by both, and after normalisation (pids, addresses) every
//! line of a network syscall must be the same, in the same order. The match rate of the whole
//! trace is printed.

mod common;
use common::*;

const NET_CALLS: &[&str] = &[
    "socket(",
    "socketpair(",
    "bind(",
    "connect(",
    "listen(",
    "accept(",
    "accept4(",
    "getsockname(",
    "getpeername(",
    "shutdown(",
    "sendto(",
    "recvfrom(",
    "sendmsg(",
    "recvmsg(",
    "sendmmsg(",
    "recvmmsg(",
    "setsockopt(",
    "getsockopt(",
];

fn net_lines(procs: &[Vec<String>]) -> Vec<String> {
    procs
        .iter()
        .flatten()
        .filter(|l| NET_CALLS.iter().any(|c| l.starts_with(c)))
        .cloned()
        .collect()
}

#[test]
fn network_syscalls_match_strace() {
    if !have_strace("network_syscalls_match_strace") {
        return;
    }
    let helper = example("nettraffic");
    let cmd = ["--", helper.to_str().unwrap()];
    let dir = scratch("net");
    let strace = std::path::Path::new(STRACE);
    let (s_out, s_text) = trace_to_file(strace, &[], &cmd, &dir.join("strace"));
    let (r_out, r_text) = trace_to_file(&rtrace(), &[], &cmd, &dir.join("rtrace"));
    assert_eq!(r_out.status.code(), s_out.status.code(), "exit status");
    let (expected, actual) = normalize_pair(&s_text, &r_text);

    let (matched, total) = match_rate(&expected, &actual);
    let (want, got) = (net_lines(&expected), net_lines(&actual));
    let same = want.iter().zip(&got).filter(|(a, b)| a == b).count();
    eprintln!(
        "nettraffic: {matched}/{total} of strace's lines reproduced; network syscalls: {same}/{}",
        want.len()
    );
    assert!(want.len() >= 50, "too few network lines:\n{s_text}");
    assert!(
        want == got,
        "network lines differ ({same}/{} match)\n{}\n--- strace:\n{s_text}\n--- rtrace:\n{r_text}",
        want.len(),
        diff_report(std::slice::from_ref(&want), std::slice::from_ref(&got))
    );
    if expected != actual {
        eprintln!(
            "nettraffic: other lines differ:\n{}",
            diff_report(&expected, &actual)
        );
    }
}
