#!/usr/bin/env python3
"""Extract the reference numbers of Timeloop's stats.txt files into one YAML table.

Usage: timeloop_ref_table.py REPO_DIR COMMIT OUT.yaml NAME=PATH/TO/timeloop-*.stats.txt ...

Per case: computes and cycles of the compute level, the summary energy and per storage level
its instances, vector access energy, leakage, and per data space the per-instance scalar reads,
fills and updates, the utilized instances and the energy (pJ, total over instances). The numbers
are copied as printed (Timeloop rounds energies to 0.01 pJ); nothing is recomputed here.
"""
import re
import subprocess
import sys


def show(repo, commit, path):
    return subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def parse_stats(text):
    levels, cur, ds = [], None, None
    summary = {}
    in_summary = False
    for line in text.splitlines():
        m = re.match(r"^=== (\S+) ===$", line)
        if m and not in_summary:
            if line.startswith("=== ") and cur is not None and cur.get("_done"):
                break
            cur = {"name": m.group(1), "dataspaces": {}}
            levels.append(cur)
            ds = None
            continue
        if line.startswith("Networks"):
            if cur is not None:
                cur["_done"] = True
            in_summary = True
            continue
        if line.startswith("Summary Stats"):
            in_summary = True
        if in_summary:
            m = re.match(r"^(Cycles|Energy|Computes)\s*[:=]\s*([0-9.e+]+)\s*(\S*)", line)
            if m:
                summary[m.group(1).lower()] = (m.group(2), m.group(3))
            continue
        if cur is None:
            continue
        m = re.match(r"^\s{4}(Weights|Inputs|Outputs):\s*$", line)
        if m:
            ds = {}
            cur["dataspaces"][m.group(1)] = ds
            continue
        m = re.match(r"^\s+([A-Za-z ()\-]+?)\s*:\s*(.+?)\s*$", line)
        if not m:
            continue
        key, val = m.group(1).strip(), m.group(2)
        target = ds if ds is not None else cur
        target[key] = val
    return levels, summary


def num(v):
    v = v.split()[0]
    return "null" if v == "-" else v  # Timeloop prints "-" for unbounded (DRAM size)


def main():
    repo, commit, out = sys.argv[1], sys.argv[2], sys.argv[3]
    lines = [
        "# Reference numbers from Timeloop's published tutorial outputs, copied as printed.",
        f"# Source: github.com/Accelergy-Project/timeloop-accelergy-exercises at commit {commit},",
        "# extracted by scripts/timeloop_ref_table.py; counts are per instance (Timeloop's",
        "# 'Scalar reads (per-instance)'), energies in pJ over all instances.",
        "cases:",
    ]
    for spec in sys.argv[4:]:
        name, path = spec.split("=", 1)
        levels, summary = parse_stats(show(repo, commit, path))
        lines.append(f"  {name}:")
        lines.append(f"    source: {path}")
        compute = levels[0]
        lines.append(f"    computes: {num(compute['Computes (total)'])}")
        lines.append(f"    cycles: {num(compute['Cycles'])}")
        lines.append(f"    compute_instances: {num(compute['Instances'])}")
        lines.append(f"    utilized_compute_instances: {num(compute['Utilized instances'])}")
        lines.append(f"    compute_energy_pj: {num(compute['Energy (total)'])}")
        lines.append(f"    energy_uj: {summary['energy'][0]}")
        lines.append("    levels:")
        for lv in levels[1:]:
            lines.append(f"      - name: {lv['name']}")
            lines.append(f"        instances: {num(lv['Instances'])}")
            lines.append(f"        size: {num(lv['Size'])}")
            lines.append(f"        word_bits: {num(lv['Word bits'])}")
            lines.append(f"        block_size: {num(lv['Block size'])}")
            lines.append(f"        vector_access_energy_pj: {num(lv['Vector access energy'])}")
            lines.append(f"        leakage_energy_pj: {num(lv['Leakage energy (total)'])}")
            lines.append("        dataspaces:")
            for dname, d in lv["dataspaces"].items():
                lines.append(f"          {dname}: {{utilized_capacity: {num(d['Utilized capacity'])}, "
                             f"utilized_instances: {num(d['Utilized instances (max)'])}, "
                             f"reads: {num(d['Scalar reads (per-instance)'])}, "
                             f"fills: {num(d['Scalar fills (per-instance)'])}, "
                             f"updates: {num(d['Scalar updates (per-instance)'])}, "
                             f"energy_pj: {num(d['Energy (total)'])}}}")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
