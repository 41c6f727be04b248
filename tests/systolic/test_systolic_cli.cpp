// `eyrie run --arch file.cfg`: the systolic template end to end, and its bad-input rules.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/run_command.h"

using namespace eyrie::testing;

namespace {
const std::string kGolden = source_path("tests/data/scalesim_golden/");
}

TEST(SystolicCli, WritesScaleSimsThreeReportsUnderOut) {
  const std::string dir = "/tmp/eyrie_systolic_cli_" + std::to_string(::getpid());
  const auto r = run_command(eyrie_cmd("run --arch " + kGolden + "scale.cfg --network " + kGolden +
                                       "alexnet_part.csv --out " + dir));
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"})
    EXPECT_EQ(slurp(dir + "/" + f), slurp(kGolden + f)) << f;
  EXPECT_NE(r.out.find("112,283"), std::string::npos) << r.out;  // the table's cycles
  std::filesystem::remove_all(dir);
}

TEST(SystolicCli, FormatScaleSimPrintsTheReportsAndDataflowOverridesTheCfg) {
  const auto ws = run_command(eyrie_cmd("run --arch " + kGolden + "scale.cfg --network " + kGolden +
                                        "alexnet_part.csv --format scalesim"));
  ASSERT_EQ(ws.status, 0) << ws.err;
  EXPECT_NE(ws.out.find(slurp(kGolden + "COMPUTE_REPORT.csv")), std::string::npos);
  // OS on the same layer: 3025 pixels -> 95 row folds, 3 column folds of 32 + 32 + 363 - 2.
  const auto os = run_command(eyrie_cmd("run --arch " + kGolden + "scale.cfg --network " + kGolden +
                                        "alexnet_part.csv --dataflow os --format csv"));
  ASSERT_EQ(os.status, 0) << os.err;
  EXPECT_NE(os.out.find(",285," + std::to_string(285 * (32 + 32 + 363 - 2) - 1) + ","), std::string::npos) << os.out;
}

TEST(SystolicCli, BadCfgIsOneLineAndExitTwo) {
  const std::string cfg = temp_file(
      "[general]\nrun_name = x\n[architecture_presets]\nArrayHeight: 0\nArrayWidth: 8\n", ".cfg");
  const auto r = run_command(eyrie_cmd("run --arch " + cfg + " --network " + kGolden + "alexnet_part.csv"));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "eyrie run: error: " + cfg + ":4: architecture_presets.arrayheight: must be >= 1, got 0\n");
  const std::string typo = temp_file("[general]\nrun_name = x\n[architecture_presets]\nArrayHieght: 8\n", ".cfg");
  const auto t = run_command(eyrie_cmd("run --arch " + typo + " --network " + kGolden + "alexnet_part.csv"));
  EXPECT_EQ(t.status, 2);
  EXPECT_EQ(t.err, "eyrie run: error: " + typo + ":4: architecture_presets.arrayhieght: unknown key\n");
  const auto opt = run_command(eyrie_cmd("run --arch " + kGolden + "scale.cfg --network " + kGolden +
                                         "alexnet_part.csv --set pe_array.rows=4"));
  EXPECT_EQ(opt.status, 2);
  EXPECT_EQ(opt.err, "eyrie run: error: --set: does not apply to a SCALE-Sim .cfg (the systolic template)\n");
  // 3 x 3 x 400000 x 100000 weights: refused before anything is allocated for them.
  const std::string huge = temp_file("L, 8, 8, 3, 3, 400000, 100000, 1,\n", ".csv");
  const auto big = run_command(eyrie_cmd("run --arch " + kGolden + "scale.cfg --network " + huge));
  EXPECT_EQ(big.status, 2);
  EXPECT_EQ(big.err, "eyrie run: error: " + huge + ": L: filter of 360000000000 words: too large to replay (at most 2^32)\n");
}

TEST(SystolicCli, ValidatePrintsTheResolvedCfgWhichReadsBackTheSame) {
  const auto r = run_command(eyrie_cmd("validate --arch " + kGolden + "scale.cfg"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("ArrayHeight: 32\nArrayWidth: 32\nIfmapSramSzkB: 64\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Dataflow: ws\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Bandwidth"), r.out.find("InterfaceBandwidth: CALC") + 9);  // no Bandwidth key in CALC
  const std::string body = r.out.substr(r.out.find('\n') + 1);
  const auto again = run_command(eyrie_cmd("validate --arch " + temp_file(body, ".cfg")));
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.out.substr(again.out.find('\n') + 1), body);
}

TEST(SystolicCli, SramTracesMatchScaleSimsWithTheCfgsOffsets) {
  // tests/data/scalesim_reference/traces_user_8x8_1k_bw4_os: scale-sim-v2 run with
  // save_disk_space=False on small.csv, IfmapOffset 5; its SRAM traces of layers 1 and 3.
  const std::string ref = source_path("tests/data/scalesim_reference/");
  const std::string dir = "/tmp/eyrie_systolic_traces_" + std::to_string(::getpid());
  const auto r = run_command(eyrie_cmd("run --arch " + ref + "traces_user_8x8_1k_bw4_os/scale.cfg --network " + ref +
                                       "small.csv --out " + dir + " --sram-traces"));
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* layer : {"layer1", "layer3"})
    for (const char* f : {"IFMAP_SRAM_TRACE.csv", "FILTER_SRAM_TRACE.csv", "OFMAP_SRAM_TRACE.csv"})
      EXPECT_EQ(slurp(dir + "/" + layer + "/" + f), slurp(ref + "traces_user_8x8_1k_bw4_os/" + layer + "/" + f)) << layer << f;
  // The offsets label the words: layer 1's first ifmap word (address 0) served in cycle 1 is 5.
  EXPECT_EQ(slurp(dir + "/layer1/IFMAP_SRAM_TRACE.csv").substr(0, 4), "1,5,");
  std::filesystem::remove_all(dir);
  const auto no_out = run_command(eyrie_cmd("run --arch " + ref + "traces_user_8x8_1k_bw4_os/scale.cfg --network " + ref +
                                            "small.csv --sram-traces"));
  EXPECT_EQ(no_out.status, 2);
  EXPECT_EQ(no_out.err, "eyrie run: error: --sram-traces: needs --out DIR to write them under\n");
}
