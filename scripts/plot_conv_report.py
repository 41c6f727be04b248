#!/usr/bin/python3
"""NRMSE versus speedup over scalar FP32 (the report's Figure 2) from `eyrie conv --report --out`.

    /usr/bin/python3 scripts/plot_conv_report.py report.csv -o report.png

Run with the system python (/usr/bin/python3), which has matplotlib; the Agg backend needs no
display. Rows with NRMSE 0 (the FP32 scalar reference itself) are drawn at the plot's floor.
"""
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MARKERS = {"scalar": "o", "avx2": "s", "array": "^"}
COLORS = {"fp32": "tab:blue", "int32": "tab:orange", "int16": "tab:green", "int8": "tab:red", "ternary": "tab:purple"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("-o", "--output", default="conv_report.png")
    args = ap.parse_args()
    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        print(f"{args.csv}: no rows", file=sys.stderr)
        return 2
    nonzero = [float(r["nrmse"]) for r in rows if float(r["nrmse"]) > 0]
    floor = min(nonzero) / 10 if nonzero else 1e-12
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for r in rows:
        x = float(r["speedup_vs_scalar_fp32"])
        y = max(float(r["nrmse"]), floor)
        ax.scatter(x, y, marker=MARKERS.get(r["backend"], "x"), color=COLORS.get(r["precision"], "k"), s=50)
        ax.annotate(f'{r["precision"]}/{r["backend"]}', (x, y), textcoords="offset points", xytext=(5, 4), fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("speedup over scalar FP32 (conv time, excluding I/O)")
    ax.set_ylabel("NRMSE vs FP32")
    ax.set_title("eyrie conv --report: accuracy vs speed")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
