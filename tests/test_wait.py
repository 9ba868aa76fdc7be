"""waitpid and the process tree (docs/signals.md): the waittests suite,
the zombie and orphan demos, pstree and ps.
"""

import re

import pytest

from weft import assert_all_pass

pytestmark = pytest.mark.harts(1, 2)


def test_waittests_pass(weft):
    out = weft.run("waittests", timeout=120)
    assert_all_pass(
        out,
        expect=[
            "wnohang_returns_zero_while_child_runs",
            "waitpid_by_process_group",
            "zombie_visible_until_reaped",
            "orphan_adopted_and_reaped_by_init",
        ],
        summary=True,
    )


def test_zombie_demo_shows_the_zombie_until_waited_for(weft):
    out = weft.run_ok("zombie", timeout=60)
    m = re.search(r"zombie: child (\d+) has exited", out)
    assert m, out
    child = m.group(1)
    before, after = out.split("collected exit status 42")
    assert re.search(rf"(?m)^\s*{child}\s+\d+\s+Z\s", before), out
    assert not re.search(rf"(?m)^\s*{child}\s", after), out


def test_orphan_demo_is_adopted_by_init(weft):
    out = weft.run_ok("orphan", timeout=60)
    m = re.search(r"orphan: child (\d+), my parent is now (\d+)", out)
    assert m and m.group(2) == "1", out
    child = m.group(1)
    # pstree showed it directly under init, not under its dead parent.
    assert re.search(rf"(?m)^`-orphan\({child}\)$", out), out
    # And after it exited init reaped it: not in the last ps.
    last_ps = out.split("no zombie:")[1]
    assert not re.search(rf"(?m)^\s*{child}\s", last_ps), out


def test_pstree_shows_the_shell_under_init(weft):
    out = weft.run_ok("pstree")
    lines = out.splitlines()
    assert lines[0] == "init(1)", out
    assert re.search(r"(?m)^`-sh\(\d+\)$", out), out
    assert re.search(r"(?m)^  `-pstree\(\d+\)$", out), out


def test_pstree_shows_background_jobs_and_subtrees(weft):
    out = weft.run("sleep 3 &")
    pid = re.search(r"\[(\d+)\]", out).group(1)
    for _ in range(20):  # until the child has exec'd sleep
        out = weft.run_ok("pstree")
        if f"sleep({pid})" in out:
            break
    assert re.search(rf"(?m)^  [|`]-sleep\({pid}\)$", out), out
    out = weft.run_ok(f"pstree {pid}")
    assert out == f"sleep({pid})\n", out
    weft.run("sleep 3")


def test_ps_shows_ppid_and_zombies(weft):
    out = weft.run_ok("ps")
    header = out.splitlines()[0].split()
    assert header[:3] == ["PID", "PPID", "S"], out
    assert re.search(r"(?m)^\s*1\s+0\s+\S\s.*init$", out), out
    # A sub-shell's background job that exits while the sub-shell waits
    # for its foreground sleep stays a zombie until reaped: ps shows it
    # as Z, under the sub-shell, with no threads left.
    out = weft.run_ok("sh -c 'sleep 0 & sleep 1; ps'")
    job = re.search(r"\[(\d+)\]", out)
    assert job, out
    sub = re.search(r"(?m)^\s*(\d+)\s+\d+\s+\S\s.*\bsh$(?![\s\S]*\bsh$)", out)
    zombie = re.search(rf"(?m)^\s*{job.group(1)}\s+(\d+)\s+Z\s+0\s.*sleep$", out)
    assert zombie, f"no zombie row for the exited job {job.group(1)}\n{out}"
    assert sub and zombie.group(1) == sub.group(1), f"the zombie's parent is not the sub-shell\n{out}"
