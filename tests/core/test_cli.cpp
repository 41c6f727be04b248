// The command line as a user meets it: exit codes, one-line errors, the documented JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.h"

using namespace eyrie::testing;

TEST(Cli, HelpAndVersion) {
  const auto help = run_command(eyrie_cmd("--help"));
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("workload"), std::string::npos);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  const auto version = run_command(eyrie_cmd("--version"));
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out.rfind("eyrie ", 0), 0u);
  const auto sub = run_command(eyrie_cmd("workload --help"));
  EXPECT_EQ(sub.status, 0);
  EXPECT_NE(sub.out.find("--network"), std::string::npos);
}

TEST(Cli, WorkloadJsonTotalsAreExact) {
  const auto r = run_command(eyrie_cmd("workload --network resnet50 --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["network"], "resnet50");
  EXPECT_EQ(j["total_macs"].get<long long>(), 3857973248LL);
  long long sum = 0;
  for (const auto& l : j["layers"]) sum += l["macs"].get<long long>();
  EXPECT_EQ(sum, 3857973248LL);
  const auto& conv1 = j["layers"][0];
  for (const char* key : {"name", "type", "N", "C", "M", "H", "W", "R", "S", "stride", "pad", "groups", "P", "Q", "macs"})
    EXPECT_TRUE(conv1.contains(key)) << key;
  EXPECT_EQ(conv1["P"], 112);
}

TEST(Cli, WorkloadCsvHasOneRowPerLayer) {
  const auto r = run_command(eyrie_cmd("workload --network lenet5 --format csv"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 1 + 7);  // header + 7 layers (5 with MACs, 2 pools)
}

TEST(Cli, BadInputsExitTwoWithOneLine) {
  const std::string bad_arch = temp_file("name: x\npe_array: {rows: twelve}\n");
  const std::string empty = temp_file("");
  const std::string bad_net = temp_file("network: n\nlayers:\n  - {name: c, C: 3, M: 4, H: 2, W: 2, R: 5, S: 5}\n");
  const std::string bad_csv = temp_file("c1, 8, 8, 3, 3, 4\n", ".csv");
  struct Case {
    std::string args, expected_err_start;
  } cases[] = {
      {"validate --arch " + bad_arch, "eyrie validate: error: " + bad_arch + ":1: missing required key 'clock_mhz'"},
      {"validate --arch " + empty, "eyrie validate: error: " + empty + ": file is empty"},
      {"validate --arch /nonexistent.yaml", "eyrie validate: error: /nonexistent.yaml: cannot open"},
      {"validate --arch /tmp", "eyrie validate: error: /tmp: cannot read: is a directory"},
      {"workload --network " + bad_net, "eyrie workload: error: " + bad_net + ":3: layers[0]: filter 5x5"},
      {"workload --network " + bad_csv, "eyrie workload: error: " + bad_csv + ":1: expected 8 columns"},
      {"workload --network nosuchnet", "eyrie workload: error: --network: unknown network 'nosuchnet'"},
      {"workload --network lenet5 --format xml", "eyrie workload: error: --format: must be one of"},
      {"workload --network lenet5 --batch 0", "eyrie workload: error: --batch: must be a positive integer"},
      {"workload --netwrk lenet5", "eyrie workload: error: unrecognised option '--netwrk'"},
      {"workload", "eyrie workload: error: the option '--network' is required"},
      {"frobnicate", "eyrie: error: unknown command 'frobnicate'"},
  };
  for (const auto& c : cases) {
    const auto r = run_command(eyrie_cmd(c.args));
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.err.rfind(c.expected_err_start, 0), 0u) << c.args << "\n got: " << r.err;
    EXPECT_EQ(count_lines(r.err), 1) << c.args << "\n got: " << r.err;
    EXPECT_TRUE(r.out.empty()) << c.args;
  }
}

TEST(Cli, ValidatePrintsTheResolvedConfig) {
  const auto r = run_command(eyrie_cmd("validate --arch " + source_path("configs/eyeriss.yaml")));
  ASSERT_EQ(r.status, 0) << r.err;
  // The lowered general form: 12 x 14 register files under a 55296-word buffer.
  EXPECT_NE(r.out.find("mesh_y: 12"), std::string::npos);
  EXPECT_NE(r.out.find("# 168 PEs"), std::string::npos);
  EXPECT_NE(r.out.find("capacity_words: 55296"), std::string::npos);
}

TEST(Cli, RunWithTheSystemCEngineReportsBothCycleCounts) {
  const std::string vcd = "/tmp/eyrie_cli_trace_" + std::to_string(::getpid()) + ".vcd";
  const auto r = run_command(eyrie_cmd("run --arch " + source_path("configs/eyeriss.yaml") +
                                       " --network lenet5 --engine systemc --format json --trace " + vcd));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["engine"], "analytic+systemc");
  long long sum = 0;
  for (const auto& l : j["layers"]) {
    ASSERT_TRUE(l.contains("timed")) << l["name"];
    EXPECT_GT(l["timed"]["cycles"].get<long long>(), 0);
    sum += l["timed"]["cycles"].get<long long>();
  }
  EXPECT_EQ(sum, j["total"]["timed"]["cycles"].get<long long>());
  EXPECT_NE(slurp(vcd).find("dram_busy"), std::string::npos);
  std::remove(vcd.c_str());
}

TEST(Cli, RunRejectsBadEngineOptions) {
  const std::string arch = source_path("configs/eyeriss.yaml");
  struct Case {
    std::string args, expected;
  } cases[] = {
      {"run --arch " + arch + " --network lenet5 --engine verilog", "eyrie run: error: --engine: must be analytic or systemc, got \"verilog\""},
      {"run --arch " + arch + " --network lenet5 --trace x.vcd", "eyrie run: error: --trace: needs --engine systemc"},
      {"run --arch " + arch + " --network lenet5 --set pe_array.rows=0",
       "eyrie run: error: " + arch + ": --set pe_array.rows: must be a positive integer, got 0"},
  };
  for (const auto& c : cases) {
    const auto r = run_command(eyrie_cmd(c.args));
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.err, c.expected + "\n") << c.args;
    EXPECT_TRUE(r.out.empty());
  }
}

TEST(Cli, SweepWritesOneCsvRowPerPointNetworkAndDataflow) {
  const std::string sweep = temp_file("sweep: s\narch: " + source_path("configs/eyeriss.yaml") +
                                      "\nnetworks: [lenet5]\ndataflows: [rs, os]\ngrid:\n  pe_array.rows: [4, 8, 12]\n");
  const std::string out = "/tmp/eyrie_sweep_out_" + std::to_string(::getpid());
  const auto r = run_command(eyrie_cmd("sweep " + sweep + " --format csv --out " + out));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 1 + 3 * 2);
  EXPECT_EQ(r.out.rfind("point,pe_array.rows,network,dataflow,status,", 0), 0u);
  EXPECT_EQ(slurp(out + "/sweep.csv"), r.out);
  EXPECT_EQ(nlohmann::json::parse(slurp(out + "/sweep.json"))["rows"].size(), 6u);
  const auto bad = run_command(eyrie_cmd("sweep " + temp_file("sweep: s\n")));
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(count_lines(bad.err), 1) << bad.err;
}

TEST(Cli, PlotScriptDrawsTheRooflineOfARun) {
  const std::string dir = "/tmp/eyrie_plot_" + std::to_string(::getpid());
  const auto run = run_command(eyrie_cmd("run --arch " + source_path("configs/eyeriss.yaml") +
                                         " --network lenet5 --format json --out " + dir));
  ASSERT_EQ(run.status, 0) << run.err;
  const auto plot = run_command(source_path("scripts/plot.py") + " roofline " + dir + "/summary.json -o " + dir + "/r.png");
  ASSERT_EQ(plot.status, 0) << plot.err;
  EXPECT_EQ(slurp(dir + "/r.png").substr(1, 3), "PNG");
  const auto bad = run_command(source_path("scripts/plot.py") + " energy " + dir + "/summary.json -o " + dir + "/e.png");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("no dataflows"), std::string::npos) << bad.err;
}
