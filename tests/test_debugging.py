"""The debugger and the editor work as the README says (README.md,
"Debugging with gdb" and "Editing with clangd"):

- `make qemu-gdb DEBUG=1` builds into build-debug/, starts QEMU waiting
  for gdb on a port derived from the user id, and writes
  build/qemu-gdb.gdb, through which the repository's .gdbinit attaches;
  gdb then shows the locals of a kernel function and, with
  add-symbol-file, of a user program;
- `clangd --check` finds no error in kernel, user and xv6 sources.

These tests run make, QEMU, gdb-multiarch and clangd themselves.
"""

import os
import re
import socket
import subprocess
import time

import pytest

from weft import ROOT, time_scale

BUILD_WAIT = 600  # seconds, before the speed factor: the whole debug build
GDB_WAIT = 120  # seconds, before the speed factor: boot to the breakpoints


def clean_env():
    """The environment without make's jobserver of an enclosing `make test`."""
    env = dict(os.environ)
    for key in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"):
        env.pop(key, None)
    return env


@pytest.fixture(scope="module")
def qemu_gdb():
    """`make qemu-gdb DEBUG=1 CPUS=1` running, halted, waiting for gdb:
    yields its port, which build/qemu-gdb.gdb names for .gdbinit."""
    script = ROOT / "build" / "qemu-gdb.gdb"
    started = time.time()
    built = subprocess.run(["make", "-s", "DEBUG=1", "all"], cwd=ROOT, env=clean_env(),
                           capture_output=True, text=True, timeout=BUILD_WAIT * time_scale())
    assert built.returncode == 0, built.stdout + built.stderr
    # A free port rather than the user's own (test_gdb_port_comes_from_the_user_id
    # checks that one): two runs of the suite at once must not collide.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    qemu = subprocess.Popen(["make", "-s", "DEBUG=1", "CPUS=1", f"GDBPORT={free_port}",
                             "qemu-gdb"], cwd=ROOT,
                            env=clean_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    banner = ""
    for line in qemu.stdout:  # make's output up to QEMU's start
        banner += line
        if line.startswith("*** QEMU waits for gdb"):
            break
    assert "*** QEMU waits for gdb" in banner, banner
    assert script.stat().st_mtime >= started - 1, "make qemu-gdb did not write build/qemu-gdb.gdb"
    text = script.read_text()
    assert "file build-debug/kernel/kernel.elf" in text, text
    assert f"target remote :{free_port}" in text, text
    yield free_port
    os.killpg(qemu.pid, 9)
    qemu.wait()


def gdb(*commands):
    """gdb-multiarch in the repository root, reading .gdbinit, then commands."""
    args = ["gdb-multiarch", "-nx", "-batch", "-x", ".gdbinit"]
    for c in commands:
        args += ["-ex", c]
    # QEMU opens its gdb port just after make prints its banner: wait for it
    deadline = time.time() + 30 * time_scale()
    while True:
        out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True,
                             timeout=GDB_WAIT * time_scale()).stdout
        if "Connection refused" not in out or time.time() > deadline:
            return out
        time.sleep(0.5)


def test_gdb_port_comes_from_the_user_id():
    # make -n: the recipe qemu-gdb would run, with the port it would use
    plan = subprocess.run(["make", "-n", "qemu-gdb"], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, timeout=120).stdout
    port = 26000 + os.getuid() % 10000
    assert f"-gdb tcp::{port}" in plan, plan
    assert f"target remote :{port}" in plan, plan


def test_gdb_shows_kernel_and_user_locals_in_a_debug_build(qemu_gdb):
    out = gdb(
        # a kernel function: init opens the console at boot
        "break sys_open", "continue", "next", "next", "next", "next", "info locals",
        "delete",
        # a user program: the shell, waiting for its first line. Every
        # program is linked at 0x10000, so the hardware breakpoint fires
        # at that address in any program; the condition picks the shell.
        "add-symbol-file build-debug/user/bin/sh.debug",
        "hbreak read_line if in == stdin", "continue", "up", "info locals", "kill")
    assert "Breakpoint 1, sys_open" in out, out
    kernel_locals = out.split("Breakpoint 1, sys_open")[1].split("Hardware assisted")[0]
    # the kernel is built with -Og: the locals assigned by now have values
    # (one assigned later in the function may still show <optimized out>)
    assert re.search(r"(?m)^flags = 2$", kernel_locals), out  # O_RDWR
    assert re.search(r'(?m)^path = \{text = "/dev/console', kernel_locals), out
    assert re.search(r"(?m)^#1 +0x[0-9a-f]+ in main \(argc=1, ", out), out
    user_locals = out.split(" in main (argc=1, ")[-1]
    assert re.search(r"(?m)^prompt = 1$", user_locals), out  # the console: interactive
    assert "<optimized out>" not in user_locals, out


SOURCES = ["kernel/main.cpp", "kernel/proc/signal.cpp", "kernel/fs/bio.cpp",
           "user/demos/race.c", "user/bin/sh.c", "user/xv6/bin/cat.c"]


@pytest.mark.parametrize("source", SOURCES)
def test_clangd_check_is_clean(source):
    # --check-lines=1: only line 1 (a comment) for clangd's own feature
    # tests (refactorings it tries at each token, whose failures it
    # counts as errors too); the file's diagnostics are all reported.
    done = subprocess.run(["clangd", f"--check={source}", "--check-lines=1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    log = done.stderr
    assert "All checks completed, 0 errors" in log, \
        "\n".join(line for line in log.splitlines() if line.startswith("E[")) or log
