"""Reading Weft scheduler traces (the text file the `trace` command writes).

Format, one record per line (docs/scheduling.md):
    # weft-trace v1 timebase=10000000 harts=2 sched=rr quantum=1 preempt=on
    # command: schedviz
    ev <time> <hart> <event> <pid> <tid> <reason> <level> <arg>
    process <pid> <process name>
    name <pid> <tid> <thread name>
event: in, out, wake, create, upcall; reason (out): -, yield, preempt,
block, exit; reason (upcall, its first event): newproc, blocked,
unblocked, preempted.
time is the RISC-V time CSR (timebase counts per second). A `name` line
is a name the thread gave itself (prctl PR_SET_NAME); older traces had
one per thread, holding its process's name, and no `process` lines.

What the pictures are made of, computed here so that they can be tested
without pixels: thread_label (a thread's role and who it is), marks (the
moments worth a glyph) and title (the program and the boot options).
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
class Mark:
    """A moment drawn as a glyph on the lane of the hart where it
    happened: preempt, block (the thread left the hart), wake (the hart
    made it runnable), upcall (the kernel entered an activation's upcall
    handler; reason: what for, "blocked", "unblocked", "preempted", ...)."""
    kind: str
    hart: int
    time: int
    pid: int
    tid: int
    reason: str = "-"


MARK_KINDS = ("preempt", "block", "wake", "upcall")


@dataclass
class Trace:
    timebase: int = 10_000_000
    events: list = field(default_factory=list)
    names: dict = field(default_factory=dict)      # tid -> the name it gave itself
    processes: dict = field(default_factory=dict)  # pid -> process name
    options: dict = field(default_factory=dict)    # harts, sched, quantum, preempt (strings)
    command: str = ""                              # what ran: "blockdemo sa 1"

    def upcalled(self):
        """The tids that took an upcall: activations."""
        return {ev.tid for ev in self.events if ev.kind == "upcall"}

    def role(self, pid, tid):
        """What the thread is for: the name it gave itself ("hog 1",
        "reader"), "activation" for an unnamed thread that took upcalls,
        else its process's name."""
        own = self.names.get(tid, "")
        if tid in self.upcalled():
            return f"{own} (activation)" if own else "activation (upcalls)"
        return own or self.processes.get(pid, "")

    def thread_label(self, pid, tid):
        """A legend entry: role first, then which process and thread."""
        role, process = self.role(pid, tid), self.processes.get(pid, "")
        who = f"{process}, tid {tid}" if process else f"pid {pid}, tid {tid}"
        return who if role in ("", process) else f"{role} — {who}"

    def title(self, fallback="Weft scheduler trace"):
        """"schedviz — sched=rr, quantum 10 ms, 2 harts": the program and
        the boot options the trace was recorded under."""
        o = self.options
        if not self.command and "sched" not in o:
            return fallback
        parts = []
        if "sched" in o:
            parts.append(f"sched={o['sched']}")
        if "quantum" in o:
            q = int(o["quantum"])
            parts.append(f"quantum={q} ({q * 10} ms)")
        if o.get("preempt") == "off":
            parts.append("preempt=off")
        if "harts" in o:
            parts.append(f"{o['harts']} hart{'' if o['harts'] == '1' else 's'}")
        head = self.command or fallback
        return f"{head} — {', '.join(parts)}" if parts else head

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

    def holds(self):
        """(hart, pid, tid, start, end) for every stretch a thread held a
        hart: runs on one hart with only its own preemptions between them
        (its quantum ran out but no other thread was waiting) are one."""
        out = []  # (hart, pid, tid, start, end, the last run's reason)
        for hart, pid, tid, start, end, reason in self.intervals():
            last = out[-1] if out else None
            if last and last[:3] == (hart, pid, tid) and last[5] == "preempt" \
                    and start - last[4] <= self.timebase // 10_000:  # 0.1 ms: no one else ran
                out[-1] = (hart, pid, tid, last[3], end, reason)
            else:
                out.append((hart, pid, tid, start, end, reason))
        return [h[:5] for h in out]

    def marks(self):
        """The glyphs of the picture, in time order per hart. A preemption
        is marked only where the thread lost the hart to another (or the
        trace ended); a quantum that ran out with no one waiting is not."""
        evs = sorted(self.events, key=lambda e: (e.hart, e.time))
        out = []
        for i, ev in enumerate(evs):
            if ev.kind == "out" and ev.reason == "preempt":
                nxt = next((e for e in evs[i + 1:] if e.hart == ev.hart and e.kind == "in"), None)
                if nxt is not None and nxt.tid == ev.tid and \
                        nxt.time - ev.time <= self.timebase // 10_000:
                    continue  # ran on: nobody else wanted the hart
                out.append(Mark("preempt", ev.hart, ev.time, ev.pid, ev.tid))
            elif ev.kind == "out" and ev.reason == "block":
                out.append(Mark("block", ev.hart, ev.time, ev.pid, ev.tid))
            elif ev.kind in ("wake", "upcall"):
                out.append(Mark(ev.kind, ev.hart, ev.time, ev.pid, ev.tid, ev.reason))
        return out


def parse(text):
    trace = Trace()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("# command:"):
            trace.command = line[len("# command:"):].strip()
            continue
        if line.startswith("#"):
            for word in line.split():
                key, _, value = word.partition("=")
                if key == "timebase":
                    trace.timebase = int(value)
                elif key in ("harts", "sched", "quantum", "preempt") and value:
                    trace.options[key] = value
            continue
        parts = line.split()
        if parts[0] == "ev" and len(parts) == 9:
            t, hart, kind, pid, tid, reason, level, arg = parts[1:]
            trace.events.append(Event(int(t), int(hart), kind, int(pid), int(tid), reason,
                                      int(level), int(arg)))
        elif parts[0] == "name" and len(parts) >= 3:
            trace.names[int(parts[2])] = " ".join(parts[3:])
        elif parts[0] == "process" and len(parts) >= 2:
            trace.processes[int(parts[1])] = " ".join(parts[2:])
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
