// The exam's problems 1 and 2: plain loops, primitive scalar operations, no intrinsics.
#include <algorithm>
#include <stdexcept>
#include <map>
#include <memory>
#include <mutex>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "reference/conv_ref.h"

namespace eyrie::ref {

std::int64_t min_of_bits(int bits) { return bits >= 64 ? INT64_MIN : -(std::int64_t{1} << (bits - 1)); }
std::int64_t max_of_bits(int bits) { return bits >= 64 ? INT64_MAX : (std::int64_t{1} << (bits - 1)) - 1; }
std::int64_t wrap_to_bits(std::int64_t value, int bits) {
  if (bits >= 64) return value;
  const std::uint64_t low = static_cast<std::uint64_t>(value) & ((std::uint64_t{1} << bits) - 1);
  const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
  return static_cast<std::int64_t>((low ^ sign) - sign);
}

namespace {

// Wrapped or saturated accumulate of a product into `bits`, as IntMacUnit does.
inline std::int64_t saturating_add(std::int64_t acc, std::int64_t product, int bits) {
  const __int128 sum = static_cast<__int128>(acc) + product;
  if (sum < min_of_bits(bits)) return min_of_bits(bits);
  if (sum > max_of_bits(bits)) return max_of_bits(bits);
  return static_cast<std::int64_t>(sum);
}

// T is the operand type of the precision (int8_t, int16_t, int32_t): the quantized tensors are
// narrowed to it first, as the exam's INT8/INT16/INT32 programs hold them.
template <typename T>
std::vector<std::int64_t> conv_int_typed(const ConvGeometry& g, const std::int32_t* input32, std::int32_t pad32,
                                         const std::int32_t* kernel32, const IntFormat& fmt) {
  const std::int64_t in_size = g.N * g.H * g.W * g.C, k_size = g.R * g.S * g.M * g.C;
  std::vector<T> in(static_cast<std::size_t>(in_size)), k(static_cast<std::size_t>(k_size));
  for (std::int64_t i = 0; i < in_size; ++i) in[i] = static_cast<T>(input32[i]);
  for (std::int64_t i = 0; i < k_size; ++i) k[i] = static_cast<T>(kernel32[i]);
  const T pad = static_cast<T>(pad32);
  const bool wrap = fmt.overflow == Overflow::Wrap;
  const int bits = fmt.accumulator_bits;
  std::vector<std::int64_t> out(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
  for (std::int64_t n = 0; n < g.N; ++n)
    for (std::int64_t p = 0; p < g.H; ++p)
      for (std::int64_t q = 0; q < g.W; ++q)
        for (std::int64_t m = 0; m < g.M; ++m) {
          std::uint64_t acc_wrap = 0;  // modulo 2^64: exact sum, reduced to `bits` at the end
          std::int64_t acc_sat = 0;
          for (std::int64_t r = 0; r < g.R; ++r)
            for (std::int64_t s = 0; s < g.S; ++s) {
              const std::int64_t h = p + r - g.pad_top, w = q + s - g.pad_left;
              const bool inside = h >= 0 && h < g.H && w >= 0 && w < g.W;
              const T* x = inside ? &in[g.input_index(n, h, w, 0)] : nullptr;
              const T* kw = &k[g.kernel_index(r, s, m, 0)];
              for (std::int64_t c = 0; c < g.C; ++c) {
                const std::int64_t a = inside ? x[c] : pad;
                const std::int64_t product = a * static_cast<std::int64_t>(kw[c]);  // |.| < 2^62
                if (wrap)
                  acc_wrap += static_cast<std::uint64_t>(product);
                else
                  acc_sat = saturating_add(acc_sat, product, bits);
              }
            }
          out[g.output_index(n, p, q, m)] =
              wrap ? wrap_to_bits(static_cast<std::int64_t>(acc_wrap), bits) : acc_sat;
        }
  return out;
}

}  // namespace

void conv_fp32_scalar(const ConvGeometry& g, const float* input, const float* kernel, float* output) {
  for (std::int64_t n = 0; n < g.N; ++n)
    for (std::int64_t p = 0; p < g.H; ++p)
      for (std::int64_t q = 0; q < g.W; ++q)
        for (std::int64_t m = 0; m < g.M; ++m) {
          float acc = 0.0f;
          for (std::int64_t r = 0; r < g.R; ++r)
            for (std::int64_t s = 0; s < g.S; ++s) {
              const std::int64_t h = p + r - g.pad_top, w = q + s - g.pad_left;
              if (h < 0 || h >= g.H || w < 0 || w >= g.W) continue;  // SAME padding: zeros
              const float* x = input + g.input_index(n, h, w, 0);
              const float* kw = kernel + g.kernel_index(r, s, m, 0);
              // Two roundings per MAC, as Fp32MacUnit (this file is built with -ffp-contract=off).
              for (std::int64_t c = 0; c < g.C; ++c) acc = acc + x[c] * kw[c];
            }
          output[g.output_index(n, p, q, m)] = acc;
        }
}

std::vector<std::int64_t> conv_int_scalar(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                          const std::int32_t* kernel, const IntFormat& fmt) {
  if (fmt.operand_bits <= 8) return conv_int_typed<std::int8_t>(g, input, pad_value, kernel, fmt);
  if (fmt.operand_bits <= 16) return conv_int_typed<std::int16_t>(g, input, pad_value, kernel, fmt);
  return conv_int_typed<std::int32_t>(g, input, pad_value, kernel, fmt);
}

TernaryAccumulators conv_ternary_scalar(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                        const std::int8_t* codes, const IntFormat& fmt) {
  TernaryAccumulators out;
  const std::size_t size = static_cast<std::size_t>(g.N * g.H * g.W * g.M);
  out.pos.resize(size);
  out.neg.resize(size);
  const bool wrap = fmt.overflow == Overflow::Wrap;
  const int bits = fmt.accumulator_bits;
  for (std::int64_t n = 0; n < g.N; ++n)
    for (std::int64_t p = 0; p < g.H; ++p)
      for (std::int64_t q = 0; q < g.W; ++q)
        for (std::int64_t m = 0; m < g.M; ++m) {
          std::uint64_t pos_w = 0, neg_w = 0;
          std::int64_t pos_s = 0, neg_s = 0;
          for (std::int64_t r = 0; r < g.R; ++r)
            for (std::int64_t s = 0; s < g.S; ++s) {
              const std::int64_t h = p + r - g.pad_top, w = q + s - g.pad_left;
              const bool inside = h >= 0 && h < g.H && w >= 0 && w < g.W;
              const std::int8_t* kw = codes + g.kernel_index(r, s, m, 0);
              const std::int32_t* x = inside ? input + g.input_index(n, h, w, 0) : nullptr;
              for (std::int64_t c = 0; c < g.C; ++c) {
                const std::int64_t a = inside ? x[c] : pad_value;
                // Add, subtract or skip: no multiplier.
                if (kw[c] > 0) {
                  if (wrap) pos_w += static_cast<std::uint64_t>(a); else pos_s = saturating_add(pos_s, a, bits);
                } else if (kw[c] < 0) {
                  if (wrap) neg_w += static_cast<std::uint64_t>(a); else neg_s = saturating_add(neg_s, a, bits);
                }
              }
            }
          const std::int64_t i = g.output_index(n, p, q, m);
          out.pos[i] = wrap ? wrap_to_bits(static_cast<std::int64_t>(pos_w), bits) : pos_s;
          out.neg[i] = wrap ? wrap_to_bits(static_cast<std::int64_t>(neg_w), bits) : neg_s;
        }
  return out;
}

// A persistent TBB arena per thread count (threads stay up between calls, as OpenMP's do for
// oneDNN) and dynamic scheduling of the items, so a core taken by another process delays only
// the items it holds.
void parallel_for(std::int64_t items, int threads, void (*fn)(void*, std::int64_t, std::int64_t), void* ctx) {
  if (threads < 1) throw std::invalid_argument("parallel_for: threads must be >= 1");
  if (threads == 1 || items <= 1) {
    fn(ctx, 0, items);
    return;
  }
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<tbb::task_arena>> arenas;
  tbb::task_arena* arena;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = arenas[threads];
    if (!slot) slot = std::make_unique<tbb::task_arena>(threads);
    arena = slot.get();
  }
  arena->execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, items, 1),
                      [&](const tbb::blocked_range<std::int64_t>& r) { fn(ctx, r.begin(), r.end()); },
                      tbb::simple_partitioner());
  });
}

}  // namespace eyrie::ref
