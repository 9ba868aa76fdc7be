"""Fixtures for the Weft test suite (the harness itself is tests/weft.py).

    weft    Weft booted to the shell prompt, ONE boot per test module and
            hart count. Choose the hart counts for a module with
                pytestmark = pytest.mark.harts(1, 2)
            (every test of the module then runs once per count; default 2)
            and extra kernel boot options with
                pytestmark = [pytest.mark.harts(2), pytest.mark.bootargs("sched=rr")]
            If a test leaves the machine unusable (panic, hang, QEMU gone),
            the next test of the module gets a fresh boot.

    boot    factory for a special boot inside one test:
                w = boot(harts=4, bootargs="selftest=ticks", wait_ready=False)
            Keyword arguments are Weft's (memory=, expect_panic=, ...).
            Every machine it made is killed when the test ends.

    harts   the hart count of the current `weft` boot.

    seed    the jitter seed of the current `weft` and `boot` boots (None:
            no jitter). It is the session seed -- --seed N, else
            $WEFT_SEED, else chosen at random and printed in the header --
            except in the concurrency modules (SEEDS_PER_MODULE, or
            pytest.mark.seeds(n)), whose tests run once per seed, under
            n seeds derived from the session seed (ids seed0, seed1).
            Replay: make test SEED=N, or pytest --seed N.

Building: before the first test, `make -s all` runs once (set
WEFT_NO_BUILD=1 to skip it). WEFT_BUILD names the build directory
(default build), WEFT_HARTS="1,4" overrides every module's hart counts,
WEFT_TIMEOUT_SCALE=3 stretches every timeout on a slow machine.

Calibration: at the start of the session QEMU's speed on this host is
measured (weft.calibrate: three short self-test boots) and every timeout
is stretched by max(1, measured / reference) as well; the pytest header
shows the result. WEFT_SPEED_FACTOR=N skips the measurement and uses N.
"""

import os
import random
import subprocess

import pytest

import weft as weft_module
from weft import BUILD_DIR, FS_IMAGE, ROOT, Weft

DEFAULT_HARTS = (2,)

# Modules whose tests are about interleavings: each runs under this many
# seeds (a module can say so itself with pytestmark = pytest.mark.seeds(n)).
# Not test_sched: it measures shares, which one seed checks as well as two.
SEEDS_PER_MODULE = {
    "test_threads": 2,
    "test_clone": 2,
    "test_sa": 2,
    "test_signals": 2,
    "test_uthread": 2,
}


def pytest_addoption(parser):
    parser.addoption(
        "--seed",
        default=None,
        help="jitter seed for every boot (a number, or 'off'); default $WEFT_SEED or random",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "harts(*counts): hart counts the module's `weft` boots with")
    config.addinivalue_line("markers", "bootargs(text): kernel boot options for the `weft` boot")
    config.addinivalue_line("markers", "seeds(n): run the module's tests under n jitter seeds")
    # The session seed, chosen once: by the controller under xdist (its
    # workers inherit WEFT_SEED), so every worker uses the same one.
    if config.getoption("seed") is not None:
        os.environ["WEFT_SEED"] = config.getoption("seed")
    elif not os.environ.get("WEFT_SEED", "").strip():
        os.environ["WEFT_SEED"] = str(random.randrange(1, 100_000))
    try:
        weft_module.session_seed = weft_module._seed_from(os.environ["WEFT_SEED"])
    except ValueError as e:
        raise pytest.UsageError(f"--seed / WEFT_SEED: {e}")
    if config.option.help or config.option.collectonly:
        return
    _calibrate_once()


_calibration = {"text": None}


def _calibrate_once():
    """Measure QEMU's speed once per session (before the build only if a
    kernel is there already: any kernel runs the calibration workload).
    The result goes into the environment too, so that xdist workers and
    child processes use the same factor instead of measuring again."""
    if _calibration["text"] is not None:
        return
    given = os.environ.get("WEFT_SPEED_FACTOR")
    if given:
        weft_module.SPEED_FACTOR = float(given)
        _calibration["text"] = f"speed factor {float(given):g} (WEFT_SPEED_FACTOR)"
    elif not weft_module.KERNEL.exists():
        return  # build_weft calls again after the build
    else:
        factor, took = weft_module.calibrate()
        os.environ["WEFT_SPEED_FACTOR"] = f"{factor:.3f}"
        _calibration["text"] = (
            f"speed factor {factor:.2f} (calibration boot "
            f"{'/'.join(f'{t:.2f}' for t in took)} s, reference "
            f"{weft_module.CALIBRATION_REFERENCE_S:g} s)"
        )
    _calibration["text"] += (
        f", WEFT_TIMEOUT_SCALE {weft_module.TIMEOUT_SCALE:g}: "
        f"timeouts x{weft_module.time_scale():.2f}"
    )


def _calibration_line():
    if _calibration["text"]:
        return f"weft: {_calibration['text']}"
    return "weft: speed factor measured after the build"


def _seed_line():
    seed = weft_module.session_seed
    if seed is None:
        return "weft: no timer jitter (seed off)"
    return f"weft: seed {seed} (replay: make test SEED={seed}, or pytest --seed {seed})"


def pytest_report_header(config):
    return [_seed_line(), _calibration_line()]


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    # -q leaves the header out; seed and speed factor must show in every run.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and session.config.option.verbose < 0:
        reporter.write_line(_seed_line())
        reporter.write_line(_calibration_line())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Again at the end: -q (as make test runs) hides the header.
    terminalreporter.write_line(_seed_line())
    terminalreporter.write_line(_calibration_line())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Every failure, not only those reported through Weft.fail, says
    which seed its boots had and how to replay it."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        params = getattr(item, "callspec", None)
        seed = params.params.get("seed") if params and "seed" in params.params else None
        seed = weft_module.session_seed if seed is None else seed
        report.sections.append(
            ("weft seed", f"seed {seed}; replay: {weft_module.replay_command(item.nodeid)}")
        )


def _seed_count(metafunc):
    marker = metafunc.definition.get_closest_marker("seeds")
    if marker:
        return marker.args[0]
    return SEEDS_PER_MODULE.get(metafunc.module.__name__.rsplit(".", 1)[-1], 1)


def pytest_generate_tests(metafunc):
    """Parametrize the module-scoped `harts` fixture from the harts marker,
    and `seed` for the modules that run under several seeds."""
    _parametrize_harts(metafunc)
    count = _seed_count(metafunc)
    if "seed" in metafunc.fixturenames and count > 1 and weft_module.session_seed is not None:
        seeds = [weft_module.derived_seed(weft_module.session_seed, i) for i in range(count)]
        metafunc.parametrize(
            "seed", seeds, indirect=True, scope="module", ids=[f"seed{i}" for i in range(count)]
        )


def _parametrize_harts(metafunc):
    if "harts" not in metafunc.fixturenames:
        return
    for m in metafunc.definition.iter_markers("parametrize"):
        names = m.args[0]
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",")]
        if "harts" in names:
            return  # the test parametrizes harts itself
    marker = metafunc.definition.get_closest_marker("harts")
    counts = marker.args if marker else DEFAULT_HARTS
    if os.environ.get("WEFT_HARTS"):
        counts = tuple(int(n) for n in os.environ["WEFT_HARTS"].split(","))
    metafunc.parametrize(
        "harts", counts, indirect=True, scope="module", ids=[f"{n}harts" for n in counts]
    )


@pytest.fixture(scope="session", autouse=True)
def build_weft():
    """Build kernel, user programs and disk image once per session."""
    if os.environ.get("WEFT_NO_BUILD") == "1":
        return
    result = subprocess.run(
        ["make", "-s", f"BUILD={BUILD_DIR}", "all"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if result.returncode != 0:
        pytest.exit(f"make all failed (status {result.returncode}):\n{result.stdout}", returncode=1)
    if _calibration["text"] is None:
        _calibrate_once()
        print(f"\nweft: {_calibration['text']}")


@pytest.fixture(scope="session", autouse=True)
def no_qemu_left_behind():
    yield
    weft_module.kill_all()


@pytest.fixture(scope="module")
def harts(request):
    return getattr(request, "param", DEFAULT_HARTS[0])


@pytest.fixture(scope="module")
def seed(request):
    return getattr(request, "param", weft_module.session_seed)


class _ModuleMachine:
    """The module's machine, rebooted if a test left it unusable."""

    def __init__(self, harts, bootargs, seed):
        self.harts = harts
        self.bootargs = bootargs
        self.seed = seed
        self.current = None
        self.boot_failed_in = None  # the test whose boot failed, if any

    def get(self, test_name):
        if self.boot_failed_in:
            # One full console report is enough; do not boot again.
            pytest.fail(f"booting failed for {self.boot_failed_in} (see there)", pytrace=False)
        w = self.current
        if w is not None and (w.poisoned or not w.alive or w.panicked):
            w.cleanup()
            self.current = w = None
        if w is None:
            try:
                self.current = w = Weft(harts=self.harts, bootargs=self.bootargs, seed=self.seed)
            except pytest.fail.Exception:
                self.boot_failed_in = test_name
                raise
        return w

    def close(self):
        if self.current is not None:
            w, self.current = self.current, None
            try:
                # After a panic or hang the failing test has said it all.
                if w.alive and not w.poisoned and not w.panicked:
                    w.shutdown()
            finally:
                w.cleanup()


@pytest.fixture(scope="module")
def _module_machine(request, harts, seed):
    marker = request.node.get_closest_marker("bootargs")
    machine = _ModuleMachine(harts, marker.args[0] if marker else None, seed)
    yield machine
    machine.close()


@pytest.fixture
def weft(request, _module_machine):
    """Weft at the shell prompt; shared by the tests of a module."""
    if not FS_IMAGE.exists():
        pytest.skip(f"no disk image {FS_IMAGE} yet: the shell needs one")
    return _module_machine.get(request.node.name)


@pytest.fixture
def boot(seed):
    """Factory: boot(harts=2, bootargs=None, wait_ready=True, ...) -> Weft."""
    made = []

    def _boot(harts=2, bootargs=None, wait_ready=True, **kwargs):
        if wait_ready and not FS_IMAGE.exists():
            pytest.skip(f"no disk image {FS_IMAGE} yet: the shell needs one")
        kwargs.setdefault("seed", seed)
        w = Weft(harts=harts, bootargs=bootargs, wait_ready=False, **kwargs)
        made.append(w)
        if wait_ready:
            w.wait_for(weft_module.PROMPT, timeout=120)
        return w

    yield _boot
    for w in made:
        w.cleanup()
