#include "sim/timing/tile_schedule.h"

#include <algorithm>
#include <cmath>

namespace eyrie {

namespace {
std::int64_t cycles_for(double words, double words_per_cycle) {
  return words <= 0 ? 0 : static_cast<std::int64_t>(std::ceil(words / words_per_cycle - 1e-9));
}
std::int64_t noc_total(const TilePhase& t) { return t.noc_words.weights + t.noc_words.inputs + t.noc_words.outputs; }

// The port side of a tile: reads and writes (with `fills` the words DRAM writes into the buffer).
// The banks serve reads and writes together (the analytic engine's pooled bank term).
std::int64_t port_cycles(const TilePhase& t, std::int64_t fills, const TimingParams& p) {
  const double all = static_cast<double>(t.glb_read_words + t.glb_write_words + fills);
  const std::int64_t banks = p.glb_bank_words_per_cycle > 0 ? cycles_for(all, p.glb_bank_words_per_cycle) : 0;
  if (p.glb_shared_port) return std::max(banks, cycles_for(all, p.glb_read_words_per_cycle));
  return std::max({banks, cycles_for(static_cast<double>(t.glb_read_words), p.glb_read_words_per_cycle),
                   cycles_for(static_cast<double>(t.glb_write_words + fills), p.glb_write_words_per_cycle)});
}
}  // namespace

std::int64_t array_cycles(const TilePhase& tile, const TimingParams& params) {
  return std::max({tile.compute_cycles + tile.fill_drain_cycles, port_cycles(tile, 0, params),
                   cycles_for(static_cast<double>(noc_total(tile)), params.noc_words_per_cycle)});
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
    t.glb_fill_words = share(totals.glb_fill_words, i);
    t.glb_read_words = share(totals.glb_read_words, i);
    t.glb_write_words = share(totals.glb_write_words, i);
    t.compute_cycles = share(totals.compute_cycles, i);
    for (Operand op : kOperands) t.noc_words[op] = share(totals.noc_words[op], i);
    t.fill_drain_cycles = totals.fill_drain_cycles;
    t.macs = share(totals.macs, i);
    s.tiles.push_back(t);
  }
  return s;
}

std::int64_t analytic_cycles(const LayerSchedule& layer, const TimingParams& params) {
  std::int64_t array = 0;
  double dram_words = 0;
  for (std::int64_t i = 0; i < layer.size(); ++i) {
    const TilePhase t = layer.tile(i);
    array += std::max({t.compute_cycles, port_cycles(t, t.glb_fill_words, params),
                       cycles_for(static_cast<double>(noc_total(t)), params.noc_words_per_cycle)});
    dram_words += static_cast<double>(t.dram_read_words + t.dram_write_words);
  }
  return std::max(array, cycles_for(dram_words, params.dram_words_per_cycle));
}

}  // namespace eyrie
