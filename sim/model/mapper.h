#pragma once
// The mapper: for one layer and one dataflow, one search over the architecture's levels that
// keeps the best mapping by the objective. Pruned, capped (reported) and deterministic:
//   for every fan-out, innermost first: X, then Y factors over the dataflow's dims
//   the innermost level's factors over the dataflow's dims
//   each middle level's factors over all dims, inside out
//   three stationary loop orders at every level above the innermost
// The outermost level takes what is left. Factors are maximal (no factor can grow) under the
// level's capacity and those of the levels above, on a ladder of rungs that leave the levels
// above 1, 2/3, 1/2, 1/3, 1/4, ... of their room; imperfect folds allowed (docs/MODEL.md).
// Candidates are visited in a fixed order; a later one replaces the best only when strictly
// better, so ties keep the first.
#include <cstdint>
#include <string>
#include <vector>

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
  // Spatial spreads skipped because their lower bound (MAC energy and leakage over the
  // fewest compute cycles the spread allows) could not beat the best so far. Sound: the
  // result is the one the unpruned search finds, mapping included.
  std::int64_t pruned = 0;
  // True when SearchOptions::max_evaluations stopped the search: the best is the best of the
  // candidates evaluated (best-first), not necessarily the optimum. Never set silently.
  bool capped = false;
};

// The default cap on evaluations per search (SearchOptions::max_evaluations). The candidates
// are visited best-first, and over the benchmark's sample (bench_sweep, docs/MODEL.md) the
// capped searches find the uncapped optimum; the cap bounds the worst cases' time.
inline constexpr std::int64_t kDefaultMaxEvaluations = 5000;

struct SearchOptions {
  // No lower-bound pruning and no cap: every candidate of the fixed order is evaluated (for
  // tests that compare the pruned search against it).
  bool exhaustive = false;
  // Stop after this many evaluations per search (0: no cap); SearchResult::capped reports it,
  // and so do the run's JSON (search_capped per layer) and text (a note naming the layers).
  std::int64_t max_evaluations = kDefaultMaxEvaluations;
  // Each level's factors maximal under its own capacity only, widened to every innermost, then
  // every spatial factor when nothing fits (the search before issue 11's rework; bench_sweep
  // measures the gap to it). Off: maximal under the capacities of the levels above as well.
  bool own_capacity_only = false;
};

class Mapper {
 public:
  Mapper(const AnalyticEngine& engine, Objective objective, SearchOptions options = SearchOptions())
      : m_engine(engine), m_objective(objective), m_options(options) {}
  SearchResult search(const LayerShape& shape, const Dataflow& dataflow) const;
  double cost(const AccessCounts& c) const;
  // A lower bound on cost() of every mapping of `shape` with the spatial factors and keeps of
  // `spread` (its temporal factors and orders are ignored): MAC energy, leakage over the fewest
  // compute cycles the spread allows, the outermost level's compulsory weight reads and output
  // writes, and each operand's words between the MACs and its innermost keeper (one per MAC
  // over the network, at least macs / the spread's sharing at the keeper), priced by the same
  // models.
  double cost_lower_bound(const LayerShape& shape, const Mapping& spread) const;

 private:
  // rungs: the ladder's lower rungs too (else rung 0 only, and *more_rungs says whether some
  // ladder had a rung below it); beat: a cost some mapping of the full search reaches, for the
  // bound before anything is found (infinity: none).
  // costs: the cost of each candidate evaluated, by its factors and orders: written by the
  // rung-0 pass, read by the full one.
  // A flat table: every key is the same number of values (a candidate's factors and orders,
  // level by level), kept one after another in one pool; open addressing over their indices.
  // An insert allocates only when the pool or the slots grow (doubling).
  class Costs {
   public:
    // The cost stored under key[0..width), or nullptr.
    const double* find(const std::int64_t* key, int width) const;
    // Stores the cost under the key unless it is there already (the first one stays).
    void insert(const std::int64_t* key, int width, double cost);

   private:
    static std::uint64_t hash(const std::int64_t* key, int width);
    std::size_t slot_of(const std::int64_t* key, int width, std::uint64_t h) const;
    int m_width = 0;
    std::vector<std::int64_t> m_keys;    // the keys, m_width values each
    std::vector<double> m_costs;         // one per key
    std::vector<std::uint32_t> m_slots;  // 0: empty, else 1 + the key's index; a power of two long
  };
  SearchResult search(const LayerShape& shape, const Dataflow& dataflow, bool maximal_spatial, bool maximal_inner,
                      bool rungs, double beat, std::int64_t budget, bool* more_rungs = nullptr,
                      Costs* costs = nullptr) const;
  const AnalyticEngine& m_engine;
  Objective m_objective;
  SearchOptions m_options;
};

// The three loop orders the search tries at the GLB and DRAM (innermost first): the dims a
// given operand ignores innermost, so that operand's tile below stays put.
const std::array<std::array<Dim, kDims>, 3>& stationary_orders();

}  // namespace eyrie
