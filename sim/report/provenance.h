#pragma once
// The provenance a run's outputs record: eyrie's version, the architecture file and its hash,
// the overrides, the network and its file's hash, batch and engine (dataflow and objective are
// in the result itself).
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/arch_spec.h"
#include "sim/model/layer_result.h"
#include "workloads/network.h"

namespace eyrie {

RunProvenance run_provenance(const std::string& arch_path, const std::vector<ConfigOverride>& overrides,
                             const std::string& network_arg, const Network& net, std::int64_t batch,
                             const std::string& engine);

}  // namespace eyrie
