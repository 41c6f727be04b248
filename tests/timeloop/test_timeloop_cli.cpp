// `eyrie validate` on a Timeloop design: the resolved form, and one-line errors with exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.h"
#include "tests/timeloop/tl_test_data.h"

namespace eyrie::testing {
namespace {

std::string design(const std::string& dir, const char* arch, const char* prob, const char* map, const char* ert) {
  return " --arch " + tl_data(dir + arch) + " --network " + tl_data(dir + prob) + " --mapping " + tl_data(dir + map) +
         " --energy " + tl_data(dir + ert);
}

TEST(TimeloopCli, ValidatePrintsTheResolvedEyerissDesign) {
  const auto r = run_command(eyrie_cmd("validate" + design("06/", "eyeriss_like.yaml", "VGG02_layer5.yaml",
                                                            "timeloop-mapper.map.yaml", "timeloop-mapper.ERT.yaml")));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const char* line : {
           "  - {name: inter_PE_spatial, class: dummy_storage, instances: 14, mesh: 14x1, holds_nothing: true, fan_out_of: PE}",
           "  - {name: weights_spad, class: smartbuffer_RF, instances: 168, mesh: 14x12, word_bits: 8, block_size: 2, size_words: 384,",
           "  conv_layer: {N: 1, M: 256, C: 128, P: 56, Q: 56, R: 3, S: 3, H: 58, W: 58, stride: [1, 1], dilation: [1, 1]}",
           "  macs: 924844032",
           "  - {level: shared_glb, temporal: \"P8 C4 M2\", keep: [Inputs, Outputs], tile_words: {Inputs: 5120, Outputs: 7168}, utilized_instances: 1}",
           "  - {level: inter_PE_spatial, temporal: \"\", spatial: \"S3(Y) M4(Y)\", keep: [], utilized_instances: 14}",
           "  temporal_steps: 5505024",
           "  - {level: weights_spad, read: 1.976602, fill: 1.881657, update: 1.881657, leak_per_cycle: 0.001592, block_size: 2}",
       })
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
}

// Tutorial 03 (bypass) from its own files: eyrie run counts what Timeloop's stats print
// (reference.yaml: GlobalBuffer keeps weights and inputs; MainMemory takes the psums).
TEST(TimeloopCli, RunATutorialDesignFromItsOwnFiles) {
  const auto r = run_command(eyrie_cmd("run" + design("03/", "3level.arch.yaml", "conv1d+oc.prob.yaml",
                                                       "conv1d+oc-3level-bypass.map.yaml", "timeloop-model.ERT.yaml") +
                                       " --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& layer = j["layers"][0];
  const ConfigNode ref = tl_reference("03_bypass");
  EXPECT_EQ(layer["macs"], ref.at("computes").as_int());
  EXPECT_EQ(layer["cycles"], ref.at("cycles").as_int());
  for (const ConfigNode& lv : ref.at("levels").items())
    for (const std::string& ds : lv.at("dataspaces").keys()) {
      const ConfigNode d = lv.at("dataspaces").at(ds);
      std::string op = ds;
      op[0] = static_cast<char>(std::tolower(op[0]));
      const auto& got = layer["accesses"][lv.at("name").as_string()][op];
      EXPECT_EQ(got["reads"], d.at("reads").as_int()) << lv.at("name").as_string() << " " << ds;
      EXPECT_EQ(got["fills"], d.at("fills").as_int()) << lv.at("name").as_string() << " " << ds;
      EXPECT_EQ(got["updates"], d.at("updates").as_int()) << lv.at("name").as_string() << " " << ds;
    }
  EXPECT_EQ(j["energy_unit"], "pJ");
  EXPECT_NEAR(layer["energy_pj"]["mac"].get<double>(), ref.at("compute_energy_pj").as_double(), 0.01);
}

// Tutorial 04 cp (16 PEs): the JSON's level records give Timeloop's per-instance stats as
// accesses / used_instances, and each data space's energy as Timeloop prints it.
TEST(TimeloopCli, JsonLevelsGiveTimeloopsPerInstanceStats) {
  const auto r = run_command(eyrie_cmd("run" + design("04/", "3levelspatial.ref-topology.arch.yaml", "conv1d+oc+ic.prob.yaml",
                                                       "conv1d+oc+ic-3levelspatial-cp-ws.map.yaml", "timeloop-model.ERT.yaml") +
                                       " --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& levels = j["layers"][0]["levels"];
  const ConfigNode ref = tl_reference("04_cp");
  int checked = 0;
  for (const ConfigNode& lv : ref.at("levels").items()) {
    const std::string name = lv.at("name").as_string();
    const nlohmann::json* rec = nullptr;
    for (const auto& x : levels)
      if (x["name"] == name) rec = &x;
    ASSERT_NE(rec, nullptr) << name;
    for (const std::string& ds : lv.at("dataspaces").keys()) {
      const ConfigNode d = lv.at("dataspaces").at(ds);
      std::string op = ds;
      op[0] = static_cast<char>(std::tolower(op[0]));
      const long long used = (*rec)["used_instances"].get<long long>();
      EXPECT_EQ(used, d.at("utilized_instances").as_int()) << name << " " << ds;
      for (const char* action : {"reads", "fills", "updates"})
        EXPECT_EQ((*rec)["accesses"][op][action].get<long long>(), d.at(action).as_int() * used) << name << " " << ds << " " << action;
      const double e = d.at("energy_pj").as_double();
      EXPECT_NEAR((*rec)["energy"][op].get<double>(), e, 0.01 + 2e-6 * e) << name << " " << ds;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 9);  // 3 levels x 3 data spaces
  EXPECT_FALSE(j["total"]["levels"][0].contains("used_instances"));
}

TEST(TimeloopCli, BadTimeloopInputIsOneLineAndExit2) {
  // A mapping for another design: tutorial 01's mapping names MainMemory, which 06 lacks.
  const std::string arch = tl_data("06/eyeriss_like.yaml");
  const std::string map = tl_data("01/conv1d-2level-os.map.yaml");
  struct Case {
    std::string args, err;
  } cases[] = {
      {"validate --arch " + arch + " --network " + tl_data("06/VGG02_layer5.yaml") + " --mapping " + map,
       "eyrie validate: error: " + map + ":2: mapping[0]: no storage level named MainMemory in " + arch +
           " (levels: DRAM shared_glb inter_PE_column_spatial inter_PE_spatial ifmap_spad weights_spad psum_spad)\n"},
      {"validate --arch " + arch + " --mapping " + map,
       "eyrie validate: error: --mapping: a Timeloop mapping is checked against its problem; give --network PROBLEM.yaml too\n"},
      {"validate --arch " + arch + " --energy " + tl_data("01/timeloop-model.ERT.yaml"),
       "eyrie validate: error: " + tl_data("01/timeloop-model.ERT.yaml") + ": no table for level DRAM\n"},
      {"validate --arch " + arch + " --set x.y=1",
       "eyrie validate: error: --set: overrides apply to eyrie architecture files, " + arch + " is Timeloop's\n"},
      {"run --arch " + arch + " --network " + tl_data("06/VGG02_layer5.yaml"),
       "eyrie run: error: a Timeloop design runs from its architecture, problem (--network) and mapping (--mapping) files\n"},
      {"run --arch " + arch + " --network " + tl_data("06/VGG02_layer5.yaml") + " --mapping " + tl_data("06/timeloop-mapper.map.yaml") +
           " --dataflow rs",
       "eyrie run: error: --set, --dataflow and --batch apply to eyrie architectures; " + arch + " is a Timeloop design\n"},
      {"run --arch " + std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml --network alexnet --energy " + tl_data("06/timeloop-mapper.ERT.yaml"),
       "eyrie run: error: --energy: an ERT prices a Timeloop architecture; " + std::string(EYRIE_SOURCE_DIR) +
           "/configs/eyeriss.yaml is eyrie's (its energy table is named inside)\n"},
      {"validate --arch " + std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml --mapping " + map,
       "eyrie validate: error: --network, --mapping and --energy are checked with a Timeloop architecture; " +
           std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml is eyrie's\n"},
  };
  for (const auto& c : cases) {
    const auto r = run_command(eyrie_cmd(c.args));
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.err, c.err) << c.args;
    EXPECT_TRUE(r.out.empty()) << c.args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace eyrie::testing
