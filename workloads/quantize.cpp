#include "workloads/quantize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace eyrie {

const char* to_string(QuantScheme s) {
  switch (s) {
    case QuantScheme::Naive: return "naive";
    case QuantScheme::MaxAbs: return "maxabs";
    case QuantScheme::PerChannel: return "perchannel";
    case QuantScheme::Asymmetric: return "asymmetric";
    case QuantScheme::Ternary: return "ternary";
  }
  return "?";
}

std::optional<QuantScheme> quant_scheme_from_string(const std::string& s) {
  for (QuantScheme q : {QuantScheme::Naive, QuantScheme::MaxAbs, QuantScheme::PerChannel, QuantScheme::Asymmetric,
                        QuantScheme::Ternary})
    if (s == to_string(q)) return q;
  return std::nullopt;
}

const char* to_string(Rounding r) { return r == Rounding::Nearest ? "nearest" : "truncate"; }

IntFormat default_int_format(Precision p) {
  switch (p) {
    case Precision::Int8: return {p, 8, 32, Overflow::Wrap};
    case Precision::Int16: return {p, 16, 32, Overflow::Wrap};
    case Precision::Int32: return {p, 32, 64, Overflow::Wrap};
    case Precision::Ternary: return {p, 8, 32, Overflow::Wrap};
    case Precision::Fp32: break;
  }
  throw std::invalid_argument("default_int_format: fp32 has no integer format");
}

std::int32_t quantize_value(double x, Rounding rounding, std::int64_t lo, std::int64_t hi) {
  if (std::isnan(x)) return 0;
  const double r = rounding == Rounding::Nearest ? std::round(x) : std::trunc(x);
  if (r <= static_cast<double>(lo)) return static_cast<std::int32_t>(lo);
  if (r >= static_cast<double>(hi)) return static_cast<std::int32_t>(hi);
  return static_cast<std::int32_t>(r);
}

std::int64_t symmetric_qmax(int bits, int accumulator_bits, std::int64_t reduction) {
  int log2k = 0;
  while ((std::int64_t{1} << log2k) < reduction) ++log2k;
  const int by_acc = (accumulator_bits - 1 - log2k) / 2;
  const int b = std::max(1, std::min(bits - 1, by_acc));
  return (std::int64_t{1} << b) - 1;
}

double QuantizedTensor::zero_fraction() const {
  if (q.empty()) return 0;
  std::size_t z = 0;
  for (std::int32_t v : q) z += v == zero_point;
  return static_cast<double>(z) / static_cast<double>(q.size());
}

double TernaryWeights::zero_fraction() const {
  if (code.empty()) return 0;
  std::size_t z = 0;
  for (std::int8_t v : code) z += v == 0;
  return static_cast<double>(z) / static_cast<double>(code.size());
}

double zero_fraction(const std::vector<float>& v) {
  if (v.empty()) return 0;
  std::size_t z = 0;
  for (float x : v) z += x == 0.0f;
  return static_cast<double>(z) / static_cast<double>(v.size());
}

namespace {
double max_abs(const std::vector<float>& x) {
  double m = 0;
  for (float v : x) m = std::max(m, std::fabs(static_cast<double>(v)));
  return m;
}
}  // namespace

QuantizedTensor quantize_with_multiplier(const std::vector<float>& x, const std::array<std::int32_t, 4>& dims,
                                         double multiplier, int bits, Rounding rounding) {
  QuantizedTensor t;
  t.dims = dims;
  t.scale = {1.0 / multiplier};
  t.q.resize(x.size());
  const std::int64_t lo = -(std::int64_t{1} << (bits - 1)), hi = (std::int64_t{1} << (bits - 1)) - 1;
  for (std::size_t i = 0; i < x.size(); ++i)
    t.q[i] = quantize_value(static_cast<double>(x[i]) * multiplier, rounding, lo, hi);
  return t;
}

QuantizedTensor quantize_maxabs(const std::vector<float>& x, const std::array<std::int32_t, 4>& dims,
                                std::int64_t qmax, Rounding rounding) {
  QuantizedTensor t;
  t.dims = dims;
  const double m = max_abs(x);
  const double scale = m > 0 ? m / static_cast<double>(qmax) : 1.0;
  t.scale = {scale};
  t.q.resize(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    t.q[i] = quantize_value(static_cast<double>(x[i]) / scale, rounding, -qmax, qmax);
  return t;
}

QuantizedTensor quantize_per_channel(const std::vector<float>& w, const std::array<std::int32_t, 4>& dims,
                                     std::int64_t qmax, Rounding rounding) {
  const std::int64_t OC = dims[2], IC = dims[3];
  std::vector<double> m(static_cast<std::size_t>(OC), 0.0);
  for (std::size_t i = 0; i < w.size(); ++i) {
    auto& slot = m[static_cast<std::size_t>((static_cast<std::int64_t>(i) / IC) % OC)];
    slot = std::max(slot, std::fabs(static_cast<double>(w[i])));
  }
  QuantizedTensor t;
  t.dims = dims;
  t.channel_dim = 2;
  t.scale.resize(m.size());
  for (std::size_t c = 0; c < m.size(); ++c) t.scale[c] = m[c] > 0 ? m[c] / static_cast<double>(qmax) : 1.0;
  t.q.resize(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double s = t.scale[static_cast<std::size_t>((static_cast<std::int64_t>(i) / IC) % OC)];
    t.q[i] = quantize_value(static_cast<double>(w[i]) / s, rounding, -qmax, qmax);
  }
  return t;
}

QuantizedTensor quantize_asymmetric(const std::vector<float>& x, const std::array<std::int32_t, 4>& dims,
                                    std::int64_t qmax, Rounding rounding) {
  double lo = 0, hi = 0;  // the range always holds 0.0 so that padding is exact
  for (float v : x) {
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
  }
  const std::int64_t qmin = -qmax - 1;
  QuantizedTensor t;
  t.dims = dims;
  const double scale = hi > lo ? (hi - lo) / static_cast<double>(qmax - qmin) : 1.0;
  t.scale = {scale};
  // Z = qmin - lo / S, rounded to an integer so that 0.0 is represented exactly.
  t.zero_point = quantize_value(static_cast<double>(qmin) - lo / scale, Rounding::Nearest, qmin, qmax);
  t.q.resize(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    t.q[i] = quantize_value(static_cast<double>(x[i]) / scale + t.zero_point, rounding, qmin, qmax);
  return t;
}

std::vector<float> dequantize(const QuantizedTensor& t) {
  std::vector<float> out(t.q.size());
  const std::int64_t inner = t.channel_dim == 2 ? t.dims[3] : 1, chans = t.channel_dim == 2 ? t.dims[2] : 1;
  for (std::size_t i = 0; i < t.q.size(); ++i) {
    const std::int64_t ch = (static_cast<std::int64_t>(i) / inner) % chans;
    out[i] = static_cast<float>(t.scale_of(ch) * (static_cast<double>(t.q[i]) - t.zero_point));
  }
  return out;
}

TernaryWeights ternarize(const std::vector<float>& w, const std::array<std::int32_t, 4>& dims, double t) {
  if (!(t >= 0 && t < 1)) throw std::invalid_argument("ternarize: threshold factor must be in [0, 1)");
  TernaryWeights tw;
  tw.dims = dims;
  tw.threshold = t * max_abs(w);
  tw.code.resize(w.size());
  double sum_p = 0, sum_n = 0;
  std::size_t np = 0, nn = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double v = w[i];
    if (v > tw.threshold) {
      tw.code[i] = 1, sum_p += v, ++np;
    } else if (v < -tw.threshold) {
      tw.code[i] = -1, sum_n -= v, ++nn;
    } else {
      tw.code[i] = 0;
    }
  }
  tw.wp = np ? sum_p / static_cast<double>(np) : 0.0;
  tw.wn = nn ? sum_n / static_cast<double>(nn) : 0.0;
  return tw;
}

double nrmse(const std::vector<float>& approx, const std::vector<float>& reference) {
  if (approx.size() != reference.size() || reference.empty())
    throw std::invalid_argument("nrmse: the two sets must have the same, nonzero size");
  double sum = 0, ymin = reference[0], ymax = reference[0];
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const double d = static_cast<double>(approx[i]) - static_cast<double>(reference[i]);
    sum += d * d;
    ymin = std::min(ymin, static_cast<double>(reference[i]));
    ymax = std::max(ymax, static_cast<double>(reference[i]));
  }
  const double rms = std::sqrt(sum / static_cast<double>(reference.size()));
  if (ymax == ymin) return rms == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  return rms / (ymax - ymin);
}

}  // namespace eyrie
