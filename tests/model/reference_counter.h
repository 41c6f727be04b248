#pragma once
// A brute-force reference for count_accesses, used only in tests. It literally walks the mapped
// loop nest of a small layer (one group) point by point and applies the counting rules of
// docs/MODEL.md to explicit sets of words:
//   - any number of levels, a fan-out (spatial X/Y loops) below any of them, bypass per operand
//   - imperfect factors: points past a dimension's end do not exist; an instance whose tile is
//     empty at some time simply has no tile then
//   - stride and dilation: a tile holds the box of the coordinates its points touch (the input
//     rows from the first to the last touched, Timeloop's bounding box); the MACs' side reads
//     exactly the words the MACs use
//   - networks: a union of children (multicast / reduction) runs over the spatial loops right
//     above the child that the networks allow; Timeloop mode multicasts only identical tiles,
//     across the temporal loops of bypassing levels (rule B), reads a psum back into every
//     child, and refetches a whole tile on any move but the innermost loop's (rule A)
// It shares no code with memory/access_counts.cpp beyond the Mapping and AccessCounts structs.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "memory/access_counts.h"

namespace eyrie::testing {

class ReferenceCounter {
 public:
  ReferenceCounter(const Mapping& m, const LayerShape& s, const NetworkRules& rules = NetworkRules())
      : m_(m), s_(s), rules_(rules) {
    for (int l = m.count - 1; l >= 0; --l) {
      start_[l] = static_cast<int>(loops_.size());
      const LevelMapping& lv = m.levels[l];
      for (int i = kDims - 1; i >= 0; --i) {
        const int d = static_cast<int>(lv.permutation[i]);
        loops_.push_back({d, lv.temporal[d], false, false, l, 0});
      }
      // Column buses (multicast y): the level's Y loops are the inner spatial digits.
      const bool y_inner = rules.multicast[l] == Multicast::Y;
      for (int d = 0; d < kDims; ++d)
        loops_.push_back(y_inner ? L{d, lv.spatial_x[d], true, true, l, 0} : L{d, lv.spatial_y[d], true, false, l, 0});
      for (int d = 0; d < kDims; ++d)
        loops_.push_back(y_inner ? L{d, lv.spatial_y[d], true, false, l, 0} : L{d, lv.spatial_x[d], true, true, l, 0});
    }
    std::array<std::int64_t, kDims> run{};
    run.fill(1);
    for (int i = static_cast<int>(loops_.size()) - 1; i >= 0; --i) {
      loops_[i].step = run[loops_[i].dim];
      run[loops_[i].dim] *= loops_[i].bound;
    }
  }

  AccessCounts count() {
    AccessCounts c;
    c.level_count = m_.count;
    c.macs = product(s_.dims);
    for (Operand op : kOperands) count_operand(op, c);
    for (int l = 0; l < m_.count; ++l)
      for (Operand op : kOperands)
        if (rules_.fanout[l]) {
          c.noc_pe_words[op] += c.network_child_words[l][op];
          c.noc_buffer_words[op] += c.network_level_words[l][op];
        }
    c.compute_cycles = cycles();
    return c;
  }

 private:
  struct L {
    int dim;
    std::int64_t bound;
    bool spatial, x;
    int level;
    std::int64_t step;
  };
  using Digits = std::vector<std::int64_t>;  // one per loop
  using Words = std::set<std::int64_t>;

  // Calls f for every assignment of the loops selected by `pick` (others keep `d`'s values).
  void each(Digits d, const std::function<bool(int)>& pick, const std::function<void(const Digits&)>& f) const {
    std::vector<int> sel;
    for (int i = 0; i < static_cast<int>(loops_.size()); ++i)
      if (pick(i)) sel.push_back(i);
    std::function<void(std::size_t)> rec = [&](std::size_t k) {
      if (k == sel.size()) return f(d);
      for (std::int64_t v = 0; v < loops_[sel[k]].bound; ++v) {
        d[sel[k]] = v;
        rec(k + 1);
      }
    };
    rec(0);
  }

  bool point(const Digits& d, Factors* p) const {
    Factors q{};
    for (std::size_t i = 0; i < loops_.size(); ++i) q[loops_[i].dim] += d[i] * loops_[i].step;
    for (int k = 0; k < kDims; ++k)
      if (q[k] >= s_.dims[k]) return false;
    *p = q;
    return true;
  }

  // Coordinates of a point in the operand's data space (N,C,H,W / M,C,R,S / N,M,P,Q).
  std::array<std::int64_t, 4> coords(Operand op, const Factors& p) const {
    enum { N, M, C, P, Q, R, S };
    switch (op) {
      case Operand::Weights: return {p[M], p[C], p[R], p[S]};
      case Operand::Outputs: return {p[N], p[M], p[P], p[Q]};
      case Operand::Inputs:
        return {p[N], p[C], p[P] * s_.stride_h + p[R] * s_.dilation_h, p[Q] * s_.stride_w + p[S] * s_.dilation_w};
    }
    return {};
  }
  std::int64_t id(const std::array<std::int64_t, 4>& c) const { return ((c[0] * 512 + c[1]) * 512 + c[2]) * 512 + c[3]; }

  // The tile at boundary b for the outer digits in d: the box of every coordinate the existing
  // points under the loops at and after b touch.
  Words tile(Operand op, int b, const Digits& d) const {
    std::array<std::int64_t, 4> lo, hi;
    lo.fill(1 << 30);
    hi.fill(-1);
    each(d, [&](int i) { return i >= b; }, [&](const Digits& x) {
      Factors p;
      if (!point(x, &p)) return;
      const auto c = coords(op, p);
      for (int k = 0; k < 4; ++k) {
        lo[k] = std::min(lo[k], c[k]);
        hi[k] = std::max(hi[k], c[k]);
      }
    });
    Words w;
    if (hi[0] < 0) return w;
    for (auto a = lo[0]; a <= hi[0]; ++a)
      for (auto b2 = lo[1]; b2 <= hi[1]; ++b2)
        for (auto c = lo[2]; c <= hi[2]; ++c)
          for (auto e = lo[3]; e <= hi[3]; ++e) w.insert(id({a, b2, c, e}));
    return w;
  }

  struct Seq {
    std::int64_t fills = 0, writeback = 0, distinct = 0;
  };

  // Every instance (spatial digits before b, `pinned` ones at 0) walks its tiles in time.
  // reset (Timeloop's rule A): a tile reached by advancing any temporal loop but the innermost
  // one outside b (of bound > 1) is fetched whole unless it equals the previous tile.
  Seq sequence(Operand op, int b, const std::vector<bool>& pinned, bool reset = false) const {
    Seq q;
    int innermost = -1;
    for (int i = 0; i < b; ++i)
      if (!loops_[i].spatial && loops_[i].bound > 1) innermost = i;
    Digits zero(loops_.size(), 0);
    each(zero, [&](int i) { return i < b && loops_[i].spatial && !pinned[i]; }, [&](const Digits& inst) {
      Words prev, all;
      Digits prev_t;
      bool have = false;
      each(inst, [&](int i) { return i < b && !loops_[i].spatial; }, [&](const Digits& t) {
        Words now = tile(op, b, t);
        if (now.empty()) return;  // this instance has nothing at this time
        int moved = -1;  // the loop that advanced since the previous tile: the outermost changed digit
        if (have)
          for (int i = 0; i < b && moved < 0; ++i)
            if (t[i] != prev_t[i]) moved = i;
        const bool whole = reset && have && moved != innermost && now != prev;
        for (auto w : now) q.fills += (!whole && prev.count(w)) ? 0 : 1;
        if (!have || now != prev) q.writeback += static_cast<std::int64_t>(now.size());
        all.insert(now.begin(), now.end());
        prev = std::move(now);
        prev_t = t;
        have = true;
      });
      q.distinct += static_cast<std::int64_t>(all.size());
    });
    return q;
  }

  bool joins(int i, Operand op) const {
    const L& l = loops_[i];
    if (op == Operand::Outputs) return rules_.reduction[l.level];
    const Multicast mc = rules_.multicast[l.level];
    return mc == Multicast::Any || (mc == Multicast::X && l.x) || (mc == Multicast::Y && !l.x);
  }

  int charged(int inner, int outer) const {
    for (int l = outer; l > inner; --l)
      if (rules_.fanout[l]) return l;
    return outer;
  }

  std::int64_t cycles() const {
    std::int64_t n = 0;
    Digits zero(loops_.size(), 0);
    each(zero, [&](int i) { return !loops_[i].spatial; }, [&](const Digits& t) {
      bool any = false;
      each(t, [&](int i) { return loops_[i].spatial; }, [&](const Digits& x) {
        Factors p;
        any = any || point(x, &p);
      });
      n += any ? 1 : 0;
    });
    return n;
  }

  void count_operand(Operand op, AccessCounts& c) const {
    const int outer = m_.count - 1;
    std::vector<int> keepers;
    for (int l = 0; l < m_.count; ++l)
      if (m_.levels[l].keep[op] || l == outer) keepers.push_back(l);
    const bool out = op == Operand::Outputs;
    const int n = static_cast<int>(loops_.size());
    auto& lv = c.levels;

    // MAC side: per cycle, the distinct words of each union of MACs.
    const int k0 = keepers[0];
    std::vector<bool> in_union(n, false);
    for (int i = start_[k0]; i < n; ++i) in_union[i] = loops_[i].spatial && joins(i, op);
    std::int64_t mac_side = 0;
    Digits zero(n, 0);
    each(zero, [&](int i) { return !in_union[i]; }, [&](const Digits& t) {
      Words w;
      each(t, [&](int i) { return in_union[i]; }, [&](const Digits& x) {
        Factors p;
        if (point(x, &p)) w.insert(id(coords(op, p)));
      });
      mac_side += static_cast<std::int64_t>(w.size());
    });
    (out ? lv[k0][op].updates : lv[k0][op].reads) = mac_side;
    c.network_child_words[charged(-1, k0)][op] += product(s_.dims);
    c.network_level_words[charged(-1, k0)][op] += mac_side;

    const std::vector<bool> none(n, false);
    const bool tl = rules_.mode == CountingMode::Timeloop;
    std::map<int, std::int64_t> visits;
    if (out)
      for (int l : keepers) visits[l] = sequence(op, start_[l], none).writeback;
    for (std::size_t i = 0; i + 1 < keepers.size(); ++i) {
      const int child = keepers[i], parent = keepers[i + 1];
      const int bc = start_[child];
      int u = bc;
      // Loops of bound 1 are no loops: they neither join nor break a union.
      while (u > 0 && (loops_[u - 1].bound == 1 ||
                       (loops_[u - 1].spatial && loops_[u - 1].level <= parent && joins(u - 1, op))))
        --u;
      while (u < bc && loops_[u].bound == 1) ++u;
      const Seq per_child = sequence(op, bc, none, tl);
      const int net = charged(child, parent);
      // Timeloop (rule B): every child below the parent's temporal loops is served at once,
      // across the temporal loops of the bypassing levels in between; children whose tiles are
      // identical (joining spatial loops over ignored dims) share one transfer.
      std::vector<bool> pin(n, false);
      if (tl) {
        int t = bc;
        while (t > 0 && (loops_[t - 1].level < parent || (loops_[t - 1].level == parent && loops_[t - 1].spatial))) --t;
        for (int x = t; x < bc; ++x)
          pin[x] = loops_[x].spatial && joins(x, op) && !is_relevant(op, static_cast<Dim>(loops_[x].dim));
      }
      if (!out) {
        const std::int64_t reads = tl ? sequence(op, bc, pin, true).fills : sequence(op, u, none).fills;
        lv[child][op].fills += per_child.fills;
        lv[parent][op].reads += reads;
        c.network_child_words[net][op] += per_child.fills;
        c.network_level_words[net][op] += reads;
      } else {
        const Seq group = tl ? sequence(op, bc, pin, true) : sequence(op, u, none);
        const std::int64_t readback = group.writeback - group.distinct;
        const std::int64_t fills =
            tl ? per_child.writeback - per_child.distinct : readback;
        lv[child][op].fills += fills;
        lv[parent][op].updates += group.writeback;
        c.network_child_words[net][op] += fills + per_child.writeback;
        c.network_level_words[net][op] += readback + group.writeback;
      }
    }
    if (out)
      for (int l : keepers) lv[l][op].reads = lv[l][op].updates - visits[l] + lv[l][op].fills;
  }

  const Mapping& m_;
  LayerShape s_;
  NetworkRules rules_;
  std::vector<L> loops_;
  std::array<int, kMaxLevels> start_{};
};

}  // namespace eyrie::testing
