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
         "procinfo_lists_our_threads", "procinfo_shows_zombies", "thread_cputime_counts_ticks"]
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
    assert text.startswith("# weft-trace v1 timebase=10000000\n"), text[:200]
    trace = weft_trace.parse(text)
    assert weft_trace.check_well_formed(trace) == []
    ran = {tid for _, _, tid, *_ in trace.intervals()}
    assert len(ran) >= 4, f"threads that ran: {sorted(ran)}"
    assert "schedviz" in trace.names.values(), trace.names

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
