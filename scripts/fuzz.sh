#!/usr/bin/env bash
# Longer fuzzing campaigns than ctest's short runs: builds the libFuzzer targets with clang
# (ASan + UBSan + coverage) in build-fuzz/ and runs each for SECONDS (default 600).
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: fuzz_arch fuzz_network fuzz_scalesim_csv
#                                             fuzz_mapping fuzz_sweep fuzz_tensor (default: all)
# New inputs accumulate in build-fuzz/fuzz/corpus/<target>/; a finding is saved as
# build-fuzz/fuzz/<target>-crash-* (rerun it: build-fuzz/bin/<target> FILE) and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_arch fuzz_network fuzz_scalesim_csv fuzz_mapping fuzz_sweep fuzz_tensor)
command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang (apt-get install clang)" >&2; exit 1; }
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DEYRIE_FUZZ=ON \
  -DEYRIE_BUILD_BENCH=OFF -DEYRIE_BUILD_TESTS=OFF -DEYRIE_CUDA=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)" --target "${targets[@]}"
export EYRIE_DATA_DIR=$PWD
status=0
for t in "${targets[@]}"; do
  corpus=build-fuzz/fuzz/corpus/$t
  mkdir -p "$corpus"
  seeds=$(grep -A0 "set(${t}_seeds" fuzz/CMakeLists.txt | sed -e "s/set(${t}_seeds //" -e 's/)//')
  echo "== $t for ${seconds}s (seeds: $seeds)"
  # shellcheck disable=SC2086
  build-fuzz/bin/$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix=build-fuzz/fuzz/$t- "$corpus" $seeds || status=1
done
exit $status
