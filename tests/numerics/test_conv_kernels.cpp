// The convolution backends: a hand-computed case, then scalar vs AVX2 vs the functional array,
// bit for bit, on random layers with odd sizes (C, M, H, W not multiples of any vector width).
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "pe_array/functional_array.h"
#include "reference/conv_ref.h"

using namespace eyrie;

namespace {

// in = [[1, 2], [3, 4]] (1x2x2x1), kernel 2x2x1x1 = [[1, 10], [100, 1000]]. SAME with an even
// kernel pads only bottom/right (TensorFlow), so out[p][q] = sum in[p+r][q+s] * k[r][s]:
//   out[0][0] = 1 + 20 + 300 + 4000 = 4321, out[0][1] = 2 + 400 = 402,
//   out[1][0] = 3 + 40 = 43,               out[1][1] = 4.
const std::vector<std::int32_t> kIn = {1, 2, 3, 4}, kKernel = {1, 10, 100, 1000};
const std::vector<std::int64_t> kExpected = {4321, 402, 43, 4};

ConvGeometry tiny() { return same_conv_geometry({1, 2, 2, 1}, {2, 2, 1, 1}); }

struct Case {
  std::array<std::int32_t, 4> in, k;
};
// Odd shapes: 3x3 with C = 3, M = 19; 1x1 with C = 17, M = 5; 2x4 (asymmetric SAME), W < 6.
const Case kCases[] = {
    {{2, 5, 7, 3}, {3, 3, 19, 3}},
    {{1, 9, 9, 17}, {1, 1, 5, 17}},
    {{1, 6, 4, 5}, {2, 4, 33, 5}},
    {{1, 3, 13, 1}, {3, 3, 1, 1}},
};

std::vector<std::int32_t> random_ints(std::size_t n, std::int64_t lo, std::int64_t hi, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int64_t> d(lo, hi);
  std::vector<std::int32_t> v(n);
  for (auto& x : v) x = static_cast<std::int32_t>(d(rng));
  return v;
}

std::size_t in_size(const Case& c) { return static_cast<std::size_t>(c.in[0]) * c.in[1] * c.in[2] * c.in[3]; }
std::size_t k_size(const Case& c) { return static_cast<std::size_t>(c.k[0]) * c.k[1] * c.k[2] * c.k[3]; }

}  // namespace

TEST(ConvKernels, HandComputedScalarArrayAvx2) {
  const ConvGeometry g = tiny();
  const IntFormat fmt = default_int_format(Precision::Int16);
  EXPECT_EQ(ref::conv_int_scalar(g, kIn.data(), 0, kKernel.data(), fmt), kExpected);
  FunctionalArray fa(PeArraySpec{2, 3});
  const IntMacUnit unit(Precision::Int16, 16, 32, Overflow::Wrap);
  EXPECT_EQ(fa.conv_int(g, kIn.data(), 0, kKernel.data(), unit), kExpected);
  // 4 pixels over 2 rows x 1 channel over 3 cols: 2 tiles of 4 reduction steps; the two PEs of
  // column 0 each did 2 outputs x 4 MACs, columns 1-2 idle: utilization 16 / (8 * 6) = 1/3.
  EXPECT_EQ(fa.stats().tiles, 2);
  EXPECT_EQ(fa.stats().cycles, 8);
  EXPECT_EQ(fa.stats().macs_per_pe, (std::vector<std::int64_t>{8, 0, 0, 8, 0, 0}));
  const std::vector<float> fin = {1, 2, 3, 4}, fk = {1, 10, 100, 1000};
  std::vector<float> fout(4);
  ref::conv_fp32_scalar(g, fin.data(), fk.data(), fout.data());
  EXPECT_EQ(fout, (std::vector<float>{4321, 402, 43, 4}));
  // Padding with a zero point: pad value 1 adds 1 * (sum of the kernel taps that fall outside).
  // out[1][1] = 4 + 1 * (10 + 100 + 1000) = 1114.
  EXPECT_EQ(ref::conv_int_scalar(g, kIn.data(), 1, kKernel.data(), fmt)[3], 1114);
  if (!ref::avx2_available()) GTEST_SKIP() << "no AVX2 on this CPU: the scalar and array paths were checked";
  EXPECT_EQ(ref::conv_int_avx2(g, kIn.data(), 0, kKernel.data(), fmt, 1), kExpected);
  EXPECT_EQ(ref::conv_int_avx2(g, kIn.data(), 1, kKernel.data(), fmt, 1)[3], 1114);
  EXPECT_EQ(ref::conv_int_avx2(g, kIn.data(), 0, kKernel.data(), default_int_format(Precision::Int32), 1), kExpected);
  std::vector<float> vout(4);
  ref::conv_fp32_avx2(g, fin.data(), fk.data(), vout.data(), 1);
  EXPECT_EQ(vout, fout);  // small integers: exact in any order
}

TEST(ConvKernels, AccumulatorWrapAndSaturate) {
  // int8 operands into a 16-bit accumulator: 3 * 127 * 127 = 48387 > 32767.
  // Wrap: 48387 - 65536 = -17149; saturate: 32767 (after the second MAC already).
  const ConvGeometry g = same_conv_geometry({1, 1, 1, 3}, {1, 1, 1, 3});
  const std::vector<std::int32_t> in = {127, 127, 127}, k = {127, 127, 127};
  IntFormat wrap{Precision::Int8, 8, 16, Overflow::Wrap}, sat{Precision::Int8, 8, 16, Overflow::Saturate};
  EXPECT_EQ(ref::conv_int_scalar(g, in.data(), 0, k.data(), wrap)[0], -17149);
  EXPECT_EQ(ref::conv_int_scalar(g, in.data(), 0, k.data(), sat)[0], 32767);
  FunctionalArray fa(PeArraySpec{1, 1});
  EXPECT_EQ(fa.conv_int(g, in.data(), 0, k.data(), IntMacUnit(Precision::Int8, 8, 16, Overflow::Wrap))[0], -17149);
  EXPECT_EQ(fa.conv_int(g, in.data(), 0, k.data(), IntMacUnit(Precision::Int8, 8, 16, Overflow::Saturate))[0], 32767);
  // int16 madd's one overflow case: (-32768)^2 * 2 = 2^31 wraps to -2^31 in 32 bits.
  const ConvGeometry g2 = same_conv_geometry({1, 1, 1, 2}, {1, 1, 1, 2});
  const std::vector<std::int32_t> m = {-32768, -32768};
  const IntFormat i16 = default_int_format(Precision::Int16);
  EXPECT_EQ(ref::conv_int_scalar(g2, m.data(), 0, m.data(), i16)[0], -2147483648LL);
  if (!ref::avx2_available()) GTEST_SKIP() << "no AVX2 on this CPU";
  EXPECT_EQ(ref::conv_int_avx2(g, in.data(), 0, k.data(), wrap, 1)[0], -17149);
  EXPECT_EQ(ref::conv_int_avx2(g2, m.data(), 0, m.data(), i16, 1)[0], -2147483648LL);
  EXPECT_THROW(ref::conv_int_avx2(g, in.data(), 0, k.data(), sat, 1), std::invalid_argument);
}

// Full-range random operands (int32: products near 2^62, so the 64-bit accumulator wraps too).
class IntBackends : public ::testing::TestWithParam<Precision> {};

TEST_P(IntBackends, ScalarAvx2ArrayBitExactOnOddShapes) {
  const IntFormat fmt = default_int_format(GetParam());
  const std::int64_t lo = -(std::int64_t{1} << (fmt.operand_bits - 1)), hi = -lo - 1;
  std::uint32_t seed = 11;
  for (const Case& c : kCases) {
    const ConvGeometry g = same_conv_geometry(c.in, c.k);
    const auto in = random_ints(in_size(c), lo, hi, seed++);
    const auto k = random_ints(k_size(c), lo, hi, seed++);
    const std::int32_t pad = static_cast<std::int32_t>(lo / 3);  // a nonzero zero point
    const auto scalar = ref::conv_int_scalar(g, in.data(), pad, k.data(), fmt);
    FunctionalArray fa(PeArraySpec{4, 3});
    EXPECT_EQ(fa.conv_int(g, in.data(), pad, k.data(),
                          IntMacUnit(fmt.precision, fmt.operand_bits, fmt.accumulator_bits, fmt.overflow)),
              scalar);
    EXPECT_EQ(fa.stats().total_macs(), g.macs());
    // Another mapping (channels over rows, pixels over columns, reduction c outermost): wrapping
    // sums do not depend on the order, so the accumulators are the same.
    ArrayLoopOrder swapped;
    swapped.rows = ArrayLoopOrder::Spatial::OutputChannel;
    swapped.cols = ArrayLoopOrder::Spatial::OutputPixel;
    swapped.reduction = ArrayLoopOrder::Reduction::CRS;
    FunctionalArray fb(PeArraySpec{5, 2}, swapped);
    EXPECT_EQ(fb.conv_int(g, in.data(), pad, k.data(),
                          IntMacUnit(fmt.precision, fmt.operand_bits, fmt.accumulator_bits, fmt.overflow)),
              scalar);
    EXPECT_EQ(fb.stats().total_macs(), g.macs());
    // Saturating: the array reduces in the same order r, s, c as the scalar kernel.
    IntFormat sat = fmt;
    sat.overflow = Overflow::Saturate;
    EXPECT_EQ(fa.conv_int(g, in.data(), pad, k.data(),
                          IntMacUnit(fmt.precision, fmt.operand_bits, fmt.accumulator_bits, Overflow::Saturate)),
              ref::conv_int_scalar(g, in.data(), pad, k.data(), sat));
    if (ref::avx2_available()) {
      for (int threads : {1, 3}) EXPECT_EQ(ref::conv_int_avx2(g, in.data(), pad, k.data(), fmt, threads), scalar);
    }
  }
  if (!ref::avx2_available()) GTEST_SKIP() << "no AVX2 on this CPU: scalar and array were compared";
}

INSTANTIATE_TEST_SUITE_P(Precisions, IntBackends, ::testing::Values(Precision::Int8, Precision::Int16, Precision::Int32),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(ConvKernels, TernaryBackendsBitExact) {
  std::uint32_t seed = 101;
  const IntFormat fmt = default_int_format(Precision::Ternary);
  for (const Case& c : kCases) {
    const ConvGeometry g = same_conv_geometry(c.in, c.k);
    const auto in = random_ints(in_size(c), -128, 127, seed++);
    const auto k32 = random_ints(k_size(c), -1, 1, seed++);
    std::vector<std::int8_t> codes(k32.begin(), k32.end());
    const auto scalar = ref::conv_ternary_scalar(g, in.data(), 0, codes.data(), fmt);
    FunctionalArray fa(PeArraySpec{3, 5});
    const auto arr = fa.conv_ternary(g, in.data(), 0, codes.data(), TernaryMacUnit(8, 32, Overflow::Wrap));
    EXPECT_EQ(arr.pos, scalar.pos);
    EXPECT_EQ(arr.neg, scalar.neg);
    // The symmetric form (Wp = Wn) is pos - neg: check it against the int8 conv with weights -1/0/+1.
    const auto as_int = ref::conv_int_scalar(g, in.data(), 0, k32.data(), default_int_format(Precision::Int8));
    for (std::size_t i = 0; i < as_int.size(); ++i) ASSERT_EQ(scalar.pos[i] - scalar.neg[i], as_int[i]);
    if (ref::avx2_available()) {
      const auto v = ref::conv_ternary_avx2(g, in.data(), 0, codes.data(), fmt, 2);
      EXPECT_EQ(v.pos, scalar.pos);
      EXPECT_EQ(v.neg, scalar.neg);
    }
  }
}

TEST(ConvKernels, Fp32ArrayBitExactAvx2WithinTolerance) {
  std::mt19937 rng(5);
  std::normal_distribution<float> d(0.0f, 1.0f);
  for (const Case& c : kCases) {
    const ConvGeometry g = same_conv_geometry(c.in, c.k);
    std::vector<float> in(in_size(c)), k(k_size(c));
    for (auto& x : in) x = d(rng);
    for (auto& x : k) x = d(rng);
    std::vector<float> scalar(static_cast<std::size_t>(g.N * g.H * g.W * g.M)), vec(scalar.size());
    ref::conv_fp32_scalar(g, in.data(), k.data(), scalar.data());
    // Same order r, s, c and the same two roundings per MAC: bit for bit.
    FunctionalArray fa(PeArraySpec{5, 2});
    const auto arr = fa.conv_fp32(g, in.data(), k.data());
    EXPECT_EQ(std::memcmp(arr.data(), scalar.data(), scalar.size() * sizeof(float)), 0);
    if (!ref::avx2_available()) continue;
    ref::conv_fp32_avx2(g, in.data(), k.data(), vec.data(), 2);
    // FMA and another summation order: each output within K * 2^-23 * sum|a*w| (a loose
    // forward-error bound, K = reduction length).
    for (std::int64_t n = 0; n < g.N; ++n)
      for (std::int64_t p = 0; p < g.H; ++p)
        for (std::int64_t q = 0; q < g.W; ++q)
          for (std::int64_t m = 0; m < g.M; ++m) {
            double mag = 0;
            for (std::int64_t r = 0; r < g.R; ++r)
              for (std::int64_t s = 0; s < g.S; ++s) {
                const std::int64_t h = p + r - g.pad_top, w = q + s - g.pad_left;
                if (h < 0 || h >= g.H || w < 0 || w >= g.W) continue;
                for (std::int64_t ch = 0; ch < g.C; ++ch)
                  mag += std::fabs(double(in[g.input_index(n, h, w, ch)]) * k[g.kernel_index(r, s, m, ch)]);
              }
            const std::size_t o = static_cast<std::size_t>(g.output_index(n, p, q, m));
            ASSERT_LE(std::fabs(double(vec[o]) - scalar[o]), g.reduction() * 0x1.0p-23 * mag) << o;
          }
  }
}

TEST(ConvKernels, Int8UnsignedActivationPathBitExact) {
  if (!ref::avx2_available()) GTEST_SKIP() << "no AVX2 on this CPU";
  const IntFormat fmt = default_int_format(Precision::Int8);
  // Activations in [0, 127] (post-ReLU symmetric INT8) with C >= 128 take the u8 x s8 maddubs
  // path. Extremes: 127 * -128 per product; a pair sums to -32512, inside int16 (no
  // saturation). C = 129 (not a multiple of 4), 1x1: each output = 129 * 127 * -128 = -2097024.
  const ConvGeometry g1 = same_conv_geometry({1, 2, 3, 129}, {1, 1, 17, 129});
  const std::vector<std::int32_t> in1(2 * 3 * 129, 127), k1(17 * 129, -128);
  const auto v1 = ref::conv_int_avx2(g1, in1.data(), 0, k1.data(), fmt, 1);
  for (auto v : v1) ASSERT_EQ(v, -2097024);
  std::uint32_t seed = 77;
  const Case wide[] = {{{1, 5, 7, 130}, {3, 3, 19, 130}}, {{2, 3, 4, 131}, {1, 1, 5, 131}}, {{1, 4, 3, 128}, {2, 4, 33, 128}}};
  for (const Case& c : wide) {
    const ConvGeometry g = same_conv_geometry(c.in, c.k);
    const auto in = random_ints(in_size(c), 0, 127, seed++);
    const auto k = random_ints(k_size(c), -128, 127, seed++);
    for (std::int32_t pad : {0, 5})  // a zero point inside [0, 127] keeps the path
      for (int threads : {1, 2})
        EXPECT_EQ(ref::conv_int_avx2(g, in.data(), pad, k.data(), fmt, threads),
                  ref::conv_int_scalar(g, in.data(), pad, k.data(), fmt));
  }
}
