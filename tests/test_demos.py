"""The lecture demos of issue 11 (user/demos) making their point every
run: each test runs one demo and checks what it is there to show. On 1
and 2 harts, one boot per hart count. Each demo has its own section.
"""

import re

import pytest

pytestmark = pytest.mark.harts(1, 2)


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

