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
    found = {}
    for title in ("without a lock", "with a mutex", "atomic add"):
        m = re.search(rf"{title}: +counter = (\d+) \(expected (\d+), (\d+) updates lost\) "
                      r"in \d+ ms, \d+ ns per addition", out)
        assert m, f"{title}\n{out}"
        count, expected, lost = (int(g) for g in m.groups())
        assert expected - count == lost and expected > 0, out
        found[title] = lost
    # Without the lock, updates are lost (at one hart through preemption
    # between the load and the store, at several also by running at once);
    # the count can only come out short, never over. Each fix loses none.
    assert found["without a lock"] > 0, out
    assert found["with a mutex"] == 0 and found["atomic add"] == 0, out


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


def thread_sum_layout(out: str) -> dict:
    """{version: {what: address}} from thread_sum's memory listings."""
    layout, version = {}, None
    for line in lines(out):
        m = re.match(r"(\w+): +sum of 1..1024 = (\d+) \(expected 524800\)", line)
        if m:
            assert m.group(2) == "524800", out
            version = layout.setdefault(m.group(1), {})
            continue
        m = re.match(r" +0x([0-9a-f]+)  (.*)", line)
        if m and version is not None:
            version[m.group(2)] = int(m.group(1), 16)
    return layout


def test_thread_sum_demo_in_all_five_versions(weft):
    out = weft.run_ok("thread_sum")
    assert out.count("front half 131328 + back half 393472") == 2, out  # struct, stack
    layout = thread_sum_layout(out)
    assert list(layout) == ["globals", "ids", "struct", "stack", "heap"], out
    for version, where in layout.items():
        main_stack = where["main's local (main thread's stack)"]
        threads = [where[f"stack of thread {i} (its local sum)"] for i in (0, 1)]
        # The lecture's picture: each thread has its own stack, below
        # main's, and all of them far above the globals.
        assert threads[0] != threads[1], f"{version}\n{out}"
        assert max(threads) < main_stack, f"{version}\n{out}"
        for what, address in where.items():
            if "global" in what:
                assert address < min(threads), f"{version}: {what}\n{out}"
            if "main thread's stack" in what or "sum_all's frame" in what:
                # in main's stack: within 64 KiB below main's local
                assert 0 <= main_stack - address < 65536, f"{version}: {what}\n{out}"
    heap = layout["heap"]["info[] with the results (heap, malloc)"]
    assert layout["heap"]["values[] (global)"] < heap < min(
        layout["heap"][f"stack of thread {i} (its local sum)"] for i in (0, 1)), out
    assert "stack_values[] (main thread's stack)" in layout["stack"], out
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


def test_thread_pool_runs_every_job_on_every_worker(weft):
    for command, workers, jobs, total in (("threadpool", 4, 12, 325039000),
                                          ("threadpool 3 10", 3, 10, 192527500)):
        out = weft.run_ok(command, timeout=120)
        ran = sorted(int(j) for j in re.findall(r"(?m)^worker \d: job (\d+):", out))
        assert ran == list(range(jobs)), out
        assert (f"shut down: {jobs} of {jobs} jobs ran, results add up to {total} "
                f"(expected {total})") in out, out
        # Jobs of 20 ms (two timer ticks): every worker gets some, every run.
        per_worker = [int(n) for n in re.findall(r"(?m)^worker \d ran (\d+) jobs", out)]
        assert len(per_worker) == workers and min(per_worker) >= 1, out
        assert f"0 of {workers} workers ran no job" in out, out
