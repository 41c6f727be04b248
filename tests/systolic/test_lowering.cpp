// SCALE-Sim's im2col lowering and eyrie layers lowered onto it, derived by hand.
#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/systolic/systolic_sim.h"
#include "workloads/network.h"

using namespace eyrie::systolic;

TEST(Lowering, ScaleSimWindowsPastTheEdgeReadNothing) {
  // AlexNet Conv1 as SCALE-Sim has it: 224 input, 11x11, stride 4: E = ceil(217 / 4) = 55, so
  // the last window row starts at 54 * 4 = 216 and its rows 224..226 do not exist.
  const GemmLayer g = scalesim_layer("Conv1", 224, 224, 11, 11, 3, 96, 4, 4);
  EXPECT_EQ(g.E, 55);
  EXPECT_EQ(g.window(), 363);
  const std::int64_t last = 55 * 55 - 1;
  EXPECT_EQ(g.ifmap_addr(last, 0), (216 * 224 + 216) * 3);
  EXPECT_EQ(g.ifmap_addr(last, 7 * 33), (223 * 224 + 216) * 3);  // window row 7: input row 223
  EXPECT_EQ(g.ifmap_addr(last, 8 * 33), -1);                     // row 224
  EXPECT_EQ(g.ifmap_addr(0, 362), (10 * 224 + 10) * 3 + 2);     // window order: row, col, channel
  EXPECT_EQ(g.filter_addr(362, 1), 363 + 362);
  EXPECT_EQ(g.ofmap_addr(2, 5), 2 * 96 + 5);
}

TEST(Lowering, GroupedEyrieLayerIsOneGemmPerGroupAndPaddingReadsNothing) {
  // Bundled AlexNet conv2: 96 -> 256 channels in 2 groups, 5x5, pad 2 on a 27x27 input.
  const auto gemms = network_gemms(eyrie::load_network("alexnet"));
  std::vector<NetworkGemm> conv2;
  for (const auto& n : gemms)
    if (n.gemm.name.rfind("conv2/", 0) == 0) conv2.push_back(n);
  ASSERT_EQ(conv2.size(), 2u);
  EXPECT_EQ(conv2[1].gemm.name, "conv2/g1");
  const GemmLayer& g = conv2[0].gemm;
  EXPECT_EQ(g.C, 48);
  EXPECT_EQ(g.K, 128);
  EXPECT_EQ(g.pixels(), 27 * 27);
  EXPECT_EQ(g.window(), 5 * 5 * 48);
  EXPECT_EQ(g.ifmap_addr(0, 0), -1);                 // input row -2
  EXPECT_EQ(g.ifmap_addr(0, (2 * 5 + 2) * 48), 0);   // window (2, 2): input (0, 0)
  EXPECT_EQ(g.ifmap_words(), 27 * 27 * 48);
  // 5 conv + 3 fc layers, three of the conv layers in 2 groups: 11 GEMMs, pools skipped.
  EXPECT_EQ(gemms.size(), 11u);
}

TEST(Lowering, BatchAndDilationAreRefused) {
  eyrie::Network net = eyrie::load_network("alexnet");
  net.layers[0].N = 2;
  EXPECT_THROW(network_gemms(net), eyrie::Error);
  net.layers[0].N = 1;
  net.layers[0].dilation_h = 2;
  EXPECT_THROW(network_gemms(net), eyrie::Error);
}
