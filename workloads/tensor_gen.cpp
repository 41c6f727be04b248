#include "workloads/tensor_gen.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <sstream>

#include "sim/core/error.h"

namespace eyrie {

namespace {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in (0, 1]: 53 random bits, never 0 (log() below).
  double uniform() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }
  double normal() {
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::uint64_t m_state;
};

}  // namespace

TensorPair generate_tensors(const ConvLayer& layer, std::uint64_t seed, const std::string& what) {
  if (layer.groups != 1) throw Error(located(what, "gen-tensors handles groups = 1 only (the exam's conv)"));
  // The header holds int32 dimensions; each tensor must fit in a file eyrie can read back.
  for (std::int64_t d : {layer.N, layer.H, layer.W, layer.C, layer.M, layer.R, layer.S})
    if (d <= 0 || d > INT32_MAX) throw Error(located(what, "every dimension must be between 1 and 2^31 - 1"));
  checked_tensor_floats({layer.N, layer.H, layer.W, layer.C}, located(what, "input N,H,W,C"));
  checked_tensor_floats({layer.R, layer.S, layer.M, layer.C}, located(what, "kernel KH,KW,OC,IC"));
  checked_tensor_floats({layer.N, layer.H, layer.W, layer.M}, located(what, "output N,H,W,OC"));
  TensorPair t;
  t.input.dims = {static_cast<std::int32_t>(layer.N), static_cast<std::int32_t>(layer.H),
                  static_cast<std::int32_t>(layer.W), static_cast<std::int32_t>(layer.C)};
  t.kernel.dims = {static_cast<std::int32_t>(layer.R), static_cast<std::int32_t>(layer.S),
                   static_cast<std::int32_t>(layer.M), static_cast<std::int32_t>(layer.C)};
  SplitMix64 in_rng(seed * 2 + 1), w_rng(seed * 2 + 2);
  t.input.values.resize(static_cast<std::size_t>(t.input.size()));
  // BatchNorm output ~ N(-0.1, 1), then ReLU: ~54% zeros, the rest half-normal.
  for (float& v : t.input.values) v = static_cast<float>(std::fmax(0.0, in_rng.normal() - 0.1));
  const double sigma = std::sqrt(2.0 / static_cast<double>(layer.R * layer.S * layer.C));
  t.kernel.values.resize(static_cast<std::size_t>(t.kernel.size()));
  for (float& v : t.kernel.values) v = static_cast<float>(sigma * w_rng.normal());
  return t;
}

ConvLayer parse_layer_spec(const std::string& spec, const std::string& option) {
  ConvLayer l;
  l.name = "layer";
  std::map<std::string, std::int64_t*> keys = {{"N", &l.N}, {"H", &l.H}, {"W", &l.W}, {"C", &l.C},
                                               {"M", &l.M}, {"R", &l.R}, {"S", &l.S}};
  std::map<std::string, bool> seen;
  std::stringstream in(spec);
  std::string part;
  while (std::getline(in, part, ',')) {
    const auto eq = part.find('=');
    const std::string key = part.substr(0, eq);
    if (eq == std::string::npos || !keys.count(key))
      throw Error(option + ": '" + part + "' is not KEY=VALUE with KEY one of N,H,W,C,M,R,S (e.g. H=56,W=56,C=64,M=64,R=3,S=3)");
    const std::string value = part.substr(eq + 1);
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != value.size() || value.empty() || v <= 0 || v > INT32_MAX)
      throw Error(option + ": " + key + "=" + value + ": must be an integer from 1 to 2147483647 (a tensor header holds int32)");
    *keys[key] = v;
    seen[key] = true;
  }
  for (const char* k : {"H", "W", "C", "M"})
    if (!seen[k]) throw Error(option + ": missing " + std::string(k) + "= (need H, W, C, M; R, S, N optional)");
  return l;
}

}  // namespace eyrie
