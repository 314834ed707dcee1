#!/usr/bin/env python3
"""Times whole runs of rtrace, strace, a bare ptrace loop (the floor) and the untraced command,
side by side, and prints medians and paired ratios. The machines are shared and noisy, so every
configuration of a workload runs in the same round, rounds are repeated, and ratios are taken
per round before the median.

    benches/compare.py [--runs N] [--suite full|filtered|startup|memory|all] [--same-cpu]

Suites:
  full      every syscall traced, output to /dev/null (rtrace -f vs strace -f vs the floor;
            "nospin" is rtrace with RTRACE_SPIN=0, which never polls for stops, like the floor
            without --spin)
  filtered  -f -e trace=openat (rtrace's default seccomp fast path vs strace --seccomp-bpf)
  startup   /bin/true
  memory    peak RSS of short and long traces and of 1,000 threads
It builds what it needs (cargo build --release --examples).
"""
import argparse, os, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")
RTRACE = os.path.join(REL, "rtrace")
EX = os.path.join(REL, "examples")
STRACE = shutil.which("strace") or "/usr/bin/strace"


def workloads():
    w = os.path.join(EX, "workload")
    return {
        "getpid": [w, "getpid", "200000"],
        "dd": ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=20000", "status=none"],
        "openclose": [w, "openclose", "20000"],
        "threads4": [w, "threads", "4", "25000"],
        "procs4": [w, "procs", "4", "25000"],
        "find": ["find", "/usr/share", "-maxdepth", "3"],
        "true": ["/bin/true"],
    }


def configs(suite, same_cpu):
    floor = os.path.join(EX, "floor")
    if suite == "filtered":
        return {
            "untraced": [],
            "rtrace": [RTRACE, "-f", "-o", "/dev/null", "-e", "trace=openat", "--"],
            "strace": [STRACE, "-f", "-o", "/dev/null", "--seccomp-bpf", "-e", "trace=openat", "--"],
        }
    c = {
        "untraced": [],
        "floor": [floor, "--"],
        "floor+info": [floor, "--info", "--"],
        "floor+info+spin": [floor, "--info", "--spin", "--"],
        "rtrace": [RTRACE, "-f", "-o", "/dev/null", "--"],
        "rtrace nospin": ["env", "RTRACE_SPIN=0", RTRACE, "-f", "-o", "/dev/null", "--"],
        "strace": [STRACE, "-f", "-o", "/dev/null", "--"],
    }
    if same_cpu:
        c["rtrace --same-cpu"] = [RTRACE, "--same-cpu", "-f", "-o", "/dev/null", "--"]
    return c


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def run_suite(suite, names, runs, same_cpu):
    cfgs = configs(suite, same_cpu)
    work = workloads()
    print(f"\n== {suite}: median seconds over {runs} rounds; ratios are medians of per-round ratios")
    head = f"{'workload':<10}" + "".join(f"{k:>18}" for k in cfgs)
    ratios = [k for k in cfgs if k != "untraced"]
    # rtrace's configurations against strace and against the floor with the same work per stop.
    mine = [k for k in cfgs if k.startswith("rtrace")]
    vs = [(k, "strace") for k in mine] + [(k, "floor+info") for k in mine if "floor+info" in cfgs]
    if "floor+info+spin" in cfgs:
        vs.append(("rtrace", "floor+info+spin"))
    print(head + "".join(f"{k + '/untraced':>22}" for k in ratios)
          + "".join(f"{a + '/' + b:>28}" for a, b in vs))
    for name in names:
        times = {k: [] for k in cfgs}
        for _ in range(runs):
            for k, prefix in cfgs.items():
                times[k].append(timed(prefix + work[name]))
        med = {k: statistics.median(v) for k, v in times.items()}
        line = f"{name:<10}" + "".join(f"{med[k]:>18.4f}" for k in cfgs)
        for k in ratios:
            r = statistics.median([a / b for a, b in zip(times[k], times["untraced"])])
            line += f"{r:>22.2f}"
        for a, b in vs:
            r = statistics.median([x / y for x, y in zip(times[a], times[b])])
            line += f"{r:>28.2f}"
        print(line, flush=True)


def peak_rss_mb(cmd):
    """Peak RSS of a run: the largest of the process and the descendants it waited for. GNU
    time measures it: a child forked from Python would count Python's own pages."""
    r = subprocess.run(["/usr/bin/time", "-f", "RSS %M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=False)
    kb = [l.split()[1] for l in r.stderr.splitlines() if l.startswith("RSS ")]
    return int(kb[-1]) / 1024


def run_memory():
    if not os.path.exists("/usr/bin/time"):
        print("\nSKIPPED memory: needs GNU time (apt-get install time)")
        return
    w = os.path.join(EX, "workload")
    print("\n== memory: peak RSS in MB (the tracer or its command, whichever is larger)")
    print(f"{'workload':<22}{'untraced':>10}{'rtrace':>10}{'strace':>10}")
    for name, args in [("getpid 20,000", [w, "getpid", "20000"]),
                       ("getpid 400,000", [w, "getpid", "400000"]),
                       ("1,000 threads", [w, "threads", "1000", "10"])]:
        row = [peak_rss_mb(args)]
        row += [peak_rss_mb([RTRACE, "-f", "-o", "/dev/null", "--"] + args),
                peak_rss_mb([STRACE, "-f", "-o", "/dev/null", "--"] + args)]
        print(f"{name:<22}" + "".join(f"{x:>10.1f}" for x in row), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--suite", default="all", choices=["full", "filtered", "startup", "memory", "all"])
    ap.add_argument("--same-cpu", action="store_true")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "--examples", "--bin", "rtrace"], cwd=ROOT, check=True)
    if not os.path.exists(STRACE):
        sys.exit("compare.py: strace is not installed (apt-get install strace)")
    print(f"machine: {os.cpu_count()} CPUs, {os.uname().release}; strace: {STRACE}")
    if a.suite in ("full", "all"):
        run_suite("full", ["getpid", "dd", "openclose", "threads4", "procs4", "find"], a.runs, a.same_cpu)
    if a.suite in ("filtered", "all"):
        run_suite("filtered", ["getpid", "dd", "threads4", "procs4"], a.runs, False)
    if a.suite in ("startup", "all"):
        run_suite("full", ["true"], max(a.runs, 20), False)
    if a.suite in ("memory", "all"):
        run_memory()


if __name__ == "__main__":
    main()
