#!/usr/bin/env python3
"""Boot Weft again and again, run some commands, halt, and fsck the disk.

    scripts/fsck_loop.py [--runs N] [--harts H] [COMMAND ...]
    scripts/fsck_loop.py --runs 20 --harts 1 "usertests fork_until_failure" "usertests concurrent"

For a file-system bug that shows only now and then: each run gets a fresh
copy of build/fs.img; a run whose disk fsck does not find clean is printed
with fsck's report (and its console, with -v). Exits 1 if any run was bad.
Run `make all` first (and `make build/mkfs/fsck`).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from weft import Weft, run_fsck  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--harts", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300, help="per command, seconds")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the console of bad runs")
    parser.add_argument("commands", nargs="*",
                        default=["usertests fork_until_failure", "usertests concurrent"])
    args = parser.parse_args()

    bad = 0
    for i in range(args.runs):
        w = Weft(harts=args.harts)
        try:
            for command in args.commands:
                w.run(command, timeout=args.timeout)
            w.shutdown()
            result = run_fsck(w.fs_image)
        finally:
            w.cleanup()
        if result.returncode == 0:
            print(f"run {i + 1}/{args.runs}: clean", flush=True)
            continue
        bad += 1
        print(f"run {i + 1}/{args.runs}: NOT CLEAN\n{result.stdout}{result.stderr}", flush=True)
        if args.verbose:
            print(w.console)
    print(f"{bad} of {args.runs} runs left a disk fsck does not find clean "
          f"({args.harts} harts: {'; '.join(args.commands)})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
