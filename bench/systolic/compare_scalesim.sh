#!/bin/bash
# Runs scale-sim-v2 and eyrie on one cfg and topology and compares their three reports.
#   bench/systolic/compare_scalesim.sh SCALE_SIM_V2_DIR FILE.cfg TOPOLOGY.csv [gemm] [eyrie]
# PYTHON names the interpreter with numpy, pandas and tqdm (default python3).
# Exit 0 when every field agrees: as text, except Mapping Efficiency % and Compute Util %,
# which agree to 1e-12 relative (Python before 3.12 sums them without compensation).
set -euo pipefail
ss=$1 cfg=$2 topo=$3 mode=${4:-conv} eyrie=${5:-build/bin/eyrie}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/^run_name *=.*/run_name = cmp/' "$cfg" > "$work/scale.cfg"
( cd "$work" && PYTHONPATH=$ss ${PYTHON:-python3} "$ss/scalesim/scale.py" -c scale.cfg -t "$topo" -p out -i "$mode" > ss.log 2>&1 )
"$eyrie" run --arch "$work/scale.cfg" --network "$topo" --out "$work/eyrie" > /dev/null
for f in COMPUTE_REPORT BANDWIDTH_REPORT DETAILED_ACCESS_REPORT; do
  python3 - "$work/out/cmp/$f.csv" "$work/eyrie/$f.csv" "$f" <<'PY'
import sys
a = [l.split(',') for l in open(sys.argv[1]).read().splitlines()]
b = [l.split(',') for l in open(sys.argv[2]).read().splitlines()]
assert len(a) == len(b), f"{sys.argv[3]}: {len(a)} rows vs {len(b)}"
for r, (x, y) in enumerate(zip(a, b)):
    for c, (u, v) in enumerate(zip(x, y)):
        if r > 0 and sys.argv[3] == 'COMPUTE_REPORT' and c in (4, 5):
            assert abs(float(u) - float(v)) <= 1e-12 * abs(float(u)), f"{sys.argv[3]} row {r} col {c}: {u} vs {v}"
        else:
            assert u == v, f"{sys.argv[3]} row {r} col {c}: scale-sim {u} vs eyrie {v}"
PY
done
echo "identical: $(tail -n +2 "$work/eyrie/COMPUTE_REPORT.csv" | wc -l) layers"
