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

measure() {  # measure LOG CMD...: runs CMD, leaves "wall_s rss_kb cpu_s" in LOG
  /usr/bin/time -f "%e %M %U %S" -o "$1" "${@:2}" > /dev/null 2> "$1.stderr" || { cat "$1.stderr" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

measure "$work/eyrie_all.time" "$eyrie" run --arch "$cfg" --network "$topo" --out "$work/eyrie_all"
read -r e_s e_kb e_cpu < "$work/eyrie_all.time"
cycles=$(awk -F', ' 'NR > 1 { s += $2 } END { print s }' "$work/eyrie_all/COMPUTE_REPORT.csv")
echo "eyrie: ResNet-50 (54 layers) on 32x32 ws, 64 KB, CALC: $cycles cycles, ${e_s} s wall, ${e_cpu} s CPU, $((e_kb / 1024)) MB peak RSS"
measure "$work/eyrie_sc.time" "$eyrie" run --arch "$cfg" --network "$topo" --engine systemc
read -r c_s c_kb c_cpu < "$work/eyrie_sc.time"
echo "eyrie --engine systemc (both engines): ${c_s} s wall, ${c_cpu} s CPU, $((c_kb / 1024)) MB peak RSS"

[ -z "$scalesim" ] && exit 0
[ "$layers" -gt 0 ] || layers=54
sub=$work/resnet50_first$layers.csv
head -n $((layers + 1)) "$scalesim/topologies/mlperf/Resnet50.csv" > "$sub"
sed 's/run_name = .*/run_name = bench/' "$cfg" > "$work/scale.cfg"
measure "$work/eyrie_sub.time" "$eyrie" run --arch "$work/scale.cfg" --network "$sub" --out "$work/eyrie_sub"
( cd "$work" && PYTHONPATH=$scalesim measure "$work/scalesim.time" ${PYTHON:-python3} "$scalesim/scalesim/scale.py" \
    -c "$work/scale.cfg" -t "$sub" -p "$work/ss" )
read -r s_s s_kb s_cpu < "$work/scalesim.time"
read -r es_s es_kb es_cpu < "$work/eyrie_sub.time"
if ! diff <(cut -d, -f1-3 "$work/ss/bench/COMPUTE_REPORT.csv") <(cut -d, -f1-3 "$work/eyrie_sub/COMPUTE_REPORT.csv"); then
  echo "cycles differ from scale-sim-v2" >&2
  exit 1
fi
echo "first $layers layers: cycles and stalls identical; scale-sim-v2 ${s_s} s wall, ${s_cpu} s CPU, $((s_kb / 1024)) MB; eyrie ${es_s} s wall, ${es_cpu} s CPU, $((es_kb / 1024)) MB"
awk -v s="$s_s" -v e="$es_s" -v sc="$s_cpu" -v ec="$es_cpu" 'BEGIN {
  if (e < 0.01) e = 0.01; if (ec < 0.01) ec = 0.01
  printf "ratio: %.0fx by wall time, %.0fx by CPU time (CPU times under 0.01 s count as 0.01)\n", s / e, sc / ec }'
