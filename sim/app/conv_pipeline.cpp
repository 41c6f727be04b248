#include "sim/app/conv_pipeline.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "pe_array/mac_unit.h"
#include "reference/conv_ref.h"
#include "sim/core/error.h"
#ifdef EYRIE_HAVE_CUDA
#include "reference/conv_cuda.h"
#endif

namespace eyrie {

const char* to_string(ConvBackend b) {
  switch (b) {
    case ConvBackend::Scalar: return "scalar";
    case ConvBackend::Avx2: return "avx2";
    case ConvBackend::Array: return "array";
    case ConvBackend::Cuda: return "cuda";
  }
  return "?";
}

std::optional<ConvBackend> conv_backend_from_string(const std::string& s) {
  for (ConvBackend b : {ConvBackend::Scalar, ConvBackend::Avx2, ConvBackend::Array, ConvBackend::Cuda})
    if (s == to_string(b)) return b;
  return std::nullopt;
}

bool cuda_backend_available(std::string* why) {
#ifdef EYRIE_HAVE_CUDA
  return ref::cuda_device_available(why);
#else
  if (why) *why = "this eyrie was built without CUDA (no nvcc at configure time)";
  return false;
#endif
}

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Operands {
  QuantizedTensor in, w;
  TernaryWeights tw;
};

// Integer accumulators of one backend.
struct Accumulators {
  std::vector<std::int64_t> acc;       // int paths
  std::vector<std::int64_t> pos, neg;  // ternary
};

Accumulators convolve_int(const ConvGeometry& g, const Operands& ops, bool ternary, const IntFormat& fmt,
                          ConvBackend backend, int threads, std::optional<ArrayRunStats>* stats,
                          const PeArraySpec& array, const ArrayLoopOrder& order) {
  Accumulators a;
  const std::int32_t pad = ops.in.zero_point;
  switch (backend) {
    case ConvBackend::Scalar:
      if (ternary) {
        auto t = ref::conv_ternary_scalar(g, ops.in.q.data(), pad, ops.tw.code.data(), fmt);
        a.pos = std::move(t.pos), a.neg = std::move(t.neg);
      } else {
        a.acc = ref::conv_int_scalar(g, ops.in.q.data(), pad, ops.w.q.data(), fmt);
      }
      break;
    case ConvBackend::Avx2:
      if (ternary) {
        auto t = ref::conv_ternary_avx2(g, ops.in.q.data(), pad, ops.tw.code.data(), fmt, threads);
        a.pos = std::move(t.pos), a.neg = std::move(t.neg);
      } else {
        a.acc = ref::conv_int_avx2(g, ops.in.q.data(), pad, ops.w.q.data(), fmt, threads);
      }
      break;
    case ConvBackend::Cuda:
#ifdef EYRIE_HAVE_CUDA
      if (ternary || fmt.operand_bits != 8 || fmt.accumulator_bits != 32 || fmt.overflow != Overflow::Wrap)
        throw Error("--backend cuda: runs fp32 and int8 (wrapping 32-bit accumulator) only");
      a.acc = ref::conv_int8_cuda(g, ops.in.q.data(), pad, ops.w.q.data());
#endif
      break;
    case ConvBackend::Array: {
      FunctionalArray fa(array, order);
      if (ternary) {
        const TernaryMacUnit unit(fmt.operand_bits, fmt.accumulator_bits, fmt.overflow);
        auto t = fa.conv_ternary(g, ops.in.q.data(), pad, ops.tw.code.data(), unit);
        a.pos = std::move(t.pos), a.neg = std::move(t.neg);
      } else {
        const IntMacUnit unit(fmt.precision, fmt.operand_bits, fmt.accumulator_bits, fmt.overflow);
        a.acc = fa.conv_int(g, ops.in.q.data(), pad, ops.w.q.data(), unit);
      }
      if (stats) *stats = fa.stats();
      break;
    }
  }
  return a;
}

// y = S_in * S_w[m] * (acc - Z_in * sum_w[m]); ternary: S_in * (Wp * pos - Wn * neg).
std::vector<float> dequantize_output(const ConvGeometry& g, const Operands& ops, bool ternary, const Accumulators& a) {
  std::vector<float> y(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
  const double s_in = ops.in.scale_of(0);
  if (ternary) {
    for (std::size_t i = 0; i < y.size(); ++i)
      y[i] = static_cast<float>(s_in * TernaryMacUnit::scale(TernaryAccumulator{a.pos[i], a.neg[i]}, ops.tw.wp, ops.tw.wn));
    return y;
  }
  std::vector<double> scale(static_cast<std::size_t>(g.M)), offset(static_cast<std::size_t>(g.M), 0.0);
  for (std::int64_t m = 0; m < g.M; ++m) scale[m] = s_in * ops.w.scale_of(m);
  if (ops.in.zero_point != 0) {
    for (std::int64_t r = 0; r < g.R; ++r)
      for (std::int64_t s = 0; s < g.S; ++s)
        for (std::int64_t m = 0; m < g.M; ++m)
          for (std::int64_t c = 0; c < g.C; ++c) offset[m] += ops.w.q[g.kernel_index(r, s, m, c)];
    for (auto& o : offset) o *= ops.in.zero_point;
  }
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::size_t m = i % static_cast<std::size_t>(g.M);
    y[i] = static_cast<float>(scale[m] * (static_cast<double>(a.acc[i]) - offset[m]));
  }
  return y;
}

int floor_log2_ratio(double qmax, double max_abs) {
  if (max_abs <= 0) return 0;
  return static_cast<int>(std::floor(std::log2(qmax / max_abs)));
}

double max_abs_of(const std::vector<float>& v) {
  double m = 0;
  for (float x : v) m = std::max(m, std::fabs(static_cast<double>(x)));
  return m;
}

std::string pow2(int k) { return "2^" + std::to_string(k); }

std::string fmt_double(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

}  // namespace

std::vector<float> fp32_reference(const Tensor4& input, const Tensor4& kernel) {
  const ConvGeometry g = same_conv_geometry(input.dims, kernel.dims);
  std::vector<float> out(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
  ref::conv_fp32_scalar(g, input.values.data(), kernel.values.data(), out.data());
  return out;
}

ConvRunResult run_conv(const Tensor4& input, const Tensor4& kernel, const ConvRunOptions& opt,
                       const std::vector<float>& reference) {
  ConvRunResult res;
  const ConvGeometry g = same_conv_geometry(input.dims, kernel.dims);
  res.geometry = g;
  if (opt.threads < 1) throw Error("--threads: must be a positive integer");
  if (opt.backend == ConvBackend::Avx2 && !ref::avx2_available())
    throw Error("--backend avx2: this CPU has no AVX2/FMA (use scalar or array)");
  std::string why;
  if (opt.backend == ConvBackend::Cuda && !cuda_backend_available(&why)) throw Error("--backend cuda: " + why);
  if (opt.backend == ConvBackend::Cuda && opt.precision != Precision::Fp32 && opt.precision != Precision::Int8)
    throw Error("--backend cuda: runs fp32 and int8 only");
  if (opt.backend == ConvBackend::Avx2 && opt.overflow == Overflow::Saturate && opt.precision != Precision::Fp32)
    throw Error("--backend avx2 implements the wrapping accumulator; --overflow saturate needs --backend scalar or array");

  if (opt.precision == Precision::Fp32) {
    if (opt.scheme) throw Error("--scheme: fp32 is not quantized");
    res.output.resize(reference.size());
    res.scheme = QuantScheme::Naive;
    res.scales = "none (fp32)";
    const auto t0 = Clock::now();
    switch (opt.backend) {
      case ConvBackend::Scalar:
        ref::conv_fp32_scalar(g, input.values.data(), kernel.values.data(), res.output.data());
        break;
      case ConvBackend::Avx2:
        ref::conv_fp32_avx2(g, input.values.data(), kernel.values.data(), res.output.data(), opt.threads);
        break;
      case ConvBackend::Array: {
        FunctionalArray fa(opt.array, opt.array_order);
        res.output = fa.conv_fp32(g, input.values.data(), kernel.values.data());
        res.array_stats = fa.stats();
        break;
      }
      case ConvBackend::Cuda:
#ifdef EYRIE_HAVE_CUDA
        ref::conv_fp32_cuda(g, input.values.data(), kernel.values.data(), res.output.data());
#endif
        break;
    }
    res.conv_seconds = seconds_since(t0);
    res.nrmse = nrmse(res.output, reference);
    res.zeros_input = zero_fraction(input.values);
    res.zeros_kernel = zero_fraction(kernel.values);
    res.zeros_output = zero_fraction(res.output);
    return res;
  }

  const bool ternary = opt.precision == Precision::Ternary;
  const QuantScheme scheme = opt.scheme.value_or(ternary ? QuantScheme::Ternary : QuantScheme::Naive);
  if (ternary != (scheme == QuantScheme::Ternary))
    throw Error(std::string("--scheme ") + to_string(scheme) + ": " +
                (ternary ? "ternary precision needs --scheme ternary" : "--scheme ternary needs --precision ternary"));
  res.scheme = scheme;
  IntFormat fmt = default_int_format(opt.precision);
  fmt.overflow = opt.overflow;
  const int bits = fmt.operand_bits;
  const std::int64_t qmax_safe = symmetric_qmax(bits, fmt.accumulator_bits, g.reduction());

  // The naive scheme: pick S_in = 2^k_in, S_w = 2^k_w. Start from the largest exponents that do
  // not clip (each tensor's max|x| * 2^k <= 2^(b-1) - 1; the report's "+" points), keep their
  // ratio (the report's kernel-over-input factor) and walk both down together, t = -2 .. 16,
  // keeping the NRMSE minimum on the fastest bit-exact backend: the report's V-curve.
  int k_in = 0, k_w = 0;
  if (scheme == QuantScheme::Naive) {
    const double qmax_full = static_cast<double>((std::int64_t{1} << (bits - 1)) - 1);
    const int k_in0 = floor_log2_ratio(qmax_full, max_abs_of(input.values));
    const int k_w0 = floor_log2_ratio(qmax_full, max_abs_of(kernel.values));
    if (opt.naive_k_in || opt.naive_k_w) {
      k_in = opt.naive_k_in.value_or(k_in0);
      k_w = opt.naive_k_w.value_or(k_w0);
    } else {
      const auto t0 = Clock::now();
      const ConvBackend fast = ref::avx2_available() && fmt.overflow == Overflow::Wrap ? ConvBackend::Avx2 : ConvBackend::Scalar;
      double best = std::numeric_limits<double>::infinity();
      for (int t = -2; t <= 16; ++t) {
        Operands ops;
        ops.in = quantize_with_multiplier(input.values, input.dims, std::ldexp(1.0, k_in0 - t), bits, opt.rounding);
        ops.w = quantize_with_multiplier(kernel.values, kernel.dims, std::ldexp(1.0, k_w0 - t), bits, opt.rounding);
        const Accumulators a = convolve_int(g, ops, false, fmt, fast, std::max(opt.threads, 1), nullptr, opt.array, opt.array_order);
        const double e = nrmse(dequantize_output(g, ops, false, a), reference);
        res.scale_search.push_back({k_in0 - t, k_w0 - t, e});
        if (e < best) best = e, k_in = k_in0 - t, k_w = k_w0 - t;
      }
      res.calibration_seconds = seconds_since(t0);
    }
  }

  Operands ops;
  const auto tq = Clock::now();
  switch (scheme) {
    case QuantScheme::Naive:
      ops.in = quantize_with_multiplier(input.values, input.dims, std::ldexp(1.0, k_in), bits, opt.rounding);
      ops.w = quantize_with_multiplier(kernel.values, kernel.dims, std::ldexp(1.0, k_w), bits, opt.rounding);
      break;
    case QuantScheme::MaxAbs:
      ops.in = quantize_maxabs(input.values, input.dims, qmax_safe, opt.rounding);
      ops.w = quantize_maxabs(kernel.values, kernel.dims, qmax_safe, opt.rounding);
      break;
    case QuantScheme::PerChannel:
      ops.in = quantize_maxabs(input.values, input.dims, qmax_safe, opt.rounding);
      ops.w = quantize_per_channel(kernel.values, kernel.dims, qmax_safe, opt.rounding);
      break;
    case QuantScheme::Asymmetric:
      ops.in = quantize_asymmetric(input.values, input.dims, qmax_safe, opt.rounding);
      ops.w = quantize_per_channel(kernel.values, kernel.dims, qmax_safe, opt.rounding);
      break;
    case QuantScheme::Ternary: {
      const std::int64_t qmax8 = symmetric_qmax(8, fmt.accumulator_bits, g.reduction());
      ops.in = quantize_maxabs(input.values, input.dims, qmax8, opt.rounding);
      ops.tw = ternarize(kernel.values, kernel.dims, opt.ternary_threshold);
      break;
    }
  }
  res.quant_seconds = seconds_since(tq);

  switch (scheme) {
    case QuantScheme::Naive:
      res.scales = "S_in = " + pow2(k_in) + ", S_w = " + pow2(k_w) + " (" + to_string(opt.rounding) + ")";
      break;
    case QuantScheme::Ternary:
      res.scales = "delta = " + fmt_double(ops.tw.threshold) + ", Wp = " + fmt_double(ops.tw.wp) +
                   ", Wn = " + fmt_double(ops.tw.wn) + ", S_in = " + fmt_double(ops.in.scale_of(0));
      break;
    default:
      res.scales = "qmax = " + std::to_string(qmax_safe) + ", S_in = " + fmt_double(ops.in.scale_of(0)) +
                   (ops.in.zero_point ? ", Z_in = " + std::to_string(ops.in.zero_point) : std::string()) +
                   (ops.w.scale.size() > 1 ? ", S_w per channel" : ", S_w = " + fmt_double(ops.w.scale_of(0)));
      break;
  }

  const auto tc = Clock::now();
  const Accumulators a = convolve_int(g, ops, ternary, fmt, opt.backend, opt.threads, &res.array_stats, opt.array, opt.array_order);
  res.conv_seconds = seconds_since(tc);
  // Converting the accumulators back to FP32 is quantization overhead, as the exam counts it.
  const auto td = Clock::now();
  res.output = dequantize_output(g, ops, ternary, a);
  res.quant_seconds += seconds_since(td);
  res.nrmse = nrmse(res.output, reference);
  res.zeros_input = ops.in.zero_fraction();
  res.zeros_kernel = ternary ? ops.tw.zero_fraction() : ops.w.zero_fraction();
  res.zeros_output = zero_fraction(res.output);
  return res;
}

}  // namespace eyrie
