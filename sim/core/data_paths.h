#pragma once
// Where bundled data lives: networks resolvable by name (`--network resnet50`), energy and
// area tables resolvable by the name an architecture file gives.
#include <string>

namespace eyrie {

// The root holding workloads/networks and configs/: $EYRIE_DATA_DIR when set, else
// PREFIX/share/eyrie for an installed eyrie (PREFIX/bin/eyrie), else the source tree.
std::string data_dir();

}  // namespace eyrie
