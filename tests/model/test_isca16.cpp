// The qualitative result of Chen, Emer, Sze, ISCA 2016 (Sec. VII-A, Fig. 10-11): on the AlexNet
// CONV layers at equal storage area with 256 PEs, row stationary uses the least energy per MAC
// of the five dataflows. The per-level breakdown points the same way as the paper's:
//   - RS keeps most of its data movement in the RF: its RF energy exceeds its array and GLB
//     energy combined (the paper: RS's energy is dominated by the RF, the cheapest level);
//   - every other dataflow spends more than RS on the array NoC plus the global buffer
//     (the paper: WS and OS pay for moving psums/inputs across the array, NLR for the buffer);
//   - NLR has no RF energy at all and the largest GLB energy of the five, and the highest
//     energy per MAC overall (the paper's worst dataflow on CONV layers).
#include <gtest/gtest.h>

#include <map>

#include "sim/model/network_run.h"

using namespace eyrie;

TEST(Isca16, RowStationaryHasTheLowestEnergyPerMacOnAlexNetConv) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss-isca16-256.yaml");
  ASSERT_EQ(arch.pe_array.pes(), 256);
  ASSERT_EQ(arch.global_buffer.size_bytes, 128 * 1024);
  ASSERT_EQ((arch.register_file.ifmap_words + arch.register_file.filter_words + arch.register_file.psum_words) * 2, 512);
  const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
  Network net = load_network("alexnet");
  Network conv = net;
  conv.layers.clear();
  for (const auto& l : net.layers)
    if (l.type == LayerType::Conv) conv.layers.push_back(l);
  ASSERT_EQ(conv.layers.size(), 5u);

  std::map<std::string, LayerResult> total;
  for (const std::string df : {"ws", "os", "is", "rs", "nlr"}) {
    RunOptions o;
    o.dataflow = df;
    o.objective = Objective::Energy;
    total[df] = run_network(conv, engine, o).total;
  }
  auto per_mac = [&](const std::string& df) { return total[df].energy.total() / total[df].macs; };
  auto level = [&](const std::string& df, int i) { return total[df].energy.level_total(i) / total[df].macs; };
  for (const std::string df : {"ws", "os", "is", "nlr"}) {
    EXPECT_LT(per_mac("rs"), per_mac(df)) << "rs vs " << df;
    EXPECT_LT(level("rs", 1) + level("rs", 2), level(df, 1) + level(df, 2)) << "array+GLB, rs vs " << df;
    if (df != "nlr") {
      EXPECT_GT(level("nlr", 2), level(df, 2)) << "GLB, nlr vs " << df;
    }
  }
  EXPECT_GT(level("rs", 0), level("rs", 1) + level("rs", 2));
  EXPECT_EQ(level("nlr", 0), 0.0);
  for (const std::string df : {"ws", "os", "is", "rs"}) EXPECT_GT(per_mac("nlr"), per_mac(df)) << "nlr vs " << df;
  EXPECT_GT(level("nlr", 2), level("rs", 2));
}
