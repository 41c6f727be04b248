#pragma once
// How SCALE-Sim v2 folds a GEMM onto a rows x cols systolic array and which operand words
// each array edge demands in each cycle (compute/systolic_compute_{os,ws,is}.py).
//   OS: Sr = E*F pixels on rows, Sc = K filters on columns, T = the window streamed.
//   WS: Sr = window on rows,     Sc = K on columns,          T = E*F streamed.
//   IS: Sr = window on rows,     Sc = E*F on columns,        T = K streamed.
// Folds run column fold outer, row fold inner; a partial fold is padded with null requests.
// A fold lasts rows + cols + T - 2 cycles (OS) or 2*rows + cols + T - 2 (WS, IS): the
// stationary operand's preload (WS, IS), the skewed stream, and the drain.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/systolic/gemm_lowering.h"
#include "sim/systolic/systolic_arch.h"

namespace eyrie::systolic {

enum class Operand { Ifmap, Filter, Ofmap };

struct FoldGrid {
  Dataflow dataflow = Dataflow::WeightStationary;
  std::int64_t rows = 1, cols = 1;  // the array
  std::int64_t Sr = 1, Sc = 1, T = 1;
  std::int64_t row_folds = 1, col_folds = 1;
  std::int64_t fold_cycles = 1;  // demand rows per fold, the same for all three operands

  std::int64_t folds() const { return row_folds * col_folds; }
  std::int64_t used_rows(std::int64_t fr) const { return fr + 1 < row_folds ? rows : Sr - fr * rows; }
  std::int64_t used_cols(std::int64_t fc) const { return fc + 1 < col_folds ? cols : Sc - fc * cols; }
  // The array edge an operand enters (ifmap, filter) or leaves (ofmap) by: its demand width.
  std::int64_t width(Operand op) const;
};

FoldGrid fold_grid(const GemmLayer& layer, Dataflow dataflow, std::int64_t rows, std::int64_t cols);

// The addresses each operand demands in cycle t (0 <= t < fold_cycles) of fold (fr, fc), in
// array-edge order, null requests dropped. Writes at most grid.width(op) words to `out` and
// returns how many; for the ofmap `out` may be null: every output word is real, and the
// write buffer needs only how many there are.
class DemandRows {
 public:
  DemandRows(const GemmLayer& layer, const FoldGrid& grid) : l_(layer), g_(grid), ifmap_(layer) {}
  // kDense: the whole edge instead, a null request as -1 in its place (SCALE-Sim's SRAM trace
  // rows); returns grid.width(op).
  template <bool kDense = false>
  std::size_t row(Operand op, std::int64_t fr, std::int64_t fc, std::int64_t t, std::int64_t* out) const;

 private:
  const GemmLayer& l_;
  const FoldGrid& g_;
  IfmapAddressing ifmap_;
};

// DemandRows for a replay that runs folds in SCALE-Sim's order (column fold outer, cycles in
// order): an operand whose rows depend on the row fold only (ws and os ifmap, is filter) is
// generated during the first column fold and read back for the others, up to a memory budget.
class FoldReplayRows {
 public:
  FoldReplayRows(const GemmLayer& layer, const FoldGrid& grid);
  // As DemandRows::row; returns a pointer to the row's words (valid until the next call).
  const std::int64_t* row(Operand op, std::int64_t fr, std::int64_t fc, std::int64_t t, std::size_t& n);

  // All three edges in one cycle: the read words and how many ofmap words leave.
  struct CycleDemand {
    const std::int64_t* ifmap;
    std::size_t ifmap_words;
    const std::int64_t* filter;
    std::size_t filter_words;
    std::size_t ofmap_words;
  };
  CycleDemand at(std::int64_t fr, std::int64_t fc, std::int64_t t) {
    CycleDemand d{};
    d.ifmap = row(Operand::Ifmap, fr, fc, t, d.ifmap_words);
    d.filter = row(Operand::Filter, fr, fc, t, d.filter_words);
    row(Operand::Ofmap, fr, fc, t, d.ofmap_words);
    return d;
  }

 private:
  static constexpr std::int64_t kBudgetWords = std::int64_t{1} << 22;  // 32 MB of cached words
  const FoldGrid& g_;
  DemandRows rows_;
  Operand cached_op_;
  bool caching_ = false;
  std::vector<std::int64_t> words_;            // every cached row, fold after fold
  std::vector<std::uint32_t> row_end_;         // per (fr, t): end of its words in words_
  std::vector<std::vector<std::int64_t>> buf_;  // per operand: the row generated now
};

// SCALE-Sim's per-fold SRAM request count for `op` (its reported SRAM reads/writes): the
// fold's operand slice, null requests of padded edges included where SCALE-Sim counts them,
// and its OS ofmap quirk (+ rows + cols per fold).
std::int64_t fold_sram_requests(const FoldGrid& grid, Operand op, std::int64_t fr, std::int64_t fc);

// The fold length SCALE-Sim divides by for its compute utilization: the demand matrix's
// rows + columns - 1 of the operand it measures (for WS and IS one array width more than
// the fold lasts, a quirk kept as it reports it).
std::int64_t utilization_cycles(const FoldGrid& grid);

// USER mode: the order in which a read scratchpad prefetches its operand from DRAM
// (create_{ifmap,filter}_prefetch_mat): the operand's folds stacked, padded to the array edge,
// and, where its demand is skewed, read along anti-diagonals. Null entries are -1.
// `total_entries` receives the count including nulls (it sizes SCALE-Sim's fetch matrix).
std::vector<std::int64_t> prefetch_order(const GemmLayer& layer, const FoldGrid& grid, Operand op,
                                         std::int64_t& total_entries);

// The per-cycle functions are inline: the replay calls them millions of times per layer.

namespace detail {

// Array-edge positions c < used whose skewed stream index u = t - c - prefix lies in [lo, hi).
struct Span {
  std::int64_t c0, c1;
};
inline Span skewed(std::int64_t t, std::int64_t prefix, std::int64_t lo, std::int64_t hi, std::int64_t used) {
  return {std::max<std::int64_t>(0, t - prefix - hi + 1), std::min(used, t - prefix - lo + 1)};
}

}  // namespace detail

template <bool kDense>
std::size_t DemandRows::row(Operand op, std::int64_t fr, std::int64_t fc, std::int64_t t, std::int64_t* out) const {
  const GemmLayer& l = l_;
  const FoldGrid& g = g_;
  const std::int64_t R = g.rows, C = g.cols, T = g.T;
  const std::int64_t ur = g.used_rows(fr), uc = g.used_cols(fc);
  const std::int64_t r0 = fr * R, c0 = fc * C;
  std::size_t n = 0;
  if (kDense) {
    n = static_cast<std::size_t>(g.width(op));
    std::fill(out, out + n, std::int64_t{-1});
  }
  auto push = [&](std::int64_t c, std::int64_t a) {
    if (kDense) {
      out[c] = a;
    } else {
      out[n] = a;
      n += a >= 0;
    }
  };
  switch (g.dataflow) {
    case Dataflow::WeightStationary:
      if (op == Operand::Ifmap) {  // window slice streams in skewed after the R-cycle weight load
        const detail::Span s = detail::skewed(t, R, 0, T, ur);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(c, ifmap_(t - c - R, r0 + c));
      } else if (op == Operand::Filter) {  // weights pushed in bottom row first, no skew
        if (t < R && R - 1 - t < ur)
          for (std::int64_t c = 0; c < uc; ++c) push(c, l.filter_addr(r0 + R - 1 - t, c0 + c));
      } else {  // psums leave the bottom edge skewed, after 2R - 1 cycles
        const detail::Span s = detail::skewed(t, 2 * R - 1, 0, T, uc);
        if (!out) return static_cast<std::size_t>(std::max<std::int64_t>(s.c1 - s.c0, 0));
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(c, l.ofmap_addr(t - c - (2 * R - 1), c0 + c));
      }
      return n;
    case Dataflow::OutputStationary:
      if (op == Operand::Ifmap) {
        const detail::Span s = detail::skewed(t, 0, 0, T, ur);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(c, ifmap_(r0 + c, t - c));
      } else if (op == Operand::Filter) {
        const detail::Span s = detail::skewed(t, 0, 0, T, uc);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(c, l.filter_addr(t - c, c0 + c));
      } else {  // finished outputs shift out bottom row first, skewed, after T - 1 cycles
        const detail::Span s = detail::skewed(t, T - 1, R - ur, R, uc);
        if (!out) return static_cast<std::size_t>(std::max<std::int64_t>(s.c1 - s.c0, 0));
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(c, l.ofmap_addr(r0 + R - 1 - (t - c - (T - 1)), c0 + c));
      }
      return n;
    case Dataflow::InputStationary:
      if (op == Operand::Ifmap) {  // inputs pushed in bottom row first, no skew
        if (t < R && R - 1 - t < ur)
          for (std::int64_t c = 0; c < uc; ++c) push(c, ifmap_(c0 + c, r0 + R - 1 - t));
      } else if (op == Operand::Filter) {
        const detail::Span s = detail::skewed(t, R, 0, T, ur);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(c, l.filter_addr(r0 + c, t - c - R));
      } else {
        const detail::Span s = detail::skewed(t, 2 * R - 1, 0, T, uc);
        if (!out) return static_cast<std::size_t>(std::max<std::int64_t>(s.c1 - s.c0, 0));
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(c, l.ofmap_addr(c0 + c, t - c - (2 * R - 1)));
      }
      return n;
  }
  return n;
}

inline FoldReplayRows::FoldReplayRows(const GemmLayer& l, const FoldGrid& g) : g_(g), rows_(l, g) {
  cached_op_ = g.dataflow == Dataflow::InputStationary ? Operand::Filter : Operand::Ifmap;
  // The cached operand demands at most T x Sr words over the row folds; only worth it when
  // there is more than one column fold to replay them for.
  caching_ = g.col_folds > 1 && g.T * g.Sr <= kBudgetWords;
  if (caching_) {
    row_end_.assign(static_cast<std::size_t>(g.row_folds * g.fold_cycles), 0);
    words_.reserve(static_cast<std::size_t>(g.T * g.Sr));  // at most: grown once, not copied
  }
  for (int op = 0; op < 3; ++op) buf_.emplace_back(static_cast<std::size_t>(g.width(static_cast<Operand>(op))));
}

inline const std::int64_t* FoldReplayRows::row(Operand op, std::int64_t fr, std::int64_t fc, std::int64_t t, std::size_t& n) {
  std::vector<std::int64_t>& buf = buf_[static_cast<std::size_t>(op)];
  if (!caching_ || op != cached_op_) {
    n = rows_.row(op, fr, fc, t, op == Operand::Ofmap ? nullptr : buf.data());  // ofmap: a count
    return buf.data();
  }
  const std::size_t slot = static_cast<std::size_t>(fr * g_.fold_cycles + t);
  const std::size_t begin = slot == 0 ? 0 : row_end_[slot - 1];
  if (fc == 0) {  // first pass: generate and keep
    n = rows_.row(op, fr, fc, t, buf.data());
    words_.insert(words_.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    row_end_[slot] = static_cast<std::uint32_t>(words_.size());
    return buf.data();
  }
  n = row_end_[slot] - begin;
  return words_.data() + begin;
}

}  // namespace eyrie::systolic
