#pragma once
// Post-training quantization of the exam's tensors and the error metric it is judged by.
//
// Every quantized tensor holds integers q and the real value they stand for,
//   r = scale[ch] * (q - zero_point)                                  (seed 000's r = S(q - Z))
// with one scale per tensor, or one per output channel for per-channel weights. Schemes:
//   naive       the exam's: q = (int)(x * S) with S = 2^k, separate S_in and S_w, the result
//               divided by S_in * S_w; k chosen by a search that minimizes NRMSE (the report's)
//   maxabs      symmetric per tensor: scale = max|x| / qmax, zero point 0
//   perchannel  maxabs for activations, one symmetric scale per output channel for weights
//   asymmetric  activations asymmetric (scale = (max - min) / (2^b - 1), integer zero point Z;
//               0.0 maps exactly to Z), weights symmetric per channel
//   ternary     TTQ weights {-Wn, 0, +Wp} with threshold delta = t * max|w|; Wp and Wn the means
//               of the weights above +delta and below -delta (post-training stand-ins for TTQ's
//               trained scales); activations INT8 maxabs
// Rounding is to nearest (half away from zero) with saturation; `truncate` is the exam's (int)
// cast, also saturated. Symmetric ranges are [-qmax, qmax].
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/arch_spec.h"
#include "sim/core/precision.h"

namespace eyrie {

enum class QuantScheme { Naive, MaxAbs, PerChannel, Asymmetric, Ternary };
enum class Rounding { Nearest, Truncate };
const char* to_string(QuantScheme s);
std::optional<QuantScheme> quant_scheme_from_string(const std::string& s);
const char* to_string(Rounding r);

// The integer datapath a precision runs on: operand and accumulator widths of the matching
// MacUnit (int8/int16: 32-bit accumulator, int32: 64-bit, ternary: int8 activations, 32-bit).
struct IntFormat {
  Precision precision = Precision::Int8;
  int operand_bits = 8;
  int accumulator_bits = 32;
  Overflow overflow = Overflow::Wrap;
};
IntFormat default_int_format(Precision p);  // throws std::invalid_argument for Fp32

// x converted to a `bits`-wide two's complement integer, saturated to [lo, hi].
std::int32_t quantize_value(double x, Rounding rounding, std::int64_t lo, std::int64_t hi);

// The largest symmetric magnitude that keeps a sum of `reduction` products of two such operands
// inside the accumulator: min(2^(bits-1) - 1, 2^floor((acc_bits - 1 - ceil(log2(reduction))) / 2) - 1).
// Integer paths never overflow with it, so wrap and saturate agree.
std::int64_t symmetric_qmax(int bits, int accumulator_bits, std::int64_t reduction);

struct QuantizedTensor {
  std::array<std::int32_t, 4> dims{0, 0, 0, 0};
  std::vector<std::int32_t> q;
  std::vector<double> scale;     // size 1, or one per channel of `channel_dim`
  int channel_dim = -1;          // -1: per tensor; 2: the kernel's OC
  std::int32_t zero_point = 0;
  double scale_of(std::int64_t channel) const { return scale.size() == 1 ? scale[0] : scale[static_cast<std::size_t>(channel)]; }
  double zero_fraction() const;  // fraction of q equal to zero_point (the value 0.0)
};

// Per tensor, fixed scale: q = round(x * multiplier) (the naive scheme: multiplier = S).
QuantizedTensor quantize_with_multiplier(const std::vector<float>& x, const std::array<std::int32_t, 4>& dims,
                                         double multiplier, int bits, Rounding rounding);
// Symmetric per tensor with the given qmax.
QuantizedTensor quantize_maxabs(const std::vector<float>& x, const std::array<std::int32_t, 4>& dims,
                                std::int64_t qmax, Rounding rounding);
// Symmetric, one scale per output channel of a KH,KW,OC,IC kernel.
QuantizedTensor quantize_per_channel(const std::vector<float>& w, const std::array<std::int32_t, 4>& dims,
                                     std::int64_t qmax, Rounding rounding);
// Asymmetric over [-(qmax+1), qmax], the range always containing 0.0.
QuantizedTensor quantize_asymmetric(const std::vector<float>& x, const std::array<std::int32_t, 4>& dims,
                                    std::int64_t qmax, Rounding rounding);
std::vector<float> dequantize(const QuantizedTensor& t);

struct TernaryWeights {
  std::array<std::int32_t, 4> dims{0, 0, 0, 0};
  std::vector<std::int8_t> code;  // -1, 0, +1
  double threshold = 0;           // delta = t * max|w|
  double wp = 0, wn = 0;          // positive and negative magnitudes
  double zero_fraction() const;
};
TernaryWeights ternarize(const std::vector<float>& w, const std::array<std::int32_t, 4>& dims, double t);

// NRMSE as the exam defines it: sqrt(sum (x_i - y_i)^2 / |X|) / (y_max - y_min), y the FP32
// reference. Throws std::invalid_argument for different sizes or an empty set; a constant
// reference (y_max == y_min) gives 0 when x == y everywhere and +inf otherwise.
double nrmse(const std::vector<float>& approx, const std::vector<float>& reference);

double zero_fraction(const std::vector<float>& v);

}  // namespace eyrie
