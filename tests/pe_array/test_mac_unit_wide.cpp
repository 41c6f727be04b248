// MAC units with 64-bit accumulators, where the C++ sum itself would overflow: the models must
// compute the true sum (in 128 bits) before wrapping or saturating.
#include <gtest/gtest.h>

#include <climits>

#include "pe_array/mac_unit.h"

using namespace eyrie;

TEST(MacUnitWide, TernarySaturatesAt64BitLimits) {
  const TernaryMacUnit sat(8, 64, Overflow::Saturate);
  // INT64_MAX + 127 saturates to INT64_MAX; INT64_MIN - 127 (code -1, act 127) to INT64_MIN.
  EXPECT_EQ(sat.mac(LLONG_MAX, 127, TernaryMacUnit::kPlus), LLONG_MAX);
  EXPECT_EQ(sat.mac(LLONG_MIN, 127, TernaryMacUnit::kMinus), LLONG_MIN);
  const TernaryAccumulator acc = sat.accumulate({LLONG_MAX, LLONG_MAX}, 1, TernaryMacUnit::kPlus);
  EXPECT_EQ(acc.pos, LLONG_MAX);
  EXPECT_EQ(acc.neg, LLONG_MAX);  // untouched: the code was +1
}

TEST(MacUnitWide, TernaryWrapsAt64BitLimits) {
  const TernaryMacUnit wrap(8, 64, Overflow::Wrap);
  // INT64_MAX + 1 wraps to INT64_MIN (two's complement, carry out dropped).
  EXPECT_EQ(wrap.mac(LLONG_MAX, 1, TernaryMacUnit::kPlus), LLONG_MIN);
  EXPECT_EQ(wrap.accumulate({LLONG_MIN, 0}, -1, TernaryMacUnit::kPlus).pos, LLONG_MAX);
}

TEST(MacUnitWide, Int32OperandsInto64BitAccumulator) {
  const IntMacUnit sat(Precision::Int32, 32, 64, Overflow::Saturate);
  // (-2^31) * (-2^31) = 2^62; added to 2^62 gives 2^63, one past INT64_MAX.
  const long long two62 = 1LL << 62;
  EXPECT_EQ(sat.mac(two62, INT_MIN, INT_MIN), LLONG_MAX);
  EXPECT_EQ(sat.mac(two62 - 1, INT_MIN, INT_MIN), LLONG_MAX);
  EXPECT_EQ(sat.mac(two62 - 2, INT_MIN, INT_MIN), LLONG_MAX - 1);
  const IntMacUnit wrap(Precision::Int32, 32, 64, Overflow::Wrap);
  EXPECT_EQ(wrap.mac(two62, INT_MIN, INT_MIN), LLONG_MIN);
}
