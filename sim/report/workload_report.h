#pragma once
// `eyrie workload`: the layers of a network with shapes, output sizes and MACs.
#include <string>

#include "sim/report/format.h"
#include "workloads/network.h"

namespace eyrie {

std::string workload_report(const Network& net, Format format);

}  // namespace eyrie
