// SCALE-Sim's demand rows derived by hand on a GEMM small enough to write out.
#include <gtest/gtest.h>

#include <vector>

#include "sim/systolic/fold_schedule.h"

using namespace eyrie::systolic;

namespace {

// GEMM M=3 pixels, K=2 filters, window 2 (a 1x1 conv of 2 channels over a 3x1 map):
// ifmap(p, j) = 2p + j, filter(j, k) = 2k + j, ofmap(p, k) = 2p + k.
GemmLayer tiny() { return scalesim_layer("t", 3, 1, 1, 1, 2, 2, 1, 1); }

std::vector<std::vector<std::int64_t>> rows(const GemmLayer& l, const FoldGrid& g, Operand op) {
  const DemandRows d(l, g);
  std::vector<std::vector<std::int64_t>> out;
  std::vector<std::int64_t> buf(static_cast<std::size_t>(g.width(op)));
  for (std::int64_t t = 0; t < g.fold_cycles; ++t) {
    const std::size_t n = d.row(op, 0, 0, t, buf.data());
    out.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return out;
}

}  // namespace

TEST(FoldSchedule, WeightStationaryOn2x2ByHand) {
  const GemmLayer l = tiny();
  const FoldGrid g = fold_grid(l, Dataflow::WeightStationary, 2, 2);
  EXPECT_EQ(g.folds(), 1);
  EXPECT_EQ(g.fold_cycles, 2 * 2 + 2 + 3 - 2);
  using R = std::vector<std::vector<std::int64_t>>;
  // Weights bottom row (window position 1) first, then row 0; no skew.
  EXPECT_EQ(rows(l, g, Operand::Filter), (R{{1, 3}, {0, 2}, {}, {}, {}, {}, {}}));
  // After 2 load cycles pixel u enters column c at cycle 2 + u + c.
  EXPECT_EQ(rows(l, g, Operand::Ifmap), (R{{}, {}, {0}, {2, 1}, {4, 3}, {5}, {}}));
  // Outputs from cycle 2R - 1 = 3, pixel u of filter c at 3 + u + c.
  EXPECT_EQ(rows(l, g, Operand::Ofmap), (R{{}, {}, {}, {0}, {2, 1}, {4, 3}, {5}}));
  EXPECT_EQ(fold_sram_requests(g, Operand::Ifmap, 0, 0), 3 * 2);
  EXPECT_EQ(utilization_cycles(g), 7 + 2 - 1);
}

TEST(FoldSchedule, OutputStationaryOn2x2ByHand) {
  const GemmLayer l = tiny();
  const FoldGrid g = fold_grid(l, Dataflow::OutputStationary, 2, 2);
  // Sr = 3 pixels: two row folds, the second with one row used.
  EXPECT_EQ(g.row_folds, 2);
  EXPECT_EQ(g.fold_cycles, 2 + 2 + 2 - 2);
  using R = std::vector<std::vector<std::int64_t>>;
  // Pixel row c takes window position t - c.
  EXPECT_EQ(rows(l, g, Operand::Ifmap), (R{{0}, {1, 2}, {3}, {}}));
  EXPECT_EQ(rows(l, g, Operand::Filter), (R{{0}, {1, 2}, {3}, {}}));
  // After T - 1 = 1 cycle the bottom row (pixel 1) leaves first, skewed by column.
  EXPECT_EQ(rows(l, g, Operand::Ofmap), (R{{}, {2}, {0, 3}, {1}}));
  // The OS quirk: + rows + cols on top of the 2 x 2 outputs.
  EXPECT_EQ(fold_sram_requests(g, Operand::Ofmap, 0, 0), 4 + 2 + 2);
  EXPECT_EQ(fold_sram_requests(g, Operand::Ofmap, 1, 0), 2 + 2 + 2);
}
