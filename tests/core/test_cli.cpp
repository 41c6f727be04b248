// The command line as a user meets it: exit codes, one-line errors, the documented JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <thread>
#include <vector>

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
  const std::string vcd = TempPaths::instance().next("cli_trace", ".vcd");
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
  const std::string out = temp_dir("sweep_out");
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
  const std::string dir = temp_dir("plot");
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

namespace {
// One bad input: the command, the exact stderr (one line), and the folder that must stay empty.
struct BadInput {
  std::string args, expected;
};

void expect_one_line_exit_two(const std::vector<BadInput>& cases, const std::string& out_dir) {
  for (const auto& c : cases) {
    const auto r = run_command(eyrie_cmd(c.args));
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.err, c.expected + "\n") << c.args;
    EXPECT_TRUE(r.out.empty()) << c.args << "\n" << r.out;
    EXPECT_EQ(dir_listing(out_dir), std::vector<std::string>{}) << c.args;
  }
}

std::string tensor_bytes(std::int32_t a, std::int32_t b, std::int32_t c, std::int32_t d, const std::vector<float>& v) {
  std::string s;
  for (std::int32_t x : {a, b, c, d})
    for (int k = 0; k < 4; ++k) s += static_cast<char>((static_cast<std::uint32_t>(x) >> (8 * k)) & 0xff);
  s.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));  // little-endian host
  return s;
}
}  // namespace

TEST(Cli, BadConfigFilesOfEveryKindAreOneLine) {
  const std::string out = temp_dir("bad_out");
  const std::string arch = source_path("configs/eyeriss.yaml");
  const std::string complex_key = temp_file("? [a, b]\n: 1\n");
  const std::string nested_dup = temp_file("name: x\npe_array:\n  rows: 4\n  rows: 8\n");
  const std::string onnx = temp_file(std::string("\x08\x07\x12\x04onnx\0", 9), ".onnx");
  const std::string binary = temp_file(std::string("\x08\x07\x12\x04onnx\0", 9));
  const std::string cfg = temp_file("[general]\nrun_name = eyeriss\n\n[architecture_presets]\nArrayHeight: 12\n", ".cfg");
  // The same INI text under a YAML name: said to be INI, with where a .cfg goes.
  const std::string ini_yaml = temp_file("[general]\nrun_name = eyeriss\n\n[architecture_presets]\nArrayHeight: 12\n", ".yaml");
  const std::string huge = temp_file("network: n\nlayers:\n  - {name: c, C: 1000000, M: 1000000, H: 1000000, W: 1000000, R: 1, S: 1}\n");
  const std::string multiline = temp_file("network: n\nlayers:\n  - {name: c, C: \"3\n\n4\", M: 1, H: 2, W: 2, R: 1, S: 1}\n");
  const std::string dup_map = temp_file("mapping:\n  - level: dram\n    temporal: {M: 3, M: 1}\n");
  const std::string dup_sweep = temp_file("sweep: s\narch: " + arch + "\nnetworks: [lenet5]\ngrid:\n  pe_array.rows: [4]\n  pe_array.rows: [8]\n");
  // SCALE-Sim pads so that ceil((in - f + s) / s) windows fit; a stride near 2^63 overflowed.
  const std::string stride_csv = temp_file("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
                                           "Num Filter, Strides,\nc, 10, 10, 1, 1, 1, 1, 9000000000000000000,\n", ".csv");
  std::vector<BadInput> cases = {
      {"workload --network " + stride_csv, "eyrie workload: error: " + stride_csv +
                                               ":2: c: padded H: 10 + 8999999999999999991 exceeds 2^53 (the largest count eyrie keeps exact)"},
      {"validate --arch " + complex_key, "eyrie validate: error: " + complex_key + ":1: a key must be a plain name, got a list"},
      {"validate --arch " + nested_dup, "eyrie validate: error: " + nested_dup + ":4: pe_array.rows: duplicate key"},
      {"validate --arch /dev/zero",
       "eyrie validate: error: /dev/zero: too large for a YAML file: more than 64 MiB (the limit); it is not a regular file"},
      {"workload --network " + onnx, "eyrie workload: error: " + onnx +
                                         ": an ONNX model, not YAML: eyrie reads networks as YAML or SCALE-Sim topology CSV "
                                         "(ONNX import is not supported)"},
      {"validate --arch " + binary, "eyrie validate: error: " + binary + ": a binary file (an ONNX model?), not YAML text"},
      {"validate --arch " + cfg, "eyrie validate: error: " + cfg + ": architecture_presets.arraywidth: missing (SCALE-Sim requires it)"},
      {"validate --arch " + ini_yaml, "eyrie validate: error: " + ini_yaml +
                                          ": an INI file (a SCALE-Sim .cfg?), not YAML: give a SCALE-Sim architecture as "
                                          "--arch FILE.cfg (the systolic template) and its topology CSV as --network"},
      {"workload --network " + huge, "eyrie workload: error: " + huge +
                                         ":3: layers[0]: input words (N x C x H x W): 1 x 1000000 x 1000000 x 1000000 "
                                         "exceeds 2^53 (the largest count eyrie keeps exact)"},
      {"workload --network " + multiline,
       "eyrie workload: error: " + multiline + ":3: layers[0].C: must be a positive integer, got \"3\\n4\""},
      {"workload --network lenet5 --batch 9000000000000000000",
       "eyrie workload: error: --batch 9000000000000000000: layer C1: input words (N x C x H x W): 9000000000000000000 x "
       "1 x 32 x 32 exceeds 2^53 (the largest count eyrie keeps exact)"},
      {"run --arch " + arch + " --network lenet5 --set dram.bandwidth_gb_per_s=1e-300",
       "eyrie run: error: " + arch + ": --set dram.bandwidth_gb_per_s: must be between 0.001 and 100000 GB/s, got 1e-300"},
      {"run --arch " + arch + " --network lenet5 --mapping " + dup_map + " --out " + out,
       "eyrie run: error: " + dup_map + ":3: mapping[0].temporal.M: duplicate key"},
      {"sweep " + dup_sweep + " --out " + out, "eyrie sweep: error: " + dup_sweep + ":6: grid.pe_array.rows: duplicate key"},
  };
  expect_one_line_exit_two(cases, out);
}

TEST(Cli, BadTensorsAndOptionsAreOneLineAndWriteNothing) {
  const std::string out = temp_dir("bad_out");
  const std::string in = temp_file(tensor_bytes(1, 2, 2, 1, {1, 2, 3, 4}), ".bin");
  const std::string k = temp_file(tensor_bytes(1, 1, 1, 1, {0.5f}), ".bin");
  const std::string wraps = temp_file(tensor_bytes(65536, 65536, 65536, 65536, {}), ".bin");
  const std::string nan = temp_file(tensor_bytes(1, 2, 2, 1, {1, 2, std::nanf(""), 4}), ".bin");
  const std::string a_file = temp_file("not a folder\n", ".txt");
  std::vector<BadInput> cases = {
      {"conv " + wraps + " " + k, "eyrie conv: error: " + wraps +
                                      ": truncated: header says 65536x65536x65536x65536 = more than 2^53 floats, file holds 0 floats"},
      {"conv " + nan + " " + k, "eyrie conv: error: " + nan +
                                    ": NaN at value 2 (index [0,1,0,0] of 1x2x2x1): tensor values must be finite"},
      {"conv /dev/zero " + k,
       "eyrie conv: error: /dev/zero: header dimension 0 is 0 (header 0x0x0x0): every dimension must be positive"},
      {"conv " + in + " " + k + " -o " + in,
       "eyrie conv: error: -o " + in + ": is an input of this command (" + in + "); refusing to overwrite it"},
      {"conv " + in + " " + k + " -o " + a_file + "/y.bin",
       "eyrie conv: error: -o " + a_file + "/y.bin: cannot create: " + a_file + " is not a directory"},
      {"conv " + in + " " + k + " --report -o " + out + "/y.bin",
       "eyrie conv: error: -o: not with --report (it writes one run's output tensor; --out takes the table)"},
      {"conv " + in + " " + k + " --report --scale-curve", "eyrie conv: error: --scale-curve: not with --report (it prints one run's scale search)"},
      {"conv " + in + " " + k + " --threads -1", "eyrie conv: error: --threads: must be at least 1, got -1"},
      {"conv " + in + " " + k + " --ternary-threshold nan", "eyrie conv: error: --ternary-threshold: must be in [0, 1)"},
      {"conv " + in + " " + k + " --rounding up", "eyrie conv: error: --rounding: must be nearest or truncate (got 'up')"},
      {"conv " + in + " " + k + " --overflow clamp", "eyrie conv: error: --overflow: must be wrap or saturate (got 'clamp')"},
      {"conv " + in + " " + k + " --backend gpu", "eyrie conv: error: --backend: must be one of scalar, avx2, array, cuda (got 'gpu')"},
      {"conv " + in + " " + k + " --scheme fancy",
       "eyrie conv: error: --scheme: must be one of naive, maxabs, perchannel, asymmetric, ternary (got 'fancy')"},
      {"conv " + in + " " + k + " --out " + out + "/r.csv", "eyrie conv: error: --out: only with --report (use -o for the output tensor)"},
      {"conv " + in + " " + k + " --arch /dev/zero",
       "eyrie conv: error: /dev/zero: too large for a YAML file: more than 64 MiB (the limit); it is not a regular file"},
      {"gen-tensors --layer H=4,W=4,C=2,M=2 --seed -1 -o " + out,
       "eyrie gen-tensors: error: --seed: must be an integer from 0 to 2^64 - 1, got \"-1\""},
      {"gen-tensors --layer H=4,W=4,C=2,M=2 --seed 18446744073709551616 -o " + out,
       "eyrie gen-tensors: error: --seed: must be an integer from 0 to 2^64 - 1, got \"18446744073709551616\""},
      {"gen-tensors --layer H=100000,W=100000,C=64,M=2 -o " + out,
       "eyrie gen-tensors: error: --layer H=100000,W=100000,C=64,M=2: input N,H,W,C: tensor 1x100000x100000x64 = "
       "640000000000 floats = 2560000000000 bytes, more than a tensor file may hold (2 GiB)"},
      {"gen-tensors --layer H=4,W=4,C=2,M=2,R=3000000000 -o " + out,
       "eyrie gen-tensors: error: --layer: R=3000000000: must be an integer from 1 to 2147483647 (a tensor header holds int32)"},
      {"gen-tensors --layer H=4,W=4,C=2,M=2,R=2000000000,S=2000000000 -o " + out,
       "eyrie gen-tensors: error: --layer H=4,W=4,C=2,M=2,R=2000000000,S=2000000000: kernel KH,KW,OC,IC: tensor "
       "2000000000x2000000000x2x2 floats: 2000000000 x 2000000000 x 2 x 2 exceeds 2^53 (the largest count eyrie keeps exact)"},
      {"gen-tensors --layer H=4,W=4,C=2,M=2 -o " + a_file, "eyrie gen-tensors: error: -o " + a_file + ": cannot write: not a directory"},
  };
  expect_one_line_exit_two(cases, out);
}

TEST(Cli, RunOutputsAreCheckedFirstAndCommittedTogether) {
  const std::string arch = source_path("configs/eyeriss.yaml");
  const std::string a_file = temp_file("not a folder\n", ".txt");
  std::vector<BadInput> cases = {
      {"run --arch " + arch + " --network lenet5 --out " + a_file + "/sub",
       "eyrie run: error: --out " + a_file + "/sub: cannot create: " + a_file + " is not a directory"},
      {"run --arch " + arch + " --network lenet5 --engine systemc --trace " + a_file + "/t.vcd",
       "eyrie run: error: --trace " + a_file + "/t.vcd: cannot create: " + a_file + " is not a directory"},
      {"run --arch " + arch + " --network lenet5 --engine systemc --trace " + arch,
       "eyrie run: error: --trace " + arch + ": is an input of this command (" + arch + "); refusing to overwrite it"},
  };
  expect_one_line_exit_two(cases, temp_dir("unused"));
  // A mapping file that cannot be written (its name is taken by a folder) fails the whole set:
  // layers.csv and summary.json, rendered and ready, are not left behind.
  const std::string out = temp_dir("run_out");
  std::filesystem::create_directories(out + "/mappings/C1.yaml");
  const auto r = run_command(eyrie_cmd("run --arch " + arch + " --network lenet5 --out " + out));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "eyrie run: error: " + out + "/mappings/C1.yaml: cannot write: is a directory\n");
  EXPECT_EQ(dir_listing(out), (std::vector<std::string>{"mappings", "mappings/C1.yaml"}));
}

TEST(Cli, ThreadsAboveTheMachineAreCappedAndSaid) {
  const std::string in = temp_file(tensor_bytes(1, 2, 2, 1, {1, 2, 3, 4}), ".bin");
  const std::string k = temp_file(tensor_bytes(1, 1, 1, 1, {0.5f}), ".bin");
  const unsigned have = std::max(1u, std::thread::hardware_concurrency());
  const auto r = run_command(eyrie_cmd("conv " + in + " " + k + " --backend avx2 --threads 100000"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "eyrie conv: note: --threads 100000 is more than this machine's " + std::to_string(have) +
                       " hardware threads; using " + std::to_string(have) + "\n");
  EXPECT_NE(r.out.find("(" + std::to_string(have) + " threads)"), std::string::npos) << r.out;
}

TEST(Cli, ConvReportShowsProgressOnStderr) {
  const std::string in = temp_file(tensor_bytes(1, 2, 2, 1, {1, 2, 3, 4}), ".bin");
  const std::string k = temp_file(tensor_bytes(1, 1, 1, 1, {0.5f}), ".bin");
  const auto r = run_command(eyrie_cmd("conv " + in + " " + k + " --report --threads 1"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.rfind("eyrie conv: [1/", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("] fp32 on scalar\n"), std::string::npos) << r.err;
  // One line per row of the table: precision x backend.
  EXPECT_EQ(count_lines(r.err), count_lines(r.out.substr(r.out.find("precision "))) - 2) << r.err << r.out;
}

TEST(Cli, InstalledEyrieFindsItsDataWithoutTheSourceTree) {
  // cmake --install puts eyrie in PREFIX/bin and the bundled data in PREFIX/share/eyrie; the
  // installed program must find networks by name there (no EYRIE_DATA_DIR, run from /).
  const std::string build_dir = std::filesystem::path(EYRIE_BINARY).parent_path().parent_path().string();
  const std::string prefix = temp_dir("install");
  const auto install = run_command("cmake --install " + build_dir + " --prefix " + prefix);
  ASSERT_EQ(install.status, 0) << install.err;
  std::filesystem::copy_file(prefix + "/share/eyrie/workloads/networks/lenet5.yaml",
                             prefix + "/share/eyrie/workloads/networks/only_installed.yaml");
  const auto r = run_command("cd / && env -u EYRIE_DATA_DIR " + prefix + "/bin/eyrie workload --network only_installed --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["total_macs"].get<long long>(), 416520);  // LeNet-5's MACs
}

TEST(Cli, PlotScriptsDrawDataflowsAndTheConvReportInEveryFormat) {
  const std::string dir = temp_dir("plots");
  std::filesystem::create_directories(dir);
  const auto cmp = run_command(eyrie_cmd("compare --arch " + source_path("configs/eyeriss.yaml") +
                                         " --network lenet5 --format json"));
  ASSERT_EQ(cmp.status, 0) << cmp.err;
  std::ofstream(dir + "/compare.json") << cmp.out;
  for (const char* kind : {"dataflows", "energy"}) {
    const auto p = run_command(source_path("scripts/plot.py") + " " + kind + " " + dir + "/compare.json -o " + dir +
                               "/" + kind + ".svg");
    ASSERT_EQ(p.status, 0) << kind << ": " << p.err;
    EXPECT_NE(slurp(dir + "/" + kind + ".svg").find("<svg"), std::string::npos) << kind;
  }
  // The energy axis names the data's unit (the bundled table is normalized: one MAC = 1).
  EXPECT_NE(slurp(dir + "/energy.svg").find("normalized"), std::string::npos);
  // A report with an exact row (NRMSE 0) and a simulated one (array): both handled honestly.
  std::ofstream(dir + "/report.csv")
      << "precision,backend,scheme,scales,threads,nrmse,conv_seconds,quant_seconds,calibration_seconds,gops,"
         "speedup_vs_scalar_fp32,zeros_input,zeros_kernel,zeros_output\n"
         "fp32,scalar,-,,1,0.000000e+00,0.1,0,0,1.0,1.0,0.5,0,0\n"
         "int8,avx2,naive,,2,1.5e-03,0.002,0.001,0,50.0,50.0,0.5,0.01,0\n"
         "int8,array,naive,,1,1.5e-03,1.3,0.001,0,0.1,0.08,0.5,0.01,0\n";
  const auto r = run_command("/usr/bin/python3 " + source_path("scripts/plot_conv_report.py") + " " + dir +
                             "/report.csv -o " + dir + "/report.pdf");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(dir + "/report.pdf").substr(0, 5), "%PDF-");
}
