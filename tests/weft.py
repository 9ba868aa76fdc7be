"""Weft under test: boot QEMU, talk to the console, report failures.

    from weft import Weft

    with Weft(harts=2) as w:             # boots; waits for the first "$ " prompt
        out = w.run("echo hello | wc")   # -> "1 1 6\n": what the command printed
        w.send("cat\n"); w.wait_for("...")
        w.shutdown()                     # types "halt", waits for QEMU to exit

Every boot gets its own copy of the disk image (tests may write to it;
`fs_image` is that copy, for fsck after shutdown). A reader thread
collects everything the console prints. Whatever goes wrong -- a kernel
`panic:`, a timeout, QEMU exiting when it should not -- fails the
current test through pytest.fail with the WHOLE console text, so the
failure report is the transcript a student would have seen.

Usually you do not make a Weft yourself: conftest.py has the fixtures
`weft` (one boot per test module) and `boot` (a special boot for one
test). Only the standard library and pytest are used.

Seeds: every boot gets the kernel boot option jitter=SEED (timer
intervals vary pseudo-randomly, the same way for the same seed; see
docs/testing.md), unless its bootargs already have a jitter= word. The
seed is Weft(seed=N), else the session seed: $WEFT_SEED, or pytest's
--seed N (conftest.py), or one chosen at random per session. Every
failure report names the seed and the command that replays it.

Environment:
    WEFT_BUILD          build directory (default "build"), as make's BUILD=
    WEFT_TIMEOUT_SCALE  multiply every timeout (slow machines), default 1
    WEFT_SPEED_FACTOR   how much slower QEMU runs here than on the machine
                        the timeouts were written on; measured by
                        calibrate() at the start of a pytest session
                        (conftest.py) unless given. Every timeout is
                        multiplied by it too.
    WEFT_SEED           the session seed (a number), or "off": no jitter
    WEFT_ICOUNT         1: run QEMU with -icount (ICOUNT_OPTIONS), which
                        ties guest time to instructions executed
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional, Pattern, Union

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = os.environ.get("WEFT_BUILD", "build")  # as given: make BUILD=$WEFT_BUILD
BUILD = ROOT / BUILD_DIR
KERNEL = BUILD / "kernel" / "kernel.elf"
FS_IMAGE = BUILD / "fs.img"
FSCK = BUILD / "mkfs" / "fsck"
QEMU = os.environ.get("QEMU", "qemu-system-riscv64")

TIMEOUT_SCALE = float(os.environ.get("WEFT_TIMEOUT_SCALE", "1"))
# Set by calibrate(): max(1, measured / CALIBRATION_REFERENCE_S).
SPEED_FACTOR = float(os.environ.get("WEFT_SPEED_FACTOR", "1"))

# The calibration workload: a 1-hart, 128 MiB boot with selftest=kalloc
# (the page allocator's set-up and the self-test touch every page), timed
# from the boot banner to "selftest: done", so QEMU's own start-up is left
# out. On the development machine, quiet, it takes 0.6-1.0 s; with both
# of its cores busy 2-3 s. The reference is the quiet figure: anything
# slower stretches every timeout.
CALIBRATION_REFERENCE_S = 0.8
CALIBRATION_RUNS = 3

PROMPT = "$ "
# A kernel panic starts a line with "panic: " (kernel/proc/panic.cpp).
PANIC_RE = re.compile(r"(?m)^panic: ")
# The shell's report of a command that exited non-zero (user/bin/sh.c).
EXIT_STATUS_RE = re.compile(r"(?m)^sh: (\S+): exit status (\d+)")
# Any of the shell's reports that a command did not succeed.
COMMAND_FAILED_RE = re.compile(
    r"(?m)^sh: (\S+): (exit status \d+|killed by signal \d+|command not found)$"
)

# Size of the blank disk used when no fs.img has been built yet (only
# boots that never touch the file system can get anywhere with it).
BLANK_DISK_BYTES = 4 << 20

Expect = Union[str, Pattern[str]]


def _scaled(timeout: float) -> float:
    return timeout * TIMEOUT_SCALE * SPEED_FACTOR


def time_scale() -> float:
    """The factor every harness timeout is multiplied by; also what a
    test program that still checks a time limit is told (its -T option)."""
    return TIMEOUT_SCALE * SPEED_FACTOR


def scale_option() -> str:
    """The "-T N" option that tells a test program (testlib.h, schedtests)
    how much to stretch the few time limits it still checks itself."""
    return f"-T {time_scale():.2f}"


def calibrate() -> tuple:
    """Measure how fast QEMU runs on this host now: the median of
    CALIBRATION_RUNS calibration boots (see CALIBRATION_REFERENCE_S).
    Sets SPEED_FACTOR to max(1, median / reference) and returns
    (SPEED_FACTOR, the measured seconds)."""
    global SPEED_FACTOR
    took = []
    for _ in range(CALIBRATION_RUNS):
        w = Weft(harts=1, bootargs="selftest=kalloc", wait_ready=False)
        try:
            w.wait_for("weft: booting", timeout=600)
            start = time.monotonic()
            w.wait_for("selftest: done", timeout=600)
            took.append(time.monotonic() - start)
        finally:
            w.cleanup()
    took.sort()
    median = took[len(took) // 2]
    SPEED_FACTOR = max(1.0, median / CALIBRATION_REFERENCE_S)
    return SPEED_FACTOR, took


def _as_regex(pattern: Expect) -> Pattern[str]:
    if isinstance(pattern, str):
        return re.compile(re.escape(pattern))
    return pattern


def _describe(pattern: Expect) -> str:
    return repr(pattern) if isinstance(pattern, str) else f"/{pattern.pattern}/"


# -icount: guest time advances with instructions executed (shift=auto:
# at a rate QEMU adapts to the host; sleep=off: an idle guest's time
# jumps to its next timer), and the harts take turns on one host thread,
# switching only between translated blocks. That changes which races can
# happen, but does NOT make a run exact (docs/testing.md: a fixed shift=N
# would come closer, but at 2 harts it barely boots under QEMU 7.2).
ICOUNT_OPTIONS = os.environ.get("WEFT_ICOUNT_OPTIONS", "shift=auto,sleep=off")
ICOUNT = os.environ.get("WEFT_ICOUNT", "") not in ("", "0")


# Settings a replay must repeat (scripts/stress.py sets some of them).
REPLAY_ENV = ("WEFT_HARTS", "WEFT_ICOUNT", "WEFT_CRASH_TRIALS", "WEFT_FUZZ_CALLS")


def _seed_from(text: str) -> Optional[int]:
    """A seed as written in WEFT_SEED or --seed: a number, or "off"."""
    text = text.strip()
    if text.lower() in ("off", "none"):
        return None
    if not text.isdigit():
        raise ValueError(f"a seed is a number or 'off', not {text!r}")
    return int(text)


# The session seed: None means no jitter. conftest.py sets it from
# --seed; a lone Weft() (no pytest) takes $WEFT_SEED or a random one.
if os.environ.get("WEFT_SEED", "").strip():
    session_seed: Optional[int] = _seed_from(os.environ["WEFT_SEED"])
else:
    session_seed = random.randrange(1, 100_000)


def derived_seed(seed: Optional[int], index: int) -> Optional[int]:
    """Seed number index (0, 1, ...) of a module that runs under several
    seeds: index 0 is seed itself, the others follow from it, so the
    session seed replays them all."""
    if seed is None or index == 0:
        return seed
    return (seed * 7919 + index * 104_729) % 1_000_000


def replay_command(test: str = "") -> str:
    """The command that runs test (a pytest node id) again with this
    session's seed and settings; the whole suite if test is empty."""
    seed = "off" if session_seed is None else session_seed
    env = "".join(f"{name}={os.environ[name]} " for name in REPLAY_ENV if os.environ.get(name))
    return f"{env}make test SEED={seed}" + (f" TESTS='{test}'" if test else "")


def _jitter_option(bootargs: Optional[str]) -> Optional[str]:
    """The value of a jitter= word in bootargs, or None."""
    for word in (bootargs or "").split():
        if word.startswith("jitter="):
            return word[len("jitter="):]
    return None


class Weft:
    """One QEMU running Weft, with its console and its own disk copy."""

    # Every live instance, so a crashed test session can still kill them.
    _live: "set[Weft]" = set()

    def __init__(
        self,
        harts: int = 2,
        bootargs: Optional[str] = None,
        memory: str = "128M",
        wait_ready: bool = True,
        expect_panic: bool = False,
        boot_timeout: float = 120,
        disk: Optional[Path] = None,
        seed: Union[int, str, None] = "session",
        icount: Optional[bool] = None,
    ):
        self.harts = harts
        # seed: a number, None (no jitter), or "session" (the session seed).
        # An explicit jitter= in bootargs wins over both.
        self.seed = session_seed if seed == "session" else seed
        given = _jitter_option(bootargs)
        if given is not None:
            self.seed = int(given) if given.isdigit() else None
        elif self.seed is not None:
            bootargs = f"{bootargs} jitter={self.seed}" if bootargs else f"jitter={self.seed}"
        self.bootargs = bootargs
        self.icount = ICOUNT if icount is None else icount
        self.memory = memory
        self.expect_panic = expect_panic
        # Set when the console is in an unknown state (a timeout in the
        # middle of a command): the module fixture boots afresh.
        self.poisoned = False

        self._raw = bytearray()
        self._text_cache = ("", 0)  # (normalized text, length of _raw it covers)
        self._cond = threading.Condition()
        self._eof = False
        self.cursor = 0  # wait_for() searches from here

        if not KERNEL.exists():
            pytest.fail(f"no kernel at {KERNEL}: run make (or set WEFT_BUILD)", pytrace=False)
        self._tmpdir = Path(tempfile.mkdtemp(prefix="weft-test-"))
        self.fs_image = self._tmpdir / "fs.img"
        source = disk if disk is not None else FS_IMAGE
        if source.exists():
            shutil.copyfile(source, self.fs_image)
        else:
            with open(self.fs_image, "wb") as f:
                f.truncate(BLANK_DISK_BYTES)

        self.command = self._qemu_command()
        # setpriv: QEMU dies with us even if pytest is killed outright.
        prefix = ["setpriv", "--pdeathsig", "KILL", "--"] if shutil.which("setpriv") else []
        self.proc = subprocess.Popen(
            prefix + self.command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            bufsize=0,
        )
        Weft._live.add(self)
        self._reader = threading.Thread(target=self._read_console, daemon=True)
        self._reader.start()

        if wait_ready:
            try:
                self.wait_for(PROMPT, timeout=boot_timeout)
            except BaseException:
                self.cleanup()  # nobody else holds this instance yet
                raise

    # ------------------------------------------------------------ set-up

    def _qemu_command(self) -> list:
        cmd = [
            QEMU, "-machine", "virt", "-bios", "none",
            "-kernel", str(KERNEL),
            "-m", self.memory, "-smp", str(self.harts),
            "-nographic",
            "-global", "virtio-mmio.force-legacy=false",
            "-drive", f"file={self.fs_image},if=none,format=raw,id=disk0",
            "-device", "virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0",
        ]  # fmt: skip
        if self.bootargs:
            cmd += ["-append", self.bootargs]
        if self.icount:
            cmd += ["-icount", ICOUNT_OPTIONS]
        return cmd

    def _read_console(self) -> None:
        fd = self.proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            with self._cond:
                if not chunk:
                    self._eof = True
                    self._cond.notify_all()
                    return
                self._raw += chunk
                self._cond.notify_all()

    # ------------------------------------------------------------ the console

    @property
    def console(self) -> str:
        """Everything printed so far, with "\\r\\n" turned into "\\n"."""
        with self._cond:
            return self._text_locked()

    def _text_locked(self) -> str:
        text, covered = self._text_cache
        if covered != len(self._raw):
            text = self._raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
            self._text_cache = (text, len(self._raw))
        return text

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    @property
    def panicked(self) -> bool:
        return bool(PANIC_RE.search(self.console))

    @property
    def returncode(self) -> Optional[int]:
        return self.proc.poll()

    def send(self, data: Union[str, bytes]) -> None:
        """Type data at the console as it is (add "\\n" yourself)."""
        __tracebackhide__ = True
        if isinstance(data, str):
            data = data.encode()
        if not self.alive:
            self.fail(f"cannot send {data!r}: QEMU has exited (status {self.returncode})")
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            self.fail(f"cannot send {data!r}: {e}")

    def wait_for(self, pattern: Expect, timeout: float = 60) -> re.Match:
        """Wait until pattern (text, or a compiled regex) appears after the
        cursor; move the cursor past it and return the match.

        Fails the test on a kernel panic (unless this boot expects one),
        when QEMU exits without printing it, or after timeout seconds."""
        __tracebackhide__ = True
        regex = _as_regex(pattern)
        match = self._wait_until(lambda text: regex.search(text, self.cursor), timeout,
                                 _describe(pattern))  # fmt: skip
        self.cursor = match.end()
        return match

    def _wait_until(self, found, timeout: float, what: str):
        """Call found(console text) on every change until it returns
        something true; return that. The one place that notices panics,
        QEMU exits and timeouts."""
        __tracebackhide__ = True
        deadline = time.monotonic() + _scaled(timeout)
        with self._cond:
            while True:
                text = self._text_locked()
                result = found(text)
                if result:
                    return result
                if not self.expect_panic and PANIC_RE.search(text):
                    problem = "kernel panic"
                    break
                if self._eof:  # QEMU exited and everything it wrote is read
                    problem = f"QEMU exited (status {self.proc.wait()})"
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    problem = f"timed out after {_scaled(timeout):g} s"
                    self.poisoned = True
                    break
                self._cond.wait(min(remaining, 0.25))
        if problem == "kernel panic":
            self._let_panic_report_finish()
        self.fail(f"{problem} while waiting for {what}")

    def _let_panic_report_finish(self, quiet: float = 0.5, limit: float = 5) -> None:
        """A panic is caught as soon as "panic: " appears; give the rest of
        the report (registers, backtrace) a moment to arrive."""
        deadline = time.monotonic() + limit
        with self._cond:
            length, since = len(self._raw), time.monotonic()
            while not self._eof and time.monotonic() < deadline:
                self._cond.wait(0.1)
                if len(self._raw) != length:
                    length, since = len(self._raw), time.monotonic()
                elif time.monotonic() - since >= quiet:
                    break

    def wait_quiet(self, seconds: float = 0.5, timeout: float = 30) -> None:
        """Wait until the console has printed nothing for `seconds`."""
        __tracebackhide__ = True
        last = {"length": -1, "since": 0.0}

        def quiet(text: str) -> bool:
            now = time.monotonic()
            if len(text) != last["length"]:
                last["length"], last["since"] = len(text), now
            return now - last["since"] >= seconds

        self._wait_until(quiet, timeout, f"{seconds:g} s without console output")

    def wait_exit(self, timeout: float = 60) -> int:
        """Wait for QEMU to exit by itself (a self-test boot powers off);
        return its exit status. Fails on timeout or panic."""
        __tracebackhide__ = True
        self._wait_until(lambda text: self._eof, timeout, "QEMU to exit")
        return self.proc.wait()

    def _settle(self) -> None:
        """If QEMU has exited, wait for the reader to see the last bytes."""
        if self.proc.poll() is not None:
            self._reader.join(timeout=5)

    # ------------------------------------------------------------ the shell

    def run(self, command: str, timeout: float = 60) -> str:
        """Type command and Enter at the shell prompt, wait for the next
        prompt, and return what the command printed (lines end in "\n";
        the echoed command line and the prompt are left out).

        The cursor must be just past a prompt (it is after boot and after
        every run()). Output of background jobs may land anywhere."""
        __tracebackhide__ = True
        if "\n" in command:
            raise ValueError("run() takes one command line; use send() for raw input")
        self.send(command + "\n")
        # The console echoes the line as typed. For plain text the echo is
        # the command itself; with control characters (^U, backspace) it
        # is something else, so then take everything up to the newline.
        if command.isprintable():
            self.wait_for(re.compile(re.escape(command) + r"\n"), timeout)
        else:
            self.wait_for("\n", timeout)
        out_start = self.cursor
        prompt_at = self._wait_for_prompt(timeout, f"the prompt after {command!r}")
        self.cursor = prompt_at + len(PROMPT)
        return self.console[out_start:prompt_at]

    # A prompt at the start of a line. Output that does not end in a
    # newline runs into the prompt ("hi$ "); that is recognized when "$ "
    # is the last thing printed and stays so for PROMPT_QUIET seconds.
    _PROMPT_LINE = re.compile(r"(?m)^\$ ")
    PROMPT_QUIET = 0.3

    def _wait_for_prompt(self, timeout: float, what: str) -> int:
        __tracebackhide__ = True
        quiet_since = {}

        def prompt_position(text: str):
            m = self._PROMPT_LINE.search(text, self.cursor)
            if m:
                return m.start() + 1  # +1: 0 is a valid position but false
            if text.endswith(PROMPT) and len(text) - len(PROMPT) >= self.cursor:
                first_seen = quiet_since.setdefault(len(text), time.monotonic())
                if time.monotonic() - first_seen >= self.PROMPT_QUIET:
                    return len(text) - len(PROMPT) + 1
            return None

        return self._wait_until(prompt_position, timeout, what) - 1

    def run_ok(self, command: str, timeout: float = 60) -> str:
        """run(), and fail if the shell reports that the command failed
        (non-zero exit status, killed by a signal, not found)."""
        __tracebackhide__ = True
        out = self.run(command, timeout)
        m = COMMAND_FAILED_RE.search(out)
        if m:
            self.fail(f"{command!r} failed: {m.group(0)}\n--- its output ---\n{out}")
        return out

    # ------------------------------------------------------------ the end

    def shutdown(self, timeout: float = 30) -> Optional[int]:
        """Type "halt" (if QEMU still runs) and wait for QEMU to exit; kill
        it if it does not. Returns the exit status. Fails on a panic."""
        __tracebackhide__ = True
        if self.panicked and not self.expect_panic:
            self._let_panic_report_finish()
            self.kill()
            self.fail("kernel panic")
        if self.alive:
            try:
                self.proc.stdin.write(b"halt\n")
                self.proc.stdin.flush()
            except OSError:
                pass
            try:
                self.proc.wait(_scaled(timeout))
            except subprocess.TimeoutExpired:
                self.kill()
                self.fail(f"QEMU still running {_scaled(timeout):g} s after 'halt'; killed it")
        self._settle()
        Weft._live.discard(self)
        if not self.expect_panic and PANIC_RE.search(self.console):
            self.fail("kernel panic")
        return self.proc.returncode

    def kill(self) -> None:
        """Stop QEMU now (no clean shutdown)."""
        if self.alive:
            self.proc.kill()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self._settle()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        Weft._live.discard(self)

    def cleanup(self) -> None:
        """Kill QEMU if needed and delete the disk copy."""
        self.kill()
        shutil.rmtree(self._tmpdir, ignore_errors=True)

    def __enter__(self) -> "Weft":
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()

    # ------------------------------------------------------------ reporting

    def reproduce(self) -> str:
        """The make command that boots this configuration by hand."""
        cmd = f"make qemu CPUS={self.harts} MEM={self.memory}"
        if self.bootargs:
            cmd += f' BOOTARGS="{self.bootargs}"'
        if self.icount:
            cmd += " ICOUNT=1"
        return cmd

    def replay(self) -> str:
        """What to run to replay the current test with the same seeds."""
        # "tests/test_x.py::test_y[2harts] (call)", set by pytest.
        return replay_command(os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0])

    def fail(self, message: str) -> None:
        """Fail the current test with the whole console text. (QEMU is left
        to the fixture or `with` block that owns it, which kills it.)"""
        __tracebackhide__ = True
        text = self.console
        seed = "no jitter" if self.seed is None else f"seed {self.seed}"
        pytest.fail(
            f"{message}\n"
            f"{seed}; replay: {self.replay()}\n"
            f"----- console ({self.harts} harts, {seed}; boot by hand: {self.reproduce()}) -----\n"
            f"{text}\n"
            f"----- end of console -----",
            pytrace=True,
        )

    def __repr__(self) -> str:
        state = "running" if self.alive else f"exited {self.returncode}"
        return f"<Weft {self.harts} harts bootargs={self.bootargs!r} seed={self.seed} {state}>"


def kill_all() -> None:
    """Kill every QEMU still running (end of the test session)."""
    for w in list(Weft._live):
        w.cleanup()


# ---------------------------------------------------------------- parsing helpers

RESULT_RE = re.compile(r"(?m)^(PASS|FAIL) ([^:\n]+?)(?::[ \t]*(.*))?$")


def assert_all_pass(
    output: str,
    expect: Optional[list] = None,
    summary: bool = False,
) -> list:
    """Check the PASS/FAIL lines a test program printed.

    Fails (showing the output) if any line says FAIL, if there is no PASS
    at all, if a name in `expect` did not PASS, if the shell reports that
    the program failed (exit status, signal, not found), or -- with summary=True -- if the last line is
    not "ALL TESTS PASSED". Returns the names that passed, in order."""
    __tracebackhide__ = True
    passed, failed = [], []
    for verdict, name, why in RESULT_RE.findall(output):
        if verdict == "PASS":
            passed.append(name)
        else:
            failed.append(f"{name}: {why}" if why else name)
    problems = []
    if failed:
        problems.append("failed: " + "; ".join(failed))
    if not passed and not failed:
        problems.append("no PASS/FAIL lines at all")
    for name in expect or []:
        if name not in passed:
            problems.append(f"{name} did not PASS")
    status = COMMAND_FAILED_RE.search(output)
    if status:
        problems.append(status.group(0))
    if PANIC_RE.search(output):
        problems.append("kernel panic")
    if summary:
        lines = [line for line in output.splitlines() if line.strip()]
        if not lines or lines[-1].strip() != "ALL TESTS PASSED":
            problems.append("did not end with 'ALL TESTS PASSED'")
    if problems:
        pytest.fail("\n".join(problems) + "\n----- output -----\n" + output, pytrace=False)
    return passed


def lines(output: str) -> list:
    """The non-empty lines of output, stripped of trailing blanks."""
    return [line.rstrip() for line in output.splitlines() if line.strip()]


def run_fsck(image: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the host fsck on a disk image (after shutdown!)."""
    if not FSCK.exists():
        target = f"{BUILD_DIR}/mkfs/fsck"
        subprocess.run(["make", "-s", f"BUILD={BUILD_DIR}", target], cwd=ROOT, check=False)
    if not FSCK.exists():
        pytest.skip(f"no fsck at {FSCK}")
    return subprocess.run(
        [str(FSCK), str(image)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=_scaled(timeout),
    )
