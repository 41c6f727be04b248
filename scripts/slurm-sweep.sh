#!/usr/bin/env bash
# Runs an eyrie sweep as a Slurm job array: N shards (`eyrie sweep FILE --shard I/N`), each in
# OUT/shard-I, then one job, after all shards succeed, that joins them (`eyrie sweep merge`)
# into OUT/sweep.csv and OUT/sweep.json, the same files one process would write.
#
#   scripts/slurm-sweep.sh [--wait] SWEEP.yaml OUT N [SBATCH_OPTION ...]
#
#   --wait            block until the merge job ends; exit with its status
#   SBATCH_OPTION     passed to both sbatch calls: --partition=..., --time=..., --account=...
#   EYRIE=path        the eyrie binary (default: build/bin/eyrie beside this script, else PATH)
#
# Each shard runs with --resume, so a requeued or resubmitted shard keeps its finished rows;
# its progress (a line per 10 %) goes to OUT/logs/shard-I.log. Shard I uses the CPUs Slurm
# gives it (--cpus-per-task, default 1: pass e.g. --cpus-per-task=8 for more threads).
set -euo pipefail

wait_flag=()
if [ "${1:-}" = --wait ]; then wait_flag=(--wait); shift; fi
if [ $# -lt 3 ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
sweep=$(realpath -e "$1") || { echo "slurm-sweep: $1: no such sweep file" >&2; exit 2; }
out=$(realpath -m "$2")
shards=$3
shift 3
case $shards in '' | *[!0-9]* | 0) echo "slurm-sweep: N must be a positive integer, got '$shards'" >&2; exit 2 ;; esac

here=$(dirname "$(realpath "$0")")
eyrie=${EYRIE:-}
if [ -z "$eyrie" ]; then
  if [ -x "$here/../build/bin/eyrie" ]; then eyrie=$(realpath "$here/../build/bin/eyrie"); else eyrie=$(command -v eyrie || true); fi
fi
[ -n "$eyrie" ] && [ -x "$eyrie" ] || { echo "slurm-sweep: no eyrie binary (set EYRIE=path)" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "slurm-sweep: sbatch not found (is this a Slurm login node?)" >&2; exit 2; }

mkdir -p "$out/logs"
touch "$out/logs/.submitted"
q() { printf '%q ' "$@"; }
# Checks the sweep file (and the output) here, before anything is queued.
"$eyrie" sweep "$sweep" --shard "1/$shards" --dry-run >&2
shard_cmd="$(q "$eyrie" sweep "$sweep") --shard \$SLURM_ARRAY_TASK_ID/$shards --out $(printf %q "$out")/shard-\$SLURM_ARRAY_TASK_ID --resume --jobs \${SLURM_CPUS_PER_TASK:-1}"
array=$(sbatch --parsable --job-name=eyrie-sweep --array="1-$shards" --output="$out/logs/shard-%a.log" "$@" \
  --wrap="$shard_cmd")
array=${array%%;*}
dirs=()
for i in $(seq "$shards"); do dirs+=("$out/shard-$i"); done
merge_cmd="$(q "$eyrie" sweep merge "${dirs[@]}" --out "$out" --format csv) >/dev/null"
echo "slurm-sweep: shards: job array $array (1-$shards), logs in $out/logs" >&2
merge=$(sbatch --parsable --job-name=eyrie-sweep-merge --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$out/logs/merge.log" "${wait_flag[@]}" "$@" --wrap="$merge_cmd")
echo "slurm-sweep: merge: job ${merge%%;*} -> $out/sweep.csv, $out/sweep.json" >&2
if [ ${#wait_flag[@]} -gt 0 ] && ! [ "$out/sweep.csv" -nt "$out/logs/.submitted" ]; then
  echo "slurm-sweep: the merge did not run or failed; the shards' logs:" >&2
  tail -n 3 "$out"/logs/*.log >&2
  exit 1
fi
