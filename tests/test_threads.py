"""The pthreads library on kernel threads (docs/threads.md): the
threadtests program, and the lecture demos in user/demos doing what
they are there to show. On 1, 2 and 4 harts, one boot per hart count.
clone's flags and process-wide effects: test_clone.py.
"""

import re

import pytest

from weft import EXIT_STATUS_RE, assert_all_pass, lines, scale_option

pytestmark = pytest.mark.harts(1, 2, 4)

THREADTESTS = [
    "gettid_and_getpid",
    "threads_share_memory_files_and_cwd",
    "join_detach_rules",
    "stack_size_attribute",
    "mutex_counter_is_exact",
    "errorcheck_and_trylock_codes",
    "cond_producer_consumer",
    "cond_timedwait_times_out",
    "once_runs_init_once",
    "thread_specific_data_and_destructors",
    "barrier_releases_together",
    "rwlock_readers_share_writers_exclude",
    "spinlock_counter_is_exact",
    "semaphores_count",
    "cancel_thread_blocked_in_read",
    "cancel_thread_in_cond_wait",
    "thread_local_variables_and_errno",
    "clocks_sleep_and_sysconf",
    "free_pages_restored",
]


def test_threadtests_all_pass(weft):
    out = weft.run(f"threadtests {scale_option()}", timeout=400)
    assert_all_pass(out, expect=THREADTESTS, summary=True)


# ---------------------------------------------------------------- the demos

def test_race_demo_loses_updates_only_without_a_lock(weft):
    # Each thread adds for half a second (dozens of timer ticks on any
    # machine), counting its own additions: the expected total is exact.
    out = weft.run_ok("race", timeout=120)
    racy = re.search(r"without a lock: counter = (\d+) \(expected (\d+), (\d+) updates lost", out)
    locked = re.search(r"with a mutex: +counter = (\d+) \(expected (\d+), (\d+) updates lost", out)
    assert racy and locked, out
    count, expected, lost = (int(g) for g in racy.groups())
    assert expected - count == lost, out
    # Without the lock, updates are lost (at one hart through preemption
    # between the load and the store, at several also by running at once);
    # the count can only come out short, never over.
    assert 0 < lost < expected, out
    count, expected, lost = (int(g) for g in locked.groups())
    assert lost == 0 and count == expected > 0, out


def test_fork_copies_memory_threads_share_it(weft):
    out = weft.run_ok("fork_vs_thread")
    found = dict(re.findall(r"(?m)^(child|parent|thread|main): +a=(-?\d+)", out))
    assert found == {"child": "10", "parent": "0", "thread": "10", "main": "10"}, out
    addresses = set(re.findall(r"address of a=(0x[0-9a-f]+)", out))
    assert len(addresses) == 1, f"the same virtual address everywhere\n{out}"


def test_returning_from_main_ends_every_thread(weft):
    out = weft.run_ok("main_returns")
    assert lines(out)[:2] == ["About to start thread", "Done starting thread"] or (
        "In the thread" in out
    ), out
    assert out.count("In the thread") <= 1, out
    for fix in ("join", "exit"):
        out = weft.run_ok(f"main_returns {fix}")
        assert sorted(lines(out)) == sorted(
            ["About to start thread", "Done starting thread", "In the thread"]
        ), f"main_returns {fix}\n{out}"


def test_every_thread_has_its_own_stack(weft):
    out = weft.run_ok("thread_stacks")
    locals_ = re.findall(r"(?m)^(main|thread \d): +local at (0x[0-9a-f]+), global at (0x[0-9a-f]+)", out)
    assert len(locals_) == 4, out
    assert len({local for _, local, _ in locals_}) == 4, f"stacks must differ\n{out}"
    assert len({glob for _, _, glob in locals_}) == 1, f"the global is shared\n{out}"
    assert "used 48 KiB of its stack" in out, out
    assert "pthread_attr_setstacksize returned 22" in out, out


def test_thread_sum_demo_in_all_four_versions(weft):
    out = weft.run_ok("thread_sum")
    assert "front half 131328 + back half 393472" in out, out
    for how in ("globals", "ids", "struct", "heap"):
        assert re.search(rf"(?m)^{how}: +sum of 1..1024 = 524800 \(expected 524800\)", out), out
    out = weft.run_ok("thread_sum heap")
    assert "struct:" not in out and "heap:    sum of 1..1024 = 524800" in out, out


def test_producer_consumer_demo(weft):
    out = weft.run_ok("prodcons 12", timeout=120)
    produced = [int(n) for n in re.findall(r"(?m)^produced (\d+) \((\d) in", out)[::1] for n in [n[0]]]
    consumed = [int(n) for n in re.findall(r"(?m)^consumed (\d+)", out)]
    assert produced == list(range(1, 13)), out
    assert consumed == list(range(1, 13)), f"in order, none lost\n{out}"
    fill = [int(n) for n in re.findall(r"\((\d) in the buffer\)", out)]
    assert fill and max(fill) <= 4, f"never more than the buffer holds\n{out}"
    assert "consumer's total 78 (expected 78)" in out, out
    assert not EXIT_STATUS_RE.search(out), out


def test_detached_threads_run_unjoined(weft):
    out = weft.run_ok("detached")
    assert "pthread_join on a detached thread returned 22" in out, out
    for who in ("detached later", "started detached"):
        assert [n for n in re.findall(rf"(?m)^{who}: progress (\d)/3", out)] == ["1", "2", "3"], out
    assert lines(out)[-1] == "main: both detached threads finished; nobody joined them", out


def test_dead_threads_stack_pointer(weft):
    out = weft.run_ok("deadstack")
    assert re.search(r"after join: (\*pointer = -?\d+|reading \*pointer crashed)", out), out
    assert re.search(r"while another thread runs: (\*pointer = -?\d+|reading)", out), out
    assert "lesson: never return" in out, out


@pytest.mark.parametrize("n", [0, 3])
def test_fork_loop_prints_two_to_the_n_lines(weft, n):
    out = weft.run_ok(f"forkloop {n}")
    hellos = re.findall(r"(?m)^Hello from pid (\d+)", out)
    assert len(hellos) == 2 ** n and len(set(hellos)) == 2 ** n, out


def test_clone_flags_explorer(weft):
    out = weft.run_ok("cloneflags")
    verdicts = re.findall(r"(?m)^  parent: memory (\w+) \(\w+\), fd table (\w+) \(\w+\), "
                          r"cwd (\w+) \(\w+\), handlers (\w+)", out)
    s, c = "shared", "copied"
    assert verdicts == [
        (c, c, c, c),  # 0
        (s, c, c, c),  # CLONE_VM
        (c, s, c, c),  # CLONE_FILES
        (c, c, s, c),  # CLONE_FS
        (s, c, c, s),  # CLONE_SIGHAND|CLONE_VM
        (s, s, s, s),  # CLONE_THREAD|CLONE_SIGHAND|CLONE_VM|CLONE_FILES|CLONE_FS
    ], out
    assert "the thread is in our process; wait() says no children" in out, out
    assert out.count("-> -1, Invalid argument") == 4, out
    # Weft refuses a thread without CLONE_FILES/CLONE_FS, and says why.
    assert re.search(r"(?m)^  CLONE_THREAD\|CLONE_SIGHAND\|CLONE_VM +-> -1, Invalid argument$",
                     out), out
    assert "CLONE_THREAD needs\n   CLONE_FILES and CLONE_FS" in out, out


def test_a_crash_ends_its_process_only(weft):
    out = weft.run_ok("crashdemo")
    assert out.count("was killed by signal 11 (SIGSEGV)") == 2, out
    assert "should never print" not in out, out
    assert re.search(r"(?m)^parent \d+: still alive after both crashes", out), out


def test_thread_pool_runs_every_job(weft):
    out = weft.run_ok("threadpool 3 10", timeout=120)
    jobs = sorted(int(j) for j in re.findall(r"(?m)^worker \d: job (\d+):", out))
    assert jobs == list(range(10)), out
    assert "shut down: 10 of 10 jobs ran, results add up to 192527500 (expected 192527500)" in out, out
