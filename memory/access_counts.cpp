#include "memory/access_counts.h"

#include <algorithm>
#include <cstdlib>

namespace eyrie {

namespace {

struct Loop {  // plain: the nest's array is not zeroed on every evaluation
  int dim;
  std::int64_t bound;
  bool spatial;
  std::int64_t step;  // how far one iteration moves the dim's index
};

// The mapping's loop nest flattened outermost first, loops of bound 1 dropped (they neither
// move a tile nor change a step).
struct Nest {
  std::array<Loop, 4 * kDims> loops;  // only [0, size) is set
  int size = 0;
  int glb_start = 0;      // first GLB temporal loop
  int spatial_start = 0;  // first spatial loop
  int rf_start = 0;       // first RF temporal loop

  void push(int dim, std::int64_t bound, bool spatial) {
    if (bound > 1) loops[size++] = Loop{dim, bound, spatial, 1};
  }
};

Nest flatten(const Mapping& m) {
  Nest n;
  auto temporal = [&](MapLevel l) {
    const auto& lv = m.at(l);
    for (int i = kDims - 1; i >= 0; --i) {
      const int d = static_cast<int>(lv.permutation[i]);
      n.push(d, lv.temporal[d], false);
    }
  };
  temporal(MapLevel::Dram);
  n.glb_start = n.size;
  temporal(MapLevel::GlobalBuffer);
  n.spatial_start = n.size;
  for (int d = 0; d < kDims; ++d) n.push(d, m.spatial_y[d], true);
  for (int d = 0; d < kDims; ++d) n.push(d, m.spatial_x[d], true);
  n.rf_start = n.size;
  temporal(MapLevel::RegisterFile);
  Factors running = kOnes;  // product of the bounds inside, per dim
  for (int i = n.size - 1; i >= 0; --i) {
    n.loops[i].step = running[n.loops[i].dim];
    running[n.loops[i].dim] *= n.loops[i].bound;
  }
  return n;
}

constexpr int N_ = 0, M_ = 1, C_ = 2, P_ = 3, Q_ = 4, R_ = 5, S_ = 6;

// An operand's data-space box: 4 extents (weights M,C,R,S; inputs N,C,H,W; outputs N,M,P,Q).
struct Box {
  std::array<std::int64_t, 4> ext{};
  std::int64_t size() const { return ext[0] * ext[1] * ext[2] * ext[3]; }
};

Box project(Operand op, const Factors& e, const LayerShape& s) {
  switch (op) {
    case Operand::Weights: return Box{{e[M_], e[C_], e[R_], e[S_]}};
    case Operand::Outputs: return Box{{e[N_], e[M_], e[P_], e[Q_]}};
    case Operand::Inputs:
      return Box{{e[N_], e[C_], s.stride_h * (e[P_] - 1) + s.dilation_h * (e[R_] - 1) + 1,
                  s.stride_w * (e[Q_] - 1) + s.dilation_w * (e[S_] - 1) + 1}};
  }
  return {};
}

// A shift of the problem indices, projected onto the operand's data space (linear).
std::array<std::int64_t, 4> project_shift(Operand op, const Factors& d, const LayerShape& s) {
  switch (op) {
    case Operand::Weights: return {d[M_], d[C_], d[R_], d[S_]};
    case Operand::Outputs: return {d[N_], d[M_], d[P_], d[Q_]};
    case Operand::Inputs:
      return {d[N_], d[C_], s.stride_h * d[P_] + s.dilation_h * d[R_], s.stride_w * d[Q_] + s.dilation_w * d[S_]};
  }
  return {};
}

// The sequence of tiles an operand goes through at one boundary of the nest: the tile is
// what the loops in [lo, end) touch; the temporal loops in [0, lo) move it. Spatial loops
// outside the boundary do not move it in time (they pick the instance).
struct TileSequence {
  std::int64_t tile = 0;    // words per tile
  std::int64_t fills = 0;   // words brought in: the first tile plus each change's new words
  std::int64_t visits = 0;  // 1 + number of iterations at which the tile changed
};

// Two boundaries whose outer temporal loops are the same (the per-PE RF tile and the union of
// all PEs' tiles: only spatial loops lie between them) share events and shifts: one pass.
void sequences(const Nest& n, int lo, int lo2, Operand op, const LayerShape& s, TileSequence* out, TileSequence* out2) {
  Factors ext = kOnes;
  for (int i = lo; i < n.size; ++i) ext[n.loops[i].dim] *= n.loops[i].bound;
  const Box box = project(op, ext, s);
  for (int i = lo2; i < lo; ++i) ext[n.loops[i].dim] *= n.loops[i].bound;
  const Box box2 = project(op, ext, s);
  TileSequence& t = *out;
  TileSequence& t2 = *out2;
  t.tile = t.fills = box.size();
  t2.tile = t2.fills = box2.size();
  t.visits = t2.visits = 1;
  std::int64_t outer = 1;  // iterations of the temporal loops outside loop j
  for (int j = 0; j < lo2; ++j)
    if (!n.loops[j].spatial) outer *= n.loops[j].bound;
  // Walk inside out; `wrap` accumulates how far the temporal loops inside j (and outside the
  // tile) move back when they wrap from their last value to 0.
  Factors wrap{};
  for (int j = lo2 - 1; j >= 0; --j) {
    const Loop& lj = n.loops[j];
    if (lj.spatial) continue;
    outer /= lj.bound;
    // Loop j advances by one and every temporal loop inside it wraps. The shift is the same
    // for every such event: indices are linear in the loop counters.
    Factors delta = wrap;
    delta[lj.dim] += lj.step;
    const auto shift = project_shift(op, delta, s);
    std::int64_t overlap = 1, overlap2 = 1;
    for (int k = 0; k < 4; ++k) {
      const std::int64_t a = std::llabs(shift[k]);
      const std::int64_t o = box.ext[k] - a, o2 = box2.ext[k] - a;
      overlap *= o > 0 ? o : 0;
      overlap2 *= o2 > 0 ? o2 : 0;
    }
    const std::int64_t events = outer * (lj.bound - 1);
    const std::int64_t new_words = t.tile - overlap, new_words2 = t2.tile - overlap2;
    t.fills += events * new_words;
    t2.fills += events * new_words2;
    if (new_words > 0) t.visits += events;
    if (new_words2 > 0) t2.visits += events;
    wrap[lj.dim] -= (lj.bound - 1) * lj.step;
  }
}

TileSequence sequence(const Nest& n, int lo, Operand op, const LayerShape& s) {
  TileSequence t, unused;
  sequences(n, lo, lo, op, s, &t, &unused);
  return t;
}

// Distinct values of i*a + j*b for i < ni, j < nj (a, b > 0): the input rows that PEs spread
// over P (step a) and R (step b) read in one cycle. Not a box when the steps leave gaps.
std::int64_t distinct_sums(std::int64_t ni, std::int64_t a, std::int64_t nj, std::int64_t b) {
  if (ni == 1) return nj;
  if (nj == 1) return ni;
  std::array<std::int64_t, 4096> v;
  std::size_t k = 0;
  for (std::int64_t i = 0; i < ni; ++i)
    for (std::int64_t j = 0; j < nj && k < v.size(); ++j) v[k++] = i * a + j * b;
  std::sort(v.begin(), v.begin() + k);
  return std::unique(v.begin(), v.begin() + k) - v.begin();
}

// Words all PEs read in one cycle (the spatial loops only): a product of the spatial factors,
// except for inputs, whose rows (cols) are the distinct sums of the P and R (Q and S) offsets.
std::int64_t per_cycle_words(const Nest& n, Operand op, const LayerShape& s) {
  Factors ext = kOnes, step = kOnes;
  for (int i = n.spatial_start; i < n.rf_start; ++i) {
    ext[n.loops[i].dim] *= n.loops[i].bound;
    step[n.loops[i].dim] = n.loops[i].step;  // one spatial loop per dim in X, one in Y
  }
  if (op != Operand::Inputs) return project(op, ext, s).size();
  // A dim split over both X and Y: its offsets are contiguous multiples of the inner step.
  for (int i = n.spatial_start; i < n.rf_start; ++i) step[n.loops[i].dim] = std::min(step[n.loops[i].dim], n.loops[i].step);
  const std::int64_t rows = distinct_sums(ext[P_], step[P_] * s.stride_h, ext[R_], step[R_] * s.dilation_h);
  const std::int64_t cols = distinct_sums(ext[Q_], step[Q_] * s.stride_w, ext[S_], step[S_] * s.dilation_w);
  return ext[N_] * ext[C_] * rows * cols;
}

}  // namespace

AccessCounts count_accesses(const Mapping& m, const LayerShape& shape) {
  const Nest n = flatten(m);
  AccessCounts c;
  std::int64_t steps = 1;
  for (int i = 0; i < n.size; ++i)
    if (!n.loops[i].spatial) steps *= n.loops[i].bound;
  const std::int64_t pes = m.active_pes();
  const std::int64_t macs = product(shape.dims);  // one group; scaled at the end
  c.active_pes = pes;

  const std::int64_t output_words = shape[Dim::N] * shape[Dim::M] * shape[Dim::P] * shape[Dim::Q];

  for (Operand op : kOperands) {
    // The levels that keep the operand, innermost first; DRAM always keeps it.
    std::array<int, kMapLevels> keepers{};
    int k = 0;
    for (int l = 0; l < kMapLevels; ++l)
      if (m.levels[l].keep[op] || l == static_cast<int>(MapLevel::Dram)) keepers[k++] = l;
    // Only the boundaries the operand crosses are analysed (the mapper calls this a lot).
    const bool in_rf = m.levels[0].keep[op], in_glb = m.levels[1].keep[op];
    TileSequence rf, fanout;  // per PE; the union over the PEs
    if (in_rf) sequences(n, n.rf_start, n.spatial_start, op, shape, &rf, &fanout);
    const TileSequence glb = in_glb ? sequence(n, n.glb_start, op, shape) : TileSequence{};
    const std::int64_t cycle_words = per_cycle_words(n, op, shape);
    auto& lv = c.levels;
    const int k0 = keepers[0];
    const bool k0_in_pe = k0 == static_cast<int>(MapLevel::RegisterFile);
    const bool is_output = op == Operand::Outputs;

    // The MACs' side of the innermost keeper: per PE every MAC, or through the NoC with
    // multicast (inputs, weights) or spatial reduction (psums) when the PEs keep nothing.
    if (k0_in_pe) {
      (is_output ? lv[k0][op].updates : lv[k0][op].reads) = macs;
    } else {
      (is_output ? lv[k0][op].updates : lv[k0][op].reads) = steps * cycle_words;
      c.noc_pe_words[op] += macs;
      c.noc_buffer_words[op] += steps * cycle_words;
    }

    std::array<std::int64_t, kMapLevels> visit_words{};  // sum over instances of visits x tile
    visit_words[0] = pes * rf.visits * rf.tile;
    visit_words[1] = glb.visits * glb.tile;
    visit_words[2] = output_words;

    for (int i = 0; i + 1 < k; ++i) {
      const int child = keepers[i], parent = keepers[i + 1];
      const bool across_noc = child == static_cast<int>(MapLevel::RegisterFile);
      const TileSequence& seen_by_parent = across_noc ? fanout : glb;
      if (!is_output) {
        const std::int64_t fills = across_noc ? rf.fills * pes : glb.fills;
        lv[child][op].fills += fills;
        lv[parent][op].reads += seen_by_parent.fills;  // multicast: each word read once
        if (across_noc) {
          c.noc_pe_words[op] += fills;
          c.noc_buffer_words[op] += seen_by_parent.fills;
        }
      } else {
        // Every visit of a tile writes it back (spatially reduced across PEs); every visit
        // but a tile's first reads its psums back (no read before the first write). The
        // read-back goes to one PE of a reducing group; the others start from zero.
        const std::int64_t distinct = output_words / seen_by_parent.tile;
        const std::int64_t readback = (seen_by_parent.visits - distinct) * seen_by_parent.tile;
        const std::int64_t writeback = seen_by_parent.visits * seen_by_parent.tile;
        lv[child][op].fills += readback;
        lv[parent][op].updates += writeback;
        if (across_noc) {
          c.noc_pe_words[op] += readback + visit_words[0];
          c.noc_buffer_words[op] += readback + writeback;
        }
      }
    }
    if (is_output) {
      // A psum update reads the old value unless it is the word's first update in this
      // residency and the word was not filled: reads = updates - visit words + fills.
      for (int i = 0; i < k; ++i) {
        const int l = keepers[i];
        lv[l][op].reads = lv[l][op].updates - visit_words[l] + lv[l][op].fills;
      }
    }
  }

  // Groups are an outer loop over independent convolutions: everything scales.
  const std::int64_t g = shape.groups;
  for (auto& level : c.levels)
    for (Operand op : kOperands) {
      level[op].reads *= g;
      level[op].fills *= g;
      level[op].updates *= g;
    }
  for (Operand op : kOperands) {
    c.noc_pe_words[op] *= g;
    c.noc_buffer_words[op] *= g;
  }
  c.macs = macs * g;
  c.compute_cycles = steps * g;
  return c;
}

}  // namespace eyrie
