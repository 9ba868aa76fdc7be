#!/usr/bin/python3
"""Run Weft's micro-benchmarks (user/bench/bench.c) in QEMU and print a table.

    scripts/bench.py [--harts 1,2] [--build DIR] [--cycles] [names...]

`make` must have run (`make bench` does it first). Boots QEMU once per
hart count through tests/weft.py's Weft class, types `bench [names]` at
the shell, and turns its lines

    BENCH <name> <iterations> <elapsed> unit=<ticks|cycles> [key=value...]

(clock ticks at 100 Hz, or with --cycles the 10 MHz RISC-V time CSR,
which needs the kernel to allow rdtime in user mode) into a table of time per
operation and, where bytes= is given, throughput. Speeds are those of
QEMU's software emulation on this machine: compare runs with each other,
not with real hardware. There is no pass/fail.

Then it runs `sabench` (user/bench/sabench.c) on the same boot and
prints the thread-operation table of Anderson et al. -- null fork and
signal-wait for uthread, sa, pthread and processes, and the upcall
latency -- from its lines `BENCH <op>.<library> <iterations> <ns per op>`,
with each library's time as a multiple of uthread's (--no-sabench skips
it; it is also skipped when benchmark names are given).
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT_HZ = {"cycles": 10_000_000,  # the RISC-V time CSR under QEMU virt
           "ticks": 100}           # the kernel's clock (uptime)
BENCH_RE = re.compile(r"(?m)^BENCH (\S+) (\d+) (\d+)((?: \S+=\S+)*)\s*$")
# sabench's lines: BENCH <op>.<library> <iterations> <ns per op>
SABENCH_RE = re.compile(r"(?m)^BENCH (\w+)\.(\w+) (\d+) (\d+)\s*$")
SA_LIBRARIES = ("uthread", "sa", "pthread", "process")
SA_OPS = (("null_fork", "Null fork"), ("signal_wait", "Signal-wait"), ("upcall_latency", "Upcall latency"))


def sa_table(results):
    """Anderson et al.'s table: one row per operation, one column per
    library, time per operation and the multiple of uthread's."""
    out = []
    for harts, output in results:
        ns = {(m.group(1), m.group(2)): int(m.group(4)) for m in SABENCH_RE.finditer(output)}
        header = ["%d hart(s)" % harts] + list(SA_LIBRARIES)
        rows = [header]
        for op, title in SA_OPS:
            base = ns.get((op, "uthread"))
            cells, ratios = [title], ["  x uthread"]
            for lib in SA_LIBRARIES:
                v = ns.get((op, lib))
                cells.append(fmt_time(v / 1e9) if v is not None else "-")
                ratios.append(f"{v / base:.1f}x" if v is not None and base else "-")
            rows += [cells, ratios]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        for n, r in enumerate(rows):
            out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        out.append("")
    return "\n".join(out)


def parse(output):
    rows = []
    for m in BENCH_RE.finditer(output):
        extra = dict(kv.split("=", 1) for kv in m.group(4).split())
        rows.append((m.group(1), int(m.group(2)), int(m.group(3)), extra))
    return rows


def fmt_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def table(results):
    header = ("harts", "benchmark", "iterations", "total", "per op", "throughput")
    lines = [header]
    for harts, rows in results:
        for name, iterations, elapsed, extra in rows:
            total = elapsed / UNIT_HZ[extra.get("unit", "cycles")]
            per_op = total / iterations if iterations else 0
            throughput = ""
            if "bytes" in extra and total > 0:
                throughput = f"{int(extra['bytes']) / total / (1 << 20):.2f} MiB/s"
            lines.append((str(harts), name, str(iterations), fmt_time(total), fmt_time(per_op), throughput))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(line, widths))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# (faster, slower): printed as "faster is N times as fast as slower".
RATIOS = [("thread_create_join", "fork_exit_wait"),
          ("cond_ping_pong", "mutex_ping_pong")]


def ratios(results):
    """Lines comparing the per-operation times of benchmark pairs."""
    out = []
    for harts, rows in results:
        per_op = {name: elapsed / UNIT_HZ[extra.get("unit", "cycles")] / iterations
                  for name, iterations, elapsed, extra in rows if iterations}
        for a, b in RATIOS:
            if per_op.get(a) and per_op.get(b):
                out.append(f"{harts} hart(s): {a} takes {per_op[a] / per_op[b]:.2f}x "
                           f"the time of {b} (per op)")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--harts", default="1,2", help="comma-separated hart counts (default 1,2)")
    ap.add_argument("--build", default=os.environ.get("WEFT_BUILD", "build"),
                    help="build directory, as make's BUILD= (default build)")
    ap.add_argument("--cycles", action="store_true", help="time with rdtime (bench -c), not clock ticks")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per run")
    ap.add_argument("--no-sabench", action="store_true", help="skip sabench (the thread table)")
    ap.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    args = ap.parse_args()

    # tests/weft.py reads the build directory from the environment at import.
    os.environ["WEFT_BUILD"] = args.build
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from weft import Weft
    except ImportError as e:
        sys.exit(f"bench.py: cannot use tests/weft.py: {e}")
    import pytest  # weft.py reports trouble through pytest.fail

    results = []
    sa_results = []
    run_sabench = not args.no_sabench and not args.names
    for harts in [int(h) for h in args.harts.split(",")]:
        print(f"bench.py: booting Weft with {harts} hart(s) ...", file=sys.stderr)
        try:
            with Weft(harts=harts) as w:
                out = w.run(" ".join(["bench"] + (["-c"] if args.cycles else []) + args.names),
                            timeout=args.timeout)
                if run_sabench:
                    sa_results.append((harts, w.run("sabench", timeout=args.timeout)))
                w.shutdown()
        except pytest.fail.Exception as e:
            sys.exit(f"bench.py: the run with {harts} hart(s) failed:\n{e}")
        rows = parse(out)
        if not rows:
            sys.exit(f"bench.py: no BENCH lines from 'bench' with {harts} hart(s); it printed:\n{out}")
        results.append((harts, rows))
    print(table(results))
    if sa_results:
        print("\nThreads (Anderson et al. 1991, Table IV): time per operation")
        print(sa_table(sa_results))
    if ratios(results):
        print("\n" + ratios(results))


if __name__ == "__main__":
    main()
