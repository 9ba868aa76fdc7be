#!/usr/bin/env python3
"""Run the test suites many times to shake out rare failures (make stress).

    scripts/stress.py [--rounds K] [--harts 1,2,4] [--seed S] [-- PYTEST ARGS...]

What it runs, one pytest per step (the build must be done: make stress
builds first):
  - every suite in tests/ K times (default 5, make stress STRESS_K=K) at
    each hart count (WEFT_HARTS=1, 2, 4 overrides the modules' own
    counts; tests that choose their hart count themselves keep it), each
    run under its own jitter seed, derived from the base seed S (random
    unless given), so no two runs share a seed;
  - tests/test_crash.py once with WEFT_CRASH_TRIALS=100 (--crash-trials);
  - tests/test_fuzz.py once with WEFT_FUZZ_CALLS=1000000 (--fuzz-calls).
A step whose test file does not exist is skipped with a note.

Then it prints a table: each test that failed, in how many of its runs,
and for each failure the command that replays it (the run's seed and
hart count). Every run's output and JUnit XML stay in build/stress/.
Exit status 0 if nothing failed.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
PYTHON = "/usr/bin/python3"  # Debian's, with pytest (as make test uses)
CRASH_TEST = TESTS / "test_crash.py"
FUZZ_TEST = TESTS / "test_fuzz.py"


@dataclass
class Run:
    label: str
    seed: int
    env: dict  # the WEFT_* settings that differ from a plain make test
    paths: list
    status: int = 0
    seconds: float = 0.0
    ran: set = field(default_factory=set)  # test ids that ran
    failed: dict = field(default_factory=dict)  # test id -> first line of the failure

    def replay(self, test_id: str) -> str:
        env = "".join(f"{k}={v} " for k, v in self.env.items())
        return f"{env}make test SEED={self.seed} TESTS='{test_id}'"


def test_id(case: ET.Element) -> str:
    """tests/test_x.py::test_y[2harts] from a JUnit <testcase>."""
    classname = case.get("classname", "")
    name = case.get("name", "")
    parts = classname.split(".")
    # "tests.test_x" or "tests.test_x.TestClass": the module is the part
    # that starts with "test_".
    for i, part in enumerate(parts):
        if part.startswith("test_"):
            path = "/".join(parts[: i + 1]) + ".py"
            return "::".join([path, *parts[i + 1:], name])
    return f"{classname}::{name}"


def read_junit(path: Path, run: Run) -> None:
    if not path.exists():
        return
    for case in ET.parse(path).getroot().iter("testcase"):
        run.ran.add(test_id(case))
        for kind in ("failure", "error"):
            problem = case.find(kind)
            if problem is not None:
                message = (problem.get("message") or problem.text or kind).strip()
                run.failed[test_id(case)] = message.splitlines()[0][:100] if message else kind


def run_pytest(run: Run, out_dir: Path, extra: list) -> None:
    stem = out_dir / run.label
    junit = stem.with_suffix(".xml")
    env = dict(os.environ, WEFT_NO_BUILD="1", **run.env)
    env.setdefault("WEFT_BUILD", "build")
    # Two modules at once, as make test runs them (TEST_JOBS=0: one by one).
    jobs = os.environ.get("TEST_JOBS", "2")
    cmd = [PYTHON, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", "-n", jobs,
           "--dist", "loadfile", f"--junitxml={junit}", "--seed", str(run.seed),
           *run.paths, *extra]  # fmt: skip
    started = time.monotonic()
    with open(stem.with_suffix(".log"), "w") as log:
        log.write(" ".join(cmd) + "\n")
        log.flush()
        run.status = subprocess.call(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    run.seconds = time.monotonic() - started
    read_junit(junit, run)
    # 0: all passed, 1: some failed, 5: nothing collected. Anything else
    # (interrupted, internal error, usage) is a failure of the run itself.
    if run.status not in (0, 1, 5):
        run.failed[f"(the whole run: pytest exit status {run.status})"] = f"see {stem}.log"


def print_table(runs: list) -> int:
    by_test = defaultdict(list)
    for run in runs:
        for tid, message in run.failed.items():
            by_test[tid].append((run, message))
    total = sum(r.seconds for r in runs)
    print(f"\n{len(runs)} runs, {sum(len(r.ran) for r in runs)} tests run, {total / 60:.0f} min")
    if not by_test:
        print("no failures")
        return 0
    width = max(len(t) for t in by_test)
    print(f"\n{'failed test':<{width}}  failed/ran  first failure")
    for tid, failures in sorted(by_test.items(), key=lambda kv: -len(kv[1])):
        of = sum(1 for r in runs if tid in r.ran) or len(failures)
        print(f"{tid:<{width}}  {len(failures):>6}/{of:<3}  {failures[0][1]}")
    print("\nreplay:")
    for tid, failures in sorted(by_test.items()):
        for run, _ in failures:
            print(f"  {run.replay(tid)}")
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("STRESS_K", "5")),
                        help="runs of every suite per hart count (default 5, $STRESS_K)")
    parser.add_argument("--harts", default="1,2,4", help="hart counts (default 1,2,4)")
    parser.add_argument("--seed", type=int, default=None, help="base seed (default random)")
    parser.add_argument("--crash-trials", type=int, default=100)
    parser.add_argument("--fuzz-calls", type=int, default=1_000_000)
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to every pytest")
    args = parser.parse_args()

    base = args.seed if args.seed is not None else random.randrange(1, 100_000)
    rng = random.Random(base)  # every run's seed follows from the base seed
    out_dir = ROOT / os.environ.get("WEFT_BUILD", "build") / "stress"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*"):
        old.unlink()

    # The heavy tests get their own steps; the rounds leave them out.
    heavy = [p for p in (CRASH_TEST, FUZZ_TEST) if p.exists()]
    suite = [str(TESTS)] + [f"--ignore={p.relative_to(ROOT)}" for p in heavy]
    plan = []
    for r in range(args.rounds):
        for harts in args.harts.split(","):
            plan.append(Run(f"round{r + 1}-{harts}harts", rng.randrange(1, 1_000_000),
                            {"WEFT_HARTS": harts}, list(suite)))  # fmt: skip
    for path, name, env in [(CRASH_TEST, "crash", {"WEFT_CRASH_TRIALS": str(args.crash_trials)}),
                            (FUZZ_TEST, "fuzz", {"WEFT_FUZZ_CALLS": str(args.fuzz_calls)})]:  # fmt: skip
        if path.exists():
            plan.append(Run(name, rng.randrange(1, 1_000_000), env, [str(path)]))
        else:
            print(f"note: {path.relative_to(ROOT)} does not exist yet: the {name} step is skipped")

    print(f"stress: base seed {base} (scripts/stress.py --seed {base} repeats this plan), "
          f"{len(plan)} runs, logs in {out_dir.relative_to(ROOT)}/", flush=True)
    runs = []
    try:
        for i, run in enumerate(plan, 1):
            settings = " ".join(f"{k}={v}" for k, v in run.env.items())
            print(f"[{i}/{len(plan)}] {run.label}: seed {run.seed} {settings} ...", end=" ",
                  flush=True)  # fmt: skip
            run_pytest(run, out_dir, args.pytest_args)
            runs.append(run)
            verdict = f"{len(run.failed)} failed" if run.failed else "ok"
            print(f"{verdict} ({len(run.ran)} tests, {run.seconds:.0f} s)", flush=True)
    except KeyboardInterrupt:
        print("\ninterrupted: the table covers the runs finished so far")
    return print_table(runs)


if __name__ == "__main__":
    sys.exit(main())
