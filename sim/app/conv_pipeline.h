#pragma once
// The exam's whole pipeline for one precision and one backend: quantize the FP32 tensors,
// convolve on the host reference (scalar or AVX2) or on the functional PE array, dequantize,
// and measure it (conv time excluding I/O, quantization time, NRMSE against the FP32 scalar
// reference, zero fractions). Used by `eyrie conv` and its tests.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pe_array/functional_array.h"
#include "workloads/quantize.h"
#include "workloads/tensor_file.h"

namespace eyrie {

enum class ConvBackend { Scalar, Avx2, Array, Cuda };
const char* to_string(ConvBackend b);
std::optional<ConvBackend> conv_backend_from_string(const std::string& s);

struct ConvRunOptions {
  Precision precision = Precision::Fp32;
  ConvBackend backend = ConvBackend::Scalar;
  std::optional<QuantScheme> scheme;  // default: naive for int32/16/8, ternary for ternary
  Rounding rounding = Rounding::Nearest;
  Overflow overflow = Overflow::Wrap;
  int threads = 1;
  double ternary_threshold = 0.05;  // t in delta = t * max|w| (TTQ's 0.05)
  PeArraySpec array{12, 14};        // Eyeriss's 12 x 14
  ArrayLoopOrder array_order;       // from the mapper's mapping when --dataflow is given
  std::optional<int> naive_k_in, naive_k_w;  // fixed S = 2^k instead of the search
};

// Naive-scheme search point: S_in = 2^k_in, S_w = 2^k_w, and the NRMSE it gives.
struct ScalePoint {
  int k_in = 0, k_w = 0;
  double nrmse = 0;
};

struct ConvRunResult {
  std::vector<float> output;  // N,H,W,OC
  ConvGeometry geometry;
  QuantScheme scheme = QuantScheme::Naive;
  double conv_seconds = 0, quant_seconds = 0, calibration_seconds = 0;
  double nrmse = 0;
  double zeros_input = 0, zeros_kernel = 0, zeros_output = 0;
  std::string scales;                     // how the operands were scaled, for people
  std::vector<ScalePoint> scale_search;   // the naive scheme's V-curve
  std::optional<ArrayRunStats> array_stats;
};

// The FP32 scalar result every NRMSE is measured against.
// Whether `--backend cuda` can run here; otherwise `why` says what is missing.
bool cuda_backend_available(std::string* why);

std::vector<float> fp32_reference(const Tensor4& input, const Tensor4& kernel);

// Throws eyrie::Error for combinations that do not exist (ternary scheme with an int
// precision, avx2 on a CPU without it, avx2 with a saturating accumulator).
ConvRunResult run_conv(const Tensor4& input, const Tensor4& kernel, const ConvRunOptions& opt,
                       const std::vector<float>& reference);

}  // namespace eyrie
