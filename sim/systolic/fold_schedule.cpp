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
