"""Out of memory is an error, not a crash (docs/memory.md "Out of memory").

Default boot (strict commit accounting): an sbrk hog, an mmap hog, both at
once (two processes, two threads) each get ENOMEM, never a signal, can
free and retry; fork with memory nearly all committed is ENOMEM; every
free page and every committed page comes back; the kernel never needs its
out-of-memory kill; the system stays usable. Boot with overcommit=always:
mmap is never refused, and the process whose page fault finds no page is
killed with SIGKILL and a console line naming out of memory. On 1 and 2
harts.
"""

import re

import pytest

from weft import assert_all_pass

pytestmark = pytest.mark.harts(1, 2)

OOMTESTS = [
    "commit_counts_mappings_not_touches",
    "fork_commits_the_parents_pages_again",
    "stack_growth_is_committed",
    "sbrk_hog_gets_enomem_and_can_retry",
    "mmap_hog_gets_enomem_and_can_retry",
    "two_hogs_at_once_both_get_enomem",
    "threads_hogging_together_get_enomem",
    "fork_when_memory_is_committed_is_enomem",
    "free_pages_restored",
    "committed_pages_restored",
]

OOM_KILL_RE = re.compile(r"out of memory: killed process (\d+) \((\S+)\)")


def test_boot_reports_the_commit_limit(weft):
    limit = re.search(r"weft: commit limit (\d+) pages \((\d+) kept for the kernel\)", weft.console)
    free = re.search(r"weft: (\d+) of (\d+) pages free", weft.console)
    assert limit and free, weft.console
    assert int(limit.group(1)) + int(limit.group(2)) == int(free.group(1))


def test_oomtests(weft):
    out = weft.run("oomtests", timeout=300)
    assert_all_pass(out, expect=OOMTESTS, summary=True)
    # Strict accounting leaves the kernel's reserve alone: the backstop
    # (kill at a page fault) must not have been needed.
    assert not OOM_KILL_RE.search(weft.console), weft.console


def test_system_usable_after_running_out(weft):
    # Forks, exec, pipes and the file system after memory ran out repeatedly.
    out = weft.run("echo one two three | wc", timeout=60)
    assert out.split() == ["1", "3", "14"], out
    out = weft.run("usertests sbrk", timeout=120)
    assert_all_pass(out, expect=["sbrk_grow_shrink", "sbrk_absurd_enomem"], summary=True)
    # The classic hog: sbrk until ENOMEM, give it back, fork again.
    out = weft.run("usertests out_of_memory", timeout=120)
    assert_all_pass(out, expect=["out_of_memory", "free_pages_restored"], summary=True)


@pytest.mark.parametrize("harts", [1, 2])
def test_overcommit_oom_kill_is_sigkill_with_a_console_line(boot, harts):
    w = boot(harts=harts, bootargs="overcommit=always")
    assert "weft: overcommit: no commit limit" in w.console, w.console
    out = w.run("oomtests --overcommit", timeout=300)
    assert_all_pass(
        out,
        expect=[
            "overcommit_mmap_is_never_refused",
            "oom_kill_is_sigkill_not_sigsegv",
            "free_pages_restored",
            "committed_pages_restored",
        ],
        summary=True,
    )
    child = re.search(r"oom child pid (\d+)", out)
    killed = OOM_KILL_RE.findall(w.console)
    assert child, out
    # Exactly the hog was killed, named by pid and name, and no SIGSEGV report.
    assert killed == [(child.group(1), "oomtests")], w.console
    assert "killed by signal 11" not in w.console, w.console
    assert w.run("echo still here").strip() == "still here"
