#pragma once
// A brute-force reference for count_accesses, used only in tests. It literally walks the mapped
// loop nest of a small layer (one group, stride 1 so the input tile is a true box) and tracks,
// per level, per PE and per operand, the set of words resident, counting word by word:
//   fills    words in the new tile that the previous tile at the same place did not hold
//   reads    words handed to the child: distinct words across the PEs (multicast); psums read
//            back only when written before; MAC-side psum reads simulated per MAC
//   updates  psum words written back per visit, reduced across PEs
// It shares no code with memory/access_counts.cpp beyond the Mapping struct.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "memory/access_counts.h"

namespace eyrie::testing {

struct RefLoop {
  int level;  // 0 RF, 1 GLB, 2 DRAM
  int dim;
  std::int64_t bound;
};

class ReferenceCounter {
 public:
  ReferenceCounter(const Mapping& m, const LayerShape& s) : m_(m), s_(s) {
    for (int lv : {2, 1, 0})
      for (int i = kDims - 1; i >= 0; --i) {
        const int d = static_cast<int>(m.levels[lv].permutation[i]);
        temporal_.push_back({lv, d, m.levels[lv].temporal[d]});
      }
    for (std::int64_t y = 0; y < product(m.spatial_y); ++y)
      for (std::int64_t x = 0; x < product(m.spatial_x); ++x) instances_.push_back(decode(y, x));
  }

  AccessCounts count() {
    AccessCounts c;
    const std::int64_t macs = product(s_.dims);
    c.macs = macs;
    for (Operand op : kOperands) count_operand(op, c);
    return c;
  }

 private:
  struct Inst {
    Factors y, x;
  };
  using Idx = std::array<Factors, 3>;  // temporal index per level (RF, GLB, DRAM)

  Inst decode(std::int64_t y, std::int64_t x) const {
    Inst in{kOnes, kOnes};
    for (int d = kDims - 1; d >= 0; --d) {
      in.y[d] = y % m_.spatial_y[d];
      y /= m_.spatial_y[d];
      in.x[d] = x % m_.spatial_x[d];
      x /= m_.spatial_x[d];
    }
    return in;
  }

  Factors point(const Idx& t, const Inst& in) const {
    Factors p;
    for (int d = 0; d < kDims; ++d) {
      std::int64_t v = t[2][d];
      v = v * m_.levels[1].temporal[d] + t[1][d];
      v = v * m_.spatial_y[d] + in.y[d];
      v = v * m_.spatial_x[d] + in.x[d];
      v = v * m_.levels[0].temporal[d] + t[0][d];
      p[d] = v;
    }
    return p;
  }

  std::int64_t word(Operand op, const Factors& p) const {
    const auto& D = s_.dims;
    enum { N, M, C, P, Q, R, S };
    switch (op) {
      case Operand::Weights: return ((p[M] * D[C] + p[C]) * D[R] + p[R]) * D[S] + p[S];
      case Operand::Outputs: return ((p[N] * D[M] + p[M]) * D[P] + p[P]) * D[Q] + p[Q];
      case Operand::Inputs: {
        const std::int64_t h = p[P] + p[R], w = p[Q] + p[S];
        const std::int64_t H = D[P] + D[R] - 1, W = D[Q] + D[S] - 1;
        return ((p[N] * D[C] + p[C]) * H + h) * W + w;
      }
    }
    return -1;
  }

  // Odometer over the temporal loops with level > `above` (outer first); calls f(idx).
  void walk_outer(int above, const std::function<void(const Idx&)>& f) const {
    std::vector<RefLoop> loops;
    for (const auto& l : temporal_)
      if (l.level > above) loops.push_back(l);
    Idx idx{kOnes, kOnes, kOnes};
    for (auto& a : idx) a.fill(0);
    std::function<void(std::size_t)> rec = [&](std::size_t i) {
      if (i == loops.size()) return f(idx);
      for (std::int64_t v = 0; v < loops[i].bound; ++v) {
        idx[loops[i].level][loops[i].dim] = v;
        rec(i + 1);
      }
      idx[loops[i].level][loops[i].dim] = 0;
    };
    rec(0);
  }

  // Every temporal index of the levels <= `upto`, given the outer ones in `base`.
  void walk_inner(int upto, Idx base, const std::function<void(const Idx&)>& f) const {
    std::vector<RefLoop> loops;
    for (const auto& l : temporal_)
      if (l.level <= upto) loops.push_back(l);
    std::function<void(std::size_t)> rec = [&](std::size_t i) {
      if (i == loops.size()) return f(base);
      for (std::int64_t v = 0; v < loops[i].bound; ++v) {
        base[loops[i].level][loops[i].dim] = v;
        rec(i + 1);
      }
    };
    rec(0);
  }

  // Words one PE touches (inst >= 0) or all PEs touch (inst < 0) under the loops of levels
  // <= upto, the outer indices fixed.
  std::set<std::int64_t> tile(Operand op, int upto, const Idx& outer, int inst) const {
    std::set<std::int64_t> w;
    walk_inner(upto, outer, [&](const Idx& t) {
      if (inst >= 0) {
        w.insert(word(op, point(t, instances_[inst])));
      } else {
        for (const auto& in : instances_) w.insert(word(op, point(t, in)));
      }
    });
    return w;
  }

  static std::int64_t new_words(const std::set<std::int64_t>& now, const std::set<std::int64_t>& before) {
    std::int64_t n = 0;
    for (auto w : now) n += before.count(w) ? 0 : 1;
    return n;
  }

  void count_operand(Operand op, AccessCounts& c) const {
    std::vector<int> keepers;
    for (int l = 0; l < kMapLevels; ++l)
      if (m_.levels[l].keep[op] || l == 2) keepers.push_back(l);
    auto& lv = c.levels;
    const int P = static_cast<int>(instances_.size());
    const bool out = op == Operand::Outputs;
    const int k0 = keepers[0];

    // MAC side.
    std::set<std::int64_t> written;  // psums written so far (MAC-side simulation)
    if (!out) {
      if (k0 == 0) {
        lv[0][op].reads = product(s_.dims);
      } else {
        walk_outer(-1, [&](const Idx& t) {
          std::set<std::int64_t> w;
          for (const auto& in : instances_) w.insert(word(op, point(t, in)));
          lv[k0][op].reads += static_cast<std::int64_t>(w.size());
          c.noc_pe_words[op] += P;
          c.noc_buffer_words[op] += static_cast<std::int64_t>(w.size());
        });
      }
    } else if (k0 == 0) {
      // Per PE: a residency starts when the PE's tile changes; it holds what was filled into it
      // (psums written before, filled into the first PE whose tile holds them) and what it wrote.
      std::vector<std::set<std::int64_t>> prev(P), valid(P);
      walk_outer(0, [&](const Idx& outer) {
        std::vector<std::set<std::int64_t>> now(P);
        for (int i = 0; i < P; ++i) now[i] = tile(op, 0, outer, i);
        std::map<std::int64_t, int> head;
        for (int i = 0; i < P; ++i)
          for (auto w : now[i]) head.emplace(w, i);
        for (int i = 0; i < P; ++i) {
          if (now[i] == prev[i]) continue;
          valid[i].clear();
          for (auto w : now[i])
            if (written.count(w) && head[w] == i) valid[i].insert(w);
          prev[i] = now[i];
        }
        walk_inner(0, outer, [&](const Idx& t) {
          for (int i = 0; i < P; ++i) {
            const auto w = word(op, point(t, instances_[i]));
            if (valid[i].count(w)) ++lv[0][op].reads;
            valid[i].insert(w);
            written.insert(w);
            ++lv[0][op].updates;
          }
        });
      });
    } else {
      // The MACs update the level above the array directly, reduced across the PEs.
      std::set<std::int64_t> prev, valid;
      const int boundary = k0 == 1 ? 1 : 2;  // residency of that level
      walk_outer(boundary, [&](const Idx& outer) {
        const auto now = k0 == 1 ? tile(op, 1, outer, -1) : std::set<std::int64_t>{};
        if (k0 == 1 && now != prev) {
          valid.clear();
          for (auto w : now)
            if (written.count(w)) valid.insert(w);
          prev = now;
        }
        walk_inner(boundary, outer, [&](const Idx& t) {
          std::set<std::int64_t> ws;
          for (const auto& in : instances_) ws.insert(word(op, point(t, in)));
          for (auto w : ws) {
            if (k0 == 1 ? valid.count(w) : written.count(w)) ++lv[k0][op].reads;
            valid.insert(w);
            written.insert(w);
            ++lv[k0][op].updates;
          }
          c.noc_pe_words[op] += P;
          c.noc_buffer_words[op] += static_cast<std::int64_t>(ws.size());
        });
      });
    }

    for (std::size_t i = 0; i + 1 < keepers.size(); ++i) {
      const int child = keepers[i], parent = keepers[i + 1];
      if (!out) {
        if (child == 0) {
          std::vector<std::set<std::int64_t>> prev(P);
          std::set<std::int64_t> prev_union;
          walk_outer(0, [&](const Idx& outer) {
            std::set<std::int64_t> all;
            for (int k = 0; k < P; ++k) {
              auto now = tile(op, 0, outer, k);
              const auto n = new_words(now, prev[k]);
              lv[0][op].fills += n;
              c.noc_pe_words[op] += n;
              all.insert(now.begin(), now.end());
              prev[k] = std::move(now);
            }
            const auto nu = new_words(all, prev_union);
            lv[parent][op].reads += nu;
            c.noc_buffer_words[op] += nu;
            prev_union = std::move(all);
          });
        } else {
          std::set<std::int64_t> prev;
          walk_outer(1, [&](const Idx& outer) {
            auto now = tile(op, 1, outer, -1);
            const auto n = new_words(now, prev);
            lv[1][op].fills += n;
            lv[parent][op].reads += n;
            prev = std::move(now);
          });
        }
      } else {
        // Visits of the tile the parent sees (all PEs' union below the GLB); each visit is
        // written back once; words written before are read back at the start of a visit.
        std::set<std::int64_t> prev, touched;
        std::vector<std::set<std::int64_t>> prev_pe(P);
        walk_outer(child == 0 ? 0 : 1, [&](const Idx& outer) {
          if (child == 0)
            for (int k = 0; k < P; ++k) {
              auto now = tile(op, 0, outer, k);
              if (now != prev_pe[k]) c.noc_pe_words[op] += static_cast<std::int64_t>(now.size());
              prev_pe[k] = std::move(now);
            }
          auto now = tile(op, child == 0 ? 0 : 1, outer, -1);
          if (now == prev) return;
          std::int64_t back = 0;
          for (auto w : now) back += touched.count(w);
          lv[child][op].fills += back;
          lv[parent][op].updates += static_cast<std::int64_t>(now.size());
          if (child == 0) {
            c.noc_pe_words[op] += back;
            c.noc_buffer_words[op] += back + static_cast<std::int64_t>(now.size());
          }
          touched.insert(now.begin(), now.end());
          prev = std::move(now);
        });
        // Read-backs are reads at the parent.
        lv[parent][op].reads += lv[child][op].fills;
      }
    }
  }

  const Mapping& m_;
  LayerShape s_;
  std::vector<RefLoop> temporal_;
  std::vector<Inst> instances_;
};

}  // namespace eyrie::testing
