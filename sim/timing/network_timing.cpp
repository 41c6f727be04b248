#include "sim/timing/network_timing.h"

#include <algorithm>

#include "sim/timing/sc_engine.h"

namespace eyrie {

// The timed model plays two levels: the outermost (its "DRAM") and the one inside it.
TimingParams timing_params(const ArchSpec& arch) {
  TimingParams p;
  const int outer = arch.levels() - 1;
  // An unbounded level (no bandwidth given) never stalls.
  auto bounded = [](double w) { return w > 0 ? w : 1e18; };
  p.dram_words_per_cycle = bounded(arch.storage[outer].effective_read_words_per_cycle());
  if (outer >= 1) {
    const StorageLevelSpec& g = arch.storage[outer - 1];
    const double n = static_cast<double>(arch.instances(outer - 1));
    p.glb_read_words_per_cycle = bounded(g.effective_read_words_per_cycle() * n);
    p.glb_write_words_per_cycle = bounded(g.effective_write_words_per_cycle() * n);
    p.double_buffered = g.buffering > 1;
  }
  return p;
}

LayerSchedule schedule_of(const LayerResult& layer) {
  const int outer = layer.mapping.count - 1;
  std::int64_t tiles = std::max<std::int64_t>(1, product(layer.mapping.levels[outer].temporal));
  // Groups are an outer loop around the mapped nest (one group's loops); the counts cover all.
  std::int64_t macs_per_group = 1;
  for (Dim d : kAllDims) macs_per_group *= layer.mapping.total(d);
  tiles *= std::max<std::int64_t>(1, layer.macs / std::max<std::int64_t>(1, macs_per_group));
  tiles = std::min(tiles, kMaxTilesPerLayer);
  TilePhase totals;
  for (Operand op : kOperands) {
    const OperandAccesses& d = layer.counts.at(outer)[op];
    totals.dram_read_words += d.reads + d.fills;
    totals.dram_write_words += d.updates;
  }
  // The array side as the analytical engine bounds it: compute, NoC and buffer ports overlap.
  totals.compute_cycles = std::max({layer.perf.compute_cycles, layer.perf.noc_cycles, layer.perf.glb_cycles});
  totals.macs = layer.macs;
  return uniform_schedule(layer.name, totals, tiles);
}

void time_network(NetworkResult& result, const ArchSpec& arch, const std::string& vcd_path) {
  std::vector<LayerSchedule> schedules;
  for (const LayerResult& l : result.layers) schedules.push_back(schedule_of(l));
  const TimedRun run = simulate_timed(schedules, timing_params(arch), vcd_path);
  for (std::size_t i = 0; i < result.layers.size(); ++i) {
    TimedFigures t;
    t.cycles = run.layers[i].cycles;
    t.stall_cycles = run.layers[i].cycles - run.layers[i].array_busy_cycles;
    t.tiles = static_cast<std::int64_t>(schedules[i].tiles.size());
    result.layers[i].timed = t;
  }
  TimedFigures total;
  total.cycles = run.cycles;
  total.stall_cycles = run.stall_cycles;
  for (const auto& s : schedules) total.tiles += static_cast<std::int64_t>(s.tiles.size());
  result.total.timed = total;
}

}  // namespace eyrie
