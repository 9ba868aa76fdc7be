"""Reading Weft scheduler traces (the text file the `trace` command writes).

Format, one record per line (docs/scheduling.md):
    # weft-trace v1 timebase=10000000
    ev <time> <hart> <event> <pid> <tid> <reason> <level> <arg>
    name <pid> <tid> <name>
event: in, out, wake, create, upcall; reason: -, yield, preempt, block, exit.
time is the RISC-V time CSR (timebase counts per second).
"""

from dataclasses import dataclass, field


@dataclass
class Event:
    time: int
    hart: int
    kind: str
    pid: int
    tid: int
    reason: str
    level: int
    arg: int


@dataclass
class Trace:
    timebase: int = 10_000_000
    events: list = field(default_factory=list)
    names: dict = field(default_factory=dict)  # tid -> name

    def thread_label(self, pid, tid):
        name = self.names.get(tid, "")
        return f"{name} {pid}/{tid}".strip()

    def intervals(self):
        """(hart, pid, tid, start, end, reason) for every stretch a thread
        ran, from its switch-in to the matching switch-out."""
        running = {}  # hart -> in-event
        out = []
        for ev in sorted(self.events, key=lambda e: (e.hart, e.time)):
            if ev.kind == "in":
                running[ev.hart] = ev
            elif ev.kind == "out":
                start = running.pop(ev.hart, None)
                if start is not None and start.tid == ev.tid:
                    out.append((ev.hart, ev.pid, ev.tid, start.time, ev.time, ev.reason))
        return out


def parse(text):
    trace = Trace()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            for word in line.split():
                if word.startswith("timebase="):
                    trace.timebase = int(word.split("=", 1)[1])
            continue
        parts = line.split()
        if parts[0] == "ev" and len(parts) == 9:
            t, hart, kind, pid, tid, reason, level, arg = parts[1:]
            trace.events.append(Event(int(t), int(hart), kind, int(pid), int(tid), reason,
                                      int(level), int(arg)))
        elif parts[0] == "name" and len(parts) >= 3:
            trace.names[int(parts[2])] = " ".join(parts[3:])
        else:
            raise ValueError(f"line {lineno}: not a trace record: {line!r}")
    return trace


def check_well_formed(trace):
    """Problems with the trace, as strings: per hart, timestamps must not
    go backwards, and switch-ins and switch-outs must alternate, each out
    naming the thread that came in."""
    problems = []
    by_hart = {}
    for ev in trace.events:
        by_hart.setdefault(ev.hart, []).append(ev)
    for hart, evs in by_hart.items():
        last_time = None
        inside = None
        for ev in evs:  # in recording order
            if last_time is not None and ev.time < last_time:
                problems.append(f"hart {hart}: time goes back at {ev.time}")
            last_time = ev.time
            if ev.kind == "in":
                if inside is not None:
                    problems.append(f"hart {hart}: tid {ev.tid} in while tid {inside} still in")
                inside = ev.tid
            elif ev.kind == "out":
                if inside != ev.tid:
                    problems.append(f"hart {hart}: tid {ev.tid} out but {inside} was in")
                inside = None
    return problems
