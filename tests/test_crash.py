"""Pulling the plug: the disk survives a crash at any moment.

Each trial boots Weft, starts user/tests/crashwork.c (processes that
create, write, append, overwrite, truncate, link and unlink files in /cw,
announcing each change on the console before the system call and
confirming it after), and kills QEMU with SIGKILL at a random moment
(0.5 to 4 s after its first confirmed change).
Then, on the disk as the crash left it:

  * fsck (which replays a committed log, as the kernel does at boot)
    finds it clean;
  * every file holds exactly what the workload's confirmed changes put
    there: the state after the last confirmed change of each worker, or,
    for a change announced but not confirmed, all its names in the states
    it announced (a system call that returned is committed; one in flight
    happens entirely or not at all). Read on the host with build/mkfs/fsread;
  * the image boots, and the booted kernel (after its own log recovery)
    lists the same files with the same sizes; after a clean halt fsck
    still finds it clean and the files still read the same.

Trials: WEFT_CRASH_TRIALS (default 10; a stress run asks for 100). The
kill moments, hart counts and workload seeds come from one
random.Random(WEFT_SEED) (default below); a failure names the seed and
the trial, so WEFT_SEED=<seed> reruns exactly those trials (and -k
trial_<n> one of them).
"""

import os
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from weft import BUILD, Weft, run_fsck

FSREAD = BUILD / "mkfs" / "fsread"

DEFAULT_SEED = 20240610
SEED = int(os.environ.get("WEFT_SEED", DEFAULT_SEED))
TRIALS = int(os.environ.get("WEFT_CRASH_TRIALS", "10"))
WORKERS = 3
KILL_AFTER = (0.5, 4.0)  # seconds after the workload's first confirmed change

# crashwork's console lines (see user/tests/crashwork.c).
BEGIN_RE = re.compile(r"^CW B (\d+) (\d+)((?: \S+=\S+)+)$")
DONE_RE = re.compile(r"^CW D (\d+) (\d+)$")
FAIL_RE = re.compile(r"(?m)^CW FAIL .*$")


def trial_plan(trial: int) -> dict:
    """Trial `trial`'s choices, drawn from the seed (trials are independent
    of each other, so -k picks one without changing it)."""
    rng = random.Random(f"{SEED}/{trial}")
    return {
        "harts": rng.choice((1, 2)),
        "workload_seed": rng.randrange(1, 1 << 31),
        "kill_after": rng.uniform(*KILL_AFTER),
    }


def fnv1a(data: bytes) -> int:
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def state_of(data) -> str:
    """A name's state as crashwork writes it: "-" or "<size>:<hash>"."""
    return "-" if data is None else f"{len(data)}:{fnv1a(data):08x}"


def expected_states(console: str):
    """Per worker: (the names' states after its last confirmed change,
    the announced but unconfirmed change or None). Only whole lines count:
    a line cut off by the kill was never finished, so the change it would
    announce had not started."""
    committed, pending = {}, {}
    complete = console[: console.rfind("\n") + 1]
    for line in complete.splitlines():
        line = line.strip()
        if m := BEGIN_RE.match(line):
            worker, seq = int(m.group(1)), int(m.group(2))
            if pending.get(worker):
                raise AssertionError(f"worker {worker} announced {seq} before confirming "
                                     f"{pending[worker][0]}")
            changes = dict(item.split("=", 1) for item in m.group(3).split())
            pending[worker] = (seq, changes)
        elif m := DONE_RE.match(line):
            worker, seq = int(m.group(1)), int(m.group(2))
            announced = pending.get(worker)
            if not announced or announced[0] != seq:
                raise AssertionError(f"worker {worker} confirmed {seq} without announcing it")
            committed.setdefault(worker, {}).update(announced[1])
            pending[worker] = None
    return committed, pending


def read_file(image: Path, name: str):
    """The bytes of /cw/<name> in image (log replayed), or None if absent."""
    got = subprocess.run([str(FSREAD), str(image), f"/cw/{name}"], capture_output=True)
    if got.returncode == 0:
        return got.stdout
    error = got.stderr.decode(errors="replace")
    if "no such file" in error:
        return None
    raise AssertionError(f"fsread /cw/{name}: {error.strip()}")


def disk_states(image: Path, names) -> dict:
    return {name: state_of(read_file(image, name)) for name in names}


def check_worker(worker: int, actual: dict, committed: dict, pending) -> str:
    """"" if the worker's names are in an allowed state, else what is wrong."""
    before = {name: committed.get(name, "-") for name in actual}
    if actual == before:
        return ""
    if pending:
        after = dict(before, **pending[1])
        if actual == after:
            return ""
    wrong = {n: (actual[n], before[n]) for n in actual if actual[n] != before[n]}
    return (f"worker {worker}: names differ from the last confirmed change: "
            + ", ".join(f"{n} is {a}, expected {b}" for n, (a, b) in sorted(wrong.items()))
            + (f"; the change in flight ({pending[0]}) would give {pending[1]}" if pending
               else "; no change was in flight"))


def listed_files(listing: str) -> dict:
    """xv6 ls output of /cw: name -> size, without "." and ".."."""
    files = {}
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) != 4 or not fields[3].isdigit():
            continue
        name = fields[0].rsplit("/", 1)[-1]
        if name not in (".", ".."):
            files[name] = int(fields[3])
    return files


@pytest.fixture(scope="module", autouse=True)
def tools():
    if not FSREAD.exists():
        pytest.fail(f"no {FSREAD}: make all builds it")


@pytest.mark.parametrize("trial", range(TRIALS), ids=lambda t: f"trial_{t}")
def test_committed_files_survive_a_crash(trial, boot, tmp_path):
    plan = trial_plan(trial)
    rerun = (f"seed {SEED}, trial {trial} ({plan}); rerun: WEFT_SEED={SEED} "
             f"WEFT_CRASH_TRIALS={TRIALS} pytest tests/test_crash.py -k trial_{trial}")

    w = boot(harts=plan["harts"])
    w.send(f"crashwork {plan['workload_seed']} {WORKERS}\n")
    # The clock starts at the first confirmed change, so that even a slow
    # machine has some committed files to check.
    w.wait_for(re.compile(r"(?m)^CW D "), timeout=60)
    time.sleep(plan["kill_after"])
    w.kill()  # SIGKILL: no halt, no flush, the plug pulled
    console = w.console
    crashed = tmp_path / "crashed.img"
    shutil.copyfile(w.fs_image, crashed)

    def fail(why: str):
        pytest.fail(f"{why}\n{rerun}\n----- console -----\n{console}\n----- end -----",
                    pytrace=False)

    if m := FAIL_RE.search(console):
        fail(f"the workload itself saw a problem: {m.group(0)}")
    if "panic: " in console:
        fail("kernel panic during the workload")

    committed, pending = expected_states(console)
    workers = set(committed) | {wk for wk, p in pending.items() if p}
    if not committed:
        fail("not one change was confirmed before the kill: the trial tested nothing")

    result = run_fsck(crashed)
    if result.returncode != 0:
        fail(f"fsck of the crashed disk:\n{result.stdout}{result.stderr}")

    # Every name a worker ever touched, in its allowed state.
    names_of = {wk: set(committed.get(wk, {})) | set((pending.get(wk) or (0, {}))[1])
                for wk in workers}
    states = {}
    for wk in sorted(workers):
        actual = disk_states(crashed, sorted(names_of[wk]))
        states.update(actual)
        problem = check_worker(wk, actual, committed.get(wk, {}), pending.get(wk))
        if problem:
            fail(f"after the crash, {problem}")

    # The kernel boots from it, replays its log and sees the same files.
    with Weft(harts=plan["harts"], disk=crashed) as again:
        listing = again.run_ok("ls /cw", timeout=60)
        again.shutdown()
        if again.panicked:
            fail("kernel panic booting the crashed disk")
        rebooted = tmp_path / "rebooted.img"
        shutil.copyfile(again.fs_image, rebooted)
    present = {n: int(s.split(":")[0]) for n, s in states.items() if s != "-"}
    extra = {n: size for n, size in listed_files(listing).items() if n not in states}
    if listed_files(listing) != present:
        fail(f"the booted kernel lists /cw as {listed_files(listing)}, "
             f"expected {present} (names nobody made: {extra})\n{listing}")
    result = run_fsck(rebooted)
    if result.returncode != 0:
        fail(f"fsck after booting the crashed disk and halting:\n{result.stdout}{result.stderr}")
    after_boot = disk_states(rebooted, sorted(states))
    if after_boot != states:
        fail(f"the files changed across the boot (kernel log recovery): "
             f"{ {n: (states[n], after_boot[n]) for n in states if states[n] != after_boot[n]} }")
