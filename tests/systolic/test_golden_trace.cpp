// scale-sim-v2's committed golden trace (test/golden_trace/, commit 22f88b17, checked by its
// test/scripts/function_test.sh): AlexNet Conv1 (topologies/conv_nets/alexnet_part.csv) on
// configs/scale.cfg switched to ws: a 32x32 array, 64 KB scratchpads, CALC bandwidth.
// The three report files are compared byte for byte; tests/data/scalesim_golden/ holds them
// verbatim.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/systolic/scalesim_report.h"
#include "sim/systolic/systolic_sim.h"

using namespace eyrie::systolic;

namespace {

SystolicArch golden_arch() {
  return parse_scalesim_cfg(
      "[general]\nrun_name = scale_example_run_32x32_ws\n\n[architecture_presets]\nArrayHeight:    32\n"
      "ArrayWidth:     32\nIfmapSramSzkB:   64 \nFilterSramSzkB:  64 \nOfmapSramSzkB:   64 \nIfmapOffset:    0\n"
      "FilterOffset:   10000000\nOfmapOffset:    20000000\nBandwidth : 10\nDataflow : ws\nMemoryBanks:   1\n\n"
      "[run_presets]\nInterfaceBandwidth: CALC\n",
      "scale.cfg");
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(GoldenTrace, AlexNetConv1On32x32WsCountsEveryOperand) {
  const SystolicLayerResult r = simulate_layer(scalesim_layer("Conv1", 224, 224, 11, 11, 3, 96, 4, 4), golden_arch());
  // 36 folds (ceil(363/32) = 12 row folds x 3 column folds) of 2*32 + 32 + 3025 - 2 = 3119
  // cycles, minus one: the last row's cycle.
  EXPECT_EQ(r.folds, 36);
  EXPECT_EQ(r.total_cycles, 112283);
  EXPECT_EQ(r.stall_cycles, 0);
  EXPECT_EQ(r.sram_requests[0], 3294225);  // 3025 pixels x 363 window x 3 column folds
  EXPECT_EQ(r.sram_requests[1], 34848);    // 363 x 96, each weight once
  EXPECT_EQ(r.sram_requests[2], 3484800);  // 3025 x 96 x 12 row folds
  EXPECT_EQ(r.dram[0].words, 1805023);
  EXPECT_EQ(r.dram[1].words, 34848);
  EXPECT_EQ(r.dram[2].words, 3484831);
  EXPECT_EQ(r.dram[0].start_cycle, -3243);
  EXPECT_EQ(r.dram[0].stop_cycle, 111824);
  EXPECT_EQ(r.dram[1].start_cycle, -3275);
  EXPECT_EQ(r.dram[1].stop_cycle, 102937);
  EXPECT_EQ(r.dram[2].start_cycle, 1102);
  EXPECT_EQ(r.dram[2].stop_cycle, 112639);
}

TEST(GoldenTrace, ReportFilesMatchByteForByte) {
  const std::vector<SystolicLayerResult> layers{
      simulate_layer(scalesim_layer("Conv1", 224, 224, 11, 11, 3, 96, 4, 4), golden_arch())};
  const std::string dir = std::string(EYRIE_SOURCE_DIR) + "/tests/data/scalesim_golden/";
  EXPECT_EQ(compute_report_csv(layers), slurp(dir + "COMPUTE_REPORT.csv"));
  EXPECT_EQ(bandwidth_report_csv(layers), slurp(dir + "BANDWIDTH_REPORT.csv"));
  EXPECT_EQ(detailed_access_report_csv(layers), slurp(dir + "DETAILED_ACCESS_REPORT.csv"));
}
