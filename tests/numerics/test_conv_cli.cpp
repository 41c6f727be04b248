// eyrie gen-tensors and eyrie conv as a user meets them.
#include <gtest/gtest.h>

#include <filesystem>

#include "reference/conv_ref.h"
#include "sim/app/conv_pipeline.h"
#include "tests/support/run_command.h"
#include "workloads/tensor_file.h"
#include "workloads/tensor_gen.h"

using namespace eyrie::testing;

namespace {
// A fresh folder, removed when the test process exits.
std::string make_dir() {
  const std::string dir = temp_dir(std::string("numerics_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir);
  return dir;
}
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }
}  // namespace

TEST(ConvCli, GenTensorsIsDeterministic) {
  const std::string d = make_dir();
  ASSERT_EQ(run_command(eyrie_cmd("gen-tensors --layer H=6,W=5,C=7,M=3,R=3,S=3 --seed 4 -o " + d + "/a")).status, 0);
  ASSERT_EQ(run_command(eyrie_cmd("gen-tensors --layer H=6,W=5,C=7,M=3,R=3,S=3 --seed 4 -o " + d + "/b")).status, 0);
  EXPECT_EQ(slurp(d + "/a/input_tensor.bin"), slurp(d + "/b/input_tensor.bin"));
  EXPECT_EQ(slurp(d + "/a/kernel_tensor.bin"), slurp(d + "/b/kernel_tensor.bin"));
  EXPECT_EQ(slurp(d + "/a/input_tensor.bin").size(), 16u + 6 * 5 * 7 * 4);
  EXPECT_EQ(slurp(d + "/a/kernel_tensor.bin").size(), 16u + 3 * 3 * 3 * 7 * 4);
  // A bundled network's layer by name: resnet50's conv1 is 7x7x3 -> 64 on 224x224.
  const auto r = run_command(eyrie_cmd("gen-tensors --network resnet50 --layer conv1 -o " + d + "/c"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto k = eyrie::read_tensor_file(d + "/c/kernel_tensor.bin");
  EXPECT_EQ(k.dims, (std::array<std::int32_t, 4>{7, 7, 64, 3}));
}

TEST(ConvCli, BackendsWriteIdenticalIntegerOutputs) {
  const std::string d = make_dir();
  ASSERT_EQ(run_command(eyrie_cmd("gen-tensors --layer H=7,W=9,C=5,M=6,R=3,S=3 -o " + d)).status, 0);
  const std::string files = d + "/input_tensor.bin " + d + "/kernel_tensor.bin";
  std::vector<std::string> backends = {"scalar", "array"};
  if (eyrie::ref::avx2_available()) backends.push_back("avx2");
  for (const char* p : {"int8", "int16", "int32", "ternary"}) {
    for (const auto& b : backends) {
      const auto r = run_command(eyrie_cmd("conv " + files + " --precision " + std::string(p) + " --backend " + b +
                                           " -t 2 -o " + d + "/" + p + "_" + b + ".bin"));
      ASSERT_EQ(r.status, 0) << r.err;
      EXPECT_NE(r.out.find("NRMSE vs FP32"), std::string::npos);
    }
    // Same quantization, bit-exact accumulators, same dequantization: the same bytes.
    const std::string scalar = slurp(d + "/" + p + "_scalar.bin");
    ASSERT_EQ(scalar.size(), 16u + 7 * 9 * 6 * 4);
    for (const auto& b : backends) EXPECT_EQ(slurp(d + "/" + p + "_" + b + ".bin"), scalar) << p << " " << b;
  }
  // FP32 scalar is the reference itself: NRMSE exactly 0.
  const auto f = run_command(eyrie_cmd("conv " + files + " -o " + d + "/fp32.bin"));
  ASSERT_EQ(f.status, 0) << f.err;
  EXPECT_NE(f.out.find("NRMSE vs FP32        0.000e+00"), std::string::npos) << f.out;
}

TEST(ConvCli, ReportCoversEveryPrecisionAndBackend) {
  const std::string d = make_dir();
  ASSERT_EQ(run_command(eyrie_cmd("gen-tensors --layer H=5,W=6,C=4,M=3,R=3,S=3 -o " + d)).status, 0);
  const auto r = run_command(eyrie_cmd("conv " + d + "/input_tensor.bin " + d + "/kernel_tensor.bin --report -t 1 --out " +
                                       d + "/report.csv"));
  ASSERT_EQ(r.status, 0) << r.err;
  const int backends = eyrie::ref::avx2_available() ? 3 : 2;
  EXPECT_EQ(count_lines(slurp(d + "/report.csv")), 1 + 5 * backends);
  EXPECT_NE(r.out.find("speedup"), std::string::npos);
}

TEST(ConvCli, BadFilesAndOptionsExitTwoWithOneLine) {
  const std::string d = make_dir();
  ASSERT_EQ(run_command(eyrie_cmd("gen-tensors --layer H=4,W=4,C=3,M=2,R=3,S=3 -o " + d)).status, 0);
  const std::string in = d + "/input_tensor.bin", k = d + "/kernel_tensor.bin";
  // Truncated: drop the last 8 bytes of 1x4x4x3 = 48 floats.
  const std::string bytes = slurp(in);
  const std::string cut = temp_file(bytes.substr(0, bytes.size() - 8), ".bin");
  // Kernel for C = 5 against an input with C = 3.
  ASSERT_EQ(run_command(eyrie_cmd("gen-tensors --layer H=4,W=4,C=5,M=2,R=3,S=3 -o " + d + "/c5")).status, 0);
  const std::string k5 = d + "/c5/kernel_tensor.bin";
  const std::string zero_dim = temp_file(std::string("\x01\0\0\0\0\0\0\0\x04\0\0\0\x03\0\0\0", 16), ".bin");
  struct Case {
    std::string args, expected;
  } cases[] = {
      {"conv " + cut + " " + k, "eyrie conv: error: " + cut + ": truncated: header says 1x4x4x3 = 48 floats, file holds 46 floats"},
      {"conv " + in + " " + k5, "eyrie conv: error: " + k5 + ": kernel IC = 5 (kernel 3x3x2x5) but input C = 3 (" + in + " 1x4x4x3)"},
      {"conv " + zero_dim + " " + k, "eyrie conv: error: " + zero_dim + ": header dimension 1 is 0 (header 1x0x4x3): every dimension must be positive"},
      {"conv /nonexistent.bin " + k, "eyrie conv: error: /nonexistent.bin: cannot open"},
      {"conv " + in + " " + k + " --precision int4", "eyrie conv: error: --precision: must be one of fp32, int32, int16, int8, ternary (got 'int4')"},
      {"conv " + in + " " + k + " --precision int8 --scheme ternary", "eyrie conv: error: --scheme ternary: --scheme ternary needs --precision ternary"},
      {"conv " + in + " " + k + " --threads 0", "eyrie conv: error: --threads: must be at least 1, got 0"},
      {"gen-tensors --layer H=4,W=4,C=3 -o " + d, "eyrie gen-tensors: error: --layer: missing M="},
      {"gen-tensors --network resnet50 --layer nosuch -o " + d, "eyrie gen-tensors: error: --layer: network 'resnet50' has no layer 'nosuch'"},
  };
  for (const auto& c : cases) {
    const auto r = run_command(eyrie_cmd(c.args));
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.err;
    EXPECT_EQ(count_lines(r.err), 1) << r.err;
    EXPECT_EQ(first_line(r.err).rfind(c.expected, 0), 0u) << r.err;
  }
  if (eyrie::ref::avx2_available()) {
    const auto r = run_command(eyrie_cmd("conv " + in + " " + k + " -p int8 -b avx2 --overflow saturate"));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--overflow saturate needs --backend scalar or array"), std::string::npos) << r.err;
  }
  std::string why;
  if (!eyrie::cuda_backend_available(&why)) {
    const auto r = run_command(eyrie_cmd("conv " + in + " " + k + " -b cuda"));
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(first_line(r.err), "eyrie conv: error: --backend cuda: " + why);
  }
  // Nothing half-written: a failed conv leaves no output file.
  EXPECT_EQ(run_command(eyrie_cmd("conv " + cut + " " + k + " -o " + d + "/never.bin")).status, 2);
  EXPECT_EQ(slurp(d + "/never.bin"), "");
}

TEST(ConvPipeline, NaiveSearchKeepsTheMinimumOfItsCurve) {
  // A small layer; the search walks both exponents down from the largest non-clipping pair
  // (t = -2 .. 16: 19 points) and the run uses the point of least NRMSE.
  eyrie::ConvLayer l;
  l.H = 6, l.W = 5, l.C = 7, l.M = 4, l.R = l.S = 3;
  const auto t = eyrie::generate_tensors(l, 9);
  const auto ref = eyrie::fp32_reference(t.input, t.kernel);
  eyrie::ConvRunOptions opt;
  opt.precision = eyrie::Precision::Int8;
  const auto r = eyrie::run_conv(t.input, t.kernel, opt, ref);
  ASSERT_EQ(r.scale_search.size(), 19u);
  double best = 1e300;
  for (const auto& p : r.scale_search) best = std::min(best, p.nrmse);
  EXPECT_EQ(r.nrmse, best);
  // Consecutive points step both exponents down by one (the kernel/input ratio is kept).
  for (std::size_t i = 1; i < r.scale_search.size(); ++i) {
    EXPECT_EQ(r.scale_search[i].k_in, r.scale_search[i - 1].k_in - 1);
    EXPECT_EQ(r.scale_search[i].k_w - r.scale_search[i].k_in, r.scale_search[0].k_w - r.scale_search[0].k_in);
  }
  // Clipping side (t = -2: both tensors scaled 4x past their range) is far worse than the best.
  EXPECT_GT(r.scale_search.front().nrmse, 10 * best);
}

TEST(ConvCli, ArrayRunsInTheLoopOrderOfEachDataflowsMapping) {
  // The array computes under the mapper's choice for each dataflow; integer wrap-around
  // accumulation does not depend on the order, so every output equals the scalar one.
  const std::string d = make_dir();
  ASSERT_EQ(run_command(eyrie_cmd("gen-tensors --layer H=9,W=9,C=6,M=5,R=3,S=3 --seed 3 -o " + d)).status, 0);
  const std::string in = d + "/input_tensor.bin", k = d + "/kernel_tensor.bin";
  ASSERT_EQ(run_command(eyrie_cmd("conv " + in + " " + k + " --precision int8 -o " + d + "/scalar.bin")).status, 0);
  for (const char* df : {"ws", "os", "is", "rs", "nlr"}) {
    const auto r = run_command(eyrie_cmd("conv " + in + " " + k + " --precision int8 --backend array --dataflow " + df +
                                         " --arch " + source_path("configs/tiny-4x4.yaml") + " -o " + d + "/" + df + ".bin"));
    ASSERT_EQ(r.status, 0) << df << ": " << r.err;
    EXPECT_NE(r.out.find(std::string("array mapping        ") + df + " on tiny-4x4: DRAM["), std::string::npos) << r.out;
    EXPECT_EQ(slurp(d + "/" + df + ".bin"), slurp(d + "/scalar.bin")) << df;
  }
  const auto bad = run_command(eyrie_cmd("conv " + in + " " + k + " --dataflow rs"));
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "eyrie conv: error: --dataflow: needs --backend array\n");
}
