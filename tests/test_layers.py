"""The kernel's layers point one way (docs/layers.md): a file includes
only headers of its own layer and of the layers below it. This test
reads every #include of kernel/ and fails on one that runs upward.

KNOWN_UPWARD lists the upward includes that are still there, each one
a piece of work docs/layers.md describes (splitting proc/ into its
scheduling core and its process layer). The test fails on any upward
include that is not on the list, and on a listed one that has gone, so
the list only ever shrinks.
"""

import re
import sys
from pathlib import Path

from weft import ROOT

KERNEL = ROOT / "kernel"

# Lowest first. Every directory of kernel/ is one layer, except proc/,
# whose scheduling core (the files in SCHED_CORE) sits below the drivers.
ORDER = ["lib", "arch", "mm", "sched", "drivers", "fs", "proc", "syscall", "trap", "top"]
SCHED_CORE = {"cpu", "thread", "scheduler", "sched_policy", "policy_mlfq", "policy_round_robin",
              "wait_queue", "clock", "sched_trace", "sleeplock", "spinlock", "panic"}

KNOWN_UPWARD = {
    # mm: an address space's lock sleeps
    ("mm/address_space.h", "proc/sleeplock.h"),
    # the scheduling core still reaches into processes and activations
    ("proc/sched_trace.cpp", "proc/process.h"),
    ("proc/thread.cpp", "proc/process.h"),
    ("proc/thread.h", "proc/activation.h"),
    ("proc/wait_queue.cpp", "proc/activation.h"),
    ("proc/wait_queue.cpp", "proc/process.h"),
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer(path):
    """The layer of a path relative to kernel/ ("proc/thread.h")."""
    parts = path.split("/")
    if path == "param.h":
        return "lib"  # constants, below everything
    if len(parts) == 1:
        return "top"  # main.cpp, selftest.cpp
    if parts[0] == "proc" and Path(parts[1]).stem in SCHED_CORE:
        return "sched"
    assert parts[0] in ORDER, f"kernel/{parts[0]}/ is in no layer: add it to ORDER and docs/layers.md"
    return parts[0]


def upward_includes():
    found = set()
    for source in sorted(KERNEL.rglob("*")):
        if source.suffix not in (".h", ".cpp", ".S") or "include-fix" in source.parts:
            continue
        path = str(source.relative_to(KERNEL))
        for included in INCLUDE.findall(source.read_text()):
            if ORDER.index(layer(included)) > ORDER.index(layer(path)):
                found.add((path, included))
    return found


def test_no_include_runs_upward():
    found = upward_includes()
    new = sorted(found - KNOWN_UPWARD)
    assert not new, "includes that run upward (docs/layers.md):\n" + "\n".join(
        f"  kernel/{a} ({layer(a)}) includes {b} ({layer(b)})" for a, b in new)


def test_the_list_of_known_upward_includes_only_shrinks():
    gone = sorted(KNOWN_UPWARD - upward_includes())
    assert not gone, "fixed, so remove from KNOWN_UPWARD:\n" + "\n".join(
        f"  {a} -> {b}" for a, b in gone)


def test_lib_includes_nothing_above_it():
    for source in sorted((KERNEL / "lib").rglob("*")):
        if source.suffix in (".h", ".cpp"):
            for included in INCLUDE.findall(source.read_text()):
                assert layer(included) == "lib", f"kernel/lib/{source.name} includes {included}"


def test_the_checker_sees_an_upward_include(tmp_path, monkeypatch):
    # The check itself: an include from lib into proc is caught.
    fake = tmp_path / "kernel"
    (fake / "lib").mkdir(parents=True)
    (fake / "lib" / "bad.h").write_text('#include "proc/thread.h"\n')
    monkeypatch.setattr(sys.modules[__name__], "KERNEL", fake)
    assert upward_includes() == {("lib/bad.h", "proc/thread.h")}


def test_generic_code_reaches_the_machine_through_arch_h():
    # Outside arch/ and the trap entry (trap/), the machine is arch/arch.h.
    for source in sorted(KERNEL.rglob("*")):
        if source.suffix not in (".h", ".cpp"):
            continue
        path = str(source.relative_to(KERNEL))
        if path.startswith(("arch/", "trap/")):
            continue
        for included in INCLUDE.findall(source.read_text()):
            assert not included.startswith("arch/riscv/"), \
                f"kernel/{path} includes {included}: include arch/arch.h"
