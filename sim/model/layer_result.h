#pragma once
// Everything the analytical model says about one layer and one network: the single place
// statistics are collected; sim/report formats them.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "memory/access_counts.h"
#include "sim/model/energy_model.h"

namespace eyrie {

struct Roofline {
  double peak_macs_per_s = 0;
  double bandwidth_bytes_per_s = 0;
  double oi_macs_per_byte = 0;      // of the mapping's traffic at that level
  double oi_min_macs_per_byte = 0;  // each tensor moved once
  double bound_macs_per_s = 0;      // min(peak, oi * bandwidth)
  bool memory_bound = false;
  double achieved_macs_per_s = 0;
};

// What limits a layer's cycles: the MACs themselves or one level's bandwidth. A storage level
// is named by its energy-table entry (the report's column); bound_level says which level.
enum class Bound { Compute, Noc, GlobalBuffer, Dram, RegisterFile };
inline constexpr int kBoundCount = 5;
const char* to_string(Bound b);

struct Performance {
  std::int64_t compute_cycles = 0;
  // Per level (innermost first): the cycles its ports need, and those of the network below it.
  std::array<std::int64_t, kMaxLevels> level_cycles{};
  std::array<std::int64_t, kMaxLevels> network_cycles{};
  // Summaries by column: the largest of the networks, of the global-buffer-priced levels, of
  // the DRAM-priced levels.
  std::int64_t noc_cycles = 0;
  std::int64_t glb_cycles = 0;
  std::int64_t dram_cycles = 0;
  std::int64_t cycles = 0;        // the max of all
  Bound bound = Bound::Compute;
  int bound_level = -1;           // the level (or the level whose network) that bounds; -1 compute
  bool bound_by_network = false;
  std::int64_t stall_cycles() const { return cycles - compute_cycles; }
};

// What the timed (SystemC) engine measured for the same mapping, when it ran.
struct TimedFigures {
  std::int64_t cycles = 0;
  std::int64_t stall_cycles = 0;  // cycles the array held no tile: waiting for fills, the last write-back
  std::int64_t tiles = 0;         // iterations of the loops above the global buffer played out
};

struct LayerResult {
  std::string name;
  std::int64_t macs = 0;
  Mapping mapping;
  AccessCounts counts;
  Performance perf;
  LayerEnergy energy;
  double utilization = 0;  // macs / (cycles * pes)
  std::int64_t dram_bytes = 0;
  std::int64_t glb_bytes = 0;
  Roofline dram_roofline;
  Roofline glb_roofline;
  std::int64_t mappings_evaluated = 0;  // by the search; 0 for an explicit mapping or a reused search
  // The earlier layer of the same shape whose search this layer reuses ("" when it searched).
  std::string search_same_as;
  // The search stopped at SearchOptions::max_evaluations: its best is of what it evaluated.
  bool search_capped = false;
  std::optional<TimedFigures> timed;     // set by the timed engine (eyrie run --engine systemc)
};

// What produced a run, for its outputs to record: set by the command line (the Python module
// keeps the same facts as attributes of its objects).
struct RunProvenance {
  bool set = false;
  std::string eyrie_version;
  std::string arch_file;
  std::string arch_file_hash;  // of the file's bytes (FNV-1a 64, sim/core/content_hash.h)
  std::string overrides;       // "pe_array.rows=8 pe_array.cols=14", in the order given
  std::string network;         // as given: a bundled name or a file
  std::string network_file_hash;  // of the network file's bytes; "" for a bundled name
  std::int64_t batch = 1;
  std::string engine;          // analytic | systemc
};

struct NetworkResult {
  std::string network;
  std::string arch;
  std::string dataflow;
  std::string objective;
  std::string energy_unit;  // "pJ" or "normalized"
  std::vector<std::string> level_names;  // the architecture's storage levels, innermost first
  std::vector<LayerResult> layers;
  std::int64_t search_cap = 0;  // the search's evaluation cap (0: none, or explicit mappings)
  LayerResult total;        // sums; utilization and rooflines recomputed over the network
  RunProvenance provenance;
};

}  // namespace eyrie
