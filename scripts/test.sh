#!/usr/bin/env bash
# Installs what is missing, builds everything, runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
EYRIE_CMAKE_ARGS="-DEYRIE_WERROR=ON ${EYRIE_CMAKE_ARGS:-}" scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
cd build
status=0
ctest --output-on-failure -j"$jobs" --timeout 600 || status=$?
# A skipped test is not a passing one: say which and why (GoogleTest's skip message).
if grep -q "^\[  SKIPPED \]" Testing/Temporary/LastTest.log 2>/dev/null; then
  echo "skipped tests and why:"
  awk '/^\[  SKIPPED \] [A-Za-z_.]+ \(/ { sub(/^\[  SKIPPED \] /, ""); print "  " $1 ": " reason } { reason = $0 }' \
    Testing/Temporary/LastTest.log
fi
exit $status
