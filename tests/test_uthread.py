"""User-level threads, many-to-one (user/lib/uthread*.c, docs/activations.md
"The problem"): the uthreadtests program at 1, 2 and 4 harts. The test
that matters most is blocking_read_stops_every_thread -- the flaw that
scheduler activations (tests/test_sa.py) fix.
"""

import pytest

from weft import assert_all_pass

pytestmark = pytest.mark.harts(1, 2, 4)

UTHREADTESTS = [
    "create_yield_join_order",
    "join_rules",
    "mutex_and_cond_producer_consumer",
    "mutex_error_codes",
    "kernel_sees_one_thread",
    "blocking_read_stops_every_thread",
    "sigalrm_preemption_shares_the_cpu",
    "free_pages_restored",
]


def test_uthreadtests_all_pass(weft):
    out = weft.run("uthreadtests", timeout=180)
    assert_all_pass(out, expect=UTHREADTESTS, summary=True)
