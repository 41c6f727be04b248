#!/usr/bin/env bash
# Installs what is missing, builds everything, runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
EYRIE_CMAKE_ARGS="-DEYRIE_WERROR=ON ${EYRIE_CMAKE_ARGS:-}" scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
cd build
ctest --output-on-failure -j"$jobs" --timeout 600
