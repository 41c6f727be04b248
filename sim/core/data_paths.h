#pragma once
// Where bundled data lives: networks resolvable by name (`--network resnet50`), energy and
// area tables resolvable by the name an architecture file gives.
#include <string>

namespace eyrie {

// The root holding workloads/networks and configs/ (the source tree unless EYRIE_DATA_DIR is
// set in the environment).
std::string data_dir();

}  // namespace eyrie
