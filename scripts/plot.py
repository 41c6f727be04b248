#!/usr/bin/python3
"""Plots from eyrie's JSON and CSV outputs (matplotlib, no display needed).

  scripts/plot.py roofline run.json -o roofline.png      # eyrie run --format json
  scripts/plot.py energy compare.json -o energy.png      # eyrie compare --format json
  scripts/plot.py sweep sweep.csv -o sweep.png [--x COL] [--y COL]   # eyrie sweep --format csv

Uses Debian's python3-matplotlib (/usr/bin/python3).
"""
import argparse
import csv
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def fail(msg):
    print(f"plot.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        fail(f"{path}: {e}")


def roofline(args):
    run = load_json(args.input)
    layers = [l for l in run.get("layers", []) if l.get("macs", 0) > 0]
    if not layers:
        fail(f"{args.input}: no layers with MACs")
    r0 = layers[0]["roofline"]
    peak, bw = r0["peak_macs_per_s"], r0["bandwidth_bytes_per_s"]
    ois = [l["roofline"]["oi_macs_per_byte"] for l in layers]
    lo, hi = min(ois + [peak / bw]) / 4, max(ois + [peak / bw]) * 4
    xs = [lo * (hi / lo) ** (i / 200) for i in range(201)]
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.loglog(xs, [min(peak, x * bw) for x in xs], "k-", label=f"roof: {peak/1e9:.1f} GMAC/s, {bw/1e9:.2f} GB/s")
    ax.scatter(ois, [l["roofline"]["achieved_macs_per_s"] for l in layers], s=18, label="layers (achieved)")
    ax.scatter([l["roofline"]["oi_min_macs_per_byte"] for l in layers],
               [l["roofline"]["bound_macs_per_s"] for l in layers], s=8, marker="x", alpha=0.5,
               label="compulsory-traffic OI (bound)")
    ax.set_xlabel("operational intensity (MACs per DRAM byte)")
    ax.set_ylabel("MACs per second")
    ax.set_title(f"{run.get('network', '?')} on {run.get('arch', '?')} ({run.get('dataflow', '?')})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)


def energy(args):
    data = load_json(args.input)
    flows = data.get("dataflows", {})
    if not flows:
        fail(f"{args.input}: no dataflows (expected eyrie compare --format json)")
    names = list(flows)
    parts = [k for k in flows[names[0]]["total"]["energy_pj"] if k != "total"]
    fig, ax = plt.subplots(figsize=(7, 5))
    bottom = [0.0] * len(names)
    for part in parts:
        vals = [flows[n]["total"]["energy_pj"][part] / max(1, flows[n]["total"]["macs"]) for n in names]
        ax.bar(names, vals, bottom=bottom, label=part)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel("energy per MAC (table units)")
    ax.set_title(f"{data.get('network', '?')} on {data.get('arch', '?')}: energy by level")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)


def sweep(args):
    try:
        with open(args.input, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"{args.input}: {e}")
    if not rows:
        fail(f"{args.input}: no rows")
    for col in (args.x, args.y):
        if col not in rows[0]:
            fail(f"{args.input}: no column '{col}' (columns: {', '.join(rows[0])})")
    fig, ax = plt.subplots(figsize=(7, 5))
    groups = {}
    for r in rows:
        groups.setdefault(r.get("dataflow", ""), []).append(r)
    for name, rs in groups.items():
        ax.scatter([float(r[args.x]) for r in rs], [float(r[args.y]) for r in rs], label=name or None, s=18)
    ax.set_xlabel(args.x)
    ax.set_ylabel(args.y)
    ax.set_title(args.input)
    ax.grid(True, alpha=0.3)
    if len(groups) > 1:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="kind", required=True)
    for name, fn in (("roofline", roofline), ("energy", energy), ("sweep", sweep)):
        s = sub.add_parser(name)
        s.add_argument("input")
        s.add_argument("-o", "--output", required=True)
        if name == "sweep":
            s.add_argument("--x", default="cycles")
            s.add_argument("--y", default="energy_pj")
        s.set_defaults(fn=fn)
    args = p.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
