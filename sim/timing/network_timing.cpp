#include "sim/timing/network_timing.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

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
    p.noc_words_per_cycle = bounded(g.network.words_per_cycle * n);
  }
  return p;
}

namespace {
// The analytic bound's array side split evenly: the fallback when no layer shape is at hand.
TilePhase layer_totals(const LayerResult& layer) {
  const int outer = layer.mapping.count - 1;
  TilePhase totals;
  for (Operand op : kOperands) {
    const OperandAccesses& d = layer.counts.at(outer)[op];
    totals.dram_read_words += d.reads + d.fills;
    totals.dram_write_words += d.updates;
  }
  totals.compute_cycles = std::max({layer.perf.compute_cycles, layer.perf.noc_cycles, layer.perf.glb_cycles});
  totals.macs = layer.macs;
  return totals;
}

struct Range {
  std::int64_t lo = 0, hi = 0;
  std::int64_t size() const { return hi - lo; }
  bool operator==(const Range& o) const { return lo == o.lo && hi == o.hi; }
};
std::int64_t overlap(const Range& a, const Range& b) { return std::max<std::int64_t>(0, std::min(a.hi, b.hi) - std::max(a.lo, b.lo)); }
}  // namespace

LayerSchedule schedule_of(const LayerResult& layer) {
  const int outer = layer.mapping.count - 1;
  std::int64_t tiles = std::max<std::int64_t>(1, product(layer.mapping.levels[outer].temporal));
  // Groups are an outer loop around the mapped nest (one group's loops); the counts cover all.
  tiles *= std::max<std::int64_t>(1, layer.counts.groups);
  tiles = std::min(tiles, kMaxTilesPerLayer);
  return uniform_schedule(layer.name, layer_totals(layer), tiles);
}

std::int64_t fill_drain_cycles(const Mapping& m) {
  // Psums accumulate down the array's columns one PE per cycle: the Y fan-out below the level
  // that feeds the array (the global buffer).
  const int feeder = std::max(0, m.count - 2);
  return kPePipelineStages + std::max<std::int64_t>(1, product(m.levels[feeder].spatial_y)) - 1;
}

LayerSchedule schedule_of(const LayerResult& layer, const LayerShape& shape, const ArchSpec& arch) {
  const Mapping& m = layer.mapping;
  const int outer = m.count - 1;
  const LevelMapping& top = m.levels[outer];
  const std::int64_t groups = std::max<std::int64_t>(1, layer.counts.groups);
  const std::int64_t iterations = product(top.temporal);
  if (outer < 1 || iterations * groups > kMaxTilesPerLayer) return schedule_of(layer);
  auto ix = [](Dim d) { return static_cast<int>(d); };
  Factors inner{};
  for (Dim d : kAllDims) inner[ix(d)] = m.total(d) / top.temporal[ix(d)];
  const PerOperand<bool>& kept = m.levels[outer - 1].keep;

  struct Tile {
    TilePhase phase;
    std::array<Range, kDims> r;
    Range rows, cols;
  };
  std::vector<Tile> seq;
  std::array<std::int64_t, kDims> idx{};
  std::set<std::array<std::int64_t, 4>> outputs_seen;
  for (std::int64_t it = 0; it < iterations; ++it) {
    // Mixed radix over the DRAM level's permutation, innermost first.
    if (it > 0)
      for (Dim d : top.permutation) {
        if (++idx[ix(d)] < top.temporal[ix(d)]) break;
        idx[ix(d)] = 0;
      }
    Tile t;
    bool exists = true;
    for (Dim d : kAllDims) {
      const std::int64_t lo = idx[ix(d)] * inner[ix(d)];
      t.r[ix(d)] = Range{lo, std::min(lo + inner[ix(d)], shape[d])};
      if (lo >= shape[d]) exists = false;  // past the end of an imperfect factor
    }
    if (!exists) continue;
    const auto& r = t.r;
    const Range &N = r[ix(Dim::N)], &M = r[ix(Dim::M)], &C = r[ix(Dim::C)], &P = r[ix(Dim::P)], &Q = r[ix(Dim::Q)],
                &R = r[ix(Dim::R)], &S = r[ix(Dim::S)];
    t.rows = Range{P.lo * shape.stride_h + R.lo * shape.dilation_h, (P.hi - 1) * shape.stride_h + (R.hi - 1) * shape.dilation_h + 1};
    t.cols = Range{Q.lo * shape.stride_w + S.lo * shape.dilation_w, (Q.hi - 1) * shape.stride_w + (S.hi - 1) * shape.dilation_w + 1};
    const Tile* prev = seq.empty() ? nullptr : &seq.back();
    // Weights: the whole tile when its M, C, R, S ranges change.
    if (kept[Operand::Weights] &&
        (!prev || !(prev->r[ix(Dim::M)] == M && prev->r[ix(Dim::C)] == C && prev->r[ix(Dim::R)] == R && prev->r[ix(Dim::S)] == S)))
      t.phase.dram_read_words += M.size() * C.size() * R.size() * S.size();
    // Inputs: the window's rows x cols; the overlap with the previous tile's window stays.
    if (kept[Operand::Inputs]) {
      std::int64_t words = N.size() * C.size() * t.rows.size() * t.cols.size();
      if (prev && prev->r[ix(Dim::N)] == N && prev->r[ix(Dim::C)] == C)
        words -= N.size() * C.size() * overlap(prev->rows, t.rows) * overlap(prev->cols, t.cols);
      t.phase.dram_read_words += words;
    }
    // Outputs: written back when the next tile moves to other outputs; read back as psums when
    // a tile returns to outputs it wrote before.
    if (kept[Operand::Outputs]) {
      const std::int64_t out = N.size() * M.size() * P.size() * Q.size();
      const bool same = prev && prev->r[ix(Dim::N)] == N && prev->r[ix(Dim::M)] == M && prev->r[ix(Dim::P)] == P &&
                        prev->r[ix(Dim::Q)] == Q;
      if (!same) {
        if (prev) seq.back().phase.dram_write_words += prev->r[ix(Dim::N)].size() * prev->r[ix(Dim::M)].size() *
                                                       prev->r[ix(Dim::P)].size() * prev->r[ix(Dim::Q)].size();
        if (!outputs_seen.insert({N.lo, M.lo, P.lo, Q.lo}).second) t.phase.dram_read_words += out;
      }
    }
    t.phase.macs = N.size() * M.size() * C.size() * P.size() * Q.size() * R.size() * S.size();
    seq.push_back(t);
  }
  if (seq.empty()) return schedule_of(layer);
  if (kept[Operand::Outputs]) {
    const auto& r = seq.back().r;
    seq.back().phase.dram_write_words += r[ix(Dim::N)].size() * r[ix(Dim::M)].size() * r[ix(Dim::P)].size() * r[ix(Dim::Q)].size();
  }
  // Operands the buffer does not keep stream from DRAM inside the tiles: their counted
  // traffic is spread over the tiles by MACs, as is the array side.
  std::int64_t bypass_reads = 0, bypass_writes = 0;
  for (Operand op : kOperands)
    if (!kept[op]) {
      bypass_reads += layer.counts.at(outer)[op].reads + layer.counts.at(outer)[op].fills;
      bypass_writes += layer.counts.at(outer)[op].updates;
    }
  // The array side of a tile in proportion to its MACs (cumulative rounding keeps the totals):
  // the layer's compute cycles, the words on the buffer->array network, the buffer's port
  // traffic. The SystemC array then takes the slowest of these plus the pipeline fill/drain.
  std::int64_t noc = 0;
  for (Operand op : kOperands) noc += layer.counts.network_level_words[outer - 1][op];
  std::int64_t glb_reads = 0, glb_writes = 0;
  for (Operand op : kOperands) {
    glb_reads += layer.counts.at(outer - 1)[op].reads;
    glb_writes += layer.counts.at(outer - 1)[op].fills + layer.counts.at(outer - 1)[op].updates;
  }
  const std::int64_t macs_one_group = std::max<std::int64_t>(1, layer.macs / groups);
  const std::int64_t fd = fill_drain_cycles(m);
  (void)arch;
  LayerSchedule s;
  s.name = layer.name;
  std::int64_t cum = 0;
  const std::int64_t total_macs = macs_one_group * groups;
  auto part = [&](std::int64_t total, std::int64_t before, std::int64_t after) {
    const double f = static_cast<double>(total) / static_cast<double>(total_macs);
    return static_cast<std::int64_t>(std::llround(f * static_cast<double>(after))) -
           static_cast<std::int64_t>(std::llround(f * static_cast<double>(before)));
  };
  for (std::int64_t g = 0; g < groups; ++g)
    for (const Tile& t : seq) {
      TilePhase p = t.phase;
      const std::int64_t before = cum, after = cum + p.macs;
      cum = after;
      p.compute_cycles = part(layer.counts.compute_cycles, before, after);
      p.noc_words = part(noc, before, after);
      p.glb_read_words = part(glb_reads, before, after);
      p.glb_write_words = part(glb_writes, before, after);
      p.dram_read_words += part(bypass_reads, before, after);
      p.dram_write_words += part(bypass_writes, before, after);
      p.fill_drain_cycles = fd;
      s.tiles.push_back(p);
    }
  return s;
}

void time_network(NetworkResult& result, const ArchSpec& arch, const std::string& vcd_path) {
  std::vector<LayerSchedule> schedules;
  for (const LayerResult& l : result.layers) schedules.push_back(schedule_of(l));
  play(result, arch, schedules, vcd_path);
}

void time_network(NetworkResult& result, const ArchSpec& arch, const Network& net, const std::string& vcd_path) {
  std::vector<const ConvLayer*> mapped;  // run_network skips the layers without MACs
  for (const ConvLayer& c : net.layers)
    if (c.has_macs()) mapped.push_back(&c);
  std::vector<LayerSchedule> schedules;
  for (std::size_t i = 0; i < result.layers.size(); ++i) {
    const LayerResult& l = result.layers[i];
    const bool matches = i < mapped.size() && mapped[i]->name == l.name;
    schedules.push_back(matches ? schedule_of(l, shape_of(*mapped[i]), arch) : schedule_of(l));
  }
  play(result, arch, schedules, vcd_path);
}

void play(NetworkResult& result, const ArchSpec& arch, const std::vector<LayerSchedule>& schedules,
          const std::string& vcd_path) {
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
