#include "sim/systolic/fold_schedule.h"

#include <algorithm>

#include "sim/core/error.h"

namespace eyrie::systolic {

std::int64_t FoldGrid::width(Operand op) const {
  switch (dataflow) {
    case Dataflow::OutputStationary:
    case Dataflow::WeightStationary: return op == Operand::Ifmap ? rows : cols;
    case Dataflow::InputStationary: return op == Operand::Filter ? rows : cols;
  }
  return cols;
}

FoldGrid fold_grid(const GemmLayer& l, Dataflow df, std::int64_t rows, std::int64_t cols) {
  FoldGrid g;
  g.dataflow = df;
  g.rows = rows;
  g.cols = cols;
  switch (df) {
    case Dataflow::OutputStationary: g.Sr = l.pixels(), g.Sc = l.K, g.T = l.window(); break;
    case Dataflow::WeightStationary: g.Sr = l.window(), g.Sc = l.K, g.T = l.pixels(); break;
    case Dataflow::InputStationary: g.Sr = l.window(), g.Sc = l.pixels(), g.T = l.K; break;
  }
  g.row_folds = (g.Sr + rows - 1) / rows;
  g.col_folds = (g.Sc + cols - 1) / cols;
  g.fold_cycles = df == Dataflow::OutputStationary ? rows + cols + g.T - 2 : 2 * rows + cols + g.T - 2;
  return g;
}

namespace {

// Array-edge positions c < used whose skewed stream index u = t - c - prefix lies in [lo, hi).
struct Span {
  std::int64_t c0, c1;
};
Span skewed(std::int64_t t, std::int64_t prefix, std::int64_t lo, std::int64_t hi, std::int64_t used) {
  return {std::max<std::int64_t>(0, t - prefix - hi + 1), std::min(used, t - prefix - lo + 1)};
}

}  // namespace

std::size_t DemandRows::row(Operand op, std::int64_t fr, std::int64_t fc, std::int64_t t, std::int64_t* out) const {
  const GemmLayer& l = l_;
  const FoldGrid& g = g_;
  const std::int64_t R = g.rows, C = g.cols, T = g.T;
  const std::int64_t ur = g.used_rows(fr), uc = g.used_cols(fc);
  const std::int64_t r0 = fr * R, c0 = fc * C;
  std::size_t n = 0;
  auto push = [&](std::int64_t a) {
    out[n] = a;
    n += a >= 0;
  };
  switch (g.dataflow) {
    case Dataflow::WeightStationary:
      if (op == Operand::Ifmap) {  // window slice streams in skewed after the R-cycle weight load
        const Span s = skewed(t, R, 0, T, ur);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(ifmap_(t - c - R, r0 + c));
      } else if (op == Operand::Filter) {  // weights pushed in bottom row first, no skew
        if (t < R && R - 1 - t < ur)
          for (std::int64_t c = 0; c < uc; ++c) push(l.filter_addr(r0 + R - 1 - t, c0 + c));
      } else {  // psums leave the bottom edge skewed, after 2R - 1 cycles
        const Span s = skewed(t, 2 * R - 1, 0, T, uc);
        if (!out) return static_cast<std::size_t>(std::max<std::int64_t>(s.c1 - s.c0, 0));
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(l.ofmap_addr(t - c - (2 * R - 1), c0 + c));
      }
      return n;
    case Dataflow::OutputStationary:
      if (op == Operand::Ifmap) {
        const Span s = skewed(t, 0, 0, T, ur);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(ifmap_(r0 + c, t - c));
      } else if (op == Operand::Filter) {
        const Span s = skewed(t, 0, 0, T, uc);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(l.filter_addr(t - c, c0 + c));
      } else {  // finished outputs shift out bottom row first, skewed, after T - 1 cycles
        const Span s = skewed(t, T - 1, R - ur, R, uc);
        if (!out) return static_cast<std::size_t>(std::max<std::int64_t>(s.c1 - s.c0, 0));
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(l.ofmap_addr(r0 + R - 1 - (t - c - (T - 1)), c0 + c));
      }
      return n;
    case Dataflow::InputStationary:
      if (op == Operand::Ifmap) {  // inputs pushed in bottom row first, no skew
        if (t < R && R - 1 - t < ur)
          for (std::int64_t c = 0; c < uc; ++c) push(ifmap_(c0 + c, r0 + R - 1 - t));
      } else if (op == Operand::Filter) {
        const Span s = skewed(t, R, 0, T, ur);
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(l.filter_addr(r0 + c, t - c - R));
      } else {
        const Span s = skewed(t, 2 * R - 1, 0, T, uc);
        if (!out) return static_cast<std::size_t>(std::max<std::int64_t>(s.c1 - s.c0, 0));
        for (std::int64_t c = s.c0; c < s.c1; ++c) push(l.ofmap_addr(c0 + c, t - c - (2 * R - 1)));
      }
      return n;
  }
  return n;
}

FoldReplayRows::FoldReplayRows(const GemmLayer& l, const FoldGrid& g) : g_(g), rows_(l, g) {
  cached_op_ = g.dataflow == Dataflow::InputStationary ? Operand::Filter : Operand::Ifmap;
  // The cached operand demands at most T x Sr words over the row folds; only worth it when
  // there is more than one column fold to replay them for.
  caching_ = g.col_folds > 1 && g.T * g.Sr <= kBudgetWords;
  if (caching_) row_end_.assign(static_cast<std::size_t>(g.row_folds * g.fold_cycles), 0);
  for (int op = 0; op < 3; ++op) buf_.emplace_back(static_cast<std::size_t>(g.width(static_cast<Operand>(op))));
}

const std::int64_t* FoldReplayRows::row(Operand op, std::int64_t fr, std::int64_t fc, std::int64_t t, std::size_t& n) {
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

std::int64_t fold_sram_requests(const FoldGrid& g, Operand op, std::int64_t fr, std::int64_t fc) {
  const std::int64_t ur = g.used_rows(fr), uc = g.used_cols(fc), T = g.T;
  switch (g.dataflow) {
    case Dataflow::WeightStationary:
      return op == Operand::Ifmap ? T * ur : op == Operand::Filter ? ur * uc : T * uc;
    case Dataflow::OutputStationary:
      return op == Operand::Ifmap ? T * ur : op == Operand::Filter ? T * uc : ur * uc + g.rows + g.cols;
    case Dataflow::InputStationary:
      return op == Operand::Ifmap ? ur * uc : op == Operand::Filter ? T * ur : T * uc;
  }
  return 0;
}

std::int64_t utilization_cycles(const FoldGrid& g) {
  return g.dataflow == Dataflow::OutputStationary ? g.fold_cycles : g.fold_cycles + g.cols - 1;
}

std::vector<std::int64_t> prefetch_order(const GemmLayer& l, const FoldGrid& g, Operand op, std::int64_t& total_entries) {
  // The stacked matrix: `blocks` blocks of `block_rows` rows, `width` wide; entry(b, i, c).
  const bool ws = g.dataflow == Dataflow::WeightStationary, os = g.dataflow == Dataflow::OutputStationary;
  const bool by_rows = (op == Operand::Ifmap) != (g.dataflow == Dataflow::InputStationary);  // folds of Sr
  const std::int64_t blocks = by_rows ? g.row_folds : g.col_folds;
  const std::int64_t width = by_rows ? g.rows : g.cols;
  // WS filter and IS ifmap are preloaded unskewed: one block row per window position.
  const bool diagonal = !((ws && op == Operand::Filter) || (!ws && !os && op == Operand::Ifmap));
  const std::int64_t block_rows = diagonal ? g.T : g.Sr;
  auto entry = [&](std::int64_t b, std::int64_t i, std::int64_t c) -> std::int64_t {
    const std::int64_t used = by_rows ? g.used_rows(b) : g.used_cols(b);
    if (c >= used) return -1;
    const std::int64_t e = b * width + c;  // the folded dimension's index
    switch (g.dataflow) {
      case Dataflow::WeightStationary: return op == Operand::Ifmap ? l.ifmap_addr(i, e) : l.filter_addr(i, e);
      case Dataflow::OutputStationary: return op == Operand::Ifmap ? l.ifmap_addr(e, i) : l.filter_addr(i, e);
      case Dataflow::InputStationary: return op == Operand::Ifmap ? l.ifmap_addr(e, i) : l.filter_addr(e, i);
    }
    return -1;
  };
  const std::int64_t M = blocks * block_rows, N = width;
  total_entries = M * N;
  if (total_entries > (std::int64_t{1} << 30))
    throw Error(l.name + ": USER mode: the prefetch order has " + std::to_string(total_entries) +
                " entries, too many to replay (SCALE-Sim builds the same matrix); use CALC or a smaller layer");
  std::vector<std::int64_t> seq;
  seq.reserve(static_cast<std::size_t>(M * N));
  auto at = [&](std::int64_t row, std::int64_t c) { return entry(row / block_rows, row % block_rows, c); };
  if (!diagonal) {
    for (std::int64_t row = 0; row < M; ++row)
      for (std::int64_t c = 0; c < N; ++c) seq.push_back(at(row, c));
  } else {
    // Anti-diagonals d = row + col, each from its bottom-most row up (ISSUE #15/#16 roll-out).
    for (std::int64_t d = 0; d < M + N; ++d) {
      const std::int64_t hi = std::min(d, M - 1), lo = std::max<std::int64_t>(0, d - N + 1);
      for (std::int64_t row = hi; row >= lo; --row) seq.push_back(at(row, d - row));
    }
  }
  return seq;
}

}  // namespace eyrie::systolic
