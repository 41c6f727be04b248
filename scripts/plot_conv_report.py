#!/usr/bin/python3
"""NRMSE versus speedup over scalar FP32 (the report's Figure 2) from `eyrie conv --report --out`.

    /usr/bin/python3 scripts/plot_conv_report.py report.csv -o report.png   # or .pdf, .svg

Run with the system python (/usr/bin/python3), which has matplotlib; the Agg backend needs no
display. The output's extension picks the format (.png, .pdf, .svg).

- Colour is the precision, marker the backend; the legend lists both.
- A log axis has no zero: rows whose NRMSE is exactly 0 (bit-exact with scalar FP32) are drawn
  in a strip of their own below the axis, labelled "exact (0)", never at an invented floor.
- The `array` backend's time is the simulator's (MAC by MAC through the bit-exact MAC units),
  not hardware's, so it has no place on a speedup axis: its rows are listed in a note instead.
"""
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

MARKERS = {"scalar": "o", "avx2": "s", "cuda": "D"}
COLORS = {"fp32": "tab:blue", "int32": "tab:orange", "int16": "tab:green", "int8": "tab:red", "ternary": "tab:purple"}
SIMULATED = {"array"}


def fail(msg):
    print(f"plot_conv_report.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("-o", "--output", default="conv_report.png", help="image file: .png, .pdf or .svg")
    args = ap.parse_args()
    try:
        with open(args.csv, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"{args.csv}: {e}")
    if not rows:
        fail(f"{args.csv}: no rows")
    for col in ("precision", "backend", "nrmse", "speedup_vs_scalar_fp32"):
        if col not in rows[0]:
            fail(f"{args.csv}: no column '{col}' (expected eyrie conv --report --out)")
    timed = [r for r in rows if r["backend"] not in SIMULATED]
    simulated = [r for r in rows if r["backend"] in SIMULATED]
    exact = [r for r in timed if float(r["nrmse"]) == 0.0]
    inexact = [r for r in timed if float(r["nrmse"]) > 0.0]

    fig, (ax, ax0) = plt.subplots(2, 1, figsize=(8.5, 5.5), sharex=True, gridspec_kw={"height_ratios": [6, 1]})
    for target, subset, y_of in ((ax, inexact, lambda r: float(r["nrmse"])), (ax0, exact, lambda r: 0.0)):
        for r in subset:
            x, y = float(r["speedup_vs_scalar_fp32"]), y_of(r)
            target.scatter(x, y, marker=MARKERS.get(r["backend"], "x"), color=COLORS.get(r["precision"], "k"), s=50)
            target.annotate(f'{r["precision"]}/{r["backend"]}', (x, y), textcoords="offset points", xytext=(5, 4),
                            fontsize=7)
    ax.set_xscale("log")
    if inexact:
        ax.set_yscale("log")
    ax.set_ylabel("NRMSE vs FP32")
    ax.set_title("eyrie conv --report: accuracy vs speed")
    ax.grid(True, which="both", alpha=0.3)
    ax0.set_yticks([0.0])
    ax0.set_yticklabels(["exact (0)"])
    ax0.set_ylim(-1, 1)
    ax0.grid(True, which="both", axis="x", alpha=0.3)
    ax0.set_xlabel("speedup over scalar FP32 (conv time, excluding I/O)")
    handles = [Line2D([], [], linestyle="", marker="o", color=c, label=p) for p, c in COLORS.items()
               if any(r["precision"] == p for r in timed)]
    handles += [Line2D([], [], linestyle="", marker=m, color="k", label=b) for b, m in MARKERS.items()
                if any(r["backend"] == b for r in timed)]
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), title="precision / backend",
              title_fontsize=7)
    if simulated:
        note = "not plotted (simulation time, not hardware time): " + ", ".join(
            f'{r["precision"]}/{r["backend"]} NRMSE {float(r["nrmse"]):.2e}' for r in simulated)
        fig.text(0.01, 0.005, note, fontsize=6, wrap=True)
    fig.tight_layout(rect=(0, 0.04 if simulated else 0, 1, 1))
    try:
        fig.savefig(args.output, dpi=120)
    except (OSError, ValueError) as e:
        fail(f"{args.output}: {e}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
