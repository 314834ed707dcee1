//! `--json` and `--perfetto` on real traces: every JSON line parses and matches the schema
//! documented in docs/json.md (the test reads the schema from there), lines are whole with
//! several threads, `-ff` splits them per thread, and the Perfetto file is valid trace-event
//! JSON with a track per thread.

mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One field of the documented schema: its JSON types, and whether it may be absent.
struct Field {
    types: Vec<String>,
    optional: bool,
}

/// The ```schema block of docs/json.md: per type (and `common`), its fields.
fn schema() -> HashMap<String, BTreeMap<String, Field>> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"))
        .unwrap();
    let block = doc.split("```schema\n").nth(1).unwrap();
    let block = block.split("```").next().unwrap();
    let mut types = HashMap::new();
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let (name, fields) = line.split_once(':').unwrap();
        let mut map = BTreeMap::new();
        for f in fields.split_whitespace() {
            let (key, ty) = f.split_once(':').unwrap();
            let optional = ty.ends_with('?');
            let ty = ty.trim_end_matches('?');
            map.insert(
                key.to_string(),
                Field {
                    types: ty.split('|').map(str::to_string).collect(),
                    optional,
                },
            );
        }
        types.insert(name.to_string(), map);
    }
    types
}

fn has_type(v: &Value, ty: &str) -> bool {
    match ty {
        "number" => v.is_i64() || v.is_u64(),
        "string" => v.is_string(),
        "bool" => v.is_boolean(),
        "null" => v.is_null(),
        "array<string>" => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "array<number>" => v.as_array().is_some_and(|a| a.iter().all(Value::is_u64)),
        other => panic!("unknown type in the schema: {other}"),
    }
}

/// Checks one line against the schema; returns the object.
fn check_line(schema: &HashMap<String, BTreeMap<String, Field>>, line: &str) -> Value {
    let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {line}"));
    assert_eq!(obj["v"], 1, "{line}");
    let ty = obj["type"].as_str().unwrap();
    let own = schema
        .get(ty)
        .unwrap_or_else(|| panic!("undocumented type {ty}: {line}"));
    let fields: Vec<(&String, &Field)> = schema["common"].iter().chain(own.iter()).collect();
    for (key, field) in &fields {
        match obj.get(key.as_str()) {
            None => assert!(field.optional, "{key} missing: {line}"),
            Some(val) => assert!(
                field.types.iter().any(|t| has_type(val, t)),
                "{key} is not {:?}: {line}",
                field.types
            ),
        }
    }
    for key in obj.keys() {
        assert!(
            fields.iter().any(|(k, _)| *k == key),
            "undocumented field {key}: {line}"
        );
    }
    assert!(
        line.bytes().all(|b| (0x20..0x7f).contains(&b)),
        "not printable ASCII: {line}"
    );
    v
}

#[test]
fn every_line_matches_the_documented_schema() {
    let dir = scratch("json-schema");
    let file = dir.join("trace.jsonl");
    let helper = example("events");
    let (out, text) = trace_to_file(
        &rtrace(),
        &["-f", "--json", "-tt", "-T", "-i"],
        &[helper.to_str().unwrap()],
        &file,
    );
    // The helper dies by SIGUSR1; so does rtrace.
    assert!(out.status.code().is_none(), "{out:?}");
    let schema = schema();
    let events: Vec<Value> = text.lines().map(|l| check_line(&schema, l)).collect();
    let of = |ty: &'static str| events.iter().filter(move |e| e["type"] == ty);
    assert!(of("syscall").all(|e| e["time_us"].is_u64() && e["duration_us"].is_u64()));
    assert!(
        of("syscall").any(|e| e["name"] == "openat" && e["errno"] == "ENOENT" && e["ret"] == -1)
    );
    assert!(of("syscall").any(|e| e["name"] == "clone" || e["name"] == "clone3"));
    assert!(
        of("exit").any(|e| e["code"] == 3),
        "the forked child's exit"
    );
    assert!(of("attach").count() >= 2, "a thread and a child");
    assert!(of("signal").any(|e| e["signal"] == "SIGCHLD"));
    assert!(of("killed").any(|e| e["signal"] == "SIGUSR1" && e["core"] == false));
    // Threads of one process share its pid.
    let main_pid = &of("killed").next().unwrap()["pid"];
    assert!(of("attach").any(|e| &e["pid"] == main_pid && e["tid"] != *main_pid));
    // The examples in the documentation match the schema too.
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"))
        .unwrap();
    let documented: BTreeSet<String> = doc
        .split("```json\n")
        .skip(1)
        .flat_map(|b| b.split("```").next().unwrap().lines().map(str::to_string))
        .map(|l| {
            check_line(&schema, &l)["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let all: BTreeSet<String> = schema.keys().filter(|k| *k != "common").cloned().collect();
    assert_eq!(documented, all, "an example per event type");
}

#[test]
fn lines_are_whole_with_threads_and_split_per_thread_with_ff() {
    let dir = scratch("json-threads");
    let helper = example("forkthreads");
    let file = dir.join("trace.jsonl");
    let (out, text) = trace_to_file(
        &rtrace(),
        &["-f", "--json"],
        &[helper.to_str().unwrap()],
        &file,
    );
    assert!(out.status.success(), "{out:?}");
    let schema = schema();
    let writes: Vec<Value> = text
        .lines()
        .map(|l| check_line(&schema, l))
        .filter(|e| e["name"] == "write" && e["args"][0] == "1")
        .collect();
    // Each thread's write, once, under its own tid (the text names the tid that wrote it).
    assert_eq!(writes.len(), 5, "{text}");
    for w in &writes {
        let arg = w["args"][1].as_str().unwrap();
        assert!(arg.contains(&format!("tid={}", w["tid"])), "{w}");
    }

    let prefix = dir.join("ff");
    let (out, _) = trace_to_file(
        &rtrace(),
        &["-ff", "--json"],
        &[helper.to_str().unwrap()],
        &prefix,
    );
    assert!(out.status.success(), "{out:?}");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Some(tid) = name.strip_prefix("ff.") else {
            continue;
        };
        files += 1;
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let e = check_line(&schema, line);
            assert_eq!(e["tid"].to_string(), tid, "{name}: {line}");
        }
    }
    assert_eq!(files, 5, "three threads in the parent, two in the child");
}

#[test]
fn perfetto_file_is_trace_event_json_with_a_track_per_thread() {
    let dir = scratch("perfetto");
    let helper = example("forkthreads");
    let timeline = dir.join("trace.json");
    let (out, text) = trace_to_file(
        &rtrace(),
        &["-f", "--perfetto", timeline.to_str().unwrap()],
        &[helper.to_str().unwrap()],
        &dir.join("trace.txt"),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(
        text.contains("+++ exited with 0 +++"),
        "the text trace is still written"
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&timeline).unwrap()).unwrap();
    let events = v.as_array().expect("the JSON array form");
    let mut slices = BTreeSet::new();
    let mut named = BTreeSet::new();
    let mut processes = BTreeSet::new();
    let mut exits = 0;
    for e in events {
        let (pid, tid) = (e["pid"].as_i64().unwrap(), e["tid"].as_i64().unwrap());
        assert!(e["name"].is_string() && e["ts"].is_u64(), "{e}");
        match e["ph"].as_str().unwrap() {
            "X" => {
                assert!(e["dur"].is_u64() && e["cat"] == "syscall", "{e}");
                assert!(
                    e["args"]["args"].is_array() && e["args"]["ret"].is_string(),
                    "{e}"
                );
                slices.insert((pid, tid));
            }
            "i" => {
                assert_eq!(e["s"], "t", "{e}");
                exits += usize::from(e["cat"] == "exit");
            }
            "M" => {
                assert!(e["args"]["name"].is_string(), "{e}");
                match e["name"].as_str().unwrap() {
                    "thread_name" => named.insert((pid, tid)),
                    "process_name" => processes.insert(pid),
                    other => panic!("metadata {other}"),
                };
            }
            other => panic!("phase {other}: {e}"),
        }
    }
    // Two processes; the parent with three threads, the child with two; each a named track.
    assert_eq!(processes.len(), 2, "{processes:?}");
    assert_eq!(slices.len(), 5, "{slices:?}");
    assert!(slices.is_subset(&named), "{slices:?} {named:?}");
    assert_eq!(exits, 5);
    assert!(events.iter().any(|e| e["name"] == "write"
        && e["args"]["args"][1]
            .as_str()
            .is_some_and(|a| a.contains("tid="))));
}

#[test]
fn unwritable_perfetto_file_is_one_line_error() {
    let out = run_rtrace(&["--perfetto", "/nonexistent/dir/p.json", "true"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rtrace: Can't fopen '/nonexistent/dir/p.json': No such file or directory\n"
    );
}
