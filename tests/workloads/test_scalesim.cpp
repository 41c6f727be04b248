// SCALE-Sim topology import. The two files in tests/data are verbatim copies of
// scale-sim-v2's topologies/conv_nets/alexnet.csv and topologies/GEMM_mnk/vit_s.csv.
// SCALE-Sim computes ofmap = ceil((ifmap - filt + stride) / stride) without padding and
// num_mac = ofmap_h * ofmap_w * filt_h * filt_w * channels * num_filt (topology_utils.py).
#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "workloads/network.h"
#include "workloads/scalesim_topology.h"

using namespace eyrie;

TEST(ScaleSim, ConvTopologyMatchesScaleSimsMacs) {
  const Network n = load_network(std::string(EYRIE_SOURCE_DIR) + "/tests/data/scalesim_alexnet.csv");
  ASSERT_EQ(n.layers.size(), 5u);
  const std::int64_t expected_pq[] = {55, 23, 11, 11, 11};
  const std::int64_t expected_macs[] = {105415200, 325017600, 107053056, 160579584, 107053056};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(n.layers[i].P(), expected_pq[i]) << i;
    EXPECT_EQ(n.layers[i].macs(), expected_macs[i]) << i;
  }
  EXPECT_EQ(n.total_macs(), 805118496);
}

TEST(ScaleSim, GemmTopologyIsMTimesNTimesK) {
  const Network n = load_network(std::string(EYRIE_SOURCE_DIR) + "/tests/data/scalesim_gemm.csv");
  ASSERT_EQ(n.layers.size(), 5u);
  EXPECT_EQ(n.layers[0].macs(), 14450688);
  EXPECT_EQ(n.layers[3].macs(), 115605504);
  EXPECT_EQ(n.total_macs(), 275165184);
  EXPECT_EQ(n.layers[0].Q(), 1);  // an M x 1 ofmap per filter
}

TEST(ScaleSim, GemmIsA1x1ConvolutionOfKChannels) {
  // L0: M=196, N=192, K=384: 384 input channels into 192 output channels over 196 pixels,
  // not one channel with a 1 x 384 filter.
  const Network n = load_network(std::string(EYRIE_SOURCE_DIR) + "/tests/data/scalesim_gemm.csv");
  const ConvLayer& l = n.layers[0];
  EXPECT_EQ(l.C, 384);
  EXPECT_EQ(l.M, 192);
  EXPECT_EQ(l.R, 1);
  EXPECT_EQ(l.S, 1);
  EXPECT_EQ(l.P() * l.Q(), 196);
  EXPECT_EQ(l.weight_words(), 384 * 192);
  EXPECT_EQ(l.input_words(), 196 * 384);
  EXPECT_EQ(l.output_words(), 196 * 192);
}

namespace {
Network shipped(const std::string& file) {
  return load_network(std::string(EYRIE_SOURCE_DIR) + "/tests/data/scalesim_topologies/" + file);
}
}  // namespace

// Verbatim files of scale-sim-v2 (commit 22f88b17) that eyrie used to reject, one per quirk.
TEST(ScaleSim, ShippedFileWithUtf8Bom) {
  const Network n = shipped("UNet_2d.csv");  // conv_nets/; 19 layers
  ASSERT_EQ(n.layers.size(), 19u);
  EXPECT_EQ(n.layers[0].name, "Conv1a");
  EXPECT_EQ(n.layers[0].macs(), 2046LL * 2046 * 9 * 1 * 64);
}

TEST(ScaleSim, ShippedFileWithEhEwColumnsAndACommaRow) {
  // conv_nets/Resnet50.csv: a row of commas, then rows with two blank columns and Eh, Ew, e2;
  // Conv1's Eh = Ew = 110 is SCALE-Sim's own ceil((224 - 7 + 2) / 2).
  const Network n = shipped("Resnet50.csv");
  ASSERT_EQ(n.layers.size(), 54u);
  EXPECT_EQ(n.layers[0].P(), 110);
  EXPECT_EQ(n.layers[0].Q(), 110);
  EXPECT_EQ(n.layers[0].stride_w, 2);  // the blank 9th column repeats the stride
  EXPECT_EQ(n.layers[2].name, "CB2a_2");
  EXPECT_EQ(n.layers[2].P(), 54);  // 56 - 3 + 1: SCALE-Sim has no padding
}

TEST(ScaleSim, ShippedFileWithDwMarkersAndNoTrailingComma) {
  const Network n = shipped("mobilnet_4k.csv");  // 'Conv2_dw, ..., 1,#dw'; last row without a comma
  ASSERT_EQ(n.layers.size(), 28u);
  EXPECT_EQ(n.layers[1].name, "Conv2_dw");
  EXPECT_EQ(n.layers[1].stride_w, 1);  // the marker is not a stride
  EXPECT_EQ(n.layers[1].C, 1);
  EXPECT_EQ(n.layers.back().name, "FC");
  EXPECT_EQ(n.layers.back().M, 1000);
  EXPECT_EQ(shipped("MobileNet_4k_non_dw.csv").layers.size(), 15u);
}

TEST(ScaleSim, ShippedTabSeparatedFile) {
  const Network n = shipped("UNet_maestro.csv");
  ASSERT_EQ(n.layers.size(), 23u);
  EXPECT_EQ(n.layers[0].name, "Conv1_1");
  EXPECT_EQ(n.layers[0].macs(), 570LL * 570 * 9 * 64);
}

TEST(ScaleSim, ShippedFileWithTitleRow) {
  const Network n = shipped("NCF_recommendation.csv");  // "Neural Collaborative Filtering(...),"
  ASSERT_EQ(n.layers.size(), 8u);
  EXPECT_EQ(n.layers[0].name, "MF_Embedding_user");
  EXPECT_EQ(n.layers[0].C, 138000);
}

TEST(ScaleSim, ShippedGemmFileWithCrlfAndNumericNames) {
  const Network n = shipped("gnmt.csv");  // GEMM_mnk/, "1,2048,4096,32,"
  ASSERT_EQ(n.layers.size(), 17u);
  EXPECT_EQ(n.layers[0].name, "1");
  EXPECT_EQ(n.layers[0].C, 32);
  EXPECT_EQ(n.layers[0].M, 4096);
  EXPECT_EQ(n.layers[0].macs(), 2048LL * 4096 * 32);
}

TEST(ScaleSim, ShippedFileWithDuplicateNames) {
  EXPECT_EQ(shipped("DeepBench_DenseMatrixMultiplication.csv").layers.size(), 84u);
  EXPECT_EQ(shipped("Sentimental_seqLSTM_short.csv").layers.size(), 8u);  // mlperf/div4q: 9th column
}

TEST(ScaleSim, NinthColumnIsTheStrideWidth) {
  // topology_utils.py: a 9th value is the column stride; 8 values repeat the row stride.
  const Network n = parse_scalesim_topology("c, 12, 10, 3, 2, 6, 20, 2, 1,\nd, 12, 10, 3, 2, 6, 20, 2,\n", "t.csv");
  EXPECT_EQ(n.layers[0].stride_h, 2);
  EXPECT_EQ(n.layers[0].stride_w, 1);
  EXPECT_EQ(n.layers[0].P(), 6);  // ceil((12 - 3 + 2) / 2)
  EXPECT_EQ(n.layers[0].Q(), 9);  // (10 - 2 + 1) / 1
  EXPECT_EQ(n.layers[1].stride_w, 2);
  EXPECT_EQ(n.layers[1].Q(), 5);  // ceil((10 - 2 + 2) / 2)
}

TEST(ScaleSim, DpRowsAreOneLayerPerChannel) {
  // 'DP' in the name: SCALE-Sim runs one single-channel layer per input channel, all filters kept.
  const Network n = parse_scalesim_topology("Conv_DP1, 8, 8, 3, 3, 3, 4, 1,\n", "t.csv");
  ASSERT_EQ(n.layers.size(), 3u);
  EXPECT_EQ(n.layers[2].name, "Conv_DP1Channel_2");
  EXPECT_EQ(n.layers[2].C, 1);
  EXPECT_EQ(n.layers[2].M, 4);
  EXPECT_EQ(n.total_macs(), 3LL * 6 * 6 * 9 * 4);
}

TEST(ScaleSim, HeaderlessRowsWithBlankTrailingColumns) {
  const Network n = parse_scalesim_topology("c1, 8, 8, 3, 3, 4, 16, 1, , ,\nc2,6,6,3,3,16,8,1,\n", "t.csv");
  ASSERT_EQ(n.layers.size(), 2u);
  EXPECT_EQ(n.layers[0].macs(), 6LL * 6 * 9 * 4 * 16);
  EXPECT_EQ(n.layers[1].M, 8);
}

TEST(ScaleSim, MalformedRowsNameLineAndColumn) {
  const std::string header = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
  auto message = [&](const std::string& body) {
    try {
      parse_scalesim_topology(header + body, "t.csv");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("c1, 8, 8, 3, 3, 4, 16,\n"),
            "t.csv:2: expected 8 columns (Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides), got 7");
  EXPECT_EQ(message("c1, 8, eight, 3, 3, 4, 16, 1,\n"), "t.csv:2: ifmap width: must be a positive integer, got \"eight\"");
  EXPECT_EQ(message("c1, 2, 2, 3, 3, 4, 16, 1,\n"), "t.csv:2: c1: filter 3x3 is larger than the padded input 2x2");
  EXPECT_EQ(message(""), "t.csv: network has no layers");
}
