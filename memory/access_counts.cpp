#include "memory/access_counts.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "sim/core/content_hash.h"

namespace eyrie {

NetworkRules network_rules(const ArchSpec& arch) {
  NetworkRules r;
  for (int l = 0; l < arch.levels() && l < kMaxLevels; ++l) {
    r.multicast[l] = arch.storage[l].network.multicast;
    r.reduction[l] = arch.storage[l].network.spatial_reduction;
    r.fanout[l] = (l == 0 ? static_cast<std::int64_t>(arch.compute.mesh_x) * arch.compute.mesh_y
                          : arch.storage[l - 1].instances_below_parent()) > 1;
  }
  r.mode = arch.counting;
  return r;
}

namespace {

constexpr int kMaxLoops = kMaxLevels * 3 * kDims;
constexpr int N_ = 0, M_ = 1, C_ = 2, P_ = 3, Q_ = 4, R_ = 5, S_ = 6;

struct Loop {  // plain: the nest's array is not zeroed on every evaluation
  int dim;
  std::int64_t bound;
  std::int64_t step;  // how far one iteration moves the dim's index (mixed radix, nominal)
  bool spatial;
  bool x_axis;
  int level;
};

// The mapping's loop nest flattened outermost first, loops of bound 1 dropped (they neither
// move a tile nor change a step).
struct Nest {
  std::array<Loop, kMaxLoops> loops;
  int size = 0;
  int levels = 0;
  std::array<int, kMaxLevels> t_start{};  // first temporal loop of level i: its tile's boundary
  std::array<std::array<int, 3 * kMaxLevels>, kDims> of_dim;  // loop indices per dim, outer first
  std::array<int, kDims> n_of_dim{};
  Factors D = kOnes;
  std::array<bool, kDims> perfect{};  // factors multiply to exactly D: no partial tile anywhere
  bool all_perfect = false;

  void push(int dim, std::int64_t bound, bool spatial, bool x, int level) {
    if (bound > 1) loops[size++] = Loop{dim, bound, 1, spatial, x, level};
  }
};

// A level's X loops are inner to its Y loops in the mixed radix, except below a network with
// column buses (multicast y): there Y is inner, so that a union can span a column.
Nest flatten(const Mapping& m, const LayerShape& s, const NetworkRules& rules) {
  Nest n;
  n.levels = m.count;
  for (int l = m.count - 1; l >= 0; --l) {
    const LevelMapping& lv = m.levels[l];
    n.t_start[l] = n.size;
    for (int i = kDims - 1; i >= 0; --i) {
      const int d = static_cast<int>(lv.permutation[i]);
      n.push(d, lv.temporal[d], false, false, l);
    }
    const bool y_inner = rules.multicast[l] == Multicast::Y;
    for (int d = 0; d < kDims; ++d) {
      if (y_inner) n.push(d, lv.spatial_x[d], true, true, l);
      else n.push(d, lv.spatial_y[d], true, false, l);
    }
    for (int d = 0; d < kDims; ++d) {
      if (y_inner) n.push(d, lv.spatial_y[d], true, false, l);
      else n.push(d, lv.spatial_x[d], true, true, l);
    }
  }
  Factors running = kOnes;
  for (int i = n.size - 1; i >= 0; --i) {
    n.loops[i].step = running[n.loops[i].dim];
    running[n.loops[i].dim] *= n.loops[i].bound;
  }
  for (int i = 0; i < n.size; ++i) {
    const int d = n.loops[i].dim;
    n.of_dim[d][n.n_of_dim[d]++] = i;
  }
  n.D = s.dims;
  n.all_perfect = true;
  for (int d = 0; d < kDims; ++d) {
    n.perfect[d] = running[d] == s.dims[d];
    n.all_perfect = n.all_perfect && n.perfect[d];
  }
  return n;
}

// ---- Tiles moving in time: per dimension, the (new extent, old extent, shift) cases ----------

struct Case {
  std::int64_t e_new, e_old, delta, w;
};
using Cases = std::vector<Case>;

void add_case(Cases& v, const Case& c) {
  for (auto& x : v)
    if (x.e_new == c.e_new && x.e_old == c.e_old && x.delta == c.delta) {
      x.w += c.w;
      return;
    }
  v.push_back(c);
}

enum class Kind { First, Event, All };

struct Digit {
  std::int64_t lo, hi, step, bound;
  bool wrap;
};

// Walks the combinations of free digits (mixed radix: each step exceeds everything below it)
// by subtrees: a subtree whose largest base stays <= full_limit is reported whole
// (full(count)), one whose smallest base reaches `end` is dropped, the rest goes down to
// leaf(base). Only the combinations near the dimension's end are visited one by one.
template <class Full, class Leaf>
void walk_digits(const Digit* dig, int nd, std::int64_t end, std::int64_t full_limit, Full full, Leaf leaf) {
  std::array<std::int64_t, 3 * kMaxLevels + 1> max_rest, count_rest;  // [0, nd] set below
  max_rest[nd] = 0;
  count_rest[nd] = 1;
  for (int k = nd - 1; k >= 0; --k) {
    max_rest[k] = max_rest[k + 1] + (dig[k].hi - 1) * dig[k].step;
    count_rest[k] = count_rest[k + 1] * (dig[k].hi - dig[k].lo);
  }
  auto rec = [&](auto& self, int k, std::int64_t base) -> void {
    if (base >= end) return;
    if (base + max_rest[k] <= full_limit) {
      full(count_rest[k]);
      return;
    }
    if (k == nd) {
      leaf(base);
      return;
    }
    for (std::int64_t v = dig[k].lo; v < dig[k].hi; ++v) self(self, k + 1, base + v * dig[k].step);
  };
  for (int k = 0; k < nd; ++k)
    if (dig[k].lo >= dig[k].hi) return;
  rec(rec, 0, 0);
}

// ---- A memo of the imperfect dims' cases, across evaluations --------------------------------
//
// A dim's cases depend only on its own loops (their bounds, outer first, and how each stands
// to the boundary, the pinned loops and the advancing loop) and on its extent; the mapper's
// neighbouring candidates differ in a few factors, so most dims repeat. The key holds all of
// that (a loop's step is the product of the bounds inside it, so the bounds fix it), a hit
// compares the whole key, and the memo only saves time: the cases are the same either way.
// Direct-mapped and fixed in size: a collision replaces the entry. Perfect dims take the
// closed form and bypass it.
struct CaseKey {
  std::array<std::int64_t, 3 * kMaxLevels + 3> v;
  int len = 0;
  void add(std::int64_t x) { v[len++] = x; }
  bool operator==(const CaseKey& o) const { return len == o.len && std::equal(v.begin(), v.begin() + len, o.v.begin()); }
  std::uint64_t hash() const { return hash_values(v.data(), len); }
};

class CaseMemo {
 public:
  // The cached cases for key into out: true on a hit.
  bool find(const CaseKey& key, Cases& out) {
    Entry& e = m_entries[key.hash() % kEntries];
    if (!e.valid || !(e.key == key)) return false;
    out.assign(e.cases.begin(), e.cases.end());
    return true;
  }
  void store(const CaseKey& key, const Cases& cases) {
    Entry& e = m_entries[key.hash() % kEntries];
    e.valid = true;
    e.key = key;
    e.cases.assign(cases.begin(), cases.end());
  }

 private:
  static constexpr std::size_t kEntries = 8192;
  struct Entry {
    bool valid = false;
    CaseKey key;
    Cases cases;
  };
  std::vector<Entry> m_entries = std::vector<Entry>(kEntries);
};
CaseMemo& case_memo() {
  thread_local CaseMemo memo;
  return memo;
}

// The states of dimension d's loops outside boundary b, as cases of the tile's extent along d:
//   First  the first tile of every instance (temporal loops at 0, spatial loops free)
//   Event  loop j advances (j's dim: i-1 -> i, 1 <= i < bound): loops outside j and spatial
//          loops inside it are free, temporal loops inside it wrap from their last existing
//          value to 0
//   All    every loop free: summed extents are the words an instance ever touches
// Pinned loops stay at 0. Only states whose new tile exists (index < D) count.
void dim_cases_uncached(const Nest& n, int d, int b, Kind kind, int j, const bool* pinned, Cases& out);

void dim_cases(const Nest& n, int d, int b, Kind kind, int j, const bool* pinned, Cases& out) {
  if (n.perfect[d]) {
    dim_cases_uncached(n, d, b, kind, j, pinned, out);
    return;
  }
  // The key: the extent, the kind, then per loop (outer first) its bound and its role.
  CaseKey key;
  key.add(n.D[d]);
  key.add(static_cast<int>(kind));
  for (int k = 0; k < n.n_of_dim[d]; ++k) {
    const int idx = n.of_dim[d][k];
    const Loop& L = n.loops[idx];
    int role = 4;  // a free digit
    if (idx >= b) role = 0;  // inside the tile
    else if (kind == Kind::Event && idx == j && pinned && pinned[idx]) role = 5;  // advancing, pinned
    else if ((pinned && pinned[idx]) || (kind == Kind::First && !L.spatial)) role = 1;  // held at 0
    else if (kind == Kind::Event && idx == j) role = 2;  // the advancing loop
    else if (kind == Kind::Event && idx > j && !L.spatial) role = 3;  // wraps
    key.add(L.bound * 8 + role);
  }
  CaseMemo& memo = case_memo();
  if (memo.find(key, out)) return;
  dim_cases_uncached(n, d, b, kind, j, pinned, out);
  memo.store(key, out);
}

// A perfect dim's one case (w = 0: no state of this kind), from the digits without building
// them: every state's tile is whole.
Case perfect_case(const Nest& n, int d, int b, Kind kind, int j, const bool* pinned) {
  std::int64_t E = 1, w = 1, wrap = 0;
  for (int k = 0; k < n.n_of_dim[d]; ++k) {
    const int idx = n.of_dim[d][k];
    const Loop& L = n.loops[idx];
    if (idx >= b) E *= L.bound;
    else if ((pinned && pinned[idx]) || (kind == Kind::First && !L.spatial)) continue;
    else if (kind == Kind::Event && idx == j) w *= L.bound - 1;
    else if (kind == Kind::Event && idx > j && !L.spatial) wrap += (L.bound - 1) * L.step;
    else w *= L.bound;
  }
  const std::int64_t step_j = kind == Kind::Event && n.loops[j].dim == d ? n.loops[j].step : 0;
  return Case{E, E, kind == Kind::Event ? step_j - wrap : 0, w};
}

void dim_cases_uncached(const Nest& n, int d, int b, Kind kind, int j, const bool* pinned, Cases& out) {
  out.clear();
  const std::int64_t D = n.D[d];
  std::int64_t E = 1;
  if (n.perfect[d]) {
    const Case c = perfect_case(n, d, b, kind, j, pinned);
    if (c.w > 0) out.push_back(c);
    return;
  }
  std::array<Digit, 3 * kMaxLevels> dig;
  int nd = 0;
  const bool j_dim = kind == Kind::Event && n.loops[j].dim == d;
  for (int k = 0; k < n.n_of_dim[d]; ++k) {
    const int idx = n.of_dim[d][k];
    const Loop& L = n.loops[idx];
    if (idx >= b) {
      E *= L.bound;
      continue;
    }
    if (pinned && pinned[idx]) continue;
    Digit g{0, L.bound, L.step, L.bound, false};
    if (kind == Kind::First && !L.spatial) continue;
    if (kind == Kind::Event) {
      if (idx == j) g.lo = 1;
      else if (idx > j && !L.spatial) g.wrap = true;
    }
    dig[nd++] = g;
  }
  const std::int64_t step_j = j_dim ? n.loops[j].step : 0;
  // The free digits walked by subtrees; wrap digits are resolved per state.
  std::array<Digit, 3 * kMaxLevels> freed, wraps;
  int nf = 0, nw = 0;
  std::int64_t full_wrap = 0;
  for (int k = 0; k < nd; ++k) {
    if (dig[k].wrap) {
      wraps[nw++] = dig[k];
      full_wrap += (dig[k].bound - 1) * dig[k].step;
    } else {
      freed[nf++] = dig[k];
    }
  }
  // Far from the end every tile (and, in an event, the previous one with its wrapped loops at
  // their last value) is whole.
  const bool event = kind == Kind::Event;
  const std::int64_t full_limit = D - E - (event && !j_dim ? full_wrap : 0);
  const std::int64_t standard_delta = event ? step_j - full_wrap : 0;
  walk_digits(freed.data(), nf, D, full_limit,
      [&](std::int64_t count) { add_case(out, Case{E, E, standard_delta, count}); },
      [&](std::int64_t base) {
        const std::int64_t e_new = std::min(E, D - base);
        std::int64_t e_old = e_new, delta = 0;
        if (event) {
          std::int64_t old = base - step_j;
          for (int k = 0; k < nw; ++k) old += std::min(wraps[k].bound - 1, (D - 1 - old) / wraps[k].step) * wraps[k].step;
          e_old = std::min(E, D - old);
          delta = base - old;
        }
        add_case(out, Case{e_new, e_old, delta, 1});
      });
}

std::int64_t overlap(std::int64_t e_old, std::int64_t e_new, std::int64_t delta) {
  return std::max<std::int64_t>(0, std::min(e_old, delta + e_new) - std::max<std::int64_t>(0, delta));
}

// The data-space groups of an operand: one problem dim each, or a sliding pair (P with R,
// Q with S) for the input's rows and columns. Dims the operand ignores only count states.
struct Groups {
  int single[4];
  int n_single = 0;
  bool sliding = false;  // inputs: (P,R) rows and (Q,S) cols
  int irrelevant[3];
  int n_irrelevant = 0;
};

Groups groups_of(Operand op) {
  Groups g;
  switch (op) {
    case Operand::Weights:
      g = Groups{{M_, C_, R_, S_}, 4, false, {N_, P_, Q_}, 3};
      break;
    case Operand::Outputs:
      g = Groups{{N_, M_, P_, Q_}, 4, false, {C_, R_, S_}, 3};
      break;
    case Operand::Inputs:
      g = Groups{{N_, C_, 0, 0}, 2, true, {M_, 0, 0}, 1};
      break;
  }
  return g;
}

struct Sums {
  std::int64_t size = 0, overlap = 0, same = 0;
};

// A dim's cases as cases_of hands them out: a perfect dim's one case needs no list.
struct CaseSpan {
  const Case* first = nullptr;
  std::size_t count = 0;
  const Case* begin() const { return first; }
  const Case* end() const { return first + count; }
};

Sums single_sums(const CaseSpan& c) {
  Sums s;
  for (const auto& x : c) {
    s.size += x.w * x.e_new;
    s.overlap += x.w * overlap(x.e_old, x.e_new, x.delta);
    if (x.delta == 0) s.same += x.w * x.e_new;
  }
  return s;
}

std::int64_t count_sum(const CaseSpan& c) {
  std::int64_t w = 0;
  for (const auto& x : c) w += x.w;
  return w;
}

// Input rows (cols): a P case and an R case give the window [P*stride + R*dilation].
Sums sliding_sums(const CaseSpan& p, const CaseSpan& r, std::int64_t stride, std::int64_t dilation) {
  Sums s;
  for (const auto& a : p)
    for (const auto& b : r) {
      const std::int64_t w = a.w * b.w;
      const std::int64_t len_new = (a.e_new - 1) * stride + (b.e_new - 1) * dilation + 1;
      const std::int64_t len_old = (a.e_old - 1) * stride + (b.e_old - 1) * dilation + 1;
      const std::int64_t shift = a.delta * stride + b.delta * dilation;
      s.size += w * len_new;
      s.overlap += w * overlap(len_old, len_new, shift);
      // The same window, also where a step of P and a wrap of R cancel (P's step x stride =
      // R's wrap x dilation: Timeloop's zero translation keeps the whole tile, rule A).
      if (shift == 0 && len_old == len_new) s.same += w * len_new;
    }
  return s;
}

struct Scratch {
  std::array<Cases, kDims> cases;
  std::vector<std::int64_t> values, values2, sums;
  // Within one sequence: the cases of a dim other than the advancing loop's depend only on
  // how many of its loops lie outside that loop (the split); computed once per split.
  std::array<std::array<Cases, 3 * kMaxLevels + 1>, kDims> by_split;
  std::array<std::array<bool, 3 * kMaxLevels + 1>, kDims> have_split{};
  std::array<Case, kDims> perfect;  // a perfect dim's one case
  // Within one sequence (`generation`): the sums of a dim (a sliding pair) that does not hold
  // the advancing loop, by its split (their splits); an entry is valid when it carries the
  // sequence's generation.
  static constexpr int kSplits = 3 * kMaxLevels + 1;
  std::uint64_t generation = 0;
  std::array<std::array<std::uint64_t, kSplits>, kDims> dim_generation{};
  std::array<std::array<Sums, kSplits>, kDims> dim_sums;
  std::array<std::array<std::array<std::uint64_t, kSplits>, kSplits>, 2> pair_generation{};
  std::array<std::array<std::array<Sums, kSplits>, kSplits>, 2> pair_sums;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// The cases of dim d for this state kind, from the per-sequence cache where they repeat.
CaseSpan span_of(const Cases& c) { return CaseSpan{c.data(), c.size()}; }

// How many of dim d's loops lie outside loop j.
int split_of(const Nest& n, int d, int j) {
  int split = 0;
  while (split < n.n_of_dim[d] && n.of_dim[d][split] < j) ++split;
  return split;
}

CaseSpan cases_of(Scratch& sc, const Nest& n, int d, int b, Kind kind, int j, const bool* pinned) {
  if (n.perfect[d]) {
    sc.perfect[d] = perfect_case(n, d, b, kind, j, pinned);
    return CaseSpan{&sc.perfect[d], sc.perfect[d].w > 0 ? 1u : 0u};
  }
  if (kind != Kind::Event || n.loops[j].dim == d) {
    dim_cases(n, d, b, kind, j, pinned, sc.cases[d]);
    return span_of(sc.cases[d]);
  }
  const int split = split_of(n, d, j);
  if (!sc.have_split[d][split]) {
    dim_cases(n, d, b, kind, j, pinned, sc.by_split[d][split]);
    sc.have_split[d][split] = true;
  }
  return span_of(sc.by_split[d][split]);
}

// Sums over all instances and states of kind/j: the new tiles' words, the words they share
// with the previous tile, and the words of tiles identical to the previous.
// Within one sequence the dims (sliding pairs) that do not hold the advancing loop j repeat
// their sums from event to event: those come from the sequence's cache, by split.
Sums state_sums(const Nest& n, int b, Kind kind, int j, Operand op, const LayerShape& s, const bool* pinned) {
  Scratch& sc = scratch();
  const Groups g = groups_of(op);
  const int dim_j = kind == Kind::Event ? n.loops[j].dim : -1;
  Sums total{1, 1, 1};
  auto times = [&](const Sums& x) {
    total.size *= x.size;
    total.overlap *= x.overlap;
    total.same *= x.same;
  };
  // The sums of dim d (count: the count of its states) from the cache where j is not d's.
  auto dim_sums = [&](int d, Kind k, bool count) {
    auto compute = [&] {
      const CaseSpan c = cases_of(sc, n, d, b, k, j, pinned);
      if (!count) return single_sums(c);
      const std::int64_t w = count_sum(c);
      return Sums{w, w, w};
    };
    if (k != Kind::Event || dim_j == d) return compute();
    const int split = split_of(n, d, j);
    if (sc.dim_generation[d][split] != sc.generation) {
      sc.dim_sums[d][split] = compute();
      sc.dim_generation[d][split] = sc.generation;
    }
    return sc.dim_sums[d][split];
  };
  for (int k = 0; k < g.n_single; ++k) times(dim_sums(g.single[k], kind, false));
  if (g.sliding) {
    for (int pair = 0; pair < 2; ++pair) {
      const int a = pair == 0 ? P_ : Q_, r = pair == 0 ? R_ : S_;
      auto compute = [&] {
        const CaseSpan ca = cases_of(sc, n, a, b, kind, j, pinned);
        const CaseSpan cr = cases_of(sc, n, r, b, kind, j, pinned);
        return sliding_sums(ca, cr, pair == 0 ? s.stride_h : s.stride_w, pair == 0 ? s.dilation_h : s.dilation_w);
      };
      if (kind != Kind::Event || dim_j == a || dim_j == r) {
        times(compute());
        continue;
      }
      const int sa = split_of(n, a, j), sr = split_of(n, r, j);
      if (sc.pair_generation[pair][sa][sr] != sc.generation) {
        sc.pair_sums[pair][sa][sr] = compute();
        sc.pair_generation[pair][sa][sr] = sc.generation;
      }
      times(sc.pair_sums[pair][sa][sr]);
    }
  }
  // An ignored dim only multiplies states; in `All` it counts instances, not time.
  for (int k = 0; k < g.n_irrelevant; ++k) times(dim_sums(g.irrelevant[k], kind == Kind::All ? Kind::First : kind, true));
  return total;
}

// One operand's tiles at boundary b over all instances (spatial loops outside b, pinned ones
// at 0) and all time (temporal loops outside b).
struct Sequence {
  std::int64_t fills = 0;      // first tiles plus each change's new words
  std::int64_t writeback = 0;  // words of every visit (a visit ends when the tile changes)
  std::int64_t distinct = 0;   // words each instance ever holds (outputs only)
};

// The box of an operand's tile for extents e (inputs: the rows and cols P,R and Q,S touch).
std::array<std::int64_t, 4> box_of(Operand op, const Factors& e, const LayerShape& s) {
  switch (op) {
    case Operand::Weights: return {e[M_], e[C_], e[R_], e[S_]};
    case Operand::Outputs: return {e[N_], e[M_], e[P_], e[Q_]};
    case Operand::Inputs:
      return {e[N_], e[C_], s.stride_h * (e[P_] - 1) + s.dilation_h * (e[R_] - 1) + 1,
              s.stride_w * (e[Q_] - 1) + s.dilation_w * (e[S_] - 1) + 1};
  }
  return {};
}
// How a move of the loops shifts the box: the box axis each dim moves (-1: the operand ignores
// it) and by how much per step (inputs: the stride or the dilation).
struct BoxAxes {
  std::array<int, kDims> axis;
  std::array<std::int64_t, kDims> coefficient;
};
BoxAxes box_axes(Operand op, const LayerShape& s) {
  BoxAxes a;
  a.axis.fill(-1);
  a.coefficient.fill(1);
  switch (op) {
    case Operand::Weights: a.axis[M_] = 0, a.axis[C_] = 1, a.axis[R_] = 2, a.axis[S_] = 3; break;
    case Operand::Outputs: a.axis[N_] = 0, a.axis[M_] = 1, a.axis[P_] = 2, a.axis[Q_] = 3; break;
    case Operand::Inputs:
      a.axis[N_] = 0, a.axis[C_] = 1, a.axis[P_] = 2, a.axis[R_] = 2, a.axis[Q_] = 3, a.axis[S_] = 3;
      a.coefficient[P_] = s.stride_h, a.coefficient[R_] = s.dilation_h;
      a.coefficient[Q_] = s.stride_w, a.coefficient[S_] = s.dilation_w;
      break;
  }
  return a;
}

// The same sums when every dim's factors multiply exactly to it: every tile is whole, every
// instance exists and every advance of a loop shifts the tile by the same vector (the general
// path gives the same numbers; this one is what the mapper mostly evaluates).
// Timeloop's reset on stride change (rule A, docs/MODEL.md): only the innermost temporal loop
// outside the tile keeps a sliding overlap; any other move refetches the whole tile.
int innermost_temporal(const Nest& n, int b) {
  for (int j = b - 1; j >= 0; --j)
    if (!n.loops[j].spatial) return j;
  return -1;
}

Sequence sequence_perfect(const Nest& n, int b, Operand op, const LayerShape& s, const bool* pinned, bool reset) {
  Sequence q;
  Factors ext = kOnes, outer_t = kOnes;
  std::int64_t instances = 1;
  // before[j]: iterations of the temporal loops outside loop j (outside b, not pinned).
  std::array<std::int64_t, kMaxLoops + 1> before;
  std::int64_t iterations = 1;
  for (int i = 0; i < n.size; ++i) {
    const Loop& L = n.loops[i];
    if (i >= b) {
      ext[L.dim] *= L.bound;
      continue;
    }
    before[i] = iterations;
    if (pinned && pinned[i]) continue;
    if (L.spatial) {
      instances *= L.bound;
    } else {
      outer_t[L.dim] *= L.bound;
      iterations *= L.bound;
    }
  }
  const auto box = box_of(op, ext, s);
  const std::int64_t tile = box[0] * box[1] * box[2] * box[3];
  q.fills = q.writeback = instances * tile;
  // Inside out: `wrap` is how far the temporal loops inside j (outside the tile) move the box
  // back (each dim moves one box axis by its coefficient, box_axes).
  const BoxAxes axes = box_axes(op, s);
  std::array<std::int64_t, 4> wrap{};
  const int inner_j = reset ? innermost_temporal(n, b) : -1;
  for (int j = b - 1; j >= 0; --j) {
    const Loop& L = n.loops[j];
    if (L.spatial || (pinned && pinned[j])) continue;
    const std::int64_t outer = before[j];
    std::array<std::int64_t, 4> sh = wrap;
    const int axis = axes.axis[L.dim];
    if (axis >= 0) sh[axis] += axes.coefficient[L.dim] * L.step;
    std::int64_t ov = 1;
    bool same = true;
    for (int k = 0; k < 4; ++k) {
      const std::int64_t a = sh[k] < 0 ? -sh[k] : sh[k];
      ov *= box[k] > a ? box[k] - a : 0;
      same = same && sh[k] == 0;
    }
    const std::int64_t events = instances * outer * (L.bound - 1);
    if (reset && j != inner_j) ov = same ? tile : 0;
    q.fills += events * (tile - ov);
    if (!same) q.writeback += events * tile;
    if (axis >= 0) wrap[axis] -= axes.coefficient[L.dim] * (L.bound - 1) * L.step;
  }
  if (op == Operand::Outputs) {
    q.distinct = instances;
    for (int d : {N_, M_, P_, Q_}) q.distinct *= ext[d] * outer_t[d];
  }
  return q;
}

// reset: Timeloop's rule A (only the innermost temporal loop outside b keeps an overlap).
Sequence sequence(const Nest& n, int b, Operand op, const LayerShape& s, const bool* pinned, bool reset) {
  if (n.all_perfect) return sequence_perfect(n, b, op, s, pinned, reset);
  const int inner_j = reset ? innermost_temporal(n, b) : -1;
  Sequence q;
  Scratch& sc = scratch();
  for (auto& h : sc.have_split) h.fill(false);
  ++sc.generation;
  const Sums first = state_sums(n, b, Kind::First, -1, op, s, pinned);
  q.fills = q.writeback = first.size;
  // A loop over a dim the operand ignores, with no loop over a dim it uses inside it (before
  // the boundary), never changes the tile: no new words, no new visit.
  std::array<bool, kMaxLoops> moves{};
  bool relevant_inside = false;
  for (int j = b - 1; j >= 0; --j) {
    const bool rel = is_relevant(op, static_cast<Dim>(n.loops[j].dim));
    moves[j] = rel || relevant_inside;
    if (rel && !n.loops[j].spatial) relevant_inside = true;
  }
  for (int j = 0; j < b; ++j) {
    if (n.loops[j].spatial || !moves[j]) continue;
    const Sums e = state_sums(n, b, Kind::Event, j, op, s, pinned);
    q.fills += e.size - (reset && j != inner_j ? e.same : e.overlap);
    q.writeback += e.size - e.same;
  }
  if (op == Operand::Outputs) q.distinct = state_sums(n, b, Kind::All, -1, op, s, pinned).size;
  return q;
}

// ---- Words per cycle on the MAC side ------------------------------------------------------

std::int64_t gcd64(std::int64_t a, std::int64_t b) { return std::gcd(a, b); }

// Distinct values of i*a + j*b for i < ni, j < nj (a, b > 0), exact for any size: j splits
// into residue classes mod a' (a' = a/g), which never collide; within a class the values are
// evenly spaced runs of ni that merge when ni >= b' (b' = b/g).
std::int64_t distinct_progression_sums(std::int64_t ni, std::int64_t a, std::int64_t nj, std::int64_t b) {
  if (ni <= 0 || nj <= 0) return 0;
  if (ni == 1) return nj;
  if (nj == 1) return ni;
  const std::int64_t g = gcd64(a, b), a1 = a / g, b1 = b / g;
  std::int64_t total = 0;
  for (std::int64_t r = 0; r < std::min(nj, a1); ++r) {
    const std::int64_t k = (nj - r + a1 - 1) / a1;
    total += ni >= b1 ? (k - 1) * b1 + ni : k * ni;
  }
  return total;
}

struct UnionShape {  // one dim's spatial loops in the union: their offsets
  bool progression = true;
  std::int64_t step = 1, count = 1;  // when a progression: {0, step, ..., (count-1)*step}
  std::array<int, 3 * kMaxLevels> loops;
  int n = 0;
};

UnionShape union_shape(const Nest& n, int d, const bool* in_union) {
  UnionShape u;
  for (int k = 0; k < n.n_of_dim[d]; ++k) {
    const int idx = n.of_dim[d][k];
    if (in_union[idx]) u.loops[u.n++] = idx;
  }
  if (u.n == 0) return u;
  u.step = n.loops[u.loops[u.n - 1]].step;
  for (int k = 0; k < u.n; ++k) u.count *= n.loops[u.loops[k]].bound;
  for (int k = 0; k + 1 < u.n; ++k)
    if (n.loops[u.loops[k]].step != n.loops[u.loops[k + 1]].step * n.loops[u.loops[k + 1]].bound) u.progression = false;
  return u;
}

// The union's offsets below `limit`, into out (only when not a progression).
void union_values(const Nest& n, const UnionShape& u, std::int64_t limit, std::vector<std::int64_t>& out) {
  out.clear();
  out.push_back(0);
  for (int k = 0; k < u.n; ++k) {
    const Loop& L = n.loops[u.loops[k]];
    const std::size_t size = out.size();
    for (std::int64_t v = 1; v < L.bound; ++v)
      for (std::size_t i = 0; i < size; ++i) out.push_back(out[i] + v * L.step);
  }
  out.erase(std::remove_if(out.begin(), out.end(), [&](std::int64_t x) { return x >= limit; }), out.end());
}

std::int64_t union_count(const Nest& n, const UnionShape& u, std::int64_t limit, std::vector<std::int64_t>& tmp) {
  if (u.progression) return std::min(u.count, (limit + u.step - 1) / u.step);
  union_values(n, u, limit, tmp);
  return static_cast<std::int64_t>(tmp.size());
}

// Per-cycle cases of dim d: every temporal loop and every spatial loop outside the union is
// free; the case key is how far the union may reach before the dim ends (capped at the
// union's span: beyond it every offset exists, so few keys remain).
void cycle_cases_uncached(const Nest& n, int d, const bool* in_union, Cases& out);

void cycle_cases(const Nest& n, int d, const bool* in_union, Cases& out) {
  if (n.perfect[d]) {
    cycle_cases_uncached(n, d, in_union, out);
    return;
  }
  // The memo's key (as for dim_cases, under a kind of its own): the extent, then per loop its
  // bound and whether it is in the union.
  CaseKey key;
  key.add(n.D[d]);
  key.add(-1);
  for (int k = 0; k < n.n_of_dim[d]; ++k) {
    const int idx = n.of_dim[d][k];
    key.add(n.loops[idx].bound * 2 + (in_union[idx] ? 1 : 0));
  }
  CaseMemo& memo = case_memo();
  if (memo.find(key, out)) return;
  cycle_cases_uncached(n, d, in_union, out);
  memo.store(key, out);
}

void cycle_cases_uncached(const Nest& n, int d, const bool* in_union, Cases& out) {
  out.clear();
  const std::int64_t D = n.D[d];
  std::array<Digit, 3 * kMaxLevels> dig;
  int nd = 0;
  std::int64_t span = 1;
  for (int k = 0; k < n.n_of_dim[d]; ++k) {
    const int idx = n.of_dim[d][k];
    if (in_union[idx]) {
      span += (n.loops[idx].bound - 1) * n.loops[idx].step;
      continue;
    }
    dig[nd++] = Digit{0, n.loops[idx].bound, n.loops[idx].step, n.loops[idx].bound, false};
  }
  if (n.perfect[d]) {
    std::int64_t w = 1;
    for (int k = 0; k < nd; ++k) w *= dig[k].bound;
    out.push_back(Case{span, 0, 0, w});  // e_new holds the limit; nothing is clipped
    return;
  }
  walk_digits(dig.data(), nd, D, D - span,
      [&](std::int64_t count) { add_case(out, Case{span, 0, 0, count}); },
      [&](std::int64_t base) { add_case(out, Case{std::min(D - base, span), 0, 0, 1}); });
}

// Words the MACs read (or psums they write) per cycle, summed over all cycles: the distinct
// words across the MACs a union reaches (multicast / reduced), one per MAC elsewhere.
std::int64_t per_cycle_words(const Nest& n, Operand op, const LayerShape& s, const bool* in_union) {
  Scratch& sc = scratch();
  const Groups g = groups_of(op);
  std::int64_t total = 1;
  for (int k = 0; k < g.n_single; ++k) {
    const int d = g.single[k];
    const UnionShape u = union_shape(n, d, in_union);
    cycle_cases(n, d, in_union, sc.cases[d]);
    std::int64_t sum = 0;
    for (const auto& c : sc.cases[d]) sum += c.w * union_count(n, u, c.e_new, sc.values);
    total *= sum;
  }
  if (g.sliding) {
    for (int pair = 0; pair < 2; ++pair) {
      const int a = pair == 0 ? P_ : Q_, r = pair == 0 ? R_ : S_;
      const std::int64_t st = pair == 0 ? s.stride_h : s.stride_w, dil = pair == 0 ? s.dilation_h : s.dilation_w;
      const UnionShape ua = union_shape(n, a, in_union), ur = union_shape(n, r, in_union);
      cycle_cases(n, a, in_union, sc.cases[a]);
      cycle_cases(n, r, in_union, sc.cases[r]);
      std::int64_t sum = 0;
      for (const auto& ca : sc.cases[a])
        for (const auto& cr : sc.cases[r]) {
          std::int64_t distinct = 0;
          if (ua.progression && ur.progression) {
            distinct = distinct_progression_sums(union_count(n, ua, ca.e_new, sc.values), ua.step * st,
                                                 union_count(n, ur, cr.e_new, sc.values), ur.step * dil);
          } else {
            union_values(n, ua, ca.e_new, sc.values);
            union_values(n, ur, cr.e_new, sc.values2);
            sc.sums.clear();
            for (auto x : sc.values)
              for (auto y : sc.values2) sc.sums.push_back(x * st + y * dil);
            std::sort(sc.sums.begin(), sc.sums.end());
            distinct = std::unique(sc.sums.begin(), sc.sums.end()) - sc.sums.begin();
          }
          sum += ca.w * cr.w * distinct;
        }
      total *= sum;
    }
  }
  for (int k = 0; k < g.n_irrelevant; ++k) {
    const int d = g.irrelevant[k];
    cycle_cases(n, d, in_union, sc.cases[d]);
    total *= count_sum(span_of(sc.cases[d]));  // words a union shares over an ignored dim are one word
  }
  return total;
}

// Temporal iterations in which some MAC works (every spatial digit at 0).
std::int64_t existing_cycles(const Nest& n) {
  std::int64_t cycles = 1;
  for (int d = 0; d < kDims; ++d) {
    std::array<Digit, 3 * kMaxLevels> dig;
    int nd = 0;
    for (int k = 0; k < n.n_of_dim[d]; ++k) {
      const Loop& L = n.loops[n.of_dim[d][k]];
      if (!L.spatial) dig[nd++] = Digit{0, L.bound, L.step, L.bound, false};
    }
    std::int64_t count = 0;
    walk_digits(dig.data(), nd, n.D[d], n.D[d] - 1, [&](std::int64_t c) { count += c; }, [&](std::int64_t) { ++count; });
    cycles *= count;
  }
  return cycles;
}

// May a word (or psum) cross the network below `level` along this loop to several children?
bool joins(const Loop& L, Operand op, const NetworkRules& rules) {
  if (op == Operand::Outputs) return rules.reduction[L.level];
  const Multicast m = rules.multicast[L.level];
  return m == Multicast::Any || (m == Multicast::X && L.x_axis) || (m == Multicast::Y && !L.x_axis);
}

// The innermost keeper of each operand (the outermost level keeps everything).
int innermost_keeper(const Mapping& m, Operand op) {
  int k = 0;
  while (k < m.count - 1 && !m.levels[k].keep[op]) ++k;
  return k;
}

// ---- What does not depend on the loop orders ------------------------------------------------
//
// The mapper evaluates the stationary orders of one set of factors one after another. The
// MACs' side of each operand and the compute cycles depend on the factors alone: a dim has at
// most one temporal loop per level, so its loops, their order and their steps are the same
// in every permutation. The last factors' values are kept per thread; a hit compares the
// whole key (factors, keeps, shape, network rules), so the values are the same either way.
struct OrderFree {
  PerOperand<std::int64_t> mac_side{};
  std::int64_t cycles = 0;
};

class OrderFreeMemo {
 public:
  const OrderFree* find(const Mapping& m, const LayerShape& s, const NetworkRules& rules) {
    m_probe_len = key_of(m, s, rules, m_probe);
    return m_valid && m_probe_len == m_key_len && std::equal(m_probe.begin(), m_probe.begin() + m_probe_len, m_key.begin())
               ? &m_value
               : nullptr;
  }
  void store(const OrderFree& v) {  // under the key of the last find
    m_key = m_probe;
    m_key_len = m_probe_len;
    m_value = v;
    m_valid = true;
  }

 private:
  static constexpr int kPerLevel = 3 * kDims + 1;
  using Key = std::array<std::int64_t, 1 + kMaxLevels * kPerLevel + kDims + 6>;
  static int key_of(const Mapping& m, const LayerShape& s, const NetworkRules& rules, Key& key) {
    std::int64_t* out = key.data();
    *out++ = m.count;
    for (int l = 0; l < m.count; ++l) {
      const LevelMapping& lv = m.levels[l];
      out = std::copy(lv.temporal.begin(), lv.temporal.end(), out);
      out = std::copy(lv.spatial_x.begin(), lv.spatial_x.end(), out);
      out = std::copy(lv.spatial_y.begin(), lv.spatial_y.end(), out);
      *out++ = lv.keep.weights * 1 + lv.keep.inputs * 2 + lv.keep.outputs * 4 + static_cast<int>(rules.multicast[l]) * 8 +
               rules.reduction[l] * 64 + rules.fanout[l] * 128;
    }
    out = std::copy(s.dims.begin(), s.dims.end(), out);
    for (std::int64_t v : {s.groups, s.stride_h, s.stride_w, s.dilation_h, s.dilation_w, static_cast<std::int64_t>(rules.mode)}) *out++ = v;
    return static_cast<int>(out - key.data());
  }
  bool m_valid = false;
  Key m_key{}, m_probe{};
  int m_key_len = 0, m_probe_len = 0;
  OrderFree m_value;
};

OrderFree order_free_parts(const Nest& n, const Mapping& m, const LayerShape& shape, const NetworkRules& rules) {
  thread_local OrderFreeMemo memo;
  if (const OrderFree* hit = memo.find(m, shape, rules)) return *hit;
  OrderFree v;
  std::array<bool, kMaxLoops> mask{};
  for (Operand op : kOperands) {
    // One word per MAC, except where the network below a level multicasts (or reduces)
    // across that level's spatial loops.
    const int k0 = innermost_keeper(m, op);
    mask.fill(false);
    for (int i = n.t_start[k0]; i < n.size; ++i) mask[i] = n.loops[i].spatial && joins(n.loops[i], op, rules);
    v.mac_side[op] = per_cycle_words(n, op, shape, mask.data());
  }
  v.cycles = existing_cycles(n);
  memo.store(v);
  return v;
}

}  // namespace

int charged_network(int inner, int outer, const NetworkRules& rules) {
  for (int l = outer; l > inner; --l)
    if (rules.fanout[l]) return l;
  return outer;
}

AccessCounts count_accesses(const Mapping& m, const LayerShape& shape, const NetworkRules& rules) {
  const Nest n = flatten(m, shape, rules);
  AccessCounts c;
  c.level_count = m.count;
  c.active_pes = m.active_pes();
  for (std::int64_t l = m.count - 1, used = 1; l >= 0; --l) {
    c.used_instances[l] = used;
    used *= product(m.levels[l].spatial_x) * product(m.levels[l].spatial_y);
  }
  const std::int64_t macs = product(shape.dims);  // one group; scaled at the end
  const int outer = m.count - 1;
  std::array<bool, kMaxLoops> mask{};
  const OrderFree order_free = order_free_parts(n, m, shape, rules);

  for (Operand op : kOperands) {
    std::array<int, kMaxLevels> keepers{};
    int k = 0;
    for (int l = 0; l < m.count; ++l)
      if (m.levels[l].keep[op] || l == outer) keepers[k++] = l;
    auto& lv = c.levels;
    const bool is_output = op == Operand::Outputs;
    const bool timeloop = rules.mode == CountingMode::Timeloop;

    // The MACs' side of the innermost keeper.
    const int k0 = keepers[0];
    const std::int64_t mac_side = order_free.mac_side[op];
    (is_output ? lv[k0][op].updates : lv[k0][op].reads) = mac_side;
    const int mac_net = charged_network(-1, k0, rules);
    c.network_child_words[mac_net][op] += macs;
    c.network_level_words[mac_net][op] += mac_side;

    // Each keeper's own tiles, per instance: its fills from the parent, its visits.
    std::array<Sequence, kMaxLevels> own{};
    for (int i = 0; i < k; ++i)
      if (i + 1 < k || is_output) own[keepers[i]] = sequence(n, n.t_start[keepers[i]], op, shape, nullptr, timeloop);

    for (int i = 0; i + 1 < k; ++i) {
      const int child = keepers[i], parent = keepers[i + 1];
      const int bc = n.t_start[child];
      // The union of the children the parent serves at once: the spatial loops right above
      // the child's tile whose networks multicast (reduce); a temporal loop ends it.
      int u = bc;
      while (u > 0 && n.loops[u - 1].spatial && n.loops[u - 1].level <= parent && joins(n.loops[u - 1], op, rules)) --u;
      const Sequence& per_child = own[child];
      const int net = charged_network(child, parent, rules);
      auto& net_child = c.network_child_words[net][op];
      auto& net_level = c.network_level_words[net][op];
      // Timeloop (rule B): the parent serves every child below it at once across the
      // temporal loops of the levels in between (they bypass the operand); its children
      // share a transfer where their tiles are identical: they differ only in joining
      // spatial loops over dims the operand ignores. Those loops are pinned.
      if (timeloop) {
        int t = bc;
        while (t > 0 && (n.loops[t - 1].level < parent || (n.loops[t - 1].level == parent && n.loops[t - 1].spatial))) --t;
        mask.fill(false);
        for (int x = t; x < bc; ++x)
          mask[x] = n.loops[x].spatial && joins(n.loops[x], op, rules) && !is_relevant(op, static_cast<Dim>(n.loops[x].dim));
      }
      if (!is_output) {
        const std::int64_t parent_reads = timeloop ? sequence(n, bc, op, shape, mask.data(), true).fills
                                          : u == bc ? per_child.fills
                                                    : sequence(n, u, op, shape, nullptr, false).fills;
        lv[child][op].fills += per_child.fills;
        lv[parent][op].reads += parent_reads;
        net_child += per_child.fills;
        net_level += parent_reads;
      } else {
        // Every visit of the union's tile writes it back (reduced); every visit but a word's
        // first reads its psums back. eyrie: into one child of a reducing group (the others
        // start from zero); Timeloop: into every child.
        const Sequence group = timeloop ? sequence(n, bc, op, shape, mask.data(), true)
                               : u == bc ? per_child
                                         : sequence(n, u, op, shape, nullptr, false);
        const std::int64_t readback = group.writeback - group.distinct;
        const std::int64_t child_fills =
            timeloop ? per_child.writeback - per_child.distinct : readback;
        lv[child][op].fills += child_fills;
        lv[parent][op].updates += group.writeback;
        net_child += child_fills + per_child.writeback;
        net_level += readback + group.writeback;
      }
    }
    if (is_output) {
      // A psum update reads the old value unless it is the word's first update in this
      // residency and the word was not filled: reads = updates - visit words + fills.
      for (int i = 0; i < k; ++i) {
        const int l = keepers[i];
        lv[l][op].reads = lv[l][op].updates - own[l].writeback + lv[l][op].fills;
      }
    }
  }

  // Groups are an outer loop over independent convolutions: everything scales.
  const std::int64_t g = shape.groups;
  for (int l = 0; l < m.count; ++l)
    for (Operand op : kOperands) {
      c.levels[l][op].reads *= g;
      c.levels[l][op].fills *= g;
      c.levels[l][op].updates *= g;
      c.network_child_words[l][op] *= g;
      c.network_level_words[l][op] *= g;
      if (rules.fanout[l]) {
        c.noc_pe_words[op] += c.network_child_words[l][op];
        c.noc_buffer_words[op] += c.network_level_words[l][op];
      }
    }
  c.macs = macs * g;
  c.groups = g;
  c.compute_cycles = order_free.cycles * g;
  return c;
}

}  // namespace eyrie
