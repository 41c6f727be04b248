#include "sim/model/mapper.h"

#include <algorithm>
#include <functional>
#include <vector>

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
  const double energy = m_engine.energy_model().evaluate(c).total();
  const double cycles = static_cast<double>(m_engine.performance(c).cycles);
  switch (m_objective) {
    case Objective::Energy: return energy;
    case Objective::Cycles: return cycles;
    case Objective::Edp: return energy * cycles;
  }
  return energy;
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

// Calls visit(f) for every assignment of factors to `dims` (each dividing rem) that fits and
// that no single factor can grow in while still fitting. `fits` must be monotone.
// With maximal = false every fitting assignment is visited.
void enumerate_maximal(const std::vector<Dim>& dims, const Factors& rem, Factors f,
                       const std::function<bool(const Factors&)>& fits,
                       const std::function<void(const Factors&)>& visit, bool maximal = true) {
  std::array<std::vector<std::int64_t>, kDims> divs;  // of rem[d] / base f[d], ascending
  for (Dim d : dims) divs[static_cast<int>(d)] = divisors(rem[static_cast<int>(d)] / f[static_cast<int>(d)]);
  const Factors base = f;
  std::function<void(std::size_t)> rec = [&](std::size_t i) {
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
      rec(i + 1);
    }
    f[k] = base[k];
  };
  if (fits(f)) rec(0);
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

Factors divide(const Factors& a, const Factors& b) {
  Factors r;
  for (int d = 0; d < kDims; ++d) r[d] = a[d] / b[d];
  return r;
}

}  // namespace

SearchResult Mapper::search(const LayerShape& shape, const Dataflow& df) const {
  SearchResult r = search(shape, df, true);
  // Maximal spatial and RF factors can leave GLB tiles too big where smaller ones fit: only
  // then are all spatial and RF factors tried.
  if (!r.found) {
    SearchResult all = search(shape, df, false);
    all.evaluated += r.evaluated;
    if (!all.found) all.reason = r.reason;
    return all;
  }
  return r;
}

SearchResult Mapper::search(const LayerShape& shape, const Dataflow& df, bool maximal_spatial) const {
  const ArchSpec& arch = m_engine.arch();
  SearchResult result;
  const int Ri = static_cast<int>(Dim::R), Si = static_cast<int>(Dim::S);

  Mapping proto;
  proto.at(MapLevel::RegisterFile).keep = df.rf_keep;
  // Row stationary puts a logical PE set's R filter rows down the array's rows; when R is
  // taller than the array the set folds: the largest divisor of R that fits goes down the rows,
  // the rest of R becomes passes outside the array (psums accumulate across them).
  std::int64_t r_rows = shape[Dim::R];
  if (df.y_whole_R)
    while (r_rows > arch.pe_array.rows || shape[Dim::R] % r_rows != 0) --r_rows;
  const PerOperand<std::int64_t> rf_cap = {arch.register_file.filter_words, arch.register_file.ifmap_words,
                                           arch.register_file.psum_words};
  for (Operand op : kOperands)
    if (df.rf_keep[op] && rf_cap[op] <= 0) {
      result.reason = std::string("the register file has no room for ") + to_string(op);
      return result;
    }
  const std::int64_t glb_cap = arch.global_buffer_words() / (arch.global_buffer.double_buffered ? 2 : 1);
  std::string first_reason;
  auto note = [&](const std::string& r) {
    if (first_reason.empty()) first_reason = r;
  };

  Factors x_base = kOnes;
  enumerate_maximal(df.x_dims, shape.dims, x_base,
      [&](const Factors& f) { return product(f) <= arch.pe_array.cols; },
      [&](const Factors& sx) {
        Factors y_base = kOnes;
        if (df.y_whole_R) y_base[Ri] = r_rows;
        const Factors after_x = divide(shape.dims, sx);
        auto y_fits = [&](const Factors& f) { return product(f) <= arch.pe_array.rows; };
        enumerate_maximal(df.y_dims, after_x, y_base, y_fits, [&](const Factors& sy) {
          const Factors after_s = divide(after_x, sy);
          Mapping m = proto;
          m.spatial_x = sx;
          m.spatial_y = sy;
          Factors rf_base = kOnes;
          if (df.rf_whole_S) rf_base[Si] = after_s[Si];
          auto rf_fits = [&](const Factors& f) {
            m.at(MapLevel::RegisterFile).temporal = f;
            const auto tiles = tile_words(m, shape, MapLevel::RegisterFile);
            for (Operand op : kOperands)
              if (df.rf_keep[op] && tiles[op] > rf_cap[op]) return false;
            return true;
          };
          if (!rf_fits(rf_base)) {
            note("a filter row of S=" + std::to_string(after_s[Si]) + " (with its inputs) does not fit the register file");
            return;
          }
          enumerate_maximal(df.rf_dims, after_s, rf_base, rf_fits, [&](const Factors& rf) {
            m.at(MapLevel::RegisterFile).temporal = rf;
            const Factors after_rf = divide(after_s, rf);
            auto glb_fits = [&](const Factors& f) {
              m.at(MapLevel::GlobalBuffer).temporal = f;
              const auto tiles = tile_words(m, shape, MapLevel::GlobalBuffer);
              std::int64_t words = 0;
              for (Operand op : kOperands)
                if (m.at(MapLevel::GlobalBuffer).keep[op]) words += tiles[op];
              return words <= glb_cap;
            };
            if (!glb_fits(kOnes)) {
              note("the tiles below the global buffer exceed its capacity of " + std::to_string(glb_cap) + " words");
              return;
            }
            static const std::vector<Dim> all(std::begin(kAllDims), std::end(kAllDims));
            enumerate_maximal(all, after_rf, kOnes, glb_fits, [&](const Factors& glb) {
              m.at(MapLevel::GlobalBuffer).temporal = glb;
              m.at(MapLevel::Dram).temporal = divide(after_rf, glb);
              // Orders that differ only in loops of bound 1 are the same nest: try each once.
              const auto glb_orders = distinct_orders(m.at(MapLevel::GlobalBuffer).temporal);
              const auto dram_orders = distinct_orders(m.at(MapLevel::Dram).temporal);
              for (int gi = 0; gi < glb_orders.count; ++gi)
                for (int di = 0; di < dram_orders.count; ++di) {
                  m.at(MapLevel::GlobalBuffer).permutation = stationary_orders()[glb_orders.index[gi]];
                  m.at(MapLevel::Dram).permutation = stationary_orders()[dram_orders.index[di]];
                  const double c = cost(count_accesses(m, shape));
                  ++result.evaluated;
                  if (!result.found || c < result.cost) {
                    result.found = true;
                    result.cost = c;
                    result.best = m;
                  }
                }
            });
          }, maximal_spatial);
        }, maximal_spatial);
      }, maximal_spatial);
  if (!result.found) result.reason = first_reason.empty() ? "no mapping satisfies the dataflow's constraints" : first_reason;
  return result;
}

}  // namespace eyrie
