// The bit-exact MAC models (pe_array/mac_unit.h) at their corners, derived by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "pe_array/mac_unit.h"

using namespace eyrie;

TEST(MacUnit, Int8MostNegativeSquaredFitsTheProduct) {
  // -128 * -128 = 16384 = 2^14: needs 16 product bits, fits the 32-bit accumulator.
  const IntMacUnit u(Precision::Int8, 8, 32, Overflow::Wrap);
  EXPECT_EQ(u.mac(0, -128, -128), 16384);
  EXPECT_EQ(u.mac(-16384, -128, -128), 0);
  // 200 on 8-bit wires is 0xC8 = -56: the operand is reduced and sign-extended.
  EXPECT_EQ(u.mac(0, 200, 1), -56);
}

TEST(MacUnit, Int16AccumulatorLimitWrapsOrSaturates) {
  // 32767 * 32767 = 1073676289; 1073807359 + 1073676289 = 2147483648 = 2^31, one past INT32_MAX.
  const IntMacUnit wrap(Precision::Int16, 16, 32, Overflow::Wrap);
  const IntMacUnit sat(Precision::Int16, 16, 32, Overflow::Saturate);
  EXPECT_EQ(wrap.mac(1073807359, 32767, 32767), -2147483648LL);  // 2^31 - 2^32
  EXPECT_EQ(sat.mac(1073807359, 32767, 32767), 2147483647LL);
  // One below the limit is exact in both.
  EXPECT_EQ(wrap.mac(1073807358, 32767, 32767), 2147483647LL);
  EXPECT_EQ(sat.mac(1073807358, 32767, 32767), 2147483647LL);
  // Negative side: -2^31 + (-1 * 1) wraps to INT32_MAX, saturates at INT32_MIN.
  EXPECT_EQ(wrap.mac(-2147483648LL, -1, 1), 2147483647LL);
  EXPECT_EQ(sat.mac(-2147483648LL, -1, 1), -2147483648LL);
}

TEST(MacUnit, Int32Into64BitAccumulator) {
  // (-2^31)^2 = 2^62 exactly; 2^62 + 2^62 = 2^63 wraps to -2^63, saturates to 2^63 - 1.
  const IntMacUnit wrap(Precision::Int32, 32, 64, Overflow::Wrap);
  const IntMacUnit sat(Precision::Int32, 32, 64, Overflow::Saturate);
  const std::int64_t two62 = std::int64_t{1} << 62;
  EXPECT_EQ(wrap.mac(0, INT32_MIN, INT32_MIN), two62);
  EXPECT_EQ(wrap.mac(two62, INT32_MIN, INT32_MIN), INT64_MIN);
  EXPECT_EQ(sat.mac(two62, INT32_MIN, INT32_MIN), INT64_MAX);
}

TEST(MacUnit, TernaryAddSubtractSkipAndReservedCode) {
  const TernaryMacUnit u(8, 32, Overflow::Wrap);
  EXPECT_EQ(u.mac(10, 5, TernaryMacUnit::kPlus), 15);
  EXPECT_EQ(u.mac(10, 5, TernaryMacUnit::kMinus), 5);
  EXPECT_EQ(u.mac(10, 5, TernaryMacUnit::kZero), 10);
  EXPECT_EQ(u.mac(10, 5, TernaryMacUnit::kReserved), 10);  // 0b10 is treated as zero
  // DeepChip form: pos = 7 + 2 = 9 (under +1), neg = 3 (under -1), the 4 under 0b10 skipped.
  TernaryAccumulator acc;
  acc = u.accumulate(acc, 7, TernaryMacUnit::kPlus);
  acc = u.accumulate(acc, 3, TernaryMacUnit::kMinus);
  acc = u.accumulate(acc, 4, TernaryMacUnit::kReserved);
  acc = u.accumulate(acc, 2, TernaryMacUnit::encode(+1));
  EXPECT_EQ(acc.pos, 9);
  EXPECT_EQ(acc.neg, 3);
  // Wp * pos - Wn * neg = 0.5 * 9 - 0.25 * 3 = 3.75 (binary fractions: exact).
  EXPECT_EQ(TernaryMacUnit::scale(acc, 0.5, 0.25), 3.75);
  EXPECT_EQ(TernaryMacUnit::decode(TernaryMacUnit::encode(-1)), -1);
}

TEST(MacUnit, TernaryAccumulatorSaturates) {
  // 8-bit activations into a 16-bit accumulator: 32767 + 1 saturates, or wraps to -32768.
  const TernaryMacUnit sat(8, 16, Overflow::Saturate), wrap(8, 16, Overflow::Wrap);
  EXPECT_EQ(sat.mac(32767, 1, TernaryMacUnit::kPlus), 32767);
  EXPECT_EQ(wrap.mac(32767, 1, TernaryMacUnit::kPlus), -32768);
}

TEST(MacUnit, Fp32IsNotFused) {
  // a = w = 1 + 2^-12: a*w = 1 + 2^-11 + 2^-24 exactly. 2^-24 is half an ulp of 1 (2^-23) and
  // the tie rounds to even: fl(a*w) = 1 + 2^-11. With acc = -(1 + 2^-11) the unit gives 0;
  // a fused multiply-add would keep the 2^-24.
  const float a = 1.0f + std::ldexp(1.0f, -12);
  const float acc = -(1.0f + std::ldexp(1.0f, -11));
  EXPECT_EQ(Fp32MacUnit::mac(acc, a, a), 0.0f);
  EXPECT_EQ(std::fma(a, a, acc), std::ldexp(1.0f, -24));
}
