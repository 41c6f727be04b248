#pragma once
// The units of work of a sweep: one (point, network, dataflow) each, numbered in the order a
// serial run visits them (point-major, then network, then dataflow). That number orders every
// report, so a parallel, resumed or sharded-and-merged sweep prints the same rows in the same
// order as a serial one.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/sweep/sweep_spec.h"

namespace eyrie {

struct SweepTask {
  std::size_t index = 0;    // position in the serial order
  std::size_t point = 0;    // into SweepSpec::points
  std::size_t network = 0;  // into SweepSpec::networks
  std::string dataflow;
};

// One machine's slice of a sweep: `--shard I/N` takes the tasks whose index is I-1 modulo N.
// Round-robin rather than contiguous, so that every slice gets a mix of cheap and costly
// points (neighbouring points of a grid cost alike).
struct Shard {
  std::size_t index = 1;  // 1-based
  std::size_t count = 1;
  bool holds(std::size_t task) const { return task % count == index - 1; }
  std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Parses "I/N" with 1 <= I <= N; throws eyrie::Error naming --shard.
Shard parse_shard(const std::string& text);

// Every task of the sweep in serial order (all shards).
std::vector<SweepTask> sweep_tasks(const SweepSpec& spec);

}  // namespace eyrie
