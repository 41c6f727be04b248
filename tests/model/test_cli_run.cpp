// `eyrie run` and `eyrie compare` as a user meets them: the documented JSON, --out files,
// exit status 2 with one line on bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.h"

using namespace eyrie::testing;

TEST(CliRun, JsonHasTheDocumentedKeysAndTotalsSumLayers) {
  const auto r = run_command(eyrie_cmd("run --arch " + source_path("configs/eyeriss.yaml") +
                                       " --network alexnet --dataflow rs --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* k : {"network", "arch", "dataflow", "layers", "total"}) EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["dataflow"], "rs");
  ASSERT_EQ(j["layers"].size(), 8u);  // 5 conv + 3 fc; pools carry no MACs
  long long macs = 0, cycles = 0;
  double energy = 0;
  for (const auto& l : j["layers"]) {
    for (const char* k : {"name", "macs", "cycles", "utilization", "energy_normalized", "accesses", "dram_bytes", "roofline", "mapping"})
      EXPECT_TRUE(l.contains(k)) << k;
    for (const char* k : {"total", "mac", "register_file", "array", "global_buffer", "dram"}) EXPECT_TRUE(l["energy_normalized"].contains(k)) << k;
    for (const char* k : {"peak_macs_per_s", "bandwidth_bytes_per_s", "oi_macs_per_byte", "oi_min_macs_per_byte",
                          "bound_macs_per_s", "bound", "achieved_macs_per_s"})
      EXPECT_TRUE(l["roofline"].contains(k)) << k;
    EXPECT_TRUE(l["accesses"]["global_buffer"]["inputs"].contains("fills"));
    macs += l["macs"].get<long long>();
    cycles += l["cycles"].get<long long>();
    energy += l["energy_normalized"]["total"].get<double>();
  }
  EXPECT_EQ(macs, 724406816LL);  // AlexNet with two-tower groups: 666M conv + 58.6M FC (network file)
  EXPECT_EQ(j["total"]["macs"].get<long long>(), macs);
  EXPECT_EQ(j["total"]["cycles"].get<long long>(), cycles);
  EXPECT_NEAR(j["total"]["energy_normalized"]["total"].get<double>(), energy, energy * 1e-9);
  // The roofline's peak: 168 PEs at 200 MHz.
  EXPECT_DOUBLE_EQ(j["total"]["roofline"]["peak_macs_per_s"].get<double>(), 168 * 200e6);
}

TEST(CliRun, OutWritesFilesAndAChosenMappingRunsBackUnchanged) {
  const std::string dir = "/tmp/eyrie_run_out_" + std::to_string(::getpid());
  const std::string arch = source_path("configs/eyeriss.yaml");
  const auto r = run_command(eyrie_cmd("run --arch " + arch + " --network lenet5 --dataflow os --out " + dir));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count_lines(slurp(dir + "/layers.csv")), 1 + 5 + 1);  // header, 5 layers, total
  const auto summary = nlohmann::json::parse(slurp(dir + "/summary.json"));
  const auto& layers = summary["layers"];
  ASSERT_EQ(layers.size(), 5u);
  const std::string name = layers[0]["name"];
  // Feeding the chosen mapping back through --mapping reproduces its counts (single layer net).
  const std::string net = temp_file("network: one\nlayers:\n  - {name: c1, type: conv, C: 1, M: 6, H: 32, W: 32, R: 5, S: 5}\n");
  const auto again = run_command(eyrie_cmd("run --arch " + arch + " --network " + net + " --mapping " + dir +
                                           "/mappings/" + name + ".yaml --format json"));
  ASSERT_EQ(again.status, 0) << again.err;
  const auto j = nlohmann::json::parse(again.out);
  EXPECT_EQ(j["layers"][0]["accesses"], layers[0]["accesses"]);
  EXPECT_EQ(j["layers"][0]["cycles"], layers[0]["cycles"]);
  // The whole directory runs back layer by layer: every layer's counts, the same totals.
  const auto whole = run_command(eyrie_cmd("run --arch " + arch + " --network lenet5 --mapping " + dir + "/mappings --format json"));
  ASSERT_EQ(whole.status, 0) << whole.err;
  const auto w = nlohmann::json::parse(whole.out);
  ASSERT_EQ(w["layers"].size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(w["layers"][i]["accesses"], layers[i]["accesses"]) << i;
  EXPECT_EQ(w["total"]["cycles"], summary["total"]["cycles"]);
  EXPECT_EQ(w["dataflow"], "mapping");
  // A directory without a layer's file is one line naming the layer.
  std::system(("rm " + dir + "/mappings/" + name + ".yaml").c_str());
  const auto missing = run_command(eyrie_cmd("run --arch " + arch + " --network lenet5 --mapping " + dir + "/mappings"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err.rfind("eyrie run: error: " + dir + "/mappings: no mapping for layer " + name, 0), 0u) << missing.err;
  std::system(("rm -rf " + dir).c_str());
}

TEST(CliRun, CompareRanksDataflowsAndMarksTheBest) {
  const auto r = run_command(eyrie_cmd("compare --arch " + source_path("configs/eyeriss.yaml") +
                                       " --network alexnet --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["network"], "alexnet");
  ASSERT_EQ(j["dataflows"].size(), 5u);
  // The best is the lowest energy x cycles of the five.
  std::string best;
  double best_edp = 0;
  for (auto it = j["dataflows"].begin(); it != j["dataflows"].end(); ++it) {
    const double edp = (*it)["total"]["energy_normalized"]["total"].get<double>() * (*it)["total"]["cycles"].get<double>();
    if (best.empty() || edp < best_edp) {
      best = it.key();
      best_edp = edp;
    }
  }
  EXPECT_EQ(j["best"], best);
  const auto table = run_command(eyrie_cmd("compare --arch " + source_path("configs/eyeriss.yaml") + " --network alexnet"));
  ASSERT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("<- best"), std::string::npos);
}

TEST(CliRun, BadInputsExitTwoWithOneLine) {
  const std::string arch = source_path("configs/eyeriss.yaml");
  const std::string bad_map = temp_file("mapping:\n  - level: dram\n    temporal: {C: 0}\n");
  const std::string tiny = source_path("configs/tiny-4x4.yaml");
  const std::string short_map = temp_file("mapping:\n  - level: dram\n    temporal: {M: 2}\n");
  struct Case {
    std::string args, expected;
  } cases[] = {
      {"run --arch " + arch + " --network alexnet --dataflow xs", "eyrie run: error: --dataflow: unknown dataflow \"xs\""},
      {"run --arch " + arch + " --network alexnet --objective speed", "eyrie run: error: --objective: unknown objective"},
      {"run --arch " + arch + " --network alexnet --mapping " + bad_map, "eyrie run: error: " + bad_map + ":3: mapping[0].temporal.C:"},
      {"run --arch " + arch + " --network alexnet --mapping " + short_map,
       "eyrie run: error: " + short_map + ": layer conv1: factors of M multiply to 2, the layer has 96"},
      {"run --arch " + tiny + " --network alexnet --dataflow rs", "eyrie run: error: layer conv1: dataflow rs: no legal mapping: a filter row of S=11 (with its inputs) does not fit the register file"},
      {"compare --arch " + arch + " --network alexnet --dataflows rs,xx", "eyrie compare: error: --dataflow: unknown dataflow \"xx\""},
  };
  for (const auto& c : cases) {
    const auto r = run_command(eyrie_cmd(c.args));
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(count_lines(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind(c.expected, 0), 0u) << r.err;
  }
}

// A dataflow that cannot map a layer is named and left out; the others are still compared.
// tpu-like: one filter word per PE, so no filter row (S = 5 in LeNet's C1) fits for rs.
TEST(CliRun, CompareLeavesOutADataflowThatCannotMapAndSaysWhy) {
  const auto r = run_command(eyrie_cmd("compare --arch " + source_path("configs/tpu-like.yaml") +
                                       " --network lenet5 --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["dataflows"].size(), 4u);
  EXPECT_FALSE(j["dataflows"].contains("rs"));
  EXPECT_EQ(j["unmappable"]["rs"],
            "layer C1: dataflow rs: no legal mapping: a filter row of S=5 (with its inputs) does not fit the register file");
  const auto only_rs = run_command(eyrie_cmd("compare --arch " + source_path("configs/tpu-like.yaml") +
                                             " --network lenet5 --dataflows rs"));
  EXPECT_EQ(only_rs.status, 2);
  EXPECT_EQ(count_lines(only_rs.err), 1);
}
