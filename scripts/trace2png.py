#!/usr/bin/python3
"""Draw a Weft scheduler trace as a timeline PNG: one lane per hart, one
colour per thread, time on the x axis (milliseconds). The legend names
each thread by its role (the name it gave itself with prctl, or
"activation" for one that took upcalls) and its process; glyphs mark
where a thread was preempted, blocked, woken or upcalled; the title
names the program and the boot options (from the trace's header).

Usage: trace2png.py TRACE [OUT.png]     (default: TRACE with .png)
Needs Debian's python3-matplotlib (run with /usr/bin/python3).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weft_trace  # noqa: E402

# kind -> (matplotlib marker, where in the lane (offset from its
# centre, bars span +-0.33), size, legend text)
GLYPHS = {
    "preempt": ("v", 0.41, 5, "preempted (quantum over, another thread takes the hart)"),
    "block": ("s", 0.41, 4, "blocks (sleeps, waits for I/O or a lock)"),
    "wake": ("^", -0.41, 5, "wake-up (made runnable by this hart)"),
    "upcall": ("*", 0.0, 13, "upcall (the kernel enters the thread library; small: a time slice)"),
}


def draw(trace, dst, title=None):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    ms = 1000 / trace.timebase
    intervals = trace.intervals()
    t0 = min((s for _, _, _, s, _, _ in intervals), default=0)
    harts = sorted({h for h, *_ in intervals}) or [0]
    tids = sorted({(p, t) for _, p, t, *_ in intervals})
    # tab10's colours are all distinct; tab20 pairs a dark and a light
    # shade of each hue, so use it only when there are too many threads.
    cmap, ncolours = (plt.get_cmap("tab10"), 10) if len(tids) <= 10 else (plt.get_cmap("tab20"), 20)
    colour = {key: cmap(i % ncolours) for i, key in enumerate(tids)}

    fig, ax = plt.subplots(figsize=(11, 0.6 + 0.8 * len(harts)))
    for hart, pid, tid, start, end, _ in intervals:
        ax.broken_barh([((start - t0) * ms, max((end - start) * ms, 0.01))], (hart - 0.33, 0.66),
                       facecolors=colour[(pid, tid)])
    # A glyph in the colour of the thread it is about (a wake-up: the
    # woken thread), edged in black so it shows on a bar of that colour.
    # An upcall that only hands back a preempted context (the library's
    # time slice) is drawn small; one for a block, an unblock or a new
    # processor is drawn large and says which.
    for m in trace.marks():
        marker, dy, size, _ = GLYPHS[m.kind]
        routine = m.kind == "upcall" and m.reason in ("preempted", "-")
        x, y = (m.time - t0) * ms, m.hart + dy
        ax.plot(x, y, marker=marker, markersize=size * 0.5 if routine else size,
                color=colour.get((m.pid, m.tid), "white"), markeredgecolor="black",
                markeredgewidth=0.4 if routine else 0.6, linestyle="none", clip_on=False,
                zorder=3 if routine else 4)
        if m.kind == "upcall" and not routine:
            ax.annotate(f"upcall: {m.reason}", (x, y), xytext=(4, 6), textcoords="offset points",
                        fontsize="small", fontweight="bold", zorder=5,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                              "alpha": 0.8})
    ax.set_yticks(harts)
    ax.set_yticklabels([f"hart {h}" for h in harts])
    ax.set_ylim(min(harts) - 0.6, max(harts) + 0.6)
    ax.set_xlabel("time (ms)")
    ax.set_title(title or trace.title())
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[k]) for k in tids]
    labels = [trace.thread_label(p, t) for p, t in tids]
    extra = []  # legends that savefig must make room for
    if handles:
        threads_legend = ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1),
                                   fontsize="small", title="threads")
        ax.add_artist(threads_legend)  # kept when the glyph legend below replaces ax's legend
        extra.append(threads_legend)
    kinds = [k for k in weft_trace.MARK_KINDS if any(m.kind == k for m in trace.marks())]
    glyph_handles = [Line2D([], [], marker=GLYPHS[k][0], markersize=GLYPHS[k][2] * 0.8,
                            color="lightgrey", markeredgecolor="black", linestyle="none")
                     for k in kinds]
    if glyph_handles:
        # Below the time axis, which takes about 0.5 inch.
        extra.append(ax.legend(glyph_handles, [GLYPHS[k][3] for k in kinds], loc="upper left",
                  bbox_to_anchor=(0, -0.5 / (0.8 * len(harts) + 0.6)), ncol=2,
                  fontsize="small", frameon=False))
    # "tight" grows the picture to hold the legends, outside the axes.
    fig.savefig(dst, dpi=100, bbox_inches="tight", bbox_extra_artists=extra)
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
    draw(trace, dst, title=trace.title(fallback=os.path.basename(src)))
    print(f"trace2png: {len(trace.intervals())} run intervals -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
