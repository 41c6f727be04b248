#pragma once
// Runs a sweep: every point x network x dataflow through the analytical model (and, on
// request, the timed engine). A dataflow that cannot map a network at some point is a row with
// its reason, not a failed sweep: that is itself an answer of the design-space exploration.
#include <string>
#include <vector>

#include "sim/model/area_model.h"
#include "sim/sweep/sweep_spec.h"

namespace eyrie {

struct SweepRow {
  std::size_t point = 0;       // index into SweepSpec::points
  std::string network;
  std::string dataflow;
  std::string status = "ok";   // "ok" or why no mapping exists
  std::int64_t macs = 0;
  std::int64_t cycles = 0;
  std::int64_t timed_cycles = 0;  // 0 unless the timed engine ran
  double utilization = 0;
  double energy = 0;           // in the energy table's unit
  std::int64_t dram_bytes = 0;
  AreaBreakdown area;
  bool best = false;           // best of its network under the sweep's objective
};

struct SweepResult {
  SweepSpec spec;
  std::string energy_unit;
  std::vector<SweepRow> rows;
};

SweepResult run_sweep(const SweepSpec& spec, bool timed);

}  // namespace eyrie
