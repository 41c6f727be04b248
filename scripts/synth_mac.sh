#!/usr/bin/env bash
# Synthesizes each RTL MAC unit with yosys to its generic gate library (synth -flatten; no
# technology mapping) and prints a table of cell counts and yosys's CMOS transistor estimate
# (stat -tech cmos), with areas relative to mac_int8 (wrap) = 1.0. Needs yosys (Debian package
# `yosys`, not installed by scripts/install-deps.sh: this script is optional, no test uses it).
# The figures are quoted in docs/RTL.md.
#   scripts/synth_mac.sh            table in Markdown
set -euo pipefail
cd "$(dirname "$0")/../rtl"
command -v yosys >/dev/null || { echo "synth_mac: yosys not found (apt-get install yosys)" >&2; exit 1; }

sources="acc_fit.v mac_int.v mac_int8.v mac_int16.v mac_ternary.v"
# name | top | parameters (chparam -set ...)
configs=(
  "mac_int8 (acc 32, wrap)|mac_int8|-set SATURATE 0"
  "mac_int8 (acc 32, saturate)|mac_int8|-set SATURATE 1"
  "mac_int16 (acc 32, wrap)|mac_int16|-set SATURATE 0"
  "mac_int16 (acc 32, saturate)|mac_int16|-set SATURATE 1"
  "mac_ternary split (2 x acc 32, wrap)|mac_ternary|-set SATURATE 0 -set SPLIT 1"
  "mac_ternary split (2 x acc 32, saturate)|mac_ternary|-set SATURATE 1 -set SPLIT 1"
  "mac_ternary single (acc 32, wrap)|mac_ternary|-set SATURATE 0 -set SPLIT 0"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "yosys: $(yosys -V)"
echo
echo "| unit | cells | of which DFF | est. transistors | cells rel. | transistors rel. |"
echo "|---|---:|---:|---:|---:|---:|"
base_cells=""
base_tr=""
for entry in "${configs[@]}"; do
  IFS='|' read -r name top params <<<"$entry"
  yosys -q -p "read_verilog $sources; chparam $params $top; synth -flatten -top $top; \
    tee -q -o $tmp/stat.txt stat; tee -q -o $tmp/cmos.txt stat -tech cmos" >"$tmp/log.txt" 2>&1 \
    || { cat "$tmp/log.txt" >&2; exit 1; }
  cells=$(awk '/Number of cells:/ {print $4}' "$tmp/stat.txt")
  dffs=$(awk '/\$_DFF/ {n += $2} END {print n + 0}' "$tmp/stat.txt")
  tr=$(awk '/Estimated number of transistors:/ {print $5}' "$tmp/cmos.txt")
  if [ -z "$base_cells" ]; then base_cells=$cells; base_tr=$tr; fi
  printf '| %s | %s | %s | %s | %.2f | %.2f |\n' "$name" "$cells" "$dffs" "$tr" \
    "$(awk -v a="$cells" -v b="$base_cells" 'BEGIN {print a / b}')" "$(awk -v a="$tr" -v b="$base_tr" 'BEGIN {print a / b}')"
done
