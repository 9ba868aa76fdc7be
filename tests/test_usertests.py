"""usertests: the broad suite every kernel of this kind must survive
(fork/exec/wait in bulk, pipes, files, big files, sbrk, bad pointers to
every system call, faults that kill only their process, running out of
memory and processes, many open files), with the free-page count checked
at the end. Quick and full runs, at 1 and 2 harts (the quick one at 4 too); afterwards the disk
must still be consistent.
"""

import pytest

from weft import assert_all_pass, run_fsck

pytestmark = pytest.mark.harts(1, 2)


def test_usertests_quick(weft):
    out = weft.run("usertests -q", timeout=240)
    assert_all_pass(out, expect=["free_pages_restored"], summary=True)


def test_usertests_quick_at_4_harts(boot):
    """Its own boot (not the module's 1- and 2-hart machines)."""
    w = boot(harts=4)
    out = w.run("usertests -q", timeout=240)
    assert_all_pass(out, expect=["free_pages_restored"], summary=True)
    w.shutdown()


def test_usertests_full(weft):
    out = weft.run("usertests", timeout=480)
    assert_all_pass(out, expect=["free_pages_restored"], summary=True)


def test_disk_is_consistent_after_the_suite(weft):
    """fsck after the quick and full runs. (It once found an orphan inode,
    no links and its blocks still allocated, left by concurrent
    create/unlink: ialloc handed out the inode number of a file whose
    last iput was still freeing it. scripts/fsck_loop.py reruns that.)"""
    weft.shutdown()
    result = run_fsck(weft.fs_image)
    assert result.returncode == 0, result.stdout + result.stderr
