// Deliberately broken RTL must be caught: the same checker (mac_checker.h) and the same stimulus
// as test_rtl_mac.cpp run against mac_bench compiled with `BUG_*` defined (rtl/CMakeLists.txt):
//   BUG_NO_SIGN_EXTEND  mac_int zero-extends the activation (int8 and int16 units)
//   BUG_SAT_BOUND       acc_fit saturates positive overflow to max - 1 (every saturating unit)
//   BUG_TERNARY_SWAP    mac_ternary adds under code 11 and subtracts under 01
// Each test expects mismatches in the units the bug is in, none elsewhere, and prints per
// stimulus set the count per accumulator and the first mismatch.
#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <iostream>

#include "Vmac_bench_NO_SIGN_EXTEND.h"
#include "Vmac_bench_SAT_BOUND.h"
#include "Vmac_bench_TERNARY_SWAP.h"
#include "tests/rtl/mac_checker.h"

namespace eyrie::rtl_test {
namespace {

// Runs every stimulus set of the clean tests (int16 random shortened to 1 M cycles) on the
// mutant, prints per set the mismatch count per accumulator and the first mismatch, and returns
// the mismatches per set and unit.
enum Set { kInt8Exhaustive, kOverflowCorners, kInt16Random, kTernaryEveryCode, kSetCount };
using Found = std::array<CheckResult, kSetCount>;

template <class M>
Found run_all(const char* bug) {
  struct Stimulus {
    const char* test;
    std::uint64_t cycles;
    std::function<Controls(std::uint64_t)> next;
  };
  const Stimulus sets[kSetCount] = {
      {"Int8ExhaustivePairs", stimulus::kInt8ExhaustiveCycles, stimulus::int8_exhaustive(1)},
      {"OverflowCorners", stimulus::kOverflowCornerCycles, stimulus::overflow_corners(2)},
      {"Int16Random (1 M)", 1'000'000, stimulus::random(3)},
      {"TernaryEveryCode", stimulus::kTernaryDirectedCycles + 1'000'000, stimulus::ternary(4)},
  };
  Found found;
  for (int i = 0; i < kSetCount; ++i) {
    const CheckResult r = check<M>(sets[i].cycles, sets[i].next);
    std::cout << bug << " / " << sets[i].test << ": " << r.mismatches << " mismatches in "
              << r.cycles << " cycles";
    for (int u = 0; u < kUnitCount; ++u)
      if (r.per_unit[u]) std::cout << "; " << unit_name(u) << " " << r.per_unit[u];
    std::cout << "\n";
    if (!r.first.empty()) std::cout << "  first: " << r.first << "\n";
    found[i] = r;
  }
  return found;
}

std::uint64_t sum(const CheckResult& r, std::initializer_list<int> units) {
  std::uint64_t n = 0;
  for (int u : units) n += r.per_unit[u];
  return n;
}
const std::initializer_list<int> kInt8Units = {kI8W32, kI8S32, kI8W16, kI8S16};
const std::initializer_list<int> kInt16Units = {kI16W32, kI16S32};
const std::initializer_list<int> kWrapUnits = {kI8W32, kI8W16, kI16W32, kTW32Pos, kTW32Neg,
                                               kTW12Pos, kTW12Neg, kT1W12};
const std::initializer_list<int> kSatUnits = {kI8S32, kI8S16, kI16S32, kTS32Pos, kTS32Neg,
                                              kTS12Pos, kTS12Neg, kT1S12};
const std::initializer_list<int> kTernaryUnits = {kTW32Pos, kTW32Neg, kTS32Pos, kTS32Neg,
                                                  kTW12Pos, kTW12Neg, kTS12Pos, kTS12Neg,
                                                  kT1W12, kT1S12};

// Caught by the int8 exhaustive and the int16 random sets, in the integer units only.
TEST(RtlMutants, DroppedSignExtensionIsCaught) {
  const Found f = run_all<Vmac_bench_NO_SIGN_EXTEND>("BUG_NO_SIGN_EXTEND");
  EXPECT_GT(sum(f[kInt8Exhaustive], kInt8Units), 0u);
  EXPECT_GT(sum(f[kInt16Random], kInt16Units), 0u);
  for (const CheckResult& r : f) EXPECT_EQ(sum(r, kTernaryUnits), 0u);
}

// Caught by the overflow corners in every saturating unit; the wrapping units are untouched.
TEST(RtlMutants, WrongSaturationBoundIsCaught) {
  const Found f = run_all<Vmac_bench_SAT_BOUND>("BUG_SAT_BOUND");
  for (int u : kSatUnits) EXPECT_GT(f[kOverflowCorners].per_unit[u], 0u) << unit_name(u);
  for (const CheckResult& r : f) EXPECT_EQ(sum(r, kWrapUnits), 0u);
}

// Caught by the ternary set in every ternary accumulator (split and single); the integer
// units are untouched.
TEST(RtlMutants, SwappedTernaryAddSubtractIsCaught) {
  const Found f = run_all<Vmac_bench_TERNARY_SWAP>("BUG_TERNARY_SWAP");
  for (int u : kTernaryUnits) EXPECT_GT(f[kTernaryEveryCode].per_unit[u], 0u) << unit_name(u);
  for (const CheckResult& r : f) EXPECT_EQ(sum(r, kInt8Units) + sum(r, kInt16Units), 0u);
}

}  // namespace
}  // namespace eyrie::rtl_test
