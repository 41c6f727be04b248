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
