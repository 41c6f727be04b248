#!/bin/sh
# Loads every topology CSV of a scale-sim-v2 checkout with `eyrie workload` and lists the ones
# refused. Usage: bench/systolic/load_topologies.sh SCALE_SIM_V2_DIR [build/bin/eyrie]
# At scale-sim-v2 22f88b17 (117 files): 112 load; 5 are refused because they are malformed,
# and scale-sim-v2's own topology_utils.py fails on the same 5 (symbolic B/D/H sizes in
# CSV/LSTM.csv and rnn_eval/LSTM_template.csv; an empty filter width and "1 2" channels in
# CSV/MLPERF.csv, mlperf/MLPERF.csv and mlperf/Sentimental_seqLSTM.csv).
set -u
dir=${1:?usage: $0 SCALE_SIM_V2_DIR [eyrie]}
eyrie=${2:-build/bin/eyrie}
total=0; refused=0
for f in $(find "$dir/topologies" -name '*.csv' | sort); do
  total=$((total + 1))
  if ! msg=$("$eyrie" workload --network "$f" 2>&1 >/dev/null); then
    refused=$((refused + 1)); echo "refused: $msg"
  fi
done
echo "$((total - refused)) of $total topology files load"
