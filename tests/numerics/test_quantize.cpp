// Quantization schemes and NRMSE on hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "workloads/quantize.h"

using namespace eyrie;

TEST(Quantize, RoundingAndSaturation) {
  EXPECT_EQ(quantize_value(2.5, Rounding::Nearest, -128, 127), 3);    // half away from zero
  EXPECT_EQ(quantize_value(-2.5, Rounding::Nearest, -128, 127), -3);
  EXPECT_EQ(quantize_value(2.7, Rounding::Truncate, -128, 127), 2);   // the exam's (int) cast
  EXPECT_EQ(quantize_value(-2.7, Rounding::Truncate, -128, 127), -2);
  EXPECT_EQ(quantize_value(300.0, Rounding::Nearest, -128, 127), 127);
  EXPECT_EQ(quantize_value(-1e12, Rounding::Truncate, -128, 127), -128);
  EXPECT_EQ(quantize_value(std::nan(""), Rounding::Nearest, -128, 127), 0);
}

TEST(Quantize, NaiveMultiplierIsTheExamsCast) {
  // S = 2^2: x * S = {1.2, -2.8, 7.96, 800, -800}; truncate {1, -2, 7}, nearest {1, -3, 8};
  // +-800 saturate to the full int8 range [-128, 127].
  const std::vector<float> x = {0.3f, -0.7f, 1.99f, 200.0f, -200.0f};
  const auto t = quantize_with_multiplier(x, {1, 1, 1, 5}, 4.0, 8, Rounding::Truncate);
  EXPECT_EQ(t.q, (std::vector<std::int32_t>{1, -2, 7, 127, -128}));
  const auto n = quantize_with_multiplier(x, {1, 1, 1, 5}, 4.0, 8, Rounding::Nearest);
  EXPECT_EQ(n.q, (std::vector<std::int32_t>{1, -3, 8, 127, -128}));
  EXPECT_EQ(n.scale_of(0), 0.25);
  EXPECT_EQ(dequantize(n)[2], 2.0f);  // 8 / 4
}

TEST(Quantize, MaxAbsRoundTripWithinHalfAStep) {
  // scale = 1 / 127; q = {-127, round(63.5) = 64, round(31.75) = 32, 127}.
  const std::vector<float> x = {-1.0f, 0.5f, 0.25f, 1.0f};
  const auto t = quantize_maxabs(x, {1, 1, 1, 4}, 127, Rounding::Nearest);
  EXPECT_EQ(t.q, (std::vector<std::int32_t>{-127, 64, 32, 127}));
  const auto back = dequantize(t);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_LE(std::fabs(back[i] - x[i]), 0.5 / 127 + 1e-7);
  EXPECT_EQ(back[0], -1.0f);
  EXPECT_EQ(back[3], 1.0f);
}

TEST(Quantize, PerChannelScalesPerOutputChannel) {
  // Kernel 1x1x2x2 (KH,KW,OC,IC): channel 0 = {1, -0.5}, channel 1 = {0.01, 0.02}.
  // S0 = 1/127 -> {127, -63.5 -> -64}; S1 = 0.02/127 -> {63.5 -> 64, 127}.
  const auto t = quantize_per_channel({1.0f, -0.5f, 0.01f, 0.02f}, {1, 1, 2, 2}, 127, Rounding::Nearest);
  EXPECT_EQ(t.q, (std::vector<std::int32_t>{127, -64, 64, 127}));
  ASSERT_EQ(t.scale.size(), 2u);
  EXPECT_DOUBLE_EQ(t.scale[1], static_cast<double>(0.02f) / 127);  // max|w| of channel 1 is the float 0.02f
  EXPECT_FLOAT_EQ(dequantize(t)[3], 0.02f);
}

TEST(Quantize, AsymmetricZeroPointRepresentsZeroExactly) {
  // Range [0, 5.1] over 256 levels: S = 5.1 / 255 = 0.02, Z = -128 - 0 / S = -128.
  // q(0) = -128, q(1) = 50 - 128 = -78, q(2) = -28, q(5.1) = 127; r = S (q - Z).
  const std::vector<float> x = {0.0f, 1.0f, 2.0f, 5.1f};
  const auto t = quantize_asymmetric(x, {1, 1, 1, 4}, 127, Rounding::Nearest);
  EXPECT_EQ(t.zero_point, -128);
  EXPECT_EQ(t.q, (std::vector<std::int32_t>{-128, -78, -28, 127}));
  const auto back = dequantize(t);
  EXPECT_EQ(back[0], 0.0f);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(back[i], x[i], 0.01 + 1e-6);
  EXPECT_DOUBLE_EQ(t.zero_fraction(), 0.25);
}

TEST(Quantize, SymmetricQmaxLeavesAccumulatorHeadroom) {
  // K = 576 = 3*3*64: ceil(log2 576) = 10. int8/acc32: (31 - 10) / 2 = 10 >= 7 -> 127.
  EXPECT_EQ(symmetric_qmax(8, 32, 576), 127);
  EXPECT_EQ(symmetric_qmax(16, 32, 576), 1023);               // 2^10 - 1
  EXPECT_EQ(symmetric_qmax(32, 64, 576), (1LL << 26) - 1);    // (63 - 10) / 2 = 26
  EXPECT_EQ(symmetric_qmax(16, 32, 1), 32767);                // no reduction: full range
}

TEST(Quantize, TernaryThresholdAndScales) {
  // max|w| = 1.0, t = 0.2: delta = 0.2. Codes {+1, 0, +1, -1, 0, -1};
  // Wp = (0.9 + 0.3) / 2 = 0.6, Wn = (1.0 + 0.4) / 2 = 0.7.
  const std::vector<float> w = {0.9f, -0.05f, 0.3f, -1.0f, 0.15f, -0.4f};
  const auto t = ternarize(w, {1, 1, 1, 6}, 0.2);
  EXPECT_DOUBLE_EQ(t.threshold, 0.2);
  EXPECT_EQ(t.code, (std::vector<std::int8_t>{1, 0, 1, -1, 0, -1}));
  EXPECT_NEAR(t.wp, 0.6, 1e-7);
  EXPECT_NEAR(t.wn, 0.7, 1e-7);
  EXPECT_DOUBLE_EQ(t.zero_fraction(), 2.0 / 6);
  EXPECT_THROW(ternarize(w, {1, 1, 1, 6}, 1.5), std::invalid_argument);
}

TEST(Nrmse, HandComputedVector) {
  // y = {0..4}, x differs by 2 in the last element: sqrt(4 / 5) / (4 - 0) = 0.2236067977...
  const std::vector<float> y = {0, 1, 2, 3, 4}, x = {0, 1, 2, 3, 6};
  EXPECT_NEAR(nrmse(x, y), std::sqrt(0.8) / 4.0, 1e-15);
  EXPECT_EQ(nrmse(y, y), 0.0);
  EXPECT_EQ(nrmse({2, 2}, {2, 2}), 0.0);
  EXPECT_EQ(nrmse({2, 3}, {2, 2}), std::numeric_limits<double>::infinity());
  EXPECT_THROW(nrmse({1}, {1, 2}), std::invalid_argument);
}
