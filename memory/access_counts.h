#pragma once
// Exact access counts of a mapping, per storage level and operand, in Timeloop's model
// (Parashar et al., ISPASS 2019) generalized to any chain of levels with a fan-out below any
// of them and to imperfect factors; docs/MODEL.md states the rules with worked examples.
//   reads   words read out of the level: to feed the MACs or to fill the next inner keeper
//           (a multicast word is read once; psums read back for accumulation)
//   fills   words written into the level from its parent keeper (tile changes; sliding-window
//           overlap with the previous tile is kept, not refetched)
//   updates psum words written into the level by its child keeper or the MACs (spatially
//           reduced where the network reduces)
// CountingMode::Timeloop changes three rules to Timeloop's (docs/MODEL.md): multicast only
// between identical tiles, across the temporal loops of bypassing levels (rule B), psums read
// back into every child, and a tile's overlap kept only along the innermost temporal loop
// outside it (rule A, reset on stride change).
// Partial tiles (imperfect factors) move only the words that exist. Allocation-free in the
// steady state: the mapper calls count_accesses for every candidate.
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

// What the network below each level can do, as the architecture declares it. A network
// with fan-out (more than one child instance) is where transfers are charged: a transfer
// between two keepers goes on the outermost fanning-out network between them, else on the
// parent's own. The default describes the Eyeriss preset: multicast and reduction
// everywhere, fan-out only below level 1 (global buffer -> PEs).
struct NetworkRules {
  std::array<Multicast, kMaxLevels> multicast;
  std::array<bool, kMaxLevels> reduction;
  std::array<bool, kMaxLevels> fanout;
  CountingMode mode = CountingMode::Eyrie;
  NetworkRules() {
    multicast.fill(Multicast::Any);
    reduction.fill(true);
    fanout.fill(false);
    fanout[1] = true;
  }
};
NetworkRules network_rules(const ArchSpec& arch);

struct AccessCounts {
  std::int64_t macs = 0;
  std::int64_t compute_cycles = 0;  // temporal iterations in which some MAC works
  std::int64_t active_pes = 0;      // MAC instances the spatial factors address
  std::int64_t groups = 1;          // the layer's groups (the counts cover all)
  int level_count = kMapLevels;
  std::array<PerOperand<OperandAccesses>, kMaxLevels> levels{};  // innermost first
  // Instances of each level the spatial factors above it address (Timeloop's utilized
  // instances): the counts above are their sums; energy rounds blocks per instance.
  std::array<std::int64_t, kMaxLevels> used_instances{};
  // Words crossing the network below level i (to its children or its MACs): counted at the
  // children (a word multicast to k children counts k; a psum from each of k reducing
  // children counts k), what network energy is priced on; and at the level (a multicast word
  // once, a reduced psum once), what the network's bandwidth limits.
  std::array<PerOperand<std::int64_t>, kMaxLevels> network_child_words{};
  std::array<PerOperand<std::int64_t>, kMaxLevels> network_level_words{};
  // The networks with fan-out summed (the preset's array NoC below the global buffer).
  PerOperand<std::int64_t> noc_pe_words{};
  PerOperand<std::int64_t> noc_buffer_words{};

  const PerOperand<OperandAccesses>& at(MapLevel l) const { return levels[static_cast<int>(l)]; }
  const PerOperand<OperandAccesses>& at(int l) const { return levels[l]; }
};

// The network a transfer between level `inner` (exclusive; -1 = the MACs) and `outer` goes
// on: the outermost fanning-out network between them, else the parent's own.
int charged_network(int inner, int outer, const NetworkRules& rules);

// Counts a mapping whose factors check_factors accepted. All groups included.
AccessCounts count_accesses(const Mapping& m, const LayerShape& shape, const NetworkRules& rules = NetworkRules());

}  // namespace eyrie
