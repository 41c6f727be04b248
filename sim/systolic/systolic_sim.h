#pragma once
// SCALE-Sim v2's layer simulation (single_layer_sim.py + double_buffered_scratchpad_mem.py),
// reproduced cycle for cycle: the fold schedule's demand rows, one per cycle, through the
// three scratchpads; a row the memory cannot serve in time stalls the whole array.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/systolic/fold_schedule.h"
#include "sim/systolic/gemm_lowering.h"
#include "sim/systolic/scratchpad.h"
#include "sim/systolic/systolic_arch.h"
#include "workloads/network.h"

namespace eyrie::systolic {

// One row of SCALE-Sim's three reports, per operand in the order ifmap, filter, ofmap.
struct SystolicLayerResult {
  std::string name;
  std::int64_t macs = 0;
  std::int64_t folds = 0, fold_cycles = 0;
  std::int64_t total_cycles = 0;  // COMPUTE_REPORT "Total Cycles": last ofmap row's cycle
  std::int64_t stall_cycles = 0;
  double overall_util_pct = 0, mapping_efficiency_pct = 0, compute_util_pct = 0;
  std::array<std::int64_t, 3> sram_requests{};  // ifmap reads, filter reads, ofmap writes
  std::array<std::int64_t, 3> sram_start{}, sram_stop{};
  std::array<DramActivity, 3> dram{};           // ifmap reads, filter reads, ofmap writes
  std::array<double, 3> avg_sram_bw{}, avg_dram_bw{};
};

// Receives SCALE-Sim's SRAM trace rows (its layer<i>/{IFMAP,FILTER,OFMAP}_SRAM_TRACE.csv): per
// operand and demand row, the cycle the row was served in and the whole array edge's
// addresses, the cfg's base offset added, -1 for a null request.
class SramTraceSink {
 public:
  virtual ~SramTraceSink() = default;
  virtual void row(Operand op, std::int64_t served_cycle, const std::int64_t* addr, std::size_t width) = 0;
};

SystolicLayerResult simulate_layer(const GemmLayer& layer, const SystolicArch& arch, SramTraceSink* traces = nullptr);

// The GEMMs of a network in order: every layer with MACs (pool and element-wise layers have
// none and are skipped, as SCALE-Sim topologies never hold them); a grouped layer gives one
// GEMM per group, named <layer>/g<i>, all alike.
struct NetworkGemm {
  GemmLayer gemm;
  std::int64_t group = 0, groups = 1;
};
std::vector<NetworkGemm> network_gemms(const Network& net);

// Every GEMM of network_gemms, in order; LayerID in the reports is the position here. The
// groups of a layer are alike and each starts from empty scratchpads, so one is simulated and
// its result repeated under each group's name.
std::vector<SystolicLayerResult> simulate_network(const Network& net, const SystolicArch& arch);

}  // namespace eyrie::systolic
