// The RTL MAC units (rtl/mac_int8.v, mac_int16.v, mac_ternary.v through rtl/mac_bench.v) against
// the C++ MacUnit models, cycle by cycle and bit for bit (tests/rtl/mac_checker.h). Expected
// values always come from IntMacUnit / TernaryMacUnit, never from constants.
#include <gtest/gtest.h>

#include <iostream>

#include "Vmac_bench.h"
#include "tests/rtl/mac_checker.h"

namespace eyrie::rtl_test {
namespace {

void expect_clean(const CheckResult& r, std::uint64_t cycles) {
  EXPECT_EQ(r.cycles, cycles);
  EXPECT_EQ(r.mismatches, 0u) << "first mismatch: " << r.first;
  std::cout << "checked " << r.cycles << " cycles (" << r.enabled << " with enable=1) x "
            << kUnitCount << " accumulators, mismatches " << r.mismatches << "\n";
}

// INT8: every operand pair, each against a random or corner accumulator, then in random order
// under random clear/load/enable sequences; acc 32 and acc 16, wrap and saturate.
TEST(RtlMac, Int8ExhaustivePairs) {
  const auto r = check<Vmac_bench>(stimulus::kInt8ExhaustiveCycles, stimulus::int8_exhaustive(1));
  expect_clean(r, stimulus::kInt8ExhaustiveCycles);
}

// Operand corners x accumulator corners, and runs into both saturation limits and wraps.
TEST(RtlMac, OverflowCorners) {
  const auto r = check<Vmac_bench>(stimulus::kOverflowCornerCycles, stimulus::overflow_corners(2));
  expect_clean(r, stimulus::kOverflowCornerCycles);
}

// INT16: at least 10 M random MACs (12 M cycles, 85 % enabled; corner-biased operands: -32768,
// 32767, 0, +-1; accumulators at and near their limits), random clear/load/enable; wrap and
// saturate.
TEST(RtlMac, Int16TenMillionRandom) {
  constexpr std::uint64_t kCycles = 12'000'000;
  const auto r = check<Vmac_bench>(kCycles, stimulus::random(3));
  expect_clean(r, kCycles);
  EXPECT_GE(r.enabled, 10'000'000u);
}

// Ternary: every code (00, 01, 11, reserved 10) against edge and random activations, split
// (DeepChip pos/neg) and single-accumulator forms, then random sequences.
TEST(RtlMac, TernaryEveryCode) {
  constexpr std::uint64_t kCycles = stimulus::kTernaryDirectedCycles + 1'000'000;
  const auto r = check<Vmac_bench>(kCycles, stimulus::ternary(4));
  expect_clean(r, kCycles);
}

}  // namespace
}  // namespace eyrie::rtl_test
