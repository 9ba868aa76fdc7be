#!/usr/bin/python3
"""Draw a Weft scheduler trace as a timeline PNG: one lane per hart, one
colour per thread, time on the x axis (milliseconds).

Usage: trace2png.py TRACE [OUT.png]     (default: TRACE with .png)
Needs Debian's python3-matplotlib (run with /usr/bin/python3).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weft_trace  # noqa: E402


def draw(trace, dst, title=None):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ms = 1000 / trace.timebase
    intervals = trace.intervals()
    t0 = min((s for _, _, _, s, _, _ in intervals), default=0)
    harts = sorted({h for h, *_ in intervals}) or [0]
    tids = sorted({(p, t) for _, p, t, *_ in intervals})
    # tab10's colours are all distinct; tab20 pairs a dark and a light
    # shade of each hue, so use it only when there are too many threads.
    cmap, ncolours = (plt.get_cmap("tab10"), 10) if len(tids) <= 10 else (plt.get_cmap("tab20"), 20)
    colour = {key: cmap(i % ncolours) for i, key in enumerate(tids)}

    fig, ax = plt.subplots(figsize=(12, 1.4 + 0.7 * len(harts)))
    for hart, pid, tid, start, end, _ in intervals:
        ax.broken_barh([((start - t0) * ms, max((end - start) * ms, 0.01))], (hart - 0.4, 0.8),
                       facecolors=colour[(pid, tid)])
    ax.set_yticks(harts)
    ax.set_yticklabels([f"hart {h}" for h in harts])
    ax.set_xlabel("time (ms)")
    ax.set_title(title or "Weft scheduler trace")
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[k]) for k in tids]
    labels = [trace.thread_label(p, t) for p, t in tids]
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    fig.tight_layout()
    fig.savefig(dst, dpi=100)
    plt.close(fig)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    src = argv[1]
    dst = argv[2] if len(argv) > 2 else os.path.splitext(src)[0] + ".png"
    try:
        with open(src) as f:
            trace = weft_trace.parse(f.read())
    except (OSError, ValueError) as e:
        print(f"trace2png: {e}", file=sys.stderr)
        return 1
    draw(trace, dst, title=os.path.basename(src))
    print(f"trace2png: {len(trace.intervals())} run intervals -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
