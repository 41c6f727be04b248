// What `run --out` writes reads back (`run --mapping DIR`), layer names never collide as file
// names, and `compare` takes --set and --out like `run`.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "memory/mapping_file.h"
#include "sim/core/content_hash.h"
#include "tests/support/run_command.h"

using namespace eyrie::testing;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("eyrie_outputs_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

}  // namespace

TEST(MappingFileStem, DistinctLayerNamesGetDistinctFileNames) {
  EXPECT_EQ(eyrie::mapping_file_stem("conv1"), "conv1");
  EXPECT_EQ(eyrie::mapping_file_stem("a_b"), "a_b");
  EXPECT_EQ(eyrie::mapping_file_stem("a/b"), "a%2Fb");  // was "a_b" too: two layers, one file
  EXPECT_EQ(eyrie::mapping_file_stem("res2a branch"), "res2a%20branch");
  EXPECT_EQ(eyrie::mapping_file_stem("100%"), "100%25");  // '%' itself escaped: the map stays injective
  EXPECT_EQ(eyrie::mapping_file_stem(".."), "%2E.");      // never the parent directory
  EXPECT_EQ(eyrie::mapping_file_stem(""), "%");
}

TEST(CliOutputs, MappingDirectoryWrittenByOutReproducesTheSearchedRun) {
  const TempDir tmp;
  const std::string arch = " --arch " + source_path("configs/eyeriss.yaml") + " --network alexnet --dataflow rs";
  const auto searched = run_command(eyrie_cmd("run" + arch + " --format json --out " + (tmp / "run")));
  ASSERT_EQ(searched.status, 0) << searched.err;
  ASSERT_TRUE(fs::exists(tmp / "run/mappings/conv1.yaml"));
  // The --out directory itself and its mappings/ folder are both accepted.
  for (const std::string& dir : {tmp / "run", tmp / "run/mappings"}) {
    const auto replay = run_command(eyrie_cmd("run" + arch + " --format json --mapping " + dir));
    ASSERT_EQ(replay.status, 0) << replay.err;
    const auto a = nlohmann::json::parse(searched.out), b = nlohmann::json::parse(replay.out);
    ASSERT_EQ(a["layers"].size(), b["layers"].size());
    for (std::size_t i = 0; i < a["layers"].size(); ++i) {
      EXPECT_EQ(a["layers"][i]["mapping"], b["layers"][i]["mapping"]);
      EXPECT_EQ(a["layers"][i]["cycles"], b["layers"][i]["cycles"]);
      EXPECT_EQ(a["layers"][i]["accesses"], b["layers"][i]["accesses"]);
    }
    EXPECT_EQ(b["dataflow"], "mapping");
  }
}

TEST(CliOutputs, MappingDirectoryWithoutALayersFileNamesTheMissingFile) {
  const TempDir tmp;
  const std::string arch = " --arch " + source_path("configs/eyeriss.yaml") + " --network alexnet";
  ASSERT_EQ(run_command(eyrie_cmd("run" + arch + " --out " + (tmp / "run"))).status, 0);
  fs::remove(tmp / "run/mappings/conv2.yaml");
  const auto r = run_command(eyrie_cmd("run" + arch + " --mapping " + (tmp / "run")));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "eyrie run: error: " + (tmp / "run/mappings") + ": no mapping for layer conv2 (expected " +
                       (tmp / "run/mappings/conv2.yaml") + ")\n");
}

TEST(CliOutputs, CompareTakesSetAndWritesEveryLayerOfEveryDataflow) {
  const TempDir tmp;
  const std::string base = "compare --arch " + source_path("configs/eyeriss.yaml") + " --network lenet5 --dataflows rs,ws --format json";
  const auto plain = run_command(eyrie_cmd(base));
  const auto small = run_command(eyrie_cmd(base + " --set pe_array.rows=4 --out " + (tmp / "cmp")));
  ASSERT_EQ(plain.status, 0) << plain.err;
  ASSERT_EQ(small.status, 0) << small.err;
  const auto a = nlohmann::json::parse(plain.out), b = nlohmann::json::parse(small.out);
  // 4 rows instead of 12: fewer PEs, so more cycles for the same MACs.
  EXPECT_GT(b["dataflows"]["rs"]["total"]["cycles"].get<long long>(), a["dataflows"]["rs"]["total"]["cycles"].get<long long>());
  EXPECT_EQ(nlohmann::json::parse(slurp(tmp / "cmp/compare.json")), b);
  // LeNet-5 has 5 layers with MACs; each dataflow gives them plus a total row, after one header.
  const std::string layers = slurp(tmp / "cmp/layers.csv");
  EXPECT_EQ(count_lines(layers), 1 + 2 * (5 + 1));
  EXPECT_EQ(layers.rfind("dataflow,name,macs,", 0), 0u);
  EXPECT_NE(layers.find("\nws,total,"), std::string::npos);
  EXPECT_EQ(count_lines(slurp(tmp / "cmp/summary.csv")), 1 + 2);
}

TEST(CliOutputs, CompulsoryTrafficCountsOnlyTheInputRowsAStridedLayerTouches) {
  const auto r = run_command(eyrie_cmd("run --arch " + source_path("configs/eyeriss.yaml") +
                                       " --network resnet50 --dataflow rs --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& l : j["layers"]) {
    // Each touched word moved once is the least traffic any mapping can have: its OI bounds
    // every mapping's OI from above.
    EXPECT_LE(l["roofline"]["oi_macs_per_byte"].get<double>(), l["roofline"]["oi_min_macs_per_byte"].get<double>() * (1 + 1e-12))
        << l["name"];
    if (l["name"] != "res3a_branch2a") continue;
    found = true;
    // 1x1, stride 2, 56x56x256 -> 28x28x128: the MACs read 28 of the 56 input rows and cols.
    // 128*256 weights + 256*28*28 inputs + 128*28*28 outputs = 333,824 words of 2 bytes.
    const double macs = 28.0 * 28 * 128 * 256;
    EXPECT_DOUBLE_EQ(l["roofline"]["oi_min_macs_per_byte"].get<double>(), macs / (333824.0 * 2));
  }
  EXPECT_TRUE(found);
}

TEST(CliOutputs, RunAndCompareRecordTheirProvenance) {
  const TempDir tmp;
  const std::string arch = source_path("configs/eyeriss.yaml");
  const auto r = run_command(eyrie_cmd("run --arch " + arch + " --network lenet5 --dataflow ws --batch 2 --objective energy "
                                       "--set pe_array.rows=8 --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto p = nlohmann::json::parse(r.out)["provenance"];
  const auto version = run_command(eyrie_cmd("--version"));
  EXPECT_EQ("eyrie " + p["eyrie_version"].get<std::string>() + "\n", version.out);
  EXPECT_EQ(p["arch_file"], arch);
  EXPECT_EQ(p["arch_file_hash"], eyrie::file_hash(arch));
  EXPECT_EQ(p["overrides"], "pe_array.rows=8");
  EXPECT_EQ(p["network"], "lenet5");
  EXPECT_EQ(p["network_file_hash"], eyrie::file_hash(source_path("workloads/networks/lenet5.yaml")));
  EXPECT_EQ(p["batch"], 2);
  EXPECT_EQ(p["dataflow"], "ws");
  EXPECT_EQ(p["objective"], "energy");
  EXPECT_EQ(p["engine"], "analytic");
  const auto c = run_command(eyrie_cmd("compare --arch " + arch + " --network lenet5 --dataflows rs --format json"));
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_EQ(nlohmann::json::parse(c.out)["dataflows"]["rs"]["provenance"]["dataflow"], "rs");
}
