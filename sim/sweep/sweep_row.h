#pragma once
// One row of a sweep: a (point, network, dataflow) task's result, with the provenance that
// lets a resumed or merged sweep tell whether it still stands. A row is also a line of the
// streamed log (rows.jsonl); reading a line back gives the same row, bit for bit, so reports
// made from a log equal reports made from memory.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/area_model.h"

namespace eyrie {

struct SweepRow {
  std::size_t task = 0;              // serial order (SweepTask::index)
  std::size_t point = 0;             // index into SweepSpec::points
  std::vector<std::string> values;   // the point's parameter values, in parameter order
  std::string network;
  std::string dataflow;
  std::string status = "ok";         // "ok" or why no mapping exists
  std::int64_t macs = 0;
  std::int64_t cycles = 0;
  std::optional<std::int64_t> timed_cycles;  // only when the timed engine ran
  double utilization = 0;
  double energy = 0;                 // in energy_unit
  std::string energy_unit;
  std::int64_t dram_bytes = 0;
  AreaBreakdown area;                // known even when nothing maps: it depends on the point only
  bool best = false;                 // best of its network under the objective (set at the end)
  bool pareto = false;               // on its network's (energy, cycles, area) front (set at the end)
  // Provenance: what produced the row.
  std::string eyrie_version;
  std::string arch_file;
  std::string arch_file_hash;        // of the base architecture file's bytes
  std::string arch_hash;             // of the resolved architecture (the base with the overrides)
  std::string overrides;             // "pe_array.rows=8 pe_array.cols=14"
  std::string objective;
  std::int64_t batch = 1;
  std::string engine;                // analytic | systemc

  bool ok() const { return status == "ok"; }
};

// The identity --resume matches rows by: point, network, dataflow, the resolved architecture
// and the run settings that change a result (objective, batch, engine, eyrie version).
std::string resume_key(const SweepRow& row);

// One line of JSON (no newline) and back. Parsing throws eyrie::Error prefixed with `where`.
std::string row_to_json_line(const SweepRow& row);
SweepRow row_from_json_line(const std::string& line, const std::string& where);

}  // namespace eyrie
