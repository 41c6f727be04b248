#pragma once
// Exact access counts of a mapping, per storage level and operand, in Timeloop's model
// (Parashar et al., ISPASS 2019); docs/MODEL.md states the rules with a worked example.
//   reads   words read out of the level: to feed the MACs or to fill the next inner level
//           (a multicast word is read once; psums read back for accumulation)
//   fills   words written into the level from its parent (tile changes; sliding-window
//           overlap with the previous tile is kept, not refetched)
//   updates psum words written into the level by its child or the MACs (spatially reduced)
// Allocation-free: the mapper calls count_accesses for every candidate.
#include <array>
#include <cstdint>

#include "memory/mapping.h"

namespace eyrie {

struct OperandAccesses {
  std::int64_t reads = 0;
  std::int64_t fills = 0;
  std::int64_t updates = 0;
  std::int64_t total() const { return reads + fills + updates; }
};

struct AccessCounts {
  std::int64_t macs = 0;
  std::int64_t compute_cycles = 0;  // temporal iterations: one MAC per active PE per cycle
  std::int64_t active_pes = 0;
  std::array<PerOperand<OperandAccesses>, kMapLevels> levels{};  // indexed by MapLevel
  // Words crossing the array NoC, counted at the PE side (a word multicast to k PEs counts k;
  // a psum from each of k reducing PEs counts k): what the NoC energy is priced on.
  PerOperand<std::int64_t> noc_pe_words{};
  // The same traffic counted at the buffer side (a multicast word once, a reduced psum once):
  // what the NoC bandwidth limits.
  PerOperand<std::int64_t> noc_buffer_words{};

  const PerOperand<OperandAccesses>& at(MapLevel l) const { return levels[static_cast<int>(l)]; }
};

// Counts a mapping that check_mapping accepted (perfect factors). All groups included.
AccessCounts count_accesses(const Mapping& m, const LayerShape& shape);

}  // namespace eyrie
