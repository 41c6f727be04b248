#!/usr/bin/env bash
# Shows that the RTL tests catch real bugs: builds and runs test_rtl_mutants, which runs the
# checker of test_rtl_mac (tests/rtl/mac_checker.h, same stimulus) against mac_bench compiled
# with each `BUG_*` define (rtl/CMakeLists.txt: Vmac_bench_NO_SIGN_EXTEND, _SAT_BOUND,
# _TERNARY_SWAP) and prints, per bug and stimulus set, the mismatch count per accumulator and
# the first mismatching vector. The same tests run in ctest (RtlMutants.*), expecting
# mismatches in the broken units and none elsewhere.
#   scripts/rtl-mutants.sh [build-dir]     (default: build, configured if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --target test_rtl_mutants -j2
"$build/bin/test_rtl_mutants"
