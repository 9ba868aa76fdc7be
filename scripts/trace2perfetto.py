#!/usr/bin/python3
"""Convert a Weft scheduler trace into Chrome Trace Event JSON, which
Perfetto's UI (ui.perfetto.dev, "Open trace file") and chrome://tracing open.

Usage: trace2perfetto.py TRACE [OUT.json]     (default: TRACE with .json)

One track per hart: each stretch a thread ran is a slice named after the
thread, with why it stopped; wakeups are instant events on the waker's hart.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weft_trace  # noqa: E402


def convert(trace):
    us = 1_000_000 / trace.timebase
    t0 = min((e.time for e in trace.events), default=0)
    events = []
    harts = sorted({e.hart for e in trace.events})
    for hart in harts:
        events.append({"name": "thread_name", "ph": "M", "pid": 0, "tid": hart,
                       "args": {"name": f"hart {hart}"}})
    events.append({"name": "process_name", "ph": "M", "pid": 0, "args": {"name": "Weft harts"}})
    for hart, pid, tid, start, end, reason in trace.intervals():
        events.append({"name": trace.thread_label(pid, tid), "cat": "run", "ph": "X",
                       "pid": 0, "tid": hart, "ts": (start - t0) * us,
                       "dur": max((end - start) * us, 0.001),
                       "args": {"pid": pid, "tid": tid, "stopped_by": reason}})
    for ev in trace.events:
        if ev.kind in ("wake", "create", "upcall"):
            events.append({"name": f"{ev.kind} {trace.thread_label(ev.pid, ev.tid)}", "ph": "i",
                           "s": "t", "pid": 0, "tid": ev.hart, "ts": (ev.time - t0) * us,
                           "args": {"by_tid": ev.arg}})
    return {"traceEvents": events, "displayTimeUnit": "ms"}


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    src = argv[1]
    dst = argv[2] if len(argv) > 2 else os.path.splitext(src)[0] + ".json"
    try:
        with open(src) as f:
            trace = weft_trace.parse(f.read())
    except (OSError, ValueError) as e:
        print(f"trace2perfetto: {e}", file=sys.stderr)
        return 1
    with open(dst, "w") as f:
        json.dump(convert(trace), f)
    print(f"trace2perfetto: {len(trace.events)} events -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
