#!/usr/bin/python3
"""Plots from eyrie's JSON and CSV outputs (matplotlib, no display needed).

  scripts/plot.py roofline run.json -o roofline.png      # eyrie run --format json (DRAM and GLB roofs)
  scripts/plot.py energy compare.json -o energy.png      # eyrie compare --format json
  scripts/plot.py dataflows compare.json -o flows.png    # eyrie compare --format json
  scripts/plot.py sweep sweep.csv -o sweep.png [--x COL] [--y COL]   # eyrie sweep: csv, json or rows.jsonl

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


SWEEP_NUMERIC = ("macs", "cycles", "timed_cycles", "utilization", "energy", "energy_per_mac", "dram_bytes",
                 "area_mm2", "mac_area_mm2", "register_file_area_mm2", "global_buffer_area_mm2")


def sweep_rows(path):
    """The rows of what `eyrie sweep` writes (sweep.csv, sweep.json, rows.jsonl, or its stdout in
    csv / json) as flat dicts with the CSV's column names; the point's parameters as columns."""
    try:
        with open(path, newline="") as f:
            text = f.read()
    except OSError as e:
        fail(f"{path}: {e}")
    if not text.strip():
        fail(f"{path}: empty")
    if text.lstrip()[0] != "{":
        rows = list(csv.DictReader(text.splitlines()))
        return rows, (list(rows[0])[1:list(rows[0]).index("network")] if rows else [])
    try:
        doc = json.loads(text)
        raw, params = doc.get("rows"), doc.get("parameters", [])
        if not isinstance(raw, list):
            fail(f"{path}: no 'rows' list (expected eyrie sweep --format json or sweep.json)")
    except json.JSONDecodeError:  # rows.jsonl: one row per line, no Pareto marks yet
        try:
            raw = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as e:
            fail(f"{path}: neither a sweep CSV, JSON nor JSON Lines: {e}")
        params = []
    rows = []
    for r in raw:
        flat = {k: v for k, v in r.items() if not isinstance(v, (dict, list))}
        flat.update({k: v for k, v in (r.get("parameters") or {}).items()})
        area = r.get("area_um2")
        if isinstance(area, dict):
            flat["area_mm2"] = area.get("total", 0) / 1e6
            for part in ("mac", "register_file", "global_buffer"):
                flat[f"{part}_area_mm2"] = area.get(part, 0) / 1e6
        elif isinstance(area, list):  # rows.jsonl: [mac, register_file, global_buffer]
            flat["area_mm2"] = sum(area) / 1e6
        for k in ("best", "pareto"):
            if k in flat:
                flat[k] = "1" if flat[k] else "0"
        rows.append(flat)
    return rows, params


def number(row, col):
    """A cell as a float, or None when empty (a row that did not map has no numbers)."""
    v = row.get(col)
    if v is None or v == "":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def sweep(args):
    rows, params = sweep_rows(args.input)
    if not rows:
        fail(f"{args.input}: no rows")
    columns = sorted({k for r in rows for k in r})
    for col in (args.x, args.y):
        if col not in columns:
            fail(f"{args.input}: no column '{col}' (numeric columns: {', '.join(c for c in SWEEP_NUMERIC if c in columns)})")
    ok = [r for r in rows if r.get("status", "ok") == "ok" and number(r, args.x) is not None
          and number(r, args.y) is not None]
    failed = len(rows) - len(ok)
    if not ok:
        fail(f"{args.input}: no row mapped ({failed} failed), nothing to plot")
    networks = list(dict.fromkeys(r.get("network", "") for r in ok))
    fig, axes = plt.subplots(1, len(networks), figsize=(7 * len(networks), 5.5), squeeze=False)
    for ax, net in zip(axes[0], networks):
        mine = [r for r in ok if r.get("network", "") == net]
        for df in dict.fromkeys(r.get("dataflow", "") for r in mine):
            rs = [r for r in mine if r.get("dataflow", "") == df]
            ax.scatter([number(r, args.x) for r in rs], [number(r, args.y) for r in rs], s=22, label=df or None,
                       alpha=0.8)
        verbose = False
        front = sorted((r for r in mine if r.get("pareto") == "1"), key=lambda r: number(r, args.x))
        if front:
            ax.scatter([number(r, args.x) for r in front], [number(r, args.y) for r in front], s=80,
                       facecolors="none", edgecolors="k", linewidths=1.2,
                       label="Pareto front (energy, cycles, area)")
            # The values in the label only while they stay readable; else the point number,
            # which is the '#' / 'point' column of the table and the files.
            verbose = len(front) <= 8
            for i, r in enumerate(front):
                vals = "/".join(str(r.get(p, "")) for p in params)
                text = f"#{r.get('point', '?')}" + (f" {r.get('dataflow', '')} {vals}" if verbose else "")
                ax.annotate(text, (number(r, args.x), number(r, args.y)), textcoords="offset points",
                            xytext=(6, 5 if i % 2 else -9), fontsize=7)
        for r in mine:
            if r.get("best") == "1":
                ax.scatter([number(r, args.x)], [number(r, args.y)], marker="*", s=160, c="gold", edgecolors="k",
                           zorder=5, label="best (objective)")
        unit = mine[0].get("energy_unit", "")
        ax.set_xlabel(args.x + (f" ({unit})" if args.x == "energy" and unit else ""))
        ax.set_ylabel(args.y + (f" ({unit})" if args.y == "energy" and unit else ""))
        title = f"{net}: {len(mine)} rows"
        if failed:
            title += f" ({failed} unmapped, not drawn)"
        ax.set_title(title, fontsize=10)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
        if params:
            ax.text(0.01, 0.01, "labels: #point" + (" dataflow " + "/".join(params) if verbose else ""),
                    transform=ax.transAxes, fontsize=7, alpha=0.7)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    on_front = sum(1 for r in ok if r.get("pareto") == "1")
    print(f"{args.output}: {len(ok)} rows drawn, {failed} unmapped (not drawn), {on_front} on the Pareto front")


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
            s.add_argument("--x", default="cycles", help="a numeric column (default: cycles)")
            s.add_argument("--y", default="energy", help="a numeric column (default: energy, in the table's unit)")
        s.set_defaults(fn=fn)
    args = p.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
