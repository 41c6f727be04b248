#pragma once
// Runs a sweep: every point x network x dataflow through the analytical model (and, on
// request, the timed engine), in parallel over the tasks (TBB). A dataflow that cannot map a
// network at some point is a row with its reason, not a failed sweep: that is itself an answer
// of the design-space exploration.
//
// Rows reach the sink as they finish, in completion order, one at a time (the runner holds a
// lock around the sink), so a caller can stream them to disk; the result is then put in serial
// order (SweepTask::index) and marked (best, Pareto) by finish_sweep, whatever the number of
// threads, so the report is byte-identical to a serial run's.
#include <functional>
#include <string>
#include <vector>

#include "sim/sweep/sweep_row.h"
#include "sim/sweep/sweep_spec.h"
#include "sim/sweep/sweep_task.h"

namespace eyrie {

struct SweepSettings {
  bool timed = false;  // also play each mapping out in the SystemC engine (serialized: one kernel per process)
  int jobs = 0;        // worker threads; 0 = all cores
};

// What a report needs besides the rows; shards carry it in their manifest for `sweep merge`.
struct SweepHeader {
  std::string name;
  std::string objective;
  std::vector<std::string> parameters;
};

struct SweepResult {
  SweepHeader header;
  std::vector<SweepRow> rows;  // in serial order once finished
};

SweepHeader header_of(const SweepSpec& spec);

// A task's row before it runs: its identity and provenance, so resume_key() of it equals the
// key of the finished row.
SweepRow row_header(const SweepSpec& spec, const SweepTask& task, const SweepSettings& settings);

using RowSink = std::function<void(const SweepRow&)>;
// Runs `tasks`, calling `sink` (if any) with each finished row; returns the rows in `tasks` order.
std::vector<SweepRow> run_sweep_tasks(const SweepSpec& spec, const std::vector<SweepTask>& tasks,
                                      const SweepSettings& settings, const RowSink& sink = {});

// Sorts rows into serial order and marks, per network, the best row under the objective
// (ties keep the earlier task) and the Pareto front over (energy, cycles, area): a row is on
// it when no other mappable row of its network is no worse in all three and better in one.
// Rows that did not map are neither.
void finish_sweep(SweepResult& result);

// The whole sweep in one call: every task, then finish_sweep.
SweepResult run_sweep(const SweepSpec& spec, const SweepSettings& settings = {});

}  // namespace eyrie
