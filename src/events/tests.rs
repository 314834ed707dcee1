//! Golden tests: an event in, its exact JSON line (and trace-event objects) out.

use super::perfetto::Timeline;
use super::*;
use serde_json::Value;

fn ev(kind: Kind) -> Event {
    Event {
        who: Who { pid: 10, tid: 11 },
        kind,
        at_us: 500,
        time_us: None,
        duration_us: None,
        ip: None,
    }
}

fn line(e: &Event) -> String {
    let mut out = Vec::new();
    write_json_line(&mut out, e);
    String::from_utf8(out).unwrap()
}

fn openat() -> Syscall<'static> {
    Syscall {
        name: "openat",
        nr: 257,
        args: vec!["AT_FDCWD", "\"/nope\"", "O_RDONLY"],
        raw: &[0xffff_ffff_ffff_ff9c, 0x1000, 0],
        ret: Some(-1),
        ret_text: "-1 ENOENT (No such file or directory)",
        errno: Some("ENOENT".into()),
        start_us: 400,
    }
}

#[test]
fn syscall_line() {
    assert_eq!(
        line(&ev(Kind::Syscall(openat()))),
        r#"{"v":1,"type":"syscall","pid":10,"tid":11,"name":"openat","nr":257,"args":["AT_FDCWD","\"/nope\"","O_RDONLY"],"raw":[18446744073709551516,4096,0],"ret":-1,"ret_text":"-1 ENOENT (No such file or directory)","errno":"ENOENT"}
"#
    );
    let mut e = ev(Kind::Syscall(Syscall {
        ret: None,
        ret_text: "?",
        errno: None,
        ..openat()
    }));
    e.time_us = Some(1_700_000_000_123_456);
    e.duration_us = Some(26);
    e.ip = Some(0x401000);
    assert_eq!(
        line(&e),
        r#"{"v":1,"type":"syscall","pid":10,"tid":11,"time_us":1700000000123456,"duration_us":26,"ip":4198400,"name":"openat","nr":257,"args":["AT_FDCWD","\"/nope\"","O_RDONLY"],"raw":[18446744073709551516,4096,0],"ret":null,"ret_text":"?","errno":null}
"#
    );
}

#[test]
fn other_events() {
    let cases = [
        (
            Kind::Signal {
                signal: "SIGCHLD",
                siginfo: "{si_signo=SIGCHLD}",
            },
            r#""type":"signal","pid":10,"tid":11,"signal":"SIGCHLD","siginfo":"{si_signo=SIGCHLD}"}"#,
        ),
        (
            Kind::Stop { signal: "SIGSTOP" },
            r#""type":"stop","pid":10,"tid":11,"signal":"SIGSTOP"}"#,
        ),
        (
            Kind::Exit { code: 3 },
            r#""type":"exit","pid":10,"tid":11,"code":3}"#,
        ),
        (
            Kind::Killed {
                signal: "SIGSEGV",
                core: true,
            },
            r#""type":"killed","pid":10,"tid":11,"signal":"SIGSEGV","core":true}"#,
        ),
        (Kind::Attach {}, r#""type":"attach","pid":10,"tid":11}"#),
        (Kind::Detach {}, r#""type":"detach","pid":10,"tid":11}"#),
        (
            Kind::Superseded { old_tid: 12 },
            r#""type":"superseded","pid":10,"tid":11,"old_tid":12}"#,
        ),
    ];
    for (kind, want) in cases {
        assert_eq!(line(&ev(kind)), format!("{{\"v\":1,{want}\n"));
    }
}

#[test]
fn errno_names_and_numbers() {
    assert_eq!(errno_name(2), "ENOENT");
    assert_eq!(errno_name(4095), "4095");
}

#[test]
fn timeline_is_a_trace_event_array() {
    let mut buf = Vec::new();
    {
        let mut t = Timeline::new(&mut buf);
        t.name(10, None, "app");
        t.name(10, Some(11), "worker");
        t.event(&ev(Kind::Syscall(openat())));
        t.event(&ev(Kind::Signal {
            signal: "SIGUSR1",
            siginfo: "{}",
        }));
        t.event(&ev(Kind::Exit { code: 0 }));
        t.finish().unwrap();
    }
    let v: Vec<Value> = serde_json::from_slice(&buf).unwrap();
    assert_eq!(v.len(), 5);
    assert_eq!(v[0]["ph"], "M");
    assert_eq!(v[0]["name"], "process_name");
    assert_eq!(v[1]["args"]["name"], "worker");
    let slice = &v[2];
    assert_eq!(
        (&slice["ph"], &slice["ts"], &slice["dur"]),
        (&Value::from("X"), &Value::from(400), &Value::from(100))
    );
    assert_eq!(slice["args"]["args"][1], "\"/nope\"");
    assert_eq!(
        (&v[3]["ph"], &v[3]["s"]),
        (&Value::from("i"), &Value::from("t"))
    );
    assert_eq!(v[4]["name"], "exited with 0");
    // Cut short (no closing bracket), the file is still the format's array form.
    let text = String::from_utf8(buf).unwrap();
    assert!(text.starts_with("[\n{") && text.ends_with("}\n]\n"));
}
