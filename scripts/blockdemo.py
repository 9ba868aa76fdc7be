#!/usr/bin/python3
"""Draw docs/images/blockdemo-sa.png: the scheduler trace of `blockdemo sa`.

    scripts/blockdemo.py [--harts 2] [--build DIR] [--vps 1] [--out PNG]

Boots Weft in QEMU (tests/weft.py's Weft class), runs

    trace -o /tmp/block.txt blockdemo sa <vps>

shuts down, copies /tmp/block.txt out of the disk image with
build/mkfs/fsread, and draws it with scripts/trace2png.py. In the
picture, one virtual processor's worth of user threads keeps running
while the reader's activation sleeps in read: the blocked activation
leaves the hart, a fresh one takes over at the upcall entry (the
`upcall` events), and ~0.5 s later the reader's context comes back in an
SA_UNBLOCKED upcall. `make` must have run first.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--harts", type=int, default=2)
    ap.add_argument("--vps", type=int, default=1, help="virtual processors for sa (default 1)")
    ap.add_argument("--build", default=os.environ.get("WEFT_BUILD", "build"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "images" / "blockdemo-sa.png"))
    args = ap.parse_args()

    os.environ["WEFT_BUILD"] = args.build  # tests/weft.py reads it at import
    sys.path.insert(0, str(ROOT / "tests"))
    from weft import BUILD, Weft
    import pytest  # weft.py reports trouble through pytest.fail

    fsread = BUILD / "mkfs" / "fsread"
    for need in (fsread, BUILD / "user" / "bin" / "trace"):
        if not need.exists():
            sys.exit(f"blockdemo.py: {need} is missing: run make BUILD={args.build}")

    trace_txt = ROOT / args.build / "block.txt"
    try:
        with Weft(harts=args.harts) as w:
            out = w.run(f"trace -o /tmp/block.txt blockdemo sa {args.vps}", timeout=180)
            print(out, end="")
            w.shutdown()
            data = subprocess.run([str(fsread), str(w.fs_image), "/tmp/block.txt"],
                                  check=True, capture_output=True).stdout
    except pytest.fail.Exception as e:
        sys.exit(f"blockdemo.py: the run failed:\n{e}")
    except subprocess.CalledProcessError as e:
        sys.exit(f"blockdemo.py: fsread: {e.stderr.decode().strip()}")
    trace_txt.write_bytes(data)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "trace2png.py"), str(trace_txt), args.out],
                   check=True)


if __name__ == "__main__":
    main()
