#pragma once
// A Timeloop design (timeloop/: TlArch, TlProblem, TlNest, Ert) lowered into eyrie's general
// form (sim/core/storage_spec.h, memory/mapping.h), so eyrie's model counts and prices it:
//   - one eyrie level per Timeloop storage level; a fan-out level (inter_*_spatial) whose parent
//     has no fan-out of its own folds into that parent, which takes its spatial loops;
//   - capacity = Timeloop's size (shared by the kept data spaces), block = block_size, word
//     bits = datawidth, meshes = the instances' fan-out, bandwidths per instance, buffering;
//   - networks multicast and reduce (Timeloop's legacy network) and cost nothing (no network
//     component, no wire table in an ERT);
//   - energies from the ERT per block access (read, fill, update, leak), the MAC's from its
//     `compute` action; counting in Timeloop's mode (docs/MODEL.md, docs/TIMELOOP.md). Two
//     Timeloop pricing rules depend on the mapping and are folded into the level's figures:
//     a cluster of instances pays one access for all its used instances (x clusters / used),
//     and only used instances leak (x used / instances);
//   - problem dims by their role (TlConvView), data spaces as weights / inputs / outputs.
// What the general form cannot hold is an error naming it (a residual factor, a fractional
// multiple_buffering, more than kMaxLevels levels).
#include <string>
#include <vector>

#include "memory/mapping.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"
#include "timeloop/accelergy_ert.h"
#include "timeloop/tl_arch.h"
#include "timeloop/tl_mapping.h"
#include "timeloop/tl_problem.h"
#include "workloads/network.h"

namespace eyrie::tl {

struct TlLowered {
  ArchSpec arch;
  EnergyTable table;   // pJ; prices only the MACs (every level has explicit energies)
  ConvLayer layer;
  Mapping mapping;
  TlConvView view;
  std::vector<int> tl_level;  // per eyrie level, innermost first: its index in TlArch::levels
};

// `ert` may be null: then every action costs 0 (counts and cycles only).
TlLowered lower(const TlArch& arch, const TlProblem& problem, const TlNest& nest, const Ert* ert);

// A Timeloop design read from its files and lowered, as `eyrie run` takes it: the network is
// the one layer the problem describes (named after its shape), the mapping its mapping.
struct TlDesign {
  TlLowered lowered;
  Network network;
};
TlDesign load_design(const std::string& arch, const std::string& problem, const std::string& mapping,
                     const std::string& ert);

}  // namespace eyrie::tl
