#pragma once
// The mapper: for one layer and one dataflow, searches the mappings the dataflow allows and
// keeps the best by the objective. The search is pruned, deterministic and allocation-free in
// its inner loop:
//   spatial X, then Y factors over the dataflow's dims   (maximal: no factor can grow)
//   RF factors over the dataflow's RF dims               (maximal under the RF capacities)
//   GLB factors over all dims                            (maximal under the GLB capacity)
//   GLB and DRAM loop orders from three stationary orders (9 pairs)
// DRAM takes what is left. When no maximal choice fits, the search is repeated with every
// spatial and RF choice (small buffers). Candidates are visited in a fixed order; a later one replaces the
// best only when strictly better, so ties keep the first.
#include <cstdint>
#include <string>

#include "sim/model/analytic_engine.h"
#include "sim/model/dataflow.h"

namespace eyrie {

enum class Objective { Energy, Cycles, Edp };
Objective objective_named(const std::string& name);  // throws eyrie::Error naming --objective
const char* to_string(Objective o);

struct SearchResult {
  bool found = false;
  std::string reason;  // why nothing fits, when !found
  Mapping best;
  double cost = 0;
  std::int64_t evaluated = 0;
};

class Mapper {
 public:
  Mapper(const AnalyticEngine& engine, Objective objective) : m_engine(engine), m_objective(objective) {}
  SearchResult search(const LayerShape& shape, const Dataflow& dataflow) const;
  double cost(const AccessCounts& c) const;

 private:
  SearchResult search(const LayerShape& shape, const Dataflow& dataflow, bool maximal_spatial) const;
  const AnalyticEngine& m_engine;
  Objective m_objective;
};

// The three loop orders the search tries at the GLB and DRAM (innermost first): the dims a
// given operand ignores innermost, so that operand's tile below stays put.
const std::array<std::array<Dim, kDims>, 3>& stationary_orders();

}  // namespace eyrie
