#pragma once
// Host reference convolutions for the exam's problem (stride 1, SAME padding, NHWC input,
// KH,KW,OC,IC kernel, N,H,W,OC output; see ConvGeometry).
//
// Integer semantics, shared bit for bit by the scalar kernels, the AVX2 kernels and the
// functional PE array (pe_array/functional_array.h):
//   - operands are the quantized integers (int8 / int16 / int32 values held in int32_t);
//     padded input positions take `pad_value`, the input's zero point (0.0 quantized);
//   - each output accumulates sum over (r, s, c) of act * wgt, exact products, in the
//     accumulator width of the matching MacUnit (IntFormat: int8/int16 32-bit, int32 64-bit);
//   - Overflow::Wrap: the result is the exact sum reduced modulo 2^accumulator_bits (two's
//     complement), which makes it independent of the summation order, so a vector kernel is
//     bit-exact with the scalar one for any shape; Overflow::Saturate: saturated after every
//     MAC in the order r, s, c (order-dependent, so only the scalar kernel and the array do it).
//   - ternary: codes -1/0/+1; two sums kept apart (DeepChip's reduce-and-scale): pos over the
//     +1 codes, neg over the -1 codes, each in the accumulator width.
// FP32: acc = fl(acc + fl(a * w)) in the order r, s, c for the scalar kernel (no FMA); the
// AVX2 kernel uses FMA and another order, so it agrees within rounding only (see tests).
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include "workloads/quantize.h"
#include "workloads/tensor_file.h"

namespace eyrie::ref {

struct TernaryAccumulators {
  std::vector<std::int64_t> pos, neg;  // N,P,Q,M each
};

// The exam's problems 1 and 2: primitive scalar operations only, one thread.
void conv_fp32_scalar(const ConvGeometry& g, const float* input, const float* kernel, float* output);
std::vector<std::int64_t> conv_int_scalar(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                          const std::int32_t* kernel, const IntFormat& fmt);
TernaryAccumulators conv_ternary_scalar(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                        const std::int8_t* codes, const IntFormat& fmt);

// Problem 3: AVX2 (+FMA) with threads. Callable only when avx2_available(); integer paths
// need Overflow::Wrap (they throw std::invalid_argument otherwise).
bool avx2_available();
void conv_fp32_avx2(const ConvGeometry& g, const float* input, const float* kernel, float* output, int threads);
std::vector<std::int64_t> conv_int_avx2(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                        const std::int32_t* kernel, const IntFormat& fmt, int threads);
TernaryAccumulators conv_ternary_avx2(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                      const std::int8_t* codes, const IntFormat& fmt, int threads);

// Two's complement helpers (the same arithmetic as pe_array/mac_unit.h, which reference/ does
// not depend on).
std::int64_t min_of_bits(int bits);
std::int64_t max_of_bits(int bits);
std::int64_t wrap_to_bits(std::int64_t value, int bits);

// The AVX2 kernels' weights repacked once (output channel innermost, rounded up to the tile):
// for a layer whose weights are constant, as in inference, packing is done once and only
// conv_*_avx2_packed runs per input (the benchmark times it that way, like oneDNN's reordered
// weights); conv_*_avx2 above pack and run, and their time includes the packing.
// 64-byte aligned storage for packed weights: a 16-float panel row is then one cache line, and
// no vector load of it is split across two lines (std::vector's default gives 16 bytes).
template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(64)); }
  bool operator==(const CacheLineAllocator&) const { return true; }
  bool operator!=(const CacheLineAllocator&) const { return false; }
};

struct PackedKernel {
  ConvGeometry g;
  IntFormat fmt;
  bool fp32 = false;
  std::int64_t Mp = 0, Cp = 0;
  std::vector<float, CacheLineAllocator<float>> wf;  // fp32: [Mp / 16][r][s][c][16], one panel per 16 channels
  std::vector<std::int16_t> w16;   // int8/int16: [r][s][c/2][Mp][2]
  std::vector<std::int8_t> w8;     // int8 only: [r][s][c/4][Mp][4], used when activations are in [0, 127]
  std::int64_t Cp4 = 0;
  std::vector<std::int64_t> w64;   // int32: [r][s][c][Mp]
};
PackedKernel pack_fp32_avx2(const ConvGeometry& g, const float* kernel);
PackedKernel pack_int_avx2(const ConvGeometry& g, const std::int32_t* kernel, const IntFormat& fmt);
void conv_fp32_avx2_packed(const PackedKernel& pk, const float* input, float* output, int threads);
std::vector<std::int64_t> conv_int_avx2_packed(const PackedKernel& pk, const std::int32_t* input,
                                               std::int32_t pad_value, int threads);
// Into a caller's N,P,Q,M buffer (no allocation per call).
void conv_int_avx2_packed(const PackedKernel& pk, const std::int32_t* input, std::int32_t pad_value,
                          std::int64_t* out, int threads);

// Runs fn(begin, end) over [0, items) on `threads` threads (a persistent TBB arena, dynamic
// scheduling); threads == 1 runs inline.
void parallel_for(std::int64_t items, int threads, void (*fn)(void*, std::int64_t, std::int64_t), void* ctx);

}  // namespace eyrie::ref
