#include "sim/timing/network_timing.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>

#include "memory/access_counts.h"
#include "sim/core/error.h"

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
    p.glb_shared_port = g.shared_port;
    if (g.banks > 0) p.glb_bank_words_per_cycle = g.bank_words_per_cycle() * n;
    p.noc_words_per_cycle = bounded(g.network.words_per_cycle * n);
  }
  p.dram_latency_cycles = arch.storage[outer].latency_cycles;
  return p;
}

namespace {
struct Range {
  std::int64_t lo = 0, hi = 0;
  std::int64_t size() const { return hi - lo; }
  bool operator==(const Range& o) const { return lo == o.lo && hi == o.hi; }
};
std::int64_t overlap(const Range& a, const Range& b) { return std::max<std::int64_t>(0, std::min(a.hi, b.hi) - std::max(a.lo, b.lo)); }
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }
int ix(Dim d) { return static_cast<int>(d); }

// What the array does in one tile: the mapping below the DRAM level over the tile's ranges.
// It depends only on the ranges' sizes (counts are translation invariant), so tiles of one
// size share it.
struct ArraySide {
  std::int64_t compute_cycles = 0, glb_reads = 0, glb_updates = 0, bypass_reads = 0, bypass_writes = 0;
  PerOperand<std::int64_t> noc{};
  bool psums_held = false;  // the psum tile in the PEs stays the same through the tile
  std::int64_t passes = 1, drains = 1, macs = 0;
};

// A layer's DRAM-level iteration sequence, generated tile by tile from the index.
class TileSequence {
 public:
  TileSequence(const LayerResult& layer, const LayerShape& shape, const ArchSpec& arch)
      : m_map(layer.mapping), m_shape(shape), m_rules(network_rules(arch)), m_outer(layer.mapping.count - 1) {
    if (m_outer < 1) throw Error(layer.name + ": the timed engine needs a global buffer level below DRAM");
    const LevelMapping& top = m_map.levels[m_outer];
    const LevelMapping& glb = m_map.levels[m_outer - 1];
    m_perm = top.permutation;
    m_glb_perm = glb.permutation;
    m_kept = glb.keep;
    m_groups = std::max<std::int64_t>(1, layer.counts.groups);
    m_per_group = 1;
    for (Dim d : kAllDims) {
      m_inner[ix(d)] = m_map.total(d) / top.temporal[ix(d)];
      // Iterations past a dimension's end do not exist: the sequence is the product of the
      // existing ones (mixed radix over them, no skipping).
      m_exist[ix(d)] = std::min(top.temporal[ix(d)], ceil_div(shape[d], m_inner[ix(d)]));
      m_per_group *= m_exist[ix(d)];
      m_glb_factor[ix(d)] = glb.temporal[ix(d)];
      m_below_glb[ix(d)] = m_inner[ix(d)] / glb.temporal[ix(d)];
    }
    m_timeloop = m_rules.mode == CountingMode::Timeloop;
    for (Dim d : m_perm)
      if (m_innermost < 0 && top.temporal[ix(d)] > 1) m_innermost = ix(d);
    m_fill_drain = psums_double_buffered(m_map, shape, arch) ? 0 : fill_drain_cycles(m_map);
    m_sub = m_map;
    m_sub.levels[m_outer].temporal = kOnes;
    for (int l = 0; l < m_outer - 1; ++l)
      for (Operand op : kOperands) m_below[op] = m_below[op] || m_map.levels[l].keep[op];
  }

  std::int64_t size() const { return m_per_group * m_groups; }

  TilePhase tile(std::int64_t k) const {
    const std::int64_t local = k % m_per_group;  // each group replays the same sequence
    const Ranges r = ranges_of(local);
    const bool has_prev = local > 0, has_next = local + 1 < m_per_group;
    Ranges prev, next;
    if (has_prev) prev = ranges_of(local - 1);
    if (has_next) next = ranges_of(local + 1);
    TilePhase t;
    // Weights: the whole tile when its M, C, R, S ranges change.
    if (m_kept[Operand::Weights] && (!has_prev || !same_for(Operand::Weights, prev, r)))
      t.glb_fill_words += r.size(Dim::M) * r.size(Dim::C) * r.size(Dim::R) * r.size(Dim::S);
    // Inputs: the window's rows x cols; the overlap with the previous tile's window stays.
    // Timeloop's counting keeps it only along the DRAM level's innermost loop (rule A), not
    // when a carry moved an outer loop.
    const bool slides = !m_timeloop || (m_innermost >= 0 && r.idx[m_innermost] > 0);
    if (m_kept[Operand::Inputs]) {
      std::int64_t words = r.size(Dim::N) * r.size(Dim::C) * r.rows.size() * r.cols.size();
      if (has_prev && slides && same(prev, r, {Dim::N, Dim::C}))
        words -= r.size(Dim::N) * r.size(Dim::C) * overlap(prev.rows, r.rows) * overlap(prev.cols, r.cols);
      t.glb_fill_words += words;
    }
    // Outputs: written back when the next tile moves to other outputs (the last writes its
    // own); read back as psums when a tile moves to outputs the sequence wrote before, which
    // is when some reduction index (C, R, S) of the DRAM loops is past its first value (the
    // same outputs with that index at 0 came earlier in the mixed radix, and only then).
    const std::int64_t out_words = r.size(Dim::N) * r.size(Dim::M) * r.size(Dim::P) * r.size(Dim::Q);
    const bool revisit = r.idx[ix(Dim::C)] > 0 || r.idx[ix(Dim::R)] > 0 || r.idx[ix(Dim::S)] > 0;
    if (m_kept[Operand::Outputs]) {
      if (!has_next || !same_for(Operand::Outputs, next, r)) t.dram_write_words += out_words;
      if (has_prev && !same_for(Operand::Outputs, prev, r) && revisit) t.glb_fill_words += out_words;
    }
    const ArraySide& a = array_side(r);
    t.dram_read_words = t.glb_fill_words + a.bypass_reads;
    t.dram_write_words += a.bypass_writes;
    t.glb_read_words = a.glb_reads;
    t.glb_write_words = a.glb_updates;
    t.noc_words = a.noc;
    // Across the tile boundary the PEs keep what the layer's counts keep: the boundary's own
    // traffic (crossing_of) is what the layer's count charges when the DRAM loop advances, less
    // what the two tiles' counts charge alone. Weights and inputs: the PE tiles of this tile's
    // first iteration that the previous tile's last one left in place are not read again.
    // Psums: the previous tile's last psums the PEs keep are not written out (charged to the
    // previous tile) nor read back (charged to this one).
    Crossing in, out;
    if (has_prev) in = crossing_of(prev, r);
    if (has_next) out = crossing_of(r, next);
    for (Operand op : {Operand::Weights, Operand::Inputs})
      if (m_kept[op] && in.applies[op]) {
        t.glb_read_words += in.reads[op];
        t.noc_words[op] += in.noc[op];
      }
    t.drains = a.drains;
    if (m_kept[Operand::Outputs]) {
      if (out.applies.outputs) {
        t.glb_write_words += out.updates;
        t.noc_words.outputs += out.updates;
      }
      if (in.applies.outputs) {
        t.glb_read_words += in.reads.outputs;
        t.noc_words.outputs += in.noc.outputs - in.updates;
      }
      if (a.psums_held && has_next && same_for(Operand::Outputs, r, next))
        t.drains -= 1;  // the next tile's first pass accumulates into the same psums: no drain between
      // A tile of outputs the sequence has visited before reads each psum once more than the
      // tile's own count (which starts them from zero): the buffer reads it for the first
      // update (the MACs update the buffer) or sends it back to the PEs that accumulate it
      // (a level below keeps outputs). The crossing's count has it already where the
      // advancing loop is over a reduction dimension (the previous tile's outputs are these).
      if (has_prev && revisit && !(in.applies.outputs && !is_relevant(Operand::Outputs, in.advancing))) {
        t.glb_read_words += out_words;
        if (m_below.outputs) t.noc_words.outputs += out_words;
      }
    }
    t.compute_cycles = a.compute_cycles;
    t.passes = a.passes;
    t.fill_drain_cycles = t.drains * m_fill_drain;
    t.macs = a.macs;
    return t;
  }

 private:
  struct Ranges {
    std::array<std::int64_t, kDims> idx{};
    std::array<Range, kDims> r;
    Range rows, cols;
    std::int64_t size(Dim d) const { return r[ix(d)].size(); }
  };
  static bool same(const Ranges& a, const Ranges& b, std::initializer_list<Dim> dims) {
    for (Dim d : dims)
      if (!(a.r[ix(d)] == b.r[ix(d)])) return false;
    return true;
  }

  static bool same_for(Operand op, const Ranges& a, const Ranges& b) {
    if (op == Operand::Inputs) return same(a, b, {Dim::N, Dim::C}) && a.rows == b.rows && a.cols == b.cols;
    if (op == Operand::Weights) return same(a, b, {Dim::M, Dim::C, Dim::R, Dim::S});
    return same(a, b, {Dim::N, Dim::M, Dim::P, Dim::Q});
  }

  void window(Ranges& t) const {
    const Range &P = t.r[ix(Dim::P)], &Q = t.r[ix(Dim::Q)], &R = t.r[ix(Dim::R)], &S = t.r[ix(Dim::S)];
    t.rows = Range{P.lo * m_shape.stride_h + R.lo * m_shape.dilation_h,
                   (P.hi - 1) * m_shape.stride_h + (R.hi - 1) * m_shape.dilation_h + 1};
    t.cols = Range{Q.lo * m_shape.stride_w + S.lo * m_shape.dilation_w,
                   (Q.hi - 1) * m_shape.stride_w + (S.hi - 1) * m_shape.dilation_w + 1};
  }

  Ranges ranges_of(std::int64_t local) const {
    Ranges t;
    // Mixed radix over the DRAM level's permutation, innermost first.
    for (Dim d : m_perm) {
      t.idx[ix(d)] = local % m_exist[ix(d)];
      local /= m_exist[ix(d)];
    }
    for (Dim d : kAllDims) {
      const std::int64_t lo = t.idx[ix(d)] * m_inner[ix(d)];
      t.r[ix(d)] = Range{lo, std::min(lo + m_inner[ix(d)], m_shape[d])};
    }
    window(t);
    return t;
  }

  const ArraySide& array_side(const Ranges& t) const {
    Factors sizes;
    for (Dim d : kAllDims) sizes[ix(d)] = t.size(d);
    auto found = m_cache.find(sizes);
    if (found != m_cache.end()) return found->second;
    const AccessCounts c = count_of(m_sub, sizes);
    ArraySide a;
    a.compute_cycles = c.compute_cycles;
    a.macs = c.macs;
    const int glb = m_outer - 1;
    for (Operand op : kOperands) {
      a.noc[op] = c.network_level_words[glb][op];
      if (m_kept[op]) {
        a.glb_reads += c.levels[glb][op].reads;
        a.glb_updates += c.levels[glb][op].updates;
      } else {
        a.bypass_reads += c.levels[m_outer][op].reads + c.levels[m_outer][op].fills;
        a.bypass_writes += c.levels[m_outer][op].updates;
      }
    }
    // Passes: the buffer level's temporal iterations that exist in this tile. The array
    // drains when the next pass works on other outputs: every iteration of the innermost
    // output loop (N, M, P, Q) that moves, counting the loops outside it.
    std::array<std::int64_t, kDims> exist{};
    a.passes = 1;
    for (Dim d : kAllDims) {
      exist[ix(d)] = std::min(m_glb_factor[ix(d)], ceil_div(sizes[ix(d)], m_below_glb[ix(d)]));
      a.passes *= exist[ix(d)];
    }
    a.drains = 1;
    bool outside = false;
    for (Dim d : m_glb_perm) {
      if (!outside && exist[ix(d)] > 1 && is_relevant(Operand::Outputs, d)) outside = true;
      if (outside) a.drains *= exist[ix(d)];
    }
    a.psums_held = held(Operand::Outputs, sizes);
    return m_cache.emplace(sizes, a).first->second;
  }

  // The traffic of the boundary between two consecutive tiles of the sequence, per operand:
  // the counts of the two-tile problem (the later tile and the one before it along the
  // advancing DRAM loop, that loop with two iterations) less the two tiles' own counts. That
  // is the layer count's event for the advancing loop, by count_accesses's own rules. It
  // applies to an operand where the loops the carry wrapped (inner DRAM loops back to their
  // first value) are over dimensions the operand ignores: then the previous tile holds the
  // same words of the operand as the tile before along the advancing loop. Where they are
  // not, the operand's PE tiles move to another DRAM block and nothing is kept.
  struct Crossing {
    PerOperand<bool> applies{};
    PerOperand<std::int64_t> reads{}, noc{};
    std::int64_t updates = 0;
    Dim advancing = Dim::N;
  };
  Crossing crossing_of(const Ranges& prev, const Ranges& r) const {
    Crossing x;
    int j = -1;
    for (Dim d : m_perm)  // innermost first: the wrapped digits, then the one that advances
      if (r.idx[ix(d)] > prev.idx[ix(d)]) {
        j = ix(d);
        break;
      }
    if (j < 0) return x;  // the first tile of a group
    x.advancing = static_cast<Dim>(j);
    for (Operand op : kOperands) {
      x.applies[op] = true;
      for (Dim d : kAllDims)
        if (ix(d) != j && r.idx[ix(d)] != prev.idx[ix(d)] && is_relevant(op, d)) x.applies[op] = false;
    }
    Factors sizes;
    for (Dim d : kAllDims) sizes[ix(d)] = r.size(d);
    Factors before = sizes;
    before[j] = m_inner[j];
    const std::pair<Factors, int> key{sizes, j};
    auto found = m_crossings.find(key);
    if (found == m_crossings.end()) {
      Factors both = sizes;
      both[j] += m_inner[j];
      Mapping two = m_sub;
      two.levels[m_outer].temporal[j] = 2;
      const AccessCounts c2 = count_of(two, both), c0 = count_of(m_sub, before), c1 = count_of(m_sub, sizes);
      Crossing d;
      const int glb = m_outer - 1;
      for (Operand op : kOperands) {
        d.reads[op] = c2.levels[glb][op].reads - c0.levels[glb][op].reads - c1.levels[glb][op].reads;
        d.noc[op] = c2.network_level_words[glb][op] - c0.network_level_words[glb][op] - c1.network_level_words[glb][op];
      }
      d.updates = c2.levels[glb].outputs.updates - c0.levels[glb].outputs.updates - c1.levels[glb].outputs.updates;
      found = m_crossings.emplace(key, d).first;
    }
    x.reads = found->second.reads;
    x.noc = found->second.noc;
    x.updates = found->second.updates;
    return x;
  }

  AccessCounts count_of(const Mapping& m, const Factors& sizes) const {
    LayerShape sub_shape = m_shape;
    sub_shape.dims = sizes;
    sub_shape.groups = 1;
    return count_accesses(m, sub_shape, m_rules);
  }

  // Whether the operand's tile at its outermost keeper below the buffer is one tile through a
  // DRAM tile of these sizes: every temporal loop above that keeper (up to the buffer) over a
  // dimension the operand depends on has a single existing iteration (its factor is 1, or the
  // tile's size fits below it).
  bool held(Operand op, const Factors& sizes) const {
    int keeper = -1;
    for (int l = m_outer - 2; l >= 0 && keeper < 0; --l)
      if (m_map.levels[l].keep[op]) keeper = l;
    if (keeper < 0) return false;  // the MACs take it from the buffer: nothing held in the PEs
    for (Dim d : kAllDims) {
      if (!is_relevant(op, d)) continue;
      std::int64_t below = 1;  // the factors of d below level L's temporal loop
      for (int l = 0; l < m_outer; ++l) {
        const LevelMapping& lv = m_map.levels[l];
        below *= lv.spatial_x[ix(d)] * lv.spatial_y[ix(d)];
        if (l > keeper && lv.temporal[ix(d)] > 1 && sizes[ix(d)] > below) return false;
        below *= lv.temporal[ix(d)];
      }
    }
    return true;
  }

  Mapping m_map, m_sub;
  LayerShape m_shape;
  NetworkRules m_rules;
  int m_outer;
  std::array<Dim, kDims> m_perm{}, m_glb_perm{};
  PerOperand<bool> m_kept{};
  bool m_timeloop = false;
  int m_innermost = -1;  // the DRAM level's innermost loop (factor > 1)
  PerOperand<bool> m_below{};  // a level below the buffer (in the PEs) keeps the operand
  std::int64_t m_groups = 1, m_per_group = 1, m_fill_drain = 0;
  Factors m_inner{}, m_exist{}, m_glb_factor{}, m_below_glb{};
  mutable std::map<Factors, ArraySide> m_cache;
  mutable std::map<std::pair<Factors, int>, Crossing> m_crossings;
};
}  // namespace

bool psums_double_buffered(const Mapping& m, const LayerShape& shape, const ArchSpec& arch) {
  // The PE level that holds psums: the outermost level below the global buffer keeping outputs.
  for (int l = m.count - 3; l >= 0; --l) {
    if (!m.levels[l].keep[Operand::Outputs]) continue;
    const StorageLevelSpec& lv = arch.storage[l];
    if (lv.buffering >= 2) return true;
    const PerOperand<std::int64_t> tiles = tile_words(m, shape, l);
    std::int64_t capacity = lv.capacity_words.outputs, used = tiles.outputs;
    if (lv.shared) {
      capacity = lv.capacity_words.weights;  // a shared level's capacity, all operands together
      used = 0;
      for (Operand op : kOperands)
        if (m.levels[l].keep[op]) used += tiles[op];
    }
    return capacity < 0 || capacity - used >= tiles.outputs;
  }
  return false;
}

std::int64_t fill_drain_cycles(const Mapping& m) {
  // Psums accumulate down the array's columns one PE per cycle: the reduction (C, R, S)
  // factors of the Y fan-out below the level that feeds the array (the global buffer).
  const LevelMapping& feeder = m.levels[std::max(0, m.count - 2)];
  const std::int64_t chain = feeder.spatial_y[ix(Dim::C)] * feeder.spatial_y[ix(Dim::R)] * feeder.spatial_y[ix(Dim::S)];
  return kPePipelineStages + chain - 1;
}

LayerSchedule schedule_of(const LayerResult& layer, const LayerShape& shape, const ArchSpec& arch) {
  auto seq = std::make_shared<const TileSequence>(layer, shape, arch);
  LayerSchedule s;
  s.name = layer.name;
  s.count = seq->size();
  s.generate = [seq](std::int64_t i) { return seq->tile(i); };
  return s;
}

void time_network(NetworkResult& result, const ArchSpec& arch, const Network& net, const std::string& vcd_path) {
  std::vector<const ConvLayer*> mapped;  // run_network skips the layers without MACs
  for (const ConvLayer& c : net.layers)
    if (c.has_macs()) mapped.push_back(&c);
  std::vector<LayerSchedule> schedules;
  for (std::size_t i = 0; i < result.layers.size(); ++i) {
    const LayerResult& l = result.layers[i];
    if (i >= mapped.size() || mapped[i]->name != l.name)
      throw Error("timed engine: result layer \"" + l.name + "\" is not layer " + std::to_string(i) +
                  " with MACs of network \"" + net.name + "\"");
    schedules.push_back(schedule_of(l, shape_of(*mapped[i]), arch));
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
    t.tiles = schedules[i].size();
    result.layers[i].timed = t;
  }
  TimedFigures total;
  total.cycles = run.cycles;
  total.stall_cycles = run.stall_cycles;
  for (const auto& s : schedules) total.tiles += s.size();
  result.total.timed = total;
}

}  // namespace eyrie
