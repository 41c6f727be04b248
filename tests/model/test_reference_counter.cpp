// The closed-form counts (memory/access_counts.cpp) against the brute-force walk of the loop
// nest (reference_counter.h) on many small random layers and mappings: every level, operand
// and action must agree exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "tests/model/reference_counter.h"

using namespace eyrie;

namespace {

std::vector<std::int64_t> prime_factors(std::int64_t v) {
  std::vector<std::int64_t> f;
  for (std::int64_t p = 2; v > 1; ++p)
    while (v % p == 0) {
      f.push_back(p);
      v /= p;
    }
  return f;
}

Mapping random_mapping(const LayerShape& s, std::mt19937& rng) {
  Mapping m;
  for (int d = 0; d < kDims; ++d) {
    // Each prime factor of the dim goes to one of DRAM, GLB, Y, X, RF.
    for (auto p : prime_factors(s.dims[d])) {
      switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
        case 0: m.levels[2].temporal[d] *= p; break;
        case 1: m.levels[1].temporal[d] *= p; break;
        case 2: m.spatial_y[d] *= p; break;
        case 3: m.spatial_x[d] *= p; break;
        default: m.levels[0].temporal[d] *= p; break;
      }
    }
  }
  for (auto& lv : m.levels) std::shuffle(lv.permutation.begin(), lv.permutation.end(), rng);
  for (int l = 0; l < 2; ++l)
    for (Operand op : kOperands) m.levels[l].keep[op] = std::uniform_int_distribution<int>(0, 2)(rng) != 0;
  return m;
}

void expect_equal(const AccessCounts& fast, const AccessCounts& ref, const std::string& what) {
  EXPECT_EQ(fast.macs, ref.macs) << what;
  for (int l = 0; l < kMapLevels; ++l)
    for (Operand op : kOperands) {
      const auto& a = fast.levels[l][op];
      const auto& b = ref.levels[l][op];
      const std::string where = what + " " + to_string(static_cast<MapLevel>(l)) + "." + to_string(op);
      EXPECT_EQ(a.reads, b.reads) << where << ".reads";
      EXPECT_EQ(a.fills, b.fills) << where << ".fills";
      EXPECT_EQ(a.updates, b.updates) << where << ".updates";
    }
  for (Operand op : kOperands) {
    EXPECT_EQ(fast.noc_pe_words[op], ref.noc_pe_words[op]) << what << " noc_pe." << to_string(op);
    EXPECT_EQ(fast.noc_buffer_words[op], ref.noc_buffer_words[op]) << what << " noc_buffer." << to_string(op);
  }
}

}  // namespace

TEST(ReferenceCounter, RandomSmallLayersAndMappingsAgreeExactly) {
  std::mt19937 rng(20261122);
  auto pick = [&](std::initializer_list<std::int64_t> v) {
    return *(v.begin() + std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng));
  };
  for (int trial = 0; trial < 300; ++trial) {
    LayerShape s;
    s.dims = {pick({1, 2}), pick({1, 2, 3, 4}), pick({1, 2, 3}), pick({1, 2, 3, 4}), pick({1, 2, 4}),
              pick({1, 2, 3}), pick({1, 2, 3})};
    const Mapping m = random_mapping(s, rng);
    eyrie::testing::ReferenceCounter ref(m, s);
    expect_equal(count_accesses(m, s), ref.count(), "trial " + std::to_string(trial) + " " + to_text(m));
    if (::testing::Test::HasFailure()) break;  // one failing mapping is enough to read
  }
}

TEST(ReferenceCounter, SlidingWindowOnlyLayersAgree) {
  // 1-D and 2-D convs with the sliding dims split everywhere: halo reuse in every position.
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    LayerShape s;
    s.dims = {1, 1, 1, 8, std::int64_t(trial % 2 ? 4 : 1), 3, std::int64_t(trial % 2 ? 2 : 1)};
    const Mapping m = random_mapping(s, rng);
    eyrie::testing::ReferenceCounter ref(m, s);
    expect_equal(count_accesses(m, s), ref.count(), "trial " + std::to_string(trial) + " " + to_text(m));
    if (::testing::Test::HasFailure()) break;
  }
}
