#!/usr/bin/env bash
# Configures and builds eyrie (Release) into build/ (or $EYRIE_BUILD_DIR). Extra arguments go
# to `cmake --build`.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
dir=${EYRIE_BUILD_DIR:-build}
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release ${EYRIE_CMAKE_ARGS:-} >/dev/null
cmake --build "$dir" -j"$jobs" "$@"
