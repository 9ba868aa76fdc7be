"""The lecture demos in user/demos that have no older home
(test_threads.py has race, thread_sum, threadpool and the other thread
demos): one section per demo, each test
running its demo and checking the point it makes, at 1 and 2 harts.
Speeds a demo prints are never compared.
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


# ---------------------------------------------------------------- pipes

def fd_table(out, who):
    """The fd table the demo printed for `who`: {fd: description}."""
    m = re.search(rf"fd table of {who}[^\n]*:\n((?:  fd \d+: [^\n]*\n)*)", out)
    assert m, out
    return {int(fd): what for fd, what in re.findall(r"  fd (\d+): ([^\n]*)", m.group(1))}


def test_pipes_demo_connects_ls_stdout_to_wc_stdin(weft):
    out = weft.run_ok("pipes", timeout=60)
    ls = fd_table(out, "ls child")
    wc = fd_table(out, "wc child")
    parent = fd_table(out, "the parent")
    # In the ls child stdout is the write end, in the wc child stdin is
    # the read end, of one and the same pipe; nothing else is left open.
    ls_pipe = re.fullmatch(r"pipe (\d+), write end", ls[1])
    wc_pipe = re.fullmatch(r"pipe (\d+), read end", wc[0])
    assert ls_pipe and wc_pipe and ls_pipe.group(1) == wc_pipe.group(1), out
    assert ls[0] == ls[2] == "console" and wc[1] == wc[2] == "console", out
    assert sorted(ls) == sorted(wc) == [0, 1, 2], out
    # The parent holds both ends (and the ordering pipe's) before forking.
    assert f"pipe {ls_pipe.group(1)}, read end" in parent.values(), out
    assert f"pipe {ls_pipe.group(1)}, write end" in parent.values(), out
    # What the pipeline printed is what the shell's ls | wc prints.
    counts = re.search(r"lines words bytes of ls's listing\):\n(\d+ \d+ \d+)\n", out)
    assert counts, out
    shell = weft.run_ok("ls | wc").strip()
    assert counts.group(1) == shell, out + shell
    assert re.search(r"parent waited: ls \(pid \d+\) exit 0, wc \(pid \d+\) exit 0", out), out


# ---------------------------------------------------------------- serverdemo

def test_serverdemo_threads_share_a_crash_processes_do_not(weft):
    out = weft.run_ok("serverdemo 100", timeout=300)
    # Part 1: both servers answer every request right (speed only printed).
    for pool in ("thread pool", "process pool"):
        assert re.search(rf"  {pool}: 100 of 100 answered correctly, 0 wrong, \d+ requests/s", out), out
    # Part 2: the crashing request kills the whole threaded server ...
    assert "thread pool: the whole threaded server died of SIGSEGV" in out, out
    m = re.search(r"thread pool: (\d+) of (\d+) normal requests answered correctly, 0 wrong", out)
    assert m and int(m.group(1)) < int(m.group(2)), out
    # ... but only one worker of the process server, which serves the rest.
    m = re.search(r"process pool: (\d+) of (\d+) normal requests answered correctly, 0 wrong", out)
    assert m and m.group(1) == m.group(2), out
    assert re.search(r"process server: worker \d+ died of signal 11; 3 workers go on", out), out
    assert "process pool: the server survived and served the rest" in out, out


# ---------------------------------------------------------------- division by zero (crashdemo part 3)

def test_integer_division_by_zero_does_not_trap(weft):
    out = weft.run_ok("crashdemo")
    assert re.search(r"child process \d+: 42 / 0 = -1, 42 % 0 = 42 \(no trap\)", out), out
    assert re.search(r"3\. a child process divides[^\n]*\n[^\n]*\n  process \d+ exited with 0", out), out


# ---------------------------------------------------------------- pcb


def test_pcb_threads_share_the_process_and_own_their_stacks(weft):
    out = weft.run_ok("pcb", timeout=60)
    m = re.search(r"(?m)^  (\d+) +#(\d+) +#(\d+) +#(\d+) +3$", out)
    assert m, out
    pid, shared = int(m.group(1)), tuple(int(g) for g in m.group(2, 3, 4))
    assert all(shared), out  # a live process has all three (0 would be none)
    threads = re.findall(r"(?m)^  (\d+) +([RrS]) +0x([0-9a-f]+) +0x([0-9a-f]+) +#(\d+) +(main|worker)$",
                         out)
    assert len(threads) == 3, out
    assert len({t[0] for t in threads}) == 3, out  # three tids
    assert len({t[3] for t in threads}) == 3, out  # three user stacks (sp)
    assert len({t[4] for t in threads}) == 3, out  # three kernel stacks
    assert all(int(t[3], 16) != 0 and int(t[2], 16) != 0 for t in threads), out
    assert [t[5] for t in threads].count("main") == 1, out
    # every thread's own row names the same three objects
    rows = re.findall(r" (\d+):#(\d+)/#(\d+)/#(\d+)", out)
    assert len(rows) == 3 and all(tuple(int(g) for g in r[1:]) == shared for r in rows), out
    sizes = re.search(r"(?m)^per thread (\d+) bytes < per process (\d+) bytes: yes$", out)
    assert sizes and int(sizes.group(1)) < int(sizes.group(2)), out
    assert "NO" not in out, out
    assert pid > 1, out


# ---------------------------------------------------------------- top with a lasting load (README)

def test_top_sees_a_background_load_every_frame(weft):
    out = weft.run("threadpool 4 60 200 > /dev/null & top -n 3", timeout=120)
    frames = out.split("top: frame ")[1:]
    assert len(frames) == 3, out
    seen = set()
    for frame in frames:
        rows = re.findall(r"(?m)^ +\d+ +(\d+) [RrS] +\d+ +-?\d+ +\d+ +(\d+) +\d+ threadpool$", frame)
        # the load lasts: every frame shows the pool using the harts (how
        # much of them depends on the host, so only that it shows)
        assert sum(int(cpu) for _, cpu in rows) > 0, out
        seen |= {tid for tid, cpu in rows if int(cpu) > 0}
    assert len(seen) >= 4, f"all four workers used a hart\n{out}"
    weft.run("sleep 8", timeout=60)  # let the background pool finish


# ---------------------------------------------------------------- sigdemo

def test_sigdemo_masks_choose_the_thread_and_a_fault_ends_all(weft):
    out = weft.run_ok("sigdemo", timeout=120)
    # a process-directed signal waits while every thread blocks it ...
    assert "kill(getpid(), SIGUSR1): handled by nobody after 100 ms; pending: yes" in out, out
    # ... and then goes to exactly the thread that does not block it
    assert "the pending one is handled at once, by C" in out, out
    assert re.findall(r"(?m)^   kill\(getpid\(\), SIGUSR1\) x3: handled by (.*)$", out) == \
        ["C C C", "B B B"], out
    # the action belongs to the process: A ignores it for everyone
    assert "is handled by nobody, and not pending: ignored" in out, out
    # pthread_kill reaches its one thread
    assert "handled: A 0, B 3, C 0, main 0" in out, out
    # a fault: the default action kills every thread; a handler runs on the faulter
    assert "the child was killed by signal 11 (SIGSEGV)" in out, out
    assert "should never print" not in out, out
    assert "handler for signal 11 runs on thread B" in out, out
    assert "the child exited with 42" in out, out
    assert lines(out)[-1] == ("lesson: one action per signal for the whole process, one mask "
                              "per thread; a fault ends every thread"), out
