#!/usr/bin/env bash
# Installs what is missing, builds everything, runs the whole test suite through ctest.
#   scripts/test.sh              Release build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in
#                                build-sanitize/ (its own folder; any report fails its test)
# Extra arguments after the options go to ctest (e.g. -R Cli).
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
  sanitize=1
  shift
fi
scripts/install-deps.sh
dir=build
if [ $sanitize -eq 1 ]; then
  dir=build-sanitize
  # Benchmarks measure speed, which a sanitized build does not have.
  EYRIE_CMAKE_ARGS="-DEYRIE_SANITIZE=address,undefined -DEYRIE_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo ${EYRIE_CMAKE_ARGS:-}"
  # SystemC keeps its simulation context until exit by design: not a leak of ours.
  export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
EYRIE_BUILD_DIR=$dir EYRIE_CMAKE_ARGS="-DEYRIE_WERROR=ON ${EYRIE_CMAKE_ARGS:-}" scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
cd "$dir"
status=0
ctest --output-on-failure -j"$jobs" --timeout 600 "$@" || status=$?
# A skipped test is not a passing one: say which and why (GoogleTest's skip message).
if grep -q "^\[  SKIPPED \]" Testing/Temporary/LastTest.log 2>/dev/null; then
  echo "skipped tests and why:"
  awk '/^\[  SKIPPED \] [A-Za-z_.]+ \(/ { sub(/^\[  SKIPPED \] /, ""); print "  " $1 ": " reason } { reason = $0 }' \
    Testing/Temporary/LastTest.log
fi
exit $status
