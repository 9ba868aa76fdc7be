"""Foundation: the kernel boots on several harts, its timer ticks on
every hart, the page allocator gives back what it hands out, and a
kernel fault is reported, not hidden.

These boots do not need the shell: they wait for "weft: ready" or use the
kernel's self-tests (boot option selftest=NAME[,NAME], kernel/selftest.cpp),
which print PASS/FAIL lines, then "selftest: done", and power QEMU off.
"""

import re
import shutil
import subprocess

import pytest

from weft import FS_IMAGE, KERNEL, PANIC_RE, assert_all_pass

BANNER_RE = re.compile(r"weft: booting on (\d+) harts?, (\d+) MiB RAM")
ONLINE_RE = re.compile(r"(?m)^hart (\d+) online$")
TICKS_RE = re.compile(r"(?m)^hart (\d+): (\d+) ticks$")


def selftest_boot(boot, names, harts=1, **kwargs):
    """Boot with selftest=names, wait for QEMU to power off; returns the
    Weft and its exit status."""
    w = boot(harts=harts, bootargs=f"selftest={names}", wait_ready=False, **kwargs)
    w.wait_for("selftest: done", timeout=120)
    status = w.wait_exit(timeout=60)
    return w, status


BOOT_CONFIGS = pytest.mark.parametrize(
    "harts, memory, mib",
    [(1, "128M", 128), (2, "128M", 128), (4, "256M", 256)],
    ids=["1hart", "2harts", "4harts-256M"],
)


def check_banner_and_harts(console, end, harts, mib):
    """The banner names the hart count and memory; before position end
    every hart 0..harts-1 said "hart K online" exactly once."""
    banner = BANNER_RE.search(console)
    assert banner, "no boot banner\n" + console
    assert int(banner.group(1)) == harts, console
    assert int(banner.group(2)) == mib, console
    assert banner.start() < end, console
    online = [int(h) for h in ONLINE_RE.findall(console[:end])]
    assert sorted(online) == list(range(harts)), (
        f"expected one 'hart K online' per hart 0..{harts - 1}\n" + console
    )


@BOOT_CONFIGS
def test_boots_and_brings_every_hart_online(boot, harts, memory, mib):
    # Needs no disk: the self-test boot powers off before init.
    w, status = selftest_boot(boot, "kalloc", harts=harts, memory=memory)
    done = w.console.index("selftest: done")
    check_banner_and_harts(w.console, done, harts, mib)
    assert status == 0, w.console


@BOOT_CONFIGS
def test_boots_to_ready_with_every_hart_online(boot, harts, memory, mib):
    # "weft: ready" comes once /bin/init runs, so this needs the disk image.
    if not FS_IMAGE.exists():
        pytest.skip(f"no disk image {FS_IMAGE} yet: 'weft: ready' needs /bin/init")
    w = boot(harts=harts, memory=memory, wait_ready=False)
    ready = w.wait_for("weft: ready", timeout=120)
    check_banner_and_harts(w.console, ready.start(), harts, mib)


@pytest.mark.parametrize("harts", [1, 4], ids=["1hart", "4harts"])
def test_timer_ticks_on_every_hart(boot, harts):
    w, status = selftest_boot(boot, "ticks", harts=harts)
    console = w.console
    counts = {int(h): int(n) for h, n in TICKS_RE.findall(console)}
    assert sorted(counts) == list(range(harts)), (
        f"expected one 'hart K: N ticks' line per hart 0..{harts - 1}\n" + console
    )
    stalled = [h for h, n in counts.items() if n == 0]
    assert not stalled, f"harts {stalled} did not tick\n" + console
    assert_all_pass(console, expect=["selftest ticks"])
    assert status == 0, console


def test_page_allocator_hands_out_and_takes_back_every_page(boot):
    w, status = selftest_boot(boot, "kalloc", harts=2)
    console = w.console
    assert_all_pass(console, expect=["selftest kalloc"])
    assert "selftest: done (failures)" not in console, console
    # "Every page" means the boot's free count: both are printed.
    free = re.search(r"weft: (\d+) of (\d+) pages free", console)
    allocated = re.search(r"PASS selftest kalloc: (\d+) pages", console)
    assert free and allocated, "the boot's free count or the self-test's count is missing\n" + console
    assert allocated.group(1) == free.group(1), console
    assert 0 < int(free.group(1)) < int(free.group(2)), console
    assert status == 0, console


def test_several_selftests_run_in_one_boot(boot):
    w, status = selftest_boot(boot, "kalloc,ticks", harts=2)
    passed = assert_all_pass(w.console, expect=["selftest kalloc", "selftest ticks"])
    assert passed.index("selftest kalloc") < passed.index("selftest ticks"), w.console
    assert status == 0, w.console


def _kernel_source_at(address):
    """addr2line's functions and source lines at address (inlined ones
    too, all on one line), or None without the tool."""
    tool = shutil.which("riscv64-linux-gnu-addr2line")
    if not tool:
        return None
    done = subprocess.run([tool, "-f", "-i", "-C", "-e", str(KERNEL), address],
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    return " ".join(done.stdout.split()) if done.returncode == 0 else None


def test_kernel_fault_panics_naming_hart_and_cause(boot):
    w = boot(harts=2, bootargs="selftest=fault", wait_ready=False, expect_panic=True)
    panic = w.wait_for(PANIC_RE, timeout=120)
    # The panicking hart waits for the others to stop before its last line.
    w.wait_for(re.compile(r"(?m)^panic: (all harts stopped|only .* stopped)$"), timeout=30)
    w.wait_quiet(0.5, timeout=30)
    report = w.console[panic.start():]
    assert "store page fault" in report, w.console
    # The selftest stores to address 0: that is the faulting address.
    regs = re.search(r"(?m)^  hart 0  sepc (0x[0-9a-f]+)  stval (0x[0-9a-f]+)  scause 0xf\b", report)
    assert regs, "no register line for hart 0 with scause 0xf\n" + w.console
    assert int(regs.group(2), 16) == 0, "stval is not the address stored to (0)\n" + w.console
    # sepc is the store in kernel/selftest.cpp; the backtrace goes from the
    # trap handler back to the boot code that ran the self-test.
    where = _kernel_source_at(regs.group(1))
    assert where is None or "selftest.cpp" in where, f"sepc is at {where}\n" + w.console
    trace = re.search(r"(?m)^backtrace.*\n((?:  0x[0-9a-f]+\n)+)", report)
    assert trace, "no backtrace\n" + w.console
    frames = trace.group(1).split()
    assert all(int(f, 16) >= 0x80000000 for f in frames), w.console
    callers = [_kernel_source_at(f) for f in frames]
    if None not in callers:
        assert "kernel_trap" in callers[0], f"backtrace {callers}\n" + w.console
        assert any("kernel_main" in c for c in callers[1:]), f"backtrace {callers}\n" + w.console
    # Every other hart stopped (the kernel counts them: kernel/proc/panic.cpp).
    assert "panic: all harts stopped" in report, w.console
    assert "selftest: done" not in w.console, "the kernel went on after the fault\n" + w.console
    assert w.alive, "after a panic QEMU should stay up (halted harts), not exit\n" + w.console
    w.kill()


def test_selftest_power_off_exits_qemu_with_status_zero(boot):
    w, status = selftest_boot(boot, "kalloc", harts=1)
    assert status == 0, f"QEMU exit status {status}\n" + w.console


# ---------------------------------------------------------------- boot options

JITTER_LINE_RE = re.compile(r"(?m)^jitter: hart (\d+):((?: \d+)+)$")


def jitter_intervals(boot, bootargs, harts=2):
    """Boot with selftest=jitter; {hart: [first scheduling-tick intervals]}."""
    w, status = selftest_boot_args(boot, f"selftest=jitter {bootargs}", harts)
    assert_all_pass(w.console, expect=["selftest jitter"])
    assert status == 0, w.console
    found = {int(h): [int(n) for n in ns.split()] for h, ns in JITTER_LINE_RE.findall(w.console)}
    assert sorted(found) == list(range(harts)), w.console
    return found, w.console


def selftest_boot_args(boot, bootargs, harts):
    w = boot(harts=harts, bootargs=bootargs, wait_ready=False)
    w.wait_for("selftest: done", timeout=120)
    return w, w.wait_exit(timeout=60)


def test_same_jitter_seed_gives_the_same_timer_intervals(boot):
    first, console = jitter_intervals(boot, "jitter=1234")
    assert "weft: timer jitter seed 1234" in console, console
    again, _ = jitter_intervals(boot, "jitter=1234")
    assert again == first, f"seed 1234 gave {first}, then {again}"
    # Each hart has its own sequence, or the harts would tick in step.
    assert first[0] != first[1], first
    other, _ = jitter_intervals(boot, "jitter=1235")
    assert other != first, f"seeds 1234 and 1235 both gave {first}"


def test_without_jitter_every_timer_interval_is_one_tick(boot):
    intervals, console = jitter_intervals(boot, "jitter=off")
    assert "jitter: off" in console, console
    one_tick = {n for hart in intervals.values() for n in hart}
    assert len(one_tick) == 1, intervals  # the selftest checks it is 10 ms


def test_bad_boot_options_are_reported_and_the_defaults_used(boot):
    # selftest=nosuch runs no self-test: the machine boots to the shell.
    w = boot(harts=2, bootargs="selftest=nosuch sched=bogus quantum=0 preempt=maybe "
                               "jitter=xyz overcommit=sometimes colour=blue")  # fmt: skip
    console = w.console
    for expected in [
        "boot: unknown selftest 'nosuch', ignored",
        "boot: unknown scheduler 'bogus', using rr",
        "boot: quantum '0' is not a number of ticks from 1 to 1000000, using 1",
        "boot: preempt 'maybe' is not on or off, using on",
        "boot: jitter 'xyz' is not a seed",
        "boot: overcommit 'sometimes' is not always or strict, using strict",
        "boot: unknown option 'colour', ignored",
    ]:
        lines_with = [line for line in console.splitlines() if line.startswith(expected)]
        assert len(lines_with) == 1, f"expected one line {expected!r}\n" + console
    assert "weft: scheduler rr, quantum 1 tick, preemptive" in console, console
    assert "weft: timer jitter" not in console, console
    assert "weft: commit limit" in console, console
    assert w.run("echo booted") == "booted\n", console


def test_a_quantum_that_is_not_a_number_is_reported(boot):
    w, status = selftest_boot_args(boot, "selftest=kalloc sched=mlfq quantum=abc", harts=1)
    assert "boot: quantum 'abc' is not a number of ticks from 1 to 1000000, using 1" in w.console
    assert "weft: scheduler mlfq, quantum 1 tick, preemptive" in w.console, w.console
    assert_all_pass(w.console, expect=["selftest kalloc"])
    assert status == 0, w.console


def test_good_boot_options_are_not_reported(boot):
    w, status = selftest_boot_args(
        boot, "selftest=kalloc sched=mlfq quantum=3 preempt=off jitter=42 overcommit=strict",
        harts=1,
    )
    assert not re.search(r"(?m)^boot: ", w.console), w.console
    assert "weft: scheduler mlfq, quantum 3 ticks, cooperative" in w.console, w.console
    assert "weft: timer jitter seed 42" in w.console, w.console
    assert status == 0, w.console
