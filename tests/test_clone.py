"""clone's sharing flags seen from both sides, its invalid combinations
and tid/TLS flags, and what a process of several threads does as a
whole: the clonetests program (docs/threads.md). At 1 and 4 harts, one
boot per hart count.
"""

import re

import pytest

from weft import assert_all_pass, scale_option

pytestmark = pytest.mark.harts(1, 4)

CLONETESTS = [
    "clone_vm_shares_memory",
    "clone_without_vm_copies_memory",
    "clone_files_shares_fd_table",
    "clone_without_files_copies_fd_table",
    "clone_fs_shares_cwd",
    "clone_without_fs_copies_cwd",
    "clone_sighand_shares_handlers",
    "clone_without_sighand_copies_handlers",
    "clone_thread_joins_our_process",
    "clone_without_thread_makes_a_process",
    "clone_rejects_bad_flags",
    "clone_settid_cleartid_and_settls",
    "child_settid_writes_the_childs_copy",
    "fork_copies_only_calling_thread",
    "exec_from_thread_ends_the_others",
    "exit_from_any_thread_ends_all",
    "main_thread_exit_leaves_others_running",
    "faulting_thread_kills_its_process_only",
    "thread_limit_gives_eagain",
    "threads_max_is_system_wide",
    "free_pages_restored",
]


def test_clonetests_all_pass(weft):
    out = weft.run(f"clonetests {scale_option()}", timeout=300)
    assert_all_pass(out, expect=CLONETESTS, summary=True)


def test_a_faulting_thread_is_reported_with_its_tid(weft):
    out = weft.run("clonetests faulting", timeout=120)
    assert_all_pass(out, expect=["faulting_thread_kills_its_process_only"])
    assert re.search(r"tid \d+: store page fault .* killed by signal 11", out), out
