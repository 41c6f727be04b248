#!/bin/bash
# Speed of the systolic template against scale-sim-v2 (benchmark, not a test).
#   bench/systolic/bench_resnet50.sh [--scalesim DIR] [--layers N] [--eyrie build/bin/eyrie]
# eyrie runs SCALE-Sim's ResNet-50 (topologies/mlperf/Resnet50.csv layers, verbatim copy of
# conv_nets/Resnet50.csv in tests/data/scalesim_topologies/) on scale-sim-v2's own scale.cfg
# switched to ws: a 32x32 array, 64 KB scratchpads, CALC. It prints eyrie's wall time and peak
# RSS for the whole network. With --scalesim DIR (a scale-sim-v2 checkout; needs python3 with
# numpy, pandas, tqdm) it also runs scale-sim-v2 on the first N layers (default: all 54; the
# whole network takes SCALE-Sim minutes and GBs), checks that every layer's Total Cycles and
# Stall Cycles agree, and prints both times on those layers and their ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
eyrie=$here/build/bin/eyrie
scalesim=""
layers=0
while [ $# -gt 0 ]; do
  case $1 in
    --scalesim) scalesim=$2; shift 2 ;;
    --layers) layers=$2; shift 2 ;;
    --eyrie) eyrie=$2; shift 2 ;;
    *) echo "usage: $0 [--scalesim DIR] [--layers N] [--eyrie PATH]" >&2; exit 2 ;;
  esac
done
cfg=$here/tests/data/scalesim_golden/scale.cfg
topo=$here/tests/data/scalesim_topologies/Resnet50.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # measure LOG CMD...: runs CMD, leaves "seconds rss_kb" in LOG
  /usr/bin/time -f "%e %M" -o "$1" "${@:2}" > /dev/null
}

measure "$work/eyrie_all.time" "$eyrie" run --arch "$cfg" --network "$topo" --out "$work/eyrie_all"
read -r e_s e_kb < "$work/eyrie_all.time"
cycles=$(awk -F', ' 'NR > 1 { s += $2 } END { print s }' "$work/eyrie_all/COMPUTE_REPORT.csv")
echo "eyrie: ResNet-50 (54 layers) on 32x32 ws, 64 KB, CALC: $cycles cycles, ${e_s} s, $((e_kb / 1024)) MB peak RSS"

[ -z "$scalesim" ] && exit 0
[ "$layers" -gt 0 ] || layers=54
sub=$work/resnet50_first$layers.csv
head -n $((layers + 1)) "$scalesim/topologies/mlperf/Resnet50.csv" > "$sub"
sed 's/run_name = .*/run_name = bench/' "$cfg" > "$work/scale.cfg"
measure "$work/eyrie_sub.time" "$eyrie" run --arch "$work/scale.cfg" --network "$sub" --out "$work/eyrie_sub"
( cd "$work" && PYTHONPATH=$scalesim measure "$work/scalesim.time" ${PYTHON:-python3} "$scalesim/scalesim/scale.py" \
    -c "$work/scale.cfg" -t "$sub" -p "$work/ss" )
read -r s_s s_kb < "$work/scalesim.time"
read -r es_s es_kb < "$work/eyrie_sub.time"
if ! diff <(cut -d, -f1-3 "$work/ss/bench/COMPUTE_REPORT.csv") <(cut -d, -f1-3 "$work/eyrie_sub/COMPUTE_REPORT.csv"); then
  echo "cycles differ from scale-sim-v2" >&2
  exit 1
fi
echo "first $layers layers: cycles and stalls identical; scale-sim-v2 ${s_s} s, $((s_kb / 1024)) MB; eyrie ${es_s} s, $((es_kb / 1024)) MB"
awk -v s="$s_s" -v e="$es_s" 'BEGIN { if (e < 0.01) e = 0.01; printf "ratio: %.0fx faster\n", s / e }'
