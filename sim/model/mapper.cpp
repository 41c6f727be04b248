#include "sim/model/mapper.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

#include "sim/core/content_hash.h"
#include "sim/core/error.h"

namespace eyrie {

Objective objective_named(const std::string& name) {
  if (name == "energy") return Objective::Energy;
  if (name == "cycles") return Objective::Cycles;
  if (name == "edp") return Objective::Edp;
  throw Error("--objective: unknown objective \"" + name + "\" (choose energy, cycles, edp)");
}

const char* to_string(Objective o) {
  switch (o) {
    case Objective::Energy: return "energy";
    case Objective::Cycles: return "cycles";
    case Objective::Edp: return "edp";
  }
  return "?";
}

const std::array<std::array<Dim, kDims>, 3>& stationary_orders() {
  static const std::array<std::array<Dim, kDims>, 3> orders = {{
      {Dim::Q, Dim::P, Dim::N, Dim::S, Dim::R, Dim::C, Dim::M},  // weights stay: N,P,Q inner
      {Dim::S, Dim::R, Dim::C, Dim::Q, Dim::P, Dim::M, Dim::N},  // psums stay: C,R,S inner
      {Dim::M, Dim::S, Dim::R, Dim::Q, Dim::P, Dim::C, Dim::N},  // inputs stay: M inner
  }};
  return orders;
}

double Mapper::cost(const AccessCounts& c) const {
  const Performance perf = m_engine.performance(c);
  const double energy = m_engine.energy_model().evaluate(c, perf.cycles).total();
  const double cycles = static_cast<double>(perf.cycles);
  switch (m_objective) {
    case Objective::Energy: return energy;
    case Objective::Cycles: return cycles;
    case Objective::Edp: return energy * cycles;
  }
  return energy;
}

double Mapper::cost_lower_bound(const LayerShape& shape, const Mapping& spread) const {
  // What every mapping with these spatial factors (and keeps) costs at least: the MAC energy
  // (one group's MACs: the counts cover all groups, so this is no more), the leakage over the
  // fewest cycles, the outermost level's compulsory traffic and the MACs' own words. Every
  // price is non-negative and the cycles are a max over terms each monotone in the counts, so
  // cost() of any real mapping of this spread is at least this.
  const ArchSpec& arch = m_engine.arch();
  AccessCounts c;
  c.level_count = arch.levels();
  c.macs = product(shape.dims);
  // The fewest temporal iterations: per dim, the passes its spatial product leaves (the
  // existing iterations form a product set).
  c.compute_cycles = 1;
  for (int d = 0; d < kDims; ++d) {
    std::int64_t spatial = 1;
    for (int l = 0; l < c.level_count; ++l) spatial *= spread.levels[l].spatial_x[d] * spread.levels[l].spatial_y[d];
    c.compute_cycles *= (shape.dims[d] + spatial - 1) / spatial;
  }
  // The outermost level keeps everything: every weight is read from it at least once and
  // every output written back to it at least once (one group's words, again no more).
  const int outer = c.level_count - 1;
  c.levels[outer][Operand::Weights].reads = shape[Dim::M] * shape[Dim::C] * shape[Dim::R] * shape[Dim::S];
  c.levels[outer][Operand::Outputs].updates = shape[Dim::N] * shape[Dim::M] * shape[Dim::P] * shape[Dim::Q];
  // The MACs' side of each operand's innermost keeper k: every MAC takes one word (gives one
  // psum) over the network count_accesses charges for it, counted at the children: exactly
  // `macs` words. At k, a word in one cycle serves at most the MACs that differ only in
  // spatial loops (at k and below) over dims that do not pin the word: the dims the operand
  // ignores and, for inputs, the window's P, Q, R, S (sliding windows share words). So k
  // reads (updates) at least macs / that product, and its network carries as many.
  const NetworkRules& rules = m_engine.network_rules();
  for (Operand op : kOperands) {
    int k = 0;
    while (k < outer && !spread.levels[k].keep[op]) ++k;
    std::int64_t sharing = 1;
    for (int l = 0; l <= k; ++l)
      for (Dim d : kAllDims) {
        const bool window = op == Operand::Inputs && (d == Dim::P || d == Dim::Q || d == Dim::R || d == Dim::S);
        const int i = static_cast<int>(d);
        if (window || !is_relevant(op, d)) sharing *= spread.levels[l].spatial_x[i] * spread.levels[l].spatial_y[i];
      }
    const std::int64_t words = (c.macs + sharing - 1) / sharing;
    std::int64_t& at_k = op == Operand::Outputs ? c.levels[k][op].updates : c.levels[k][op].reads;
    at_k = std::max(at_k, words);
    const int net = charged_network(-1, k, rules);
    c.network_child_words[net][op] = c.macs;
    c.network_level_words[net][op] = words;
  }
  return cost(c);
}

namespace {

std::vector<std::int64_t> divisors(std::int64_t n) {
  std::vector<std::int64_t> small, large;
  for (std::int64_t i = 1; i * i <= n; ++i)
    if (n % i == 0) {
      small.push_back(i);
      if (i != n / i) large.push_back(n / i);
    }
  small.insert(small.end(), large.rbegin(), large.rend());
  return small;
}

// The factors a spatial loop may take over `n` (ascending): every divisor (no partial fold),
// the most PEs that fit (`cap`: the last fold takes the rest) and every fold into k passes of
// near-equal size (ceil(n / k)) that fits, so that a dim sharing the mesh with another can
// take what is left of it (AlexNet CONV1's C3 x R11 on 32 rows: C2 x R11). About 2 sqrt(n)
// values: the imperfect pass stays small, and only its best spreads are evaluated.
std::vector<std::int64_t> spatial_candidates(std::int64_t n, std::int64_t cap) {
  std::vector<std::int64_t> c = divisors(n);
  if (cap < n) c.push_back(cap);
  for (std::int64_t k = 1; k <= n; ++k) {
    const std::int64_t f = (n + k - 1) / k;
    if (f <= cap) c.push_back(f);
    if (f == 1) break;
  }
  std::sort(c.begin(), c.end());
  c.erase(std::unique(c.begin(), c.end()), c.end());
  return c;
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// A level's name as a message says it: "register_file" -> "register file".
std::string spoken(std::string name) {
  for (char& c : name)
    if (c == '_') c = ' ';
  return name;
}

// Calls visit(f) for every assignment of factors to `dims` (each dividing rem) that fits and
// that no single factor can grow in while still fitting. `fits` must be monotone.
// With maximal = false every fitting assignment is visited.
// `cap` > 0: spatial loops, which may fold imperfectly (spatial_candidates up to cap); else the
// divisors of what is left.
template <class Fits, class Visit>
void enumerate_maximal(const std::vector<Dim>& dims, const Factors& rem, Factors f, const Fits& fits, const Visit& visit,
                       bool maximal = true, std::int64_t cap = 0) {
  std::array<std::vector<std::int64_t>, kDims> divs;  // of rem[d] / base f[d], ascending
  for (Dim d : dims) {
    const std::int64_t left = ceil_div(rem[static_cast<int>(d)], f[static_cast<int>(d)]);
    divs[static_cast<int>(d)] = cap > 0 ? spatial_candidates(left, cap) : divisors(left);
  }
  const Factors base = f;
  const auto rec = [&](const auto& self, std::size_t i) -> void {
    if (i == dims.size()) {
      for (Dim d : dims) {
        if (!maximal) break;
        const int k = static_cast<int>(d);
        const auto& dv = divs[k];
        const auto it = std::upper_bound(dv.begin(), dv.end(), f[k] / base[k]);
        if (it == dv.end()) continue;
        Factors g = f;
        g[k] = base[k] * *it;
        if (fits(g)) return;  // not maximal
      }
      visit(f);
      return;
    }
    const int k = static_cast<int>(dims[i]);
    for (std::int64_t v : divs[k]) {
      f[k] = base[k] * v;
      if (!fits(f)) break;
      self(self, i + 1);
    }
    f[k] = base[k];
  };
  if (fits(f)) rec(rec, 0);
}

// A candidate's factors and orders, level by level (the keeps are the search's own): the key
// of Mapper::Costs, written into `key` (kKeyPerLevel values a level); returns its width.
constexpr int kKeyPerLevel = 3 * kDims + 1;
using CandidateKey = std::array<std::int64_t, kMaxLevels * kKeyPerLevel>;
int candidate_key(const Mapping& m, int levels, CandidateKey& key) {
  std::int64_t* out = key.data();
  for (int l = 0; l < levels; ++l) {
    const LevelMapping& lv = m.levels[l];
    out = std::copy(lv.temporal.begin(), lv.temporal.end(), out);
    out = std::copy(lv.spatial_x.begin(), lv.spatial_x.end(), out);
    out = std::copy(lv.spatial_y.begin(), lv.spatial_y.end(), out);
    std::int64_t order = 0;
    for (Dim d : lv.permutation) order = order * 8 + static_cast<int>(d);
    *out++ = order;
  }
  return levels * kKeyPerLevel;
}

struct OrderSet {
  std::array<int, 3> index{};
  int count = 0;
};

// The stationary orders that give distinct nests for these factors, first occurrence kept.
OrderSet distinct_orders(const Factors& f) {
  OrderSet set;
  std::array<std::int64_t, 3> keys{};
  for (int i = 0; i < 3; ++i) {
    std::int64_t key = 0;
    for (Dim d : stationary_orders()[i])
      if (f[static_cast<int>(d)] > 1) key = key * 8 + static_cast<int>(d) + 1;
    bool seen = false;
    for (int k = 0; k < set.count; ++k) seen = seen || keys[k] == key;
    if (seen) continue;
    keys[set.count] = key;
    set.index[set.count++] = i;
  }
  return set;
}

// What is left of each dim over the loops b covers: ceil(a / b) (the last pass partial).
Factors divide(const Factors& a, const Factors& b) {
  Factors r;
  for (int d = 0; d < kDims; ++d) r[d] = ceil_div(a[d], b[d]);
  return r;
}

// The levels with more than one child, innermost first (the preset: the global buffer over
// the PE array): the dataflow's X and Y dims spread over each of their meshes.
struct Fanout {
  int level;
  std::int64_t mesh_x, mesh_y;
};
std::vector<Fanout> fanout_levels(const ArchSpec& arch) {
  std::vector<Fanout> f;
  for (int l = 0; l < arch.levels(); ++l) {
    const std::int64_t x = l == 0 ? arch.compute.mesh_x : arch.storage[l - 1].mesh_x;
    const std::int64_t y = l == 0 ? arch.compute.mesh_y : arch.storage[l - 1].mesh_y;
    if (x * y > 1) f.push_back(Fanout{l, x, y});
  }
  return f;
}

// Does level l's kept tile (per operand, or summed when shared) fit its capacity (over `share`:
// what is left when the factors at the level itself may still multiply the tile by share)?
// `share` counts in units of kWholeRoom (share = kWholeRoom: the whole capacity), so that the
// ladders' rungs can step by 3/2 and 4/3: 1, 2/3, 1/2, 1/3, 1/4, 1/6, ... of the capacity.
constexpr std::int64_t kWholeRoom = 2;
std::int64_t next_rung(std::int64_t share) { return (share & (share - 1)) == 0 ? share * 3 / 2 : share * 4 / 3; }

bool level_fits(const Mapping& m, const LayerShape& shape, const StorageLevelSpec& lv, int l, std::int64_t share = kWholeRoom) {
  const auto tiles = tile_words(m, shape, l);
  if (lv.shared) {
    if (lv.usable_words(Operand::Weights) < 0) return true;
    std::int64_t words = 0;
    for (Operand op : kOperands)
      if (m.levels[l].keep[op]) words += tiles[op];
    return words <= lv.usable_words(Operand::Weights) * kWholeRoom / share;
  }
  for (Operand op : kOperands)
    if (m.levels[l].keep[op] && lv.usable_words(op) >= 0 && tiles[op] > lv.usable_words(op) * kWholeRoom / share) return false;
  return true;
}

// The largest capacity in words among the levels from `from` to `to` (exclusive); 0 if none
// is bounded.
std::int64_t largest_capacity(const ArchSpec& arch, int from, int to) {
  std::int64_t most = 0;
  for (int l = std::max(from, 1); l < to; ++l)
    for (Operand op : kOperands) most = std::max(most, arch.storage[l].usable_words(op));
  return most;
}

}  // namespace

std::uint64_t Mapper::Costs::hash(const std::int64_t* key, int width) { return hash_values(key, width); }

std::size_t Mapper::Costs::slot_of(const std::int64_t* key, int width, std::uint64_t h) const {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t s = static_cast<std::size_t>(h) & mask;; s = (s + 1) & mask) {
    const std::uint32_t at = m_slots[s];
    if (at == 0 || std::equal(key, key + width, m_keys.data() + static_cast<std::size_t>(at - 1) * width)) return s;
  }
}

const double* Mapper::Costs::find(const std::int64_t* key, int width) const {
  if (m_slots.empty() || width != m_width) return nullptr;
  const std::uint32_t at = m_slots[slot_of(key, width, hash(key, width))];
  return at == 0 ? nullptr : &m_costs[at - 1];
}

void Mapper::Costs::insert(const std::int64_t* key, int width, double cost) {
  if (m_slots.empty()) {
    m_width = width;
    m_slots.assign(1024, 0);
  }
  if (width != m_width) throw Error("Mapper::Costs: keys of different widths");
  std::size_t s = slot_of(key, width, hash(key, width));
  if (m_slots[s] != 0) return;
  if (2 * (m_costs.size() + 1) > m_slots.size()) {
    // Keep the load at most 1/2: double the slots and place every key again.
    std::vector<std::uint32_t> grown(2 * m_slots.size(), 0);
    m_slots.swap(grown);
    for (std::size_t i = 0; i < m_costs.size(); ++i) {
      const std::int64_t* k = m_keys.data() + i * width;
      m_slots[slot_of(k, width, hash(k, width))] = static_cast<std::uint32_t>(i + 1);
    }
    s = slot_of(key, width, hash(key, width));
  }
  m_keys.insert(m_keys.end(), key, key + width);
  m_costs.push_back(cost);
  m_slots[s] = static_cast<std::uint32_t>(m_costs.size());
}

SearchResult Mapper::search(const LayerShape& shape, const Dataflow& df) const {
  const std::int64_t cap = m_options.exhaustive ? 0 : m_options.max_evaluations;
  constexpr double kNone = std::numeric_limits<double>::infinity();
  if (m_options.own_capacity_only) {
    // The former search: maximal spatial and innermost factors can leave the tiles above too
    // big where smaller ones fit: only then are all innermost factors tried (spatial still
    // maximal), and only when that fails too, every spatial factor as well.
    SearchResult r = search(shape, df, true, true, false, kNone, cap);
    for (const bool spatial : {true, false}) {
      if (r.found || r.capped) return r;
      SearchResult wider = search(shape, df, spatial, false, false, kNone, cap > 0 ? std::max<std::int64_t>(1, cap - r.evaluated) : 0);
      wider.evaluated += r.evaluated;
      wider.pruned += r.pruned;
      if (!wider.found) wider.reason = r.reason;
      r = wider;
    }
    return r;
  }
  // Maximal under every level above as well: the feasible choices are closed under shrinking
  // a factor, so a maximal one exists whenever any mapping does, and nothing is left to widen.
  // The search is the ladder's (every rung); the pruned search first runs rung 0 alone (a
  // subset, cheap) so that its best bounds the full one from the start: a spread whose lower
  // bound exceeds it cannot hold the optimum. The result is the full search's either way.
  if (m_options.exhaustive) return search(shape, df, true, true, true, kNone, 0);
  bool more_rungs = false;
  Costs seen;
  const SearchResult first = search(shape, df, true, true, false, kNone, cap, &more_rungs, &seen);
  // Where no level's ladder had a rung below 0, rung 0 is the whole search.
  if (!first.found || first.capped || !more_rungs) return first;
  // The full search takes the costs of rung 0's candidates from the first pass: each
  // candidate is evaluated (and counted, and capped) once.
  SearchResult r = search(shape, df, true, true, true, first.cost, cap > 0 ? std::max<std::int64_t>(1, cap - first.evaluated) : 0,
                          nullptr, &seen);
  r.evaluated += first.evaluated;
  r.pruned += first.pruned;
  if (r.capped && (!r.found || first.cost < r.cost)) {
    // Stopped before it matched rung 0's best: that one stands (the cap is still reported).
    r.found = true;
    r.cost = first.cost;
    r.best = first.best;
  }
  return r;
}

SearchResult Mapper::search(const LayerShape& shape, const Dataflow& df, bool maximal_spatial, bool maximal_inner,
                            bool rungs, double beat, std::int64_t budget, bool* more_rungs, Costs* costs) const {
  const ArchSpec& arch = m_engine.arch();
  SearchResult result;
  const bool prune = !m_options.exhaustive;
  // Spreads are visited best-first (fewest temporal iterations first) so the bound bites
  // early; a candidate's place in the fixed order (the unpruned search's) is its key
  // (the index of its spread at every fan-out, then its rank inside that spread), and a
  // candidate replaces the best when its cost is lower, or equal with an earlier key: the
  // result is the fixed order's first best, whatever the visiting order.
  using Key = std::array<std::int64_t, kMaxLevels + 1>;
  Key key{};
  Key best_key{};
  CandidateKey costs_key{};
  std::int64_t rank = 0;
  bool stop = false;
  const int Ri = static_cast<int>(Dim::R), Si = static_cast<int>(Dim::S);
  const int levels = arch.levels();
  const int outer = levels - 1;
  const std::vector<Fanout> fans = fanout_levels(arch);
  // Row stationary's filter rows go down the innermost fan-out's rows.
  const std::int64_t mesh_y = fans.empty() ? 1 : fans.front().mesh_y;

  Mapping proto = mapping_for(arch);
  if (levels > 1) proto.levels[0].keep = df.rf_keep;
  // A level with no room for an operand bypasses it (the outermost keeps everything).
  for (int l = 1; l < outer; ++l)
    for (Operand op : kOperands) proto.levels[l].keep[op] = arch.storage[l].usable_words(op) != 0;
  // Row stationary puts a logical PE set's R filter rows down the array's rows; when R is
  // taller than the array the set folds: the largest divisor of R that fits goes down the rows,
  // the rest of R becomes passes outside the array (psums accumulate across them).
  std::int64_t r_rows = shape[Dim::R];
  if (df.y_whole_R)
    while (r_rows > mesh_y || shape[Dim::R] % r_rows != 0) --r_rows;
  const StorageLevelSpec& inner = arch.storage[0];
  if (levels > 1)
    for (Operand op : kOperands)
      if (df.rf_keep[op] && inner.usable_words(op) == 0) {
        result.reason = "the " + spoken(inner.name) + " has no room for " + to_string(op);
        return result;
      }
  std::string first_reason;
  auto note = [&](const std::string& r) {
    if (first_reason.empty()) first_reason = r;
  };
  // Do the middle levels from `from` up still fit with every factor above them at 1 (the
  // smallest tiles they can take)? A factor that breaks this leaves no legal completion, so a
  // choice is maximal when no factor can grow and keep it true. Tiles only grow with factors,
  // so the test is monotone, as enumerate_maximal needs.
  const bool fit_above = !m_options.own_capacity_only;
  auto overfull_above = [&](const Mapping& m, int from, std::int64_t share = kWholeRoom) {
    if (fit_above)
      for (int l = std::max(from, 1); l < outer; ++l)
        if (!level_fits(m, shape, arch.storage[l], l, share)) return l;
    return -1;
  };
  auto above_fits = [&](const Mapping& m, int from, std::int64_t share = kWholeRoom) { return overfull_above(m, from, share) < 0; };
  // A level's choices: maximal under its own capacity and, rung by rung, the levels above it
  // at 1, 2/3, 1/2, 1/3, 1/4, 1/6, ... of theirs (next_rung), until a rung leaves only the
  // base. Steps of 3/2 and 4/3, not halves: the choice that leaves room for a loop above can
  // lie between two halves (ws, AlexNet CONV4 on 6 x 21 with an 8 KiB buffer: RF[C4 S3]
  // beside Y[C2 R3]). Rung 0 alone fills the levels above and leaves their own factors
  // nothing; the lower rungs trade a smaller tile here for room above (ws, AlexNet CONV1 on 13 x 64 with a 16 KiB buffer: an empty register
  // file tile and a larger buffer tile, 1/1.52 of rung 0's energy-delay). Each distinct choice
  // once, in rung order.
  std::vector<std::vector<Factors>> rungs_at(kMaxLevels);  // scratch per level
  auto ladder = [&](Mapping& m, int l, const std::vector<Dim>& dims, const Factors& rem, const Factors& base,
                    const auto& own_fits, bool maximal, const auto& visit) {
    std::vector<Factors>& choices = rungs_at[l];
    choices.clear();
    const std::int64_t most = fit_above ? largest_capacity(arch, l + 1, outer) : 0;
    for (std::int64_t share = kWholeRoom;; share = next_rung(share)) {
      bool only_base = true, binds = false;
      enumerate_maximal(dims, rem, base,
          [&](const Factors& f) {
            if (!own_fits(f)) return false;
            m.levels[l].temporal = f;
            const bool ok = above_fits(m, l + 1, share);
            binds = binds || !ok;
            return ok;
          },
          [&](const Factors& f) {
            only_base = only_base && f == base;
            if (std::find(choices.begin(), choices.end(), f) == choices.end()) choices.push_back(f);
          }, maximal);
      // A rung the levels above never constrained is the own-capacity maximal set: the
      // ladder stops there, though a lower rung could still constrain (the empty tile that
      // leaves the buffer room for its own loops is then not a choice; docs/MODEL.md says
      // what adding it finds and costs).
      if (!binds || only_base || share >= most * kWholeRoom || !maximal) break;
      if (!rungs) {
        if (more_rungs) *more_rungs = true;
        break;
      }
    }
    const std::vector<Factors> mine = choices;  // the recursion reuses the scratch of deeper levels only
    for (const Factors& f : mine) {
      if (stop) return;
      m.levels[l].temporal = f;
      visit(f);
    }
  };
  const auto capacity_note = [&](int l) {
    const StorageLevelSpec& lv = arch.storage[l];
    return "the tiles below the " + spoken(lv.name) + " exceed its capacity of " + std::to_string(lv.usable_words(Operand::Weights)) + " words";
  };
  // Levels between the innermost and the outermost take maximal factors, inside out; the
  // outermost takes what is left.
  std::function<void(Mapping&, int, const Factors&)> middle = [&](Mapping& m, int l, const Factors& left) {
    if (l >= outer) {
      m.levels[outer].temporal = left;
      // Orders that differ only in loops of bound 1 are the same nest: try each once.
      std::array<OrderSet, kMaxLevels> orders{};
      for (int k = 1; k < levels; ++k) orders[k] = distinct_orders(m.levels[k].temporal);
      std::array<int, kMaxLevels> pick{};
      while (true) {
        for (int k = 1; k < levels; ++k) m.levels[k].permutation = stationary_orders()[orders[k].index[pick[k]]];
        if (stop) return;
        // In the full pass, rung 0's candidates are known (rungs: read; else: record).
        double c = 0;
        bool known = false;
        int key_width = 0;
        if (costs) {
          key_width = candidate_key(m, levels, costs_key);
          if (rungs) {
            const double* at = costs->find(costs_key.data(), key_width);
            known = at != nullptr;
            if (known) c = *at;
          }
        }
        if (!known) {
          c = cost(count_accesses(m, shape, m_engine.network_rules()));
          ++result.evaluated;
          if (costs && !rungs) costs->insert(costs_key.data(), key_width, c);
        }
        key[kMaxLevels] = rank++;
        if (!result.found || c < result.cost || (c == result.cost && key < best_key)) {
          result.found = true;
          result.cost = c;
          result.best = m;
          best_key = key;
        }
        if (!known && budget > 0 && result.evaluated >= budget) {
          result.capped = true;
          stop = true;
          return;
        }
        int k = levels - 1;
        for (; k >= 1; --k) {
          if (++pick[k] < orders[k].count) break;
          pick[k] = 0;
        }
        if (k < 1) break;
      }
      return;
    }
    const StorageLevelSpec& lv = arch.storage[l];
    auto fits = [&](const Factors& f) {
      m.levels[l].temporal = f;
      return level_fits(m, shape, lv, l);
    };
    if (!fits(kOnes) || !above_fits(m, l + 1)) {
      note(capacity_note(fits(kOnes) ? overfull_above(m, l + 1) : l));
      m.levels[l].temporal = kOnes;
      return;
    }
    static const std::vector<Dim> all(std::begin(kAllDims), std::end(kAllDims));
    ladder(m, l, all, left, kOnes, fits, true, [&](const Factors& f) { middle(m, l + 1, divide(left, f)); });
    m.levels[l].temporal = kOnes;
  };

  auto with_spatial = [&](Mapping m, const Factors& after_s) {
    if (levels == 1) {
      middle(m, outer, after_s);
      return;
    }
    Factors rf_base = kOnes;
    if (df.rf_whole_S) rf_base[Si] = after_s[Si];
    auto rf_fits = [&](const Factors& f) {
      m.levels[0].temporal = f;
      return level_fits(m, shape, inner, 0);
    };
    m.levels[0].temporal = rf_base;
    if (!level_fits(m, shape, inner, 0)) {
      note("a filter row of S=" + std::to_string(after_s[Si]) + " (with its inputs) does not fit the " + spoken(inner.name));
      return;
    }
    if (const int l = overfull_above(m, 1); l >= 0) {
      note(capacity_note(l));
      return;
    }
    ladder(m, 0, df.rf_dims, after_s, rf_base, rf_fits, maximal_inner,
           [&](const Factors& rf) { middle(m, 1, divide(after_s, rf)); });
  };

  // The fan-outs, innermost first: X, then Y factors over what is left.
  std::function<void(Mapping&, std::size_t, const Factors&)> spread = [&](Mapping& m, std::size_t f, const Factors& left) {
    if (f == fans.size()) {
      if (prune && (result.found || beat < std::numeric_limits<double>::infinity())) {
        // `beat` is a cost some mapping of this search reaches (rung 0's best), so no better
        // one lies above it either.
        if (cost_lower_bound(shape, m) > std::min(beat, result.found ? result.cost : beat)) {
          ++result.pruned;
          return;
        }
      }
      rank = 0;
      with_spatial(m, left);
      return;
    }
    const Fanout& fo = fans[f];
    // Every fan-out the divisor search finds is tried; of those with partial folds only the
    // kImperfect fewest-cycle ones (at full overlap), so the imperfect factors add a bounded
    // number of candidates and never remove one.
    struct Spread {
      Factors sx, sy;
      std::int64_t cycles;
    };
    std::vector<Spread> exact, partial, joint;
    // A spread fits when the mesh holds it and the levels above still fit with the smallest
    // tiles below (the innermost level's base, every temporal factor 1).
    Mapping& probe = m;
    const Factors inner_saved = probe.levels[0].temporal;
    if (levels > 1 && df.rf_whole_S) probe.levels[0].temporal[Si] = left[Si];
    std::int64_t share = kWholeRoom;
    bool binds = false;
    bool track = true;  // off while looking for the joint spreads: they leave the rungs as they are
    auto spread_fits = [&](const Factors& sx, const Factors& sy) {
      probe.levels[fo.level].spatial_x = sx;
      probe.levels[fo.level].spatial_y = sy;
      const bool ok = above_fits(probe, fo.level, share);
      probe.levels[fo.level].spatial_x = kOnes;
      probe.levels[fo.level].spatial_y = kOnes;
      binds = binds || (track && !ok);
      return ok;
    };
    // Can some X factor grow (to its next candidate) with the mesh and the levels above still
    // holding the spread? The X dims in order, the first that can ends the test.
    // (Candidates: the divisors, or with partial folds the spatial ones, as the X loop's own.)
    std::array<std::array<std::vector<std::int64_t>, kDims>, 2> x_cands;
    for (Dim d : df.x_dims) {
      const int k = static_cast<int>(d);
      x_cands[0][k] = divisors(left[k]);
      x_cands[1][k] = spatial_candidates(left[k], fo.mesh_x);
    }
    auto x_can_grow = [&](const Factors& sx, const Factors& sy, bool imperfect) {
      for (Dim d : df.x_dims) {
        const int k = static_cast<int>(d);
        const auto& cands = x_cands[imperfect ? 1 : 0][k];
        const auto it = std::upper_bound(cands.begin(), cands.end(), sx[k]);
        if (it == cands.end()) continue;
        Factors g = sx;
        g[k] = *it;
        if (product(g) <= fo.mesh_x && spread_fits(g, sy)) return true;
      }
      return false;
    };
    auto known = [](const std::vector<Spread>& v, const Factors& sx, const Factors& sy) {
      return std::any_of(v.begin(), v.end(), [&](const Spread& s) { return s.sx == sx && s.sy == sy; });
    };
    // The rungs of the ladder (as for the temporal factors): the levels above at 1, 2/3, 1/2,
    // 1/3, ... of their capacity while they constrain the spread, so a smaller spread leaves
    // them room (a spread between two halves, M24 between M32 and M16, can be the one that
    // leaves room for the buffer's own loop).
    const std::int64_t most = fit_above ? largest_capacity(arch, fo.level, outer) : 0;
    for (;; share = next_rung(share)) {
      binds = false;
      const std::size_t known_before = exact.size() + partial.size();
      // Pass 0: divisors only (maximal among divisors: the exact search); pass 1: the
      // imperfect candidates too, of which only the spreads with a partial fold are new.
      for (const bool imperfect : {false, true}) {
        const std::int64_t cap_x = imperfect ? fo.mesh_x : 0, cap_y = imperfect ? fo.mesh_y : 0;
        Factors y_base = kOnes;
        if (df.y_whole_R && f == 0) y_base[Ri] = r_rows;
        enumerate_maximal(df.x_dims, left, kOnes,
            [&](const Factors& sx) { return product(sx) <= fo.mesh_x && spread_fits(sx, y_base); },
            [&](const Factors& sx) {
              const Factors after_x = divide(left, sx);
              if (maximal_spatial && !imperfect && x_can_grow(sx, y_base, false)) {
                // Not maximal with Y at its base, but maybe with the Y factors it leaves room
                // for (small buffers: X M24 and Y C16 R3 where X M48 leaves Y only C8 R3 or less):
                // the exact spreads no factor can grow in, X and Y together, in a list of their own.
                track = false;
                auto y_fits = [&](const Factors& sy) { return product(sy) <= fo.mesh_y && spread_fits(sx, sy); };
                enumerate_maximal(df.y_dims, after_x, y_base, y_fits, [&](const Factors& sy) {
                  if (x_can_grow(sx, sy, false) || known(joint, sx, sy)) return;
                  std::int64_t cycles = 1;
                  for (int d = 0; d < kDims; ++d) cycles *= ceil_div(left[d], sx[d] * sy[d]);
                  joint.push_back(Spread{sx, sy, cycles});
                }, true, 0);
                track = true;
                return;
              }
              if (maximal_spatial && imperfect && x_can_grow(sx, y_base, true)) return;
              auto y_fits = [&](const Factors& sy) { return product(sy) <= fo.mesh_y && spread_fits(sx, sy); };
              enumerate_maximal(df.y_dims, after_x, y_base, y_fits, [&](const Factors& sy) {
                bool divides = true;
                std::int64_t cycles = 1;
                for (int d = 0; d < kDims; ++d) {
                  divides = divides && left[d] % (sx[d] * sy[d]) == 0;
                  cycles *= ceil_div(left[d], sx[d] * sy[d]);
                }
                if (!imperfect && !known(exact, sx, sy)) exact.push_back(Spread{sx, sy, cycles});
                else if (imperfect && !divides && !known(partial, sx, sy)) partial.push_back(Spread{sx, sy, cycles});
              }, maximal_spatial, cap_y);
            }, false, cap_x);
      }
      if (!binds || share >= most * kWholeRoom || !maximal_spatial || exact.size() + partial.size() == known_before) break;
      if (!rungs) {
        if (more_rungs) *more_rungs = true;
        break;
      }
    }
    probe.levels[0].temporal = inner_saved;
    if (exact.empty() && partial.empty()) {
      // The smallest spread leaves some level above too full: nothing under it fits.
      Factors y_base = kOnes;
      if (df.y_whole_R && f == 0) y_base[Ri] = r_rows;
      probe.levels[fo.level].spatial_y = y_base;
      if (levels > 1 && df.rf_whole_S) probe.levels[0].temporal[Si] = left[Si];
      if (const int l = overfull_above(probe, fo.level); l >= 0) note(capacity_note(l));
      probe.levels[0].temporal = inner_saved;
      probe.levels[fo.level].spatial_y = kOnes;
      return;
    }
    constexpr std::size_t kImperfect = 4;
    std::stable_sort(partial.begin(), partial.end(), [](const Spread& a, const Spread& b) { return a.cycles < b.cycles; });
    if (partial.size() > kImperfect) partial.resize(kImperfect);
    // The fixed order: the exact spreads, then the partial ones; each keeps its index there
    // as its key, and the visiting order is by temporal iterations (stable) when pruning.
    std::vector<const Spread*> order;
    for (const auto* list : {&exact, &partial, &joint})
      for (const Spread& s : *list) order.push_back(&s);
    std::vector<std::int64_t> index(order.size());
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = static_cast<std::int64_t>(i);
    if (prune)
      std::stable_sort(index.begin(), index.end(),
                       [&](std::int64_t a, std::int64_t b) { return order[a]->cycles < order[b]->cycles; });
    for (const std::int64_t i : index) {
      if (stop) return;
      const Spread& s = *order[i];
      key[f] = i;
      m.levels[fo.level].spatial_x = s.sx;
      m.levels[fo.level].spatial_y = s.sy;
      spread(m, f + 1, divide(divide(left, s.sx), s.sy));
      m.levels[fo.level].spatial_x = kOnes;
      m.levels[fo.level].spatial_y = kOnes;
    }
    key[f] = 0;
  };
  Mapping start = proto;
  spread(start, 0, shape.dims);
  if (!result.found) result.reason = first_reason.empty() ? "no mapping satisfies the dataflow's constraints" : first_reason;
  return result;
}

}  // namespace eyrie
