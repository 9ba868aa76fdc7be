"""Memory mapping (docs/memory.md): anonymous mmap/munmap/mprotect with
guard pages and region splitting, MAP_SHARED vs MAP_PRIVATE across fork,
copy-on-write fork that copies only the pages written, lazy pages, the
main stack growing on demand up to RLIMIT_STACK, and every page given
back at the end. On 1 and 2 harts.
"""

import pytest

from weft import assert_all_pass

pytestmark = pytest.mark.harts(1, 2)

MMAPTESTS = [
    "mmap_pages_are_zeroed_and_writable",
    "mmap_errors",
    "lazy_pages_cost_nothing_until_touched",
    "prot_none_guard_page_faults",
    "mprotect_read_only_then_write_faults",
    "munmap_edge_cases",
    "map_fixed_replaces",
    "too_many_regions_is_enomem",
    "map_shared_visible_across_fork",
    "map_private_not_visible_across_fork",
    "map_shared_untouched_pages_shared",
    "cow_parent_and_child_each_see_their_own",
    "cow_copies_only_written_pages",
    "cow_snapshot_stable_while_a_thread_writes",
    "futex_wakeup_survives_copy_on_write",
    "stack_grows_to_one_mib",
    "kernel_write_grows_stack",
    "stack_beyond_rlimit_is_sigsegv",
    "free_pages_restored",
]


def test_mmaptests(weft):
    out = weft.run("mmaptests", timeout=180)
    assert_all_pass(out, expect=MMAPTESTS, summary=True)


def test_usertests_still_pass_after_mmaptests(weft):
    # Copy-on-write and shared pages must leave nothing behind that
    # breaks the classic suite booted in the same machine.
    out = weft.run("usertests -q", timeout=240)
    assert_all_pass(out, expect=["free_pages_restored"], summary=True)
