#!/usr/bin/python3
"""Plots from eyrie's JSON and CSV outputs (matplotlib, no display needed).

  scripts/plot.py roofline run.json -o roofline.png      # eyrie run --format json (DRAM and GLB roofs)
  scripts/plot.py energy compare.json -o energy.png      # eyrie compare --format json
  scripts/plot.py dataflows compare.json -o flows.png    # eyrie compare --format json
  scripts/plot.py sweep sweep.csv -o sweep.png [--x COL] [--y COL]   # eyrie sweep --format csv

The output's extension picks the format: .png, .pdf or .svg. Uses Debian's python3-matplotlib
(/usr/bin/python3).
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


def energy_of(totals):
    """The energy breakdown of a result: its "energy..." mapping with a "total" (the key's name
    carries the unit in newer outputs, energy_pj in older ones)."""
    for k, v in totals.items():
        if k.startswith("energy") and "by_operand" not in k and isinstance(v, dict) and "total" in v:
            return v
    fail("no energy breakdown in the input (expected eyrie run/compare --format json)")


def energy_label(result):
    unit = result.get("energy_unit", "")
    if unit == "normalized":
        return "energy per MAC (normalized: one MAC = 1)"
    return f"energy per MAC ({unit})" if unit else "energy per MAC (unit not given)"


def save(fig, path):
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=120)  # the extension picks the format: .png, .pdf, .svg
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def roofline(args):
    run = load_json(args.input)
    layers = [l for l in run.get("layers", []) if l.get("macs", 0) > 0]
    if not layers:
        fail(f"{args.input}: no layers with MACs")
    r0 = layers[0]["roofline"]
    peak, bw = r0["peak_macs_per_s"], r0["bandwidth_bytes_per_s"]
    glb = layers[0].get("roofline_global_buffer")
    roofs = [("DRAM", "roofline", bw, "-")]
    if glb:
        roofs.append(("GLB", "roofline_global_buffer", glb["bandwidth_bytes_per_s"], "--"))
    ois = [l[key]["oi_macs_per_byte"] for _, key, _, _ in roofs for l in layers]
    ois += [l["roofline"]["oi_min_macs_per_byte"] for l in layers] + [peak / b for _, _, b, _ in roofs]
    lo, hi = min(ois) / 4, max(ois) * 4
    xs = [lo * (hi / lo) ** (i / 200) for i in range(201)]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    colors = {"DRAM": "k", "GLB": "tab:gray"}
    for name, key, b, style in roofs:
        ax.loglog(xs, [min(peak, x * b) for x in xs], style, color=colors[name], lw=1.2,
                  label=f"{name} roof: {peak/1e9:.1f} GMAC/s peak, {b/1e9:.2f} GB/s")
    achieved = [l["roofline"]["achieved_macs_per_s"] for l in layers]
    ax.scatter([l["roofline"]["oi_macs_per_byte"] for l in layers], achieved, s=22, color="tab:blue", zorder=3,
               label="layers: achieved, OI over DRAM bytes moved")
    if glb:
        ax.scatter([l["roofline_global_buffer"]["oi_macs_per_byte"] for l in layers], achieved, s=22,
                   facecolors="none", edgecolors="tab:green", zorder=3, label="layers: achieved, OI over GLB bytes moved")
    # The compulsory OI (each tensor moved once) sits on the DRAM roof at its own bound, joined to
    # the layer's actual point: the gap is the traffic the mapping adds above the minimum.
    for l, y in zip(layers, achieved):
        x0, x1 = l["roofline"]["oi_macs_per_byte"], l["roofline"]["oi_min_macs_per_byte"]
        ax.plot([x0, x1], [y, min(peak, x1 * bw)], color="tab:red", lw=0.5, alpha=0.4)
    ax.scatter([l["roofline"]["oi_min_macs_per_byte"] for l in layers],
               [min(peak, l["roofline"]["oi_min_macs_per_byte"] * bw) for l in layers], s=20, marker="x",
               color="tab:red", zorder=3, label="compulsory-traffic OI, at its DRAM bound")
    if not args.no_labels:
        # Layers of one shape (ResNet's repeated blocks) sit on one point: one label, "+n" for the
        # rest. Past --max-labels points only the ones with the most MACs are named.
        points = {}
        for l, y in zip(layers, achieved):
            key = (round(l["roofline"]["oi_macs_per_byte"], 6), round(y, -3))
            points.setdefault(key, []).append(l)
        ranked = sorted(points.items(), key=lambda kv: -sum(l["macs"] for l in kv[1]))[: args.max_labels]
        for i, ((x, y), ls) in enumerate(sorted(ranked)):
            name = ls[0]["name"] + (f" +{len(ls) - 1}" if len(ls) > 1 else "")
            ax.annotate(name, (x, y), textcoords="offset points", xytext=(4, -9 - 7 * (i % 3)), fontsize=6,
                        color="tab:blue")
    ax.set_xlabel("operational intensity (MACs per byte moved at the level)")
    ax.set_ylabel("MACs per second")
    ax.set_title(f"{run.get('network', '?')} on {run.get('arch', '?')} ({run.get('dataflow', '?')})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    save(fig, args.output)


def energy(args):
    data = load_json(args.input)
    flows = data.get("dataflows", {})
    if not flows:
        fail(f"{args.input}: no dataflows (expected eyrie compare --format json)")
    names = list(flows)
    breakdown = {n: energy_of(flows[n]["total"]) for n in names}
    parts = [k for k in breakdown[names[0]] if k != "total"]
    fig, ax = plt.subplots(figsize=(7, 5))
    bottom = [0.0] * len(names)
    for part in parts:
        vals = [breakdown[n][part] / max(1, flows[n]["total"]["macs"]) for n in names]
        ax.bar(names, vals, bottom=bottom, label=part)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel(energy_label(flows[names[0]]))
    ax.set_title(f"{data.get('network', '?')} on {data.get('arch', '?')}: energy by level")
    ax.legend(fontsize=8)
    save(fig, args.output)


def dataflows(args):
    """Dataflows side by side from eyrie compare --format json: energy per MAC, cycles, DRAM
    traffic per MAC and utilization, the objective's choice marked."""
    data = load_json(args.input)
    flows = data.get("dataflows", {})
    if not flows:
        fail(f"{args.input}: no dataflows (expected eyrie compare --format json)")
    names = list(flows)
    best = data.get("best")
    tot = {n: flows[n]["total"] for n in names}
    panels = [
        (energy_label(flows[names[0]]), [energy_of(tot[n])["total"] / max(1, tot[n]["macs"]) for n in names]),
        ("cycles", [tot[n]["cycles"] for n in names]),
        ("DRAM bytes per MAC", [tot[n]["dram_bytes"] / max(1, tot[n]["macs"]) for n in names]),
        ("PE utilization", [tot[n]["utilization"] for n in names]),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.5))
    for ax, (label, vals) in zip(axes.flat, panels):
        colors = ["tab:orange" if n == best else "tab:blue" for n in names]
        ax.bar(names, vals, color=colors)
        for i, v in enumerate(vals):
            ax.annotate(f"{v:.3g}", (i, v), ha="center", va="bottom", fontsize=7)
        ax.set_ylabel(label)
        ax.grid(True, axis="y", alpha=0.3)
    unmappable = data.get("unmappable") or {}
    note = f"; cannot map: {', '.join(unmappable)}" if unmappable else ""
    fig.suptitle(f"{data.get('network', '?')} on {data.get('arch', '?')}: dataflows "
                 f"(orange: best by {data.get('objective', '?')}{note})", fontsize=10)
    save(fig, args.output)


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
    for name, fn in (("roofline", roofline), ("energy", energy), ("dataflows", dataflows), ("sweep", sweep)):
        s = sub.add_parser(name)
        s.add_argument("input")
        s.add_argument("-o", "--output", required=True, help="image file: .png, .pdf or .svg (by extension)")
        if name == "roofline":
            s.add_argument("--no-labels", action="store_true", help="do not name the layers")
            s.add_argument("--max-labels", type=int, default=10, help="name at most this many points (most MACs first)")
        if name == "sweep":
            s.add_argument("--x", default="cycles")
            s.add_argument("--y", default="energy_pj")
        s.set_defaults(fn=fn)
    args = p.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
