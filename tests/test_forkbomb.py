"""A fork bomb can be stopped (docs/signals.md, "Taming a fork bomb").

`forkbomb -f` is `while (1) fork();` with no safety net: every process
forks forever and retries at once when fork fails, so it takes every
slot the moment one is freed. With the process table (or the user's
RLIMIT_NPROC) full, the shell cannot fork either; its built-in kill
needs no fork, and ONE kill of the job's process group must end every
bomb process -- none may slip past it by forking meanwhile -- after
which init reaps them all and every page comes back.
"""

import re
import time

import pytest

from weft import assert_all_pass

pytestmark = pytest.mark.harts(1, 2)

STATE_RE = re.compile(r"forkbomb: (\d+) processes, (\d+) free pages")


def _state(weft):
    """(processes, free pages) now, as `forkbomb -s` sees them."""
    out = weft.run_ok("forkbomb -s")
    m = STATE_RE.search(out)
    assert m, out
    return int(m.group(1)), int(m.group(2))


def _assert_back_to(weft, idle):
    """Every process slot and every page is back."""
    now = _state(weft)
    if now != idle:
        weft.send("\x10")  # ^P: the process table, for the report
        weft.wait_quiet(1)
        pytest.fail(f"(processes, free pages) {now} after the bomb, {idle} before:\n{weft.console}")


def _idle_state(weft):
    # The shell's own pages settle after its first forks (copy-on-write):
    # measure once to warm up, then for real.
    _state(weft)
    return _state(weft)


def _start_bomb_until_fork_fails(weft):
    """Start `forkbomb -f &`; return its job number once the shell's own
    fork fails (the table, or the limit, is full) and the shell's report."""
    out = weft.run("forkbomb -f &")
    m = re.search(r"\[(\d+)\] %(\d+)", out)
    assert m, out
    job = m.group(2)
    for _ in range(100):
        out = weft.run("echo probe", timeout=120)
        if "sh: fork:" in out:
            return job, out
    pytest.fail(f"the bomb never filled the table: {out!r}")


def _bomb_processes(weft):
    """The bomb's processes ps shows (None if ps itself could not start)."""
    out = weft.run("ps", timeout=120)
    if "sh: fork:" in out:
        return None
    return [line for line in out.splitlines() if line.endswith(" forkbomb")]


def _wait_until_bomb_gone(weft):
    """After the one kill: the dying processes need a moment to exit and
    be reaped. A survivor would go on forking, so waiting cannot hide one."""
    left = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        left = _bomb_processes(weft)
        if left == []:
            return
        time.sleep(0.2)
    pytest.fail(f"bomb processes left after one group kill: {left}")


def _stop_with_one_kill_and_check(weft, job, idle):
    out = weft.run(f"kill -9 %{job}", timeout=120)
    assert "sh: kill" not in out, out
    _wait_until_bomb_gone(weft)
    assert weft.run("echo still here") == "still here\n"
    ps = weft.run_ok("ps")
    assert len(ps.splitlines()) == 4, ps  # header, init, sh, ps
    _assert_back_to(weft, idle)


def test_one_builtin_kill_stops_a_bomb_that_filled_the_table(weft):
    idle = _idle_state(weft)
    job, out = _start_bomb_until_fork_fails(weft)
    assert "too many processes (ulimit -u: unlimited)" in out, out
    _stop_with_one_kill_and_check(weft, job, idle)


def test_one_builtin_kill_stops_a_bomb_under_ulimit(weft):
    # uid 0 is not exempt from RLIMIT_NPROC (docs/signals.md): the bomb
    # stops at 30 processes of user 0, and the shell, also uid 0, can no
    # longer fork either. The built-in kill needs no fork.
    idle = _idle_state(weft)
    weft.run_ok("ulimit -u 30")
    try:
        job, out = _start_bomb_until_fork_fails(weft)
        assert "too many processes (ulimit -u: 30)" in out, out
        _stop_with_one_kill_and_check(weft, job, idle)
    finally:
        weft.run_ok("ulimit -u unlimited")


def test_kill_by_process_group_stops_a_bomb(weft):
    idle = _idle_state(weft)
    out = weft.run("forkbomb -f &")
    pgid = re.search(r"\[(\d+)\]", out).group(1)  # one command: it leads its group
    for _ in range(100):
        if "sh: fork:" in weft.run("echo probe", timeout=120):
            break
    out = weft.run(f"kill -9 -- -{pgid}", timeout=120)
    assert "sh: kill" not in out, out
    _wait_until_bomb_gone(weft)
    _assert_back_to(weft, idle)


def test_ctrl_c_stops_a_foreground_bomb(weft):
    idle = _idle_state(weft)
    weft.send("forkbomb -f\n")
    weft.wait_for("forkbomb: forking forever")
    # Let it fill the table: ^P lists the table from the console driver,
    # which needs no process.
    for _ in range(100):
        time.sleep(0.2)
        start = len(weft.console)
        weft.send("\x10")
        time.sleep(0.5)
        if weft.console[start:].count(" forkbomb\n") >= 50:
            break
    weft.send("\x03")
    weft.wait_for("sh: forkbomb: killed by signal 2", timeout=120)
    weft.wait_for(re.compile(r"(?m)^\$ "), timeout=120)
    _wait_until_bomb_gone(weft)
    _assert_back_to(weft, idle)


def test_a_process_killed_while_forking_leaves_no_later_child(weft):
    out = weft.run("killtests", timeout=180)
    assert_all_pass(out, expect=["kill_during_fork_makes_no_late_child"], summary=True)
