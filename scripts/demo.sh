#!/usr/bin/env bash
# The main job on the bundled default: the Eyeriss config on ResNet-50.
# Installs what is missing, builds (Release), runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --target eyrie
build/bin/eyrie validate --arch configs/eyeriss.yaml | head -n 3
build/bin/eyrie run --arch configs/eyeriss.yaml --network resnet50
