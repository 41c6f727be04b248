#pragma once
// The systolic template in SystemC: an array process steps SCALE-Sim's fold schedule cycle by
// cycle and asks three scratchpad modules (ifmap, filter: read; ofmap: write) through their
// ports when each demand row is served; simulated time advances by the fold's cycles plus the
// stalls the scratchpads answer, so the layer's cycles are read off the SystemC clock.
// No SystemC in this header. SystemC elaborates once per process: the modules are built on
// the first call (before any other SystemC engine has started in the process).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/systolic/systolic_arch.h"
#include "workloads/network.h"

namespace eyrie {

struct SystolicTimedLayer {
  std::string name;
  std::int64_t cycles = 0;        // simulated time from the layer's first row to its last ofmap row
  std::int64_t stall_cycles = 0;  // of which the array waited for a scratchpad
  std::array<std::int64_t, 3> stalls_by{};  // stall cycles each scratchpad (ifmap, filter, ofmap) caused
  std::array<std::int64_t, 3> dram_words{};
};

std::vector<SystolicTimedLayer> simulate_systolic_timed(const Network& net, const systolic::SystolicArch& arch);

}  // namespace eyrie
