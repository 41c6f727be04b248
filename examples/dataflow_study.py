#!/usr/bin/env python3
"""Array size x dataflow on ResNet-50: energy against cycles, with the Pareto front.

Every array size is the Eyeriss configuration with pe_array.rows / pe_array.cols replaced
(overrides, as `eyrie run --set`); every dataflow's best mappings come from eyrie's mapper.
The compare calls run side by side on threads (eyrie releases the GIL while it maps).

    PYTHONPATH=build/python /usr/bin/python3 examples/dataflow_study.py -o dataflow_study.png
    examples/dataflow_study.py --sizes 8x8,12x14,16x16 --network alexnet --csv points.csv

A point is on the Pareto front when no other point has both fewer cycles and less energy.
"""
import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import eyrie

ROOT = Path(__file__).resolve().parents[1]


def parse_sizes(text):
    sizes = []
    for item in text.split(","):
        rows, _, cols = item.partition("x")
        if not (rows.isdigit() and cols.isdigit()):
            raise SystemExit(f"dataflow_study: --sizes: '{item}' is not ROWSxCOLS")
        sizes.append((int(rows), int(cols)))
    return sizes


def study(arch, network, sizes, dataflows, jobs):
    """One row per (size, dataflow) that maps: the network's total energy and cycles."""
    import pandas as pd

    def one(size):
        rows, cols = size
        c = eyrie.compare(arch.with_overrides({"pe_array.rows": rows, "pe_array.cols": cols}), network, dataflows)
        df = c.to_dataframe()
        df.insert(0, "size", f"{rows}x{cols}")
        df.insert(1, "pes", rows * cols)
        for d, why in c.unmappable.items():
            print(f"dataflow_study: {rows}x{cols} {d}: not mapped: {why}", file=sys.stderr)
        return df

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        frames = list(pool.map(one, sizes))
    df = pd.concat(frames, ignore_index=True)
    df.attrs = frames[0].attrs
    return df


def pareto_front(df, x, y):
    """True where no other row has x and y both lower or equal and one of them lower."""
    order = df.sort_values([x, y]).index
    on_front, best_y = set(), float("inf")
    for i in order:
        if df.at[i, y] < best_y:
            on_front.add(i)
            best_y = df.at[i, y]
    return df.index.isin(sorted(on_front))


def plot(df, out, title, energy_unit):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 6.5))
    markers = "os^Dv<>ph*"
    sizes = list(dict.fromkeys(df["size"]))
    for d, group in df.groupby("dataflow", sort=False):
        color = ax._get_lines.get_next_color()
        for s, point in group.groupby("size", sort=False):
            ax.scatter(point["cycles"], point["energy"], color=color, marker=markers[sizes.index(s) % len(markers)],
                       s=60, edgecolor="black" if point["pareto"].any() else "none", linewidth=1.2, zorder=3)
        ax.scatter([], [], color=color, marker="o", label=d)
    for s in sizes:
        ax.scatter([], [], color="gray", marker=markers[sizes.index(s) % len(markers)], label=f"{s} PEs")
    front = df[df["pareto"]].sort_values("cycles")
    ax.step(front["cycles"], front["energy"], where="post", color="black", linewidth=1, zorder=2,
            label="Pareto front")
    for _, p in front.iterrows():
        ax.annotate(f"{p['dataflow']} {p['size']}", (p["cycles"], p["energy"]), textcoords="offset points",
                    xytext=(6, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("cycles (network total)")
    ax.set_ylabel(f"energy ({energy_unit}, network total)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", default=str(ROOT / "configs" / "eyeriss.yaml"))
    p.add_argument("--network", default="resnet50")
    p.add_argument("--sizes", default="4x4,8x8,8x16,12x14,16x16,32x32", help="ROWSxCOLS,...")
    p.add_argument("--dataflows", default=",".join(eyrie.ALL_DATAFLOWS))
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("-o", "--out", default="dataflow_study.png")
    p.add_argument("--csv", help="also write the points, with their Pareto flag, here")
    a = p.parse_args(argv)
    try:
        arch = eyrie.load_arch(a.arch)
        network = eyrie.load_network(a.network)
        df = study(arch, network, parse_sizes(a.sizes), a.dataflows.split(","), max(1, a.jobs))
    except eyrie.Error as e:
        raise SystemExit(f"dataflow_study: error: {e}")
    df["energy"] = df[eyrie.energy_key(df.attrs["energy_unit"]) + ".total"]
    df["pareto"] = pareto_front(df, "cycles", "energy")
    unit = df.attrs["energy_unit"]
    plot(df, a.out, f"{network.name} on {arch.name}: array size x dataflow", unit)
    if a.csv:
        df[["size", "pes", "dataflow", "cycles", "energy", "utilization", "dram_bytes", "pareto"]].to_csv(a.csv, index=False)
    front = df[df["pareto"]].sort_values("cycles")
    print(f"{len(df)} points, {len(front)} on the Pareto front (cycles, energy in {unit}):")
    for _, r in front.iterrows():
        print(f"  {r['size']:>6} {r['dataflow']:<4} {r['cycles']:>14,} cycles  {r['energy']:.4g}")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
