#pragma once
// Import of SCALE-Sim topology files, unchanged, so users' existing topologies just work.
//   Conv form:  Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels,
//               Num Filter, Strides,
//   GEMM form:  Layer, M, N, K,
// SCALE-Sim has no padding: the IFMAP sizes are the padded sizes, except that it rounds the
// ofmap size up where the stride does not divide (reproduced as bottom/right padding). A header row, a trailing
// comma and blank trailing columns are accepted; anything else malformed is an error naming
// the file, the line and the column.
#include <string>

#include "workloads/network.h"

namespace eyrie {

Network load_scalesim_topology(const std::string& path);
Network parse_scalesim_topology(const std::string& text, const std::string& origin);

}  // namespace eyrie
