#include "sim/timing/tile_schedule.h"

#include <algorithm>
#include <cmath>

namespace eyrie {

namespace {
std::int64_t cycles_for(double words, double words_per_cycle) {
  return words <= 0 ? 0 : static_cast<std::int64_t>(std::ceil(words / words_per_cycle - 1e-9));
}
}  // namespace

std::int64_t array_cycles(const TilePhase& tile, const TimingParams& params) {
  return std::max({tile.compute_cycles,
                   cycles_for(static_cast<double>(tile.glb_read_words), params.glb_read_words_per_cycle),
                   cycles_for(static_cast<double>(tile.glb_write_words), params.glb_write_words_per_cycle),
                   cycles_for(static_cast<double>(tile.noc_words), params.noc_words_per_cycle)}) +
         tile.fill_drain_cycles + params.array_fill_drain_cycles;
}

LayerSchedule uniform_schedule(const std::string& name, const TilePhase& totals, std::int64_t tiles) {
  LayerSchedule s;
  s.name = name;
  if (tiles < 1) tiles = 1;
  auto share = [&](std::int64_t total, std::int64_t i) { return total / tiles + (i < total % tiles ? 1 : 0); };
  for (std::int64_t i = 0; i < tiles; ++i) {
    TilePhase t;
    t.dram_read_words = share(totals.dram_read_words, i);
    t.dram_write_words = share(totals.dram_write_words, i);
    t.glb_read_words = share(totals.glb_read_words, i);
    t.glb_write_words = share(totals.glb_write_words, i);
    t.compute_cycles = share(totals.compute_cycles, i);
    t.noc_words = share(totals.noc_words, i);
    t.fill_drain_cycles = totals.fill_drain_cycles;
    t.macs = share(totals.macs, i);
    s.tiles.push_back(t);
  }
  return s;
}

std::int64_t analytic_cycles(const LayerSchedule& layer, const TimingParams& params) {
  std::int64_t array = 0;
  double dram_words = 0;
  for (const TilePhase& t : layer.tiles) {
    array += array_cycles(t, params) - t.fill_drain_cycles - params.array_fill_drain_cycles;
    dram_words += static_cast<double>(t.dram_read_words + t.dram_write_words);
  }
  return std::max(array, cycles_for(dram_words, params.dram_words_per_cycle));
}

}  // namespace eyrie
