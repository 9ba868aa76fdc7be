"""The lecture demos of user/demos that have no older home
(test_threads.py has race, thread_sum, threadpool and the other thread
demos): each test runs one demo and checks the point it makes, at 1 and
2 harts. Speeds a demo prints are never compared.
"""

import re

import pytest

from weft import lines

pytestmark = pytest.mark.harts(1, 2)


# ---------------------------------------------------------------- yielddemo

def test_yielddemo_cooperative_threads_starve_without_yield(weft):
    out = weft.run_ok("yielddemo", timeout=120)
    starved = re.search(r"(?m)^1\. uthreads, spinner never yields: while it spun \d+ ms, "
                        r"the counter made (\d+) steps", out)
    both = re.search(r"(?m)^2\. uthreads, both yield: .*\((\d+) steps\), the counter made (\d+) "
                     r"steps", out)
    kernel = re.search(r"(?m)^3\. pthreads, spinner never yields: while it spun \d+ ms, "
                       r"the counter made (\d+) steps", out)
    assert starved and both and kernel, out
    assert int(starved.group(1)) == 0, out
    assert int(both.group(1)) > 0 and int(both.group(2)) > 0, out
    assert int(kernel.group(1)) > 0, out
    assert re.search(r"one uthread_yield costs \d+ ns", out), out
    assert re.search(r"one sched_yield costs \d+ ns", out), out
    assert lines(out)[-1].startswith("lesson: user-level threads must yield"), out
