"""Signals (docs/signals.md): the sigtests suite, and the shell's job
control seen from the console -- ^C ends the foreground job and gives
the prompt back, and leaves background jobs alone.
"""

import re

import pytest

from weft import assert_all_pass, scale_option

pytestmark = pytest.mark.harts(1, 2)


def test_sigtests_pass(weft):
    out = weft.run(f"sigtests {scale_option()}", timeout=180)
    assert_all_pass(
        out,
        expect=[
            "handler_runs_on_raise",
            "every_register_survives_a_handler",
            "process_signal_reaches_the_unblocked_thread",
            "sigstop_and_sigcont_a_child",
            "faults_become_signals",
            "read_interrupted_eintr_or_restart",
        ],
        summary=True,
    )


def _interrupt_foreground(weft, command, settle=0.5):
    """Start command in the foreground, type ^C, return what the console
    shows up to the next prompt."""
    weft.send(command + "\n")
    weft.wait_for(command + "\n")
    start = weft.cursor
    weft.wait_quiet(settle)  # let it start and block
    weft.send("\x03")
    weft.wait_for(re.compile(r"(?m)^\$ "), timeout=5)
    return weft.console[start:weft.cursor]


def test_ctrl_c_ends_the_foreground_job_and_the_prompt_returns(weft):
    shown = _interrupt_foreground(weft, "sleep 100")
    assert "^C" in shown
    assert "sh: sleep: killed by signal 2" in shown
    # The shell itself ignored SIGINT and still works.
    assert weft.run("echo still here") == "still here\n"
    # ^C in a pipeline ends every command in it (one process group).
    shown = _interrupt_foreground(weft, "sleep 100 | cat")
    # The shell reports the pipeline's last command; the first must be gone too.
    assert "sh: cat: killed by signal 2" in shown, shown
    assert weft.run("echo and again") == "and again\n"
    ps = weft.run("ps")
    assert not re.search(r"(?m)\b(sleep|cat)$", ps), f"a pipeline command survived ^C\n{ps}"


def test_ctrl_c_spares_background_jobs(weft):
    out = weft.run("sleep 3 &")
    m = re.search(r"\[(\d+)\]", out)
    assert m, out
    pid = m.group(1)
    _interrupt_foreground(weft, "sleep 100")
    # The background sleep is still there...
    ps = weft.run("ps")
    assert re.search(rf"(?m)^\s*{pid}\s+\d+\s+\S\s.*sleep$", ps), ps
    # ...and ends normally later: the shell reaps it before a prompt.
    out = ""
    for _ in range(10):
        out += weft.run("sleep 1")
        if f"[{pid}]" in out:
            break
    assert f"[{pid}] done" in out, out


def test_background_jobs_are_reaped_without_zombies(weft):
    out = weft.run("sleep 1 & sleep 1 &")
    pids = re.findall(r"\[(\d+)\]", out)
    assert len(pids) == 2, out
    out = weft.run("sleep 2")
    for pid in pids:
        assert f"[{pid}] done" in out, out
    ps = weft.run("ps")
    assert " Z " not in ps, ps


def test_kill_from_the_shell(weft):
    out = weft.run("sleep 100 &")
    pid = re.search(r"\[(\d+)\]", out).group(1)
    # The job is reaped before the next prompt: after kill, or after sleep.
    out = weft.run_ok(f"kill -9 {pid}") + weft.run("sleep 1")
    assert f"[{pid}] killed by signal 9" in out, out


def test_kill_a_job_by_its_number(weft):
    out = weft.run("sleep 100 &")
    m = re.search(r"\[(\d+)\] %(\d+)", out)
    assert m, out
    pid, job = m.groups()
    jobs = weft.run("jobs")
    assert re.search(rf"(?m)^%{job} \[{pid}\] sleep$", jobs), jobs
    assert weft.run("kill %9") == "sh: kill: %9: no such job\n"
    out = weft.run_ok(f"kill -9 %{job}") + weft.run("sleep 1")
    assert f"[{pid}] killed by signal 9" in out, out
    assert weft.run("jobs") == ""


def test_kill_a_background_pipeline_by_its_process_group(weft):
    out = weft.run("sleep 100 | sleep 100 &")
    last = int(re.search(r"\[(\d+)\]", out).group(1))
    for _ in range(20):  # until both have exec'd sleep
        ps = weft.run("ps")
        sleeps = [int(p) for p in re.findall(r"(?m)^\s*(\d+)\s+\d+\s+\S\s.*\bsleep$", ps)]
        if len(sleeps) == 2:
            break
    assert len(sleeps) == 2 and last in sleeps, ps
    group = min(sleeps)  # the pipeline's first command leads its group
    out = weft.run_ok(f"kill -9 -- -{group}") + weft.run("sleep 1")
    assert f"[{last}] killed by signal 9" in out, out
    assert "sleep" not in weft.run("ps")


def test_a_stopped_foreground_job_becomes_a_background_job(weft):
    # The job stops itself (SIGSTOP): the shell, waiting with WUNTRACED,
    # takes the console back and says so; SIGCONT lets it finish.
    out = weft.run("waittests --stop-self", timeout=10)
    m = re.search(r"\[(\d+)\] stopped", out)
    assert m, out
    pid = m.group(1)
    # kill is built in and returns at once: the job's line may come after
    # the next prompt, so look at everything the console shows from here.
    start = weft.cursor
    weft.run_ok(f"kill -18 {pid}")
    weft.run("sleep 1")
    out = weft.console[start:]
    assert "waittests: continued" in out and f"[{pid}] done" in out, out
