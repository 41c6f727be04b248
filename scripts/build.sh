#!/usr/bin/env bash
# Configures and builds eyrie (Release) into build/. Extra arguments go to `cmake --build`.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${EYRIE_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$jobs" "$@"
