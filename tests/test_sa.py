"""Scheduler activations, the user side (user/lib/sa*.c, docs/activations.md):
the satests program at 1, 2 and 4 harts, and the blockdemo lecture demo,
which runs one workload under uthread, pthread and sa.
"""

import re

import pytest

from weft import assert_all_pass, scale_option

pytestmark = pytest.mark.harts(1, 2, 4)

SATESTS = [
    "init_grants_min_of_request_and_harts",
    "register_needs_a_single_thread",
    "blocked_read_others_progress",
    "parallelism_is_min_of_request_and_harts",
    "preempted_thread_keeps_every_register",
    "spin_and_mutex_counters_exact_under_preemption",
    "block_unblock_cycles_lose_nothing",
    "no_nested_upcall_under_churn",
    "more_blocked_threads_than_activations",
    "fork_gives_plain_single_threaded_child",
    "exec_from_activated_process",
    "exit_and_kill_leave_nothing_behind",
    "free_pages_restored",
]


def test_satests_all_pass(weft):
    out = weft.run(f"satests {scale_option()}", timeout=400)
    assert_all_pass(out, expect=SATESTS, summary=True)


def test_blockdemo_only_uthread_freezes(weft):
    out = weft.run_ok("blockdemo", timeout=120)
    verdicts = dict(re.findall(r"(?m)^  (uthread|pthread|sa): while the reader was blocked for "
                               r"\d+ ms the workers counted -?\d+ -> (.*)$", out))
    assert verdicts.get("uthread", "").startswith("FROZEN"), out
    assert verdicts.get("pthread") == "they went on", out
    assert verdicts.get("sa") == "they went on", out
