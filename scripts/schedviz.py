#!/usr/bin/python3
"""Draw what the scheduler did with a real workload: boot Weft in QEMU,
run `trace -o /tmp/schedviz.txt schedviz` (user/demos/schedviz.c: two
CPU hogs, a thread that sleeps 20 ms at a time, a thread that computes
in bursts between reads of a pipe), power off, copy the trace out of the
disk image with build/mkfs/fsread and draw it with trace2png.py.

Usage: scripts/schedviz.py [--harts N] [--policy rr|mlfq|both] [--out DIR]

Writes DIR/schedviz-<policy>.png (default DIR: docs/images) and keeps the
text trace beside the build (BUILD/schedviz-<policy>.txt) for
trace2perfetto.py. Uses tests/weft.py to drive QEMU, so it needs what the
tests need (Debian's python3-pytest and python3-matplotlib: run it with
/usr/bin/python3). WEFT_BUILD names the build directory, as for the tests;
WEFT_NO_BUILD=1 skips running make first.
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import trace2png  # noqa: E402
import weft_trace  # noqa: E402
from weft import BUILD, BUILD_DIR, Weft  # noqa: E402

POLICY_TITLE = {
    "rr": "round-robin",
    "mlfq": "MLFQ, 3 levels",
}
TRACE_IN_IMAGE = "/tmp/schedviz.txt"


def trace_once(policy, harts, out_dir):
    with Weft(harts=harts, bootargs=f"sched={policy}") as w:
        out = w.run(f"trace -o {TRACE_IN_IMAGE} schedviz", timeout=120)
        print(out, end="")
        if "trace:" not in out:
            sys.exit(f"schedviz: the trace command failed:\n{out}")
        w.shutdown()
        text = subprocess.run(
            [str(BUILD / "mkfs" / "fsread"), str(w.fs_image), TRACE_IN_IMAGE],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    trace_path = BUILD / f"schedviz-{policy}.txt"
    trace_path.write_text(text)
    trace = weft_trace.parse(text)  # the threads named themselves (prctl): their roles
    problems = weft_trace.check_well_formed(trace)
    if problems:
        sys.exit("schedviz: the trace is not well formed:\n" + "\n".join(problems[:20]))
    png = out_dir / f"schedviz-{policy}.png"
    trace2png.draw(trace, png, title=f"{trace.title()} ({POLICY_TITLE[policy]})")
    print(f"schedviz: {len(trace.events)} events -> {trace_path}, {png}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--harts", type=int, default=2)
    parser.add_argument("--policy", choices=["rr", "mlfq", "both"], default="both")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()

    if os.environ.get("WEFT_NO_BUILD") != "1":
        subprocess.run(["make", "-s", f"BUILD={BUILD_DIR}", "all"], cwd=ROOT, check=True)
    args.out.mkdir(parents=True, exist_ok=True)
    for policy in ["rr", "mlfq"] if args.policy == "both" else [args.policy]:
        trace_once(policy, args.harts, args.out)


if __name__ == "__main__":
    main()
