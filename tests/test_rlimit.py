"""Resource limits (docs/signals.md, "Taming a fork bomb"): the
rlimittests suite, the shell's ulimit, and the fork-bomb and stack
overflow demos leaving the machine usable.
"""

import re

import pytest

from weft import assert_all_pass, scale_option

pytestmark = pytest.mark.harts(1, 2)


def test_rlimittests_pass(weft):
    out = weft.run(f"rlimittests {scale_option()}", timeout=180)
    assert_all_pass(
        out,
        expect=[
            "getrlimit_defaults",
            "nofile_limit_gives_emfile",
            "stack_limit_stops_deep_recursion",
            "fork_bomb_stopped_by_nproc_limit",
        ],
        summary=True,
    )


def test_ulimit_lists_the_limits(weft):
    out = weft.run_ok("ulimit -a")
    assert re.search(r"(?m)^stack size \(kbytes\)\s+\(-s\) 8192$", out), out
    assert re.search(r"(?m)^max user processes\s+\(-u\) unlimited$", out), out
    assert re.search(r"(?m)^open files\s+\(-n\) 64$", out), out


def test_ulimit_sets_limits_for_later_commands(weft):
    # In a sub-shell, so the module's shell keeps its limits.
    out = weft.run_ok("sh -c 'ulimit -n 10; ulimit -n; ulimit -s 1024; ulimit -s; ulimit -H -s'")
    assert out.split() == ["10", "1024", "1024"], out
    out = weft.run_ok("sh -c 'ulimit -u unlimited; ulimit -u; ulimit -S -n 20; ulimit -n; ulimit -H -n'")
    assert out.split() == ["unlimited", "20", "64"], out
    # Children inherit them: a pipeline's builtin runs in a child.
    out = weft.run_ok("sh -c 'ulimit -n 12; ulimit -n | cat'")
    assert out.split() == ["12"], out


def test_ulimit_errors_are_one_line(weft):
    for command, message in [
        ("ulimit -x", "sh: ulimit: -x: invalid option"),
        ("ulimit -n abc", "sh: ulimit: abc: invalid number"),
        ("ulimit -n 1 2", "sh: ulimit: usage:"),
        ("ulimit -S -n 100", "sh: ulimit: -n: cannot set limit: Invalid argument"),
    ]:
        out = weft.run(command)
        lines = [line for line in out.splitlines() if not line.startswith("sh: sh:")]
        assert len(lines) == 1 and lines[0].startswith(message), (command, out)
    # The shell is unharmed.
    assert weft.run("ulimit -n") == "64\n"


def test_forkbomb_with_ulimit_leaves_the_shell_working(weft):
    out = weft.run_ok("sh -c 'ulimit -u 20; forkbomb'", timeout=120)
    assert "RLIMIT_NPROC is 20" in out, out
    assert re.search(r"fork failed: \d+ x EAGAIN", out), out
    assert "0 left after the kill" in out, out
    m = re.search(r"free pages: (\d+) before, (\d+) after", out)
    assert m and m.group(1) == m.group(2), out
    assert weft.run("echo still here") == "still here\n"


def test_forkbomb_without_limit_is_stopped_by_the_kernel_tables(weft):
    out = weft.run_ok("forkbomb", timeout=120)
    assert "RLIMIT_NPROC is unlimited" in out, out
    assert re.search(r"fork failed: \d+ x EAGAIN", out), out
    assert "0 left after the kill" in out, out
    assert weft.run("echo still here") == "still here\n"
    out = weft.run_ok("ps")
    assert len(out.splitlines()) <= 5, out  # header, init, sh, ps: the bomb is gone


def test_stackoverflow_demo_dies_of_sigsegv(weft):
    out = weft.run_ok("stackoverflow", timeout=60)
    assert out.count("the child was killed by signal 11 (Segmentation fault)") == 2, out
    assert weft.run("echo still here") == "still here\n"
