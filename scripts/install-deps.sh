#!/usr/bin/env bash
# Installs what eyrie needs from Debian packages, only what is missing. Idempotent; runs as
# root without sudo, or through sudo when it is there.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libyaml-cpp-dev libboost-program-options-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  libsystemc-dev verilator
  libtbb-dev libdnnl-dev opencl-c-headers ocl-icd-opencl-dev
  python3 python3-matplotlib
  python3-dev pybind11-dev python3-numpy python3-pandas python3-pytest python3-yaml
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and not root, no sudo: install them and rerun" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
