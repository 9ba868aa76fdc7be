"""The system-call fuzzer (user/tests/fuzz.c): random system calls with
hostile arguments, in batches in forked children, at 1 and 2 harts. The
kernel must not panic or hang (the harness fails on both), every child's
checks must hold, and once the children are reaped the process count and
the free-page count must be back where they were.

    WEFT_FUZZ_CALLS   how many calls (default 20000; `make stress` 1000000)
    WEFT_SEED         the master seed (default a fixed one, so a failure
                      repeats); a failing child is replayed by hand with
                      `fuzz SEED CALLS CHILD`, which prints every call
"""

import os
import re

import pytest

from weft import assert_all_pass

pytestmark = pytest.mark.harts(1, 2)

CALLS = int(os.environ.get("WEFT_FUZZ_CALLS", "20000"))
SEED = int(os.environ.get("WEFT_SEED", "20240510"), 0)


def test_random_system_calls_leave_the_kernel_working(weft):
    # A hang is what this timeout is for; a slow machine needs
    # WEFT_TIMEOUT_SCALE, not a bigger number here.
    out = weft.run(f"fuzz {SEED} {CALLS}", timeout=120 + CALLS / 50)
    assert_all_pass(
        out,
        expect=["fuzz_children_end_cleanly", "fuzz_no_process_left", "fuzz_free_pages_restored"],
        summary=True,
    )
    assert weft.run("echo still here") == "still here\n"


CALL_LINE = re.compile(r"(?m)^3\.(\d+) (\S+?)\(")


def test_replay_prints_each_call_before_making_it(weft):
    out = weft.run(f"fuzz {SEED} {CALLS} 3", timeout=60)
    calls = CALL_LINE.findall(out)
    assert calls, out
    # "3.K name(arguments)" before the call, " = result" after it: K counts from 0.
    assert [int(k) for k, _ in calls] == list(range(len(calls))), out
    assert re.search(r"(?m)^child 3: ", out), out
    # The same seed makes the same calls again (up to where the child died:
    # a call that blocks ends at the deadline, which timing decides).
    again = CALL_LINE.findall(weft.run(f"fuzz {SEED} {CALLS} 3", timeout=60))
    n = min(len(calls), len(again))
    assert n > 0 and calls[:n] == again[:n], (out, again)
