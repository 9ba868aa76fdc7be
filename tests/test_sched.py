"""Scheduling (docs/scheduling.md): preemption, cooperative mode, fair
shares, the quantum, MLFQ, and the tools that make it visible -- ps, top,
nice, and trace, whose file is copied out of the disk image with
build/mkfs/fsread and drawn by scripts/trace2png.py and trace2perfetto.py.

Each boot configuration (harts, boot options) is booted once for the
module and shared by the tests that ask for it; user/tests/schedtests.c
is told by its arguments what the boot options let it expect.
"""

import json
import re
import subprocess
import sys

import pytest

import weft as weft_module
from weft import BUILD, ROOT, Weft, assert_all_pass, lines, run_fsck

sys.path.insert(0, str(ROOT / "scripts"))
import weft_trace  # noqa: E402

FSREAD = BUILD / "mkfs" / "fsread"
PYTHON = "/usr/bin/python3"  # Debian's, with matplotlib (as make test uses)

BASIC = ["nice_value_round_trips", "sched_getcpu_names_an_online_hart",
         "procinfo_lists_our_threads", "procinfo_shows_zombies", "threads_name_themselves",
         "thread_cputime_counts_ticks"]
PREEMPT = ["busy_thread_cannot_starve_another", "equal_threads_get_equal_shares",
           "trace_is_well_formed"]
MLFQ = ["mlfq_hogs_sink_to_the_lowest_level", "mlfq_sleeper_stays_on_the_top_level",
        "mlfq_sleeper_wakes_up_promptly", "mlfq_nice_starts_a_thread_lower"]
COOP = ["busy_thread_starves_another_without_preemption", "trace_is_well_formed"]  # fmt: skip


class _Machines:
    """Boots shared by the module's tests, one per (harts, bootargs);
    booted again if a test left one unusable."""

    def __init__(self):
        self.booted = {}

    def get(self, harts, bootargs=None):
        key = (harts, bootargs)
        w = self.booted.get(key)
        if w is not None and (w.poisoned or not w.alive or w.panicked):
            w.cleanup()
            w = None
        if w is None:
            if not weft_module.FS_IMAGE.exists():
                pytest.skip(f"no disk image {weft_module.FS_IMAGE} yet: the shell needs one")
            w = self.booted[key] = Weft(harts=harts, bootargs=bootargs)
        return w

    def close(self):
        for w in self.booted.values():
            try:
                if w.alive and not w.poisoned and not w.panicked:
                    w.shutdown()
            finally:
                w.cleanup()


@pytest.fixture(scope="module")
def machines():
    m = _Machines()
    yield m
    m.close()


def _scheduler_line(w):
    m = re.search(r"weft: scheduler .*", w.console)
    assert m, "the kernel did not print its scheduler choice"
    return m.group(0)


# ---------------------------------------------------------------- policies


@pytest.mark.parametrize("harts", [1, 2], ids=["1harts", "2harts"])
def test_round_robin_preempts_and_shares_fairly(machines, harts):
    w = machines.get(harts)
    assert _scheduler_line(w) == "weft: scheduler rr, quantum 1 tick, preemptive"
    out = _schedtests(w, "basic preempt")
    assert_all_pass(out, expect=BASIC + PREEMPT, summary=True)


@pytest.mark.parametrize("harts", [1, 2], ids=["1harts", "2harts"])
def test_mlfq_sinks_hogs_and_keeps_sleepers_on_top(machines, harts):
    w = machines.get(harts, "sched=mlfq")
    assert _scheduler_line(w) == "weft: scheduler mlfq, quantum 1 tick, preemptive"
    out = _schedtests(w, "basic preempt mlfq")
    assert_all_pass(out, expect=BASIC + PREEMPT + MLFQ, summary=True)


def test_cooperative_mode_lets_a_busy_thread_starve_another(machines):
    w = machines.get(1, "preempt=off")
    assert _scheduler_line(w) == "weft: scheduler rr, quantum 1 tick, cooperative"
    out = _schedtests(w, "basic coop")
    assert_all_pass(out, expect=BASIC + COOP, summary=True)


def _schedtests(w, groups, timeout=120):
    """Run schedtests with the harness's time scale (its few absolute
    time bounds are multiplied by it)."""
    return w.run(f"schedtests -T {weft_module.time_scale():.2f} {groups}", timeout=timeout)


def _switches_per_100_ticks(w):
    out = _schedtests(w, "quantum", timeout=60)
    assert_all_pass(out, expect=["busy_threads_are_switched"], summary=True)
    m = re.search(r"(?m)^switches_per_100_ticks (\d+)$", out)
    assert m, out
    return int(m.group(1))


def test_shorter_quantum_switches_more_often(machines):
    short = _switches_per_100_ticks(machines.get(1))  # the default quantum: 1 tick
    long = _switches_per_100_ticks(machines.get(1, "quantum=8"))
    # Two busy threads on one hart: about 100 and 12 switches per 100
    # ticks. Counted per tick, so a slow or busy host changes neither.
    assert long > 0 and short >= 3 * long, f"quantum 1: {short}, quantum 8: {long} per 100 ticks"


# ---------------------------------------------------------------- ps, top, nice


def test_ps_lists_processes_and_threads(machines):
    w = machines.get(2)
    out = lines(w.run("ps"))
    assert out[0].split() == ["PID", "PPID", "S", "THR", "CPU", "HART", "NAME"], out
    rows = {line.split()[-1]: line.split() for line in out[1:]}
    assert rows["init"][:3] == ["1", "0", "S"], out
    assert rows["sh"][1] == "1", out
    assert rows["ps"][2] == "R" and rows["ps"][1] == rows["sh"][0], out

    out = lines(w.run("ps -T"))
    header = out[0].split()
    assert header == ["PID", "TID", "S", "HART", "NICE", "LVL", "USER", "SYS", "SWITCH", "NAME"]
    ps_row = [line.split() for line in out[1:] if line.split()[-1] == "ps"]
    assert len(ps_row) == 1 and ps_row[0][2] == "R", out


def test_top_shows_frames_and_ends_by_itself(machines):
    w = machines.get(2)
    out = w.run("top -n 2", timeout=30)
    frames = re.findall(r"(?m)^top: frame (\d)/2, .* (\d+) threads, 2 harts", out)
    assert [f[0] for f in frames] == ["1", "2"], out
    assert re.search(r"(?m)^\s*\d+\s+\d+ R .* top$", out), out


def test_nice_runs_a_program_with_a_nice_value(machines):
    w = machines.get(2)
    out = lines(w.run("nice -n 7 ps -T"))
    ps_row = [line.split() for line in out[1:] if line.split()[-1] == "ps"]
    assert ps_row and ps_row[0][4] == "7", out


# ---------------------------------------------------------------- the trace, out of the disk


def test_trace_is_copied_out_checked_and_drawn(boot, tmp_path):
    w = boot(harts=2)
    out = w.run("trace -o /tmp/t.txt schedviz", timeout=60)
    m = re.search(r"(?m)^trace: (\d+) events, (\d+) dropped, .* -> /tmp/t.txt$", out)
    assert m, out
    assert int(m.group(1)) > 0 and m.group(2) == "0", out
    assert "hog 1" in out and "interactive" in out and "burst" in out, out
    w.shutdown()
    assert run_fsck(w.fs_image).returncode == 0

    if not FSREAD.exists():
        pytest.fail(f"no {FSREAD}: make builds it (the Makefile's all target)")
    got = subprocess.run([str(FSREAD), str(w.fs_image), "/tmp/t.txt"], capture_output=True,
                         timeout=30)  # fmt: skip
    assert got.returncode == 0, got.stderr
    text = got.stdout.decode()
    header = "# weft-trace v1 timebase=10000000 harts=2 sched=rr quantum=1 preempt=on\n"
    assert text.startswith(header + "# command: schedviz\n"), text[:200]
    trace = weft_trace.parse(text)
    assert weft_trace.check_well_formed(trace) == []
    ran = {tid for _, _, tid, *_ in trace.intervals()}
    assert len(ran) >= 4, f"threads that ran: {sorted(ran)}"
    assert "schedviz" in trace.processes.values(), trace.processes
    # schedviz's threads name themselves: the legend shows their roles
    roles = {trace.role(pid, tid) for _, pid, tid, *_ in trace.intervals()}
    assert {"hog 1", "hog 2", "interactive", "burst"} <= roles, roles
    assert trace.title() == "schedviz — sched=rr, quantum=1 (10 ms), 2 harts"

    # A path that is not there: one line on stderr, status 1.
    missing = subprocess.run([str(FSREAD), str(w.fs_image), "/tmp/nothing"], capture_output=True,
                             text=True, timeout=30)  # fmt: skip
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1, missing

    src = tmp_path / "t.txt"
    src.write_text(text)
    for script in ("trace2png.py", "trace2perfetto.py"):
        done = subprocess.run([PYTHON, str(ROOT / "scripts" / script), str(src)],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr

    png = (tmp_path / "t.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    perfetto = json.loads((tmp_path / "t.json").read_text())
    slices = [e for e in perfetto["traceEvents"] if e.get("ph") == "X"]
    assert len({e["args"]["tid"] for e in slices}) >= 4, slices[:5]


def test_blockdemo_trace_shows_the_upcalls_that_hand_the_processor_on(boot, tmp_path):
    """docs/images/blockdemo-sa.png from a real boot: the reader names the
    activation that blocks; the kernel upcalls a fresh one with
    SA_BLOCKED (it runs the other threads), and with SA_UNBLOCKED when
    the read is done; the legend says who is who."""
    w = boot(harts=2)
    out = w.run("trace -o /tmp/b.txt blockdemo sa 1", timeout=120)
    assert "sa: while the reader was blocked" in out and "they went on" in out, out
    w.shutdown()
    got = subprocess.run([str(FSREAD), str(w.fs_image), "/tmp/b.txt"], capture_output=True,
                         text=True, timeout=30)  # fmt: skip
    assert got.returncode == 0, got.stderr
    trace = weft_trace.parse(got.stdout)
    assert weft_trace.check_well_formed(trace) == []
    assert trace.title() == "blockdemo sa 1 — sched=rr, quantum=1 (10 ms), 2 harts"

    reader = [tid for tid, name in trace.names.items() if name == "reader"]
    assert len(reader) == 1, trace.names
    blocked = [m for m in trace.marks() if m.kind == "upcall" and m.reason == "blocked"]
    unblocked = [m for m in trace.marks() if m.kind == "upcall" and m.reason == "unblocked"]
    assert blocked and unblocked, [m for m in trace.marks() if m.kind == "upcall"][:10]
    # The reader's activation blocks, and at once (within 10 ms) the
    # upcall comes on another one of the same process, which the legend
    # calls an activation.
    fresh = blocked[0]
    reader_blocks = [m for m in trace.marks() if m.kind == "block" and m.tid == reader[0]]
    assert any(0 <= fresh.time - b.time <= trace.timebase // 100 for b in reader_blocks), \
        (fresh, reader_blocks)
    assert fresh.tid != reader[0] and fresh.pid == reader_blocks[0].pid
    assert trace.role(fresh.pid, fresh.tid) == "activation (upcalls)"
    assert trace.thread_label(fresh.pid, fresh.tid) == \
        f"activation (upcalls) — blockdemo, tid {fresh.tid}"
    assert trace.thread_label(fresh.pid, reader[0]).startswith("reader")
    assert "writer" in trace.names.values(), trace.names
    assert unblocked[0].time > blocked[0].time


# ------------------------------------------- the pictures' parts, on a made-up trace

MADE_UP = """# weft-trace v1 timebase=10000000 harts=2 sched=mlfq quantum=2 preempt=on
# command: demo x
ev 1000 0 in 4 5 - 0 0
ev 101000 0 out 4 5 preempt 0 0
ev 101100 0 in 4 5 - 0 0
ev 201000 0 out 4 5 preempt 0 0
ev 201200 0 in 4 6 - 0 0
ev 250000 0 out 4 6 block 0 0
ev 260000 1 wake 4 6 - 0 5
ev 260100 1 in 4 7 - 0 0
ev 260200 1 upcall 4 7 blocked 0 1
ev 270000 1 upcall 4 7 preempted 0 1
ev 300000 1 out 4 7 exit 0 0
process 4 demo
name 4 5 hog 1
name 4 6 reader
"""


def test_labels_name_the_role_then_the_process_and_thread():
    t = weft_trace.parse(MADE_UP)
    assert t.thread_label(4, 5) == "hog 1 — demo, tid 5"
    assert t.thread_label(4, 7) == "activation (upcalls) — demo, tid 7"
    t.names[7] = "worker 1"  # a named thread that takes upcalls
    assert t.role(4, 7) == "worker 1 (activation)"
    t.processes.clear()
    assert t.thread_label(4, 6) == "reader — pid 4, tid 6"
    old = weft_trace.parse("# weft-trace v1 timebase=10000000\nev 1 0 in 3 3 - 0 0\n"
                           "name 3 3 sh\n")  # fmt: skip
    assert old.thread_label(3, 3) == "sh — pid 3, tid 3" and old.title("t.txt") == "t.txt"


def test_title_names_the_program_and_the_boot_options():
    t = weft_trace.parse(MADE_UP)
    assert t.title() == "demo x — sched=mlfq, quantum=2 (20 ms), 2 harts"
    t.options.update(preempt="off", harts="1")
    assert t.title() == "demo x — sched=mlfq, quantum=2 (20 ms), preempt=off, 1 hart"


def test_marks_show_preemptions_that_lose_the_hart_blocks_wakeups_and_upcalls():
    t = weft_trace.parse(MADE_UP)
    got = [(m.kind, m.hart, m.time, m.tid, m.reason) for m in t.marks()]
    assert got == [
        # 101000: the quantum ran out but hog 1 ran on (no one waiting): no glyph
        ("preempt", 0, 201000, 5, "-"),
        ("block", 0, 250000, 6, "-"),
        ("wake", 1, 260000, 6, "-"),  # on the hart that woke it
        ("upcall", 1, 260200, 7, "blocked"),
        ("upcall", 1, 270000, 7, "preempted"),
    ]
    # ... and a run that went on across its preemption is one hold
    assert t.holds()[0] == (0, 4, 5, 1000, 201000)


def test_trace2png_titles_the_picture_from_the_trace(tmp_path):
    src = tmp_path / "made_up.txt"
    src.write_text(MADE_UP)
    done = subprocess.run([PYTHON, str(ROOT / "scripts" / "trace2png.py"), str(src)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "made_up.png").read_bytes().startswith(b"\x89PNG")
