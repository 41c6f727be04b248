// The closed-form counts (memory/access_counts.cpp) against the brute-force walk of the loop
// nest (reference_counter.h) on many small random layers and mappings: every level, operand,
// action and network must agree exactly. The random cases cover 1 to 4 levels, a fan-out below
// any level, bypass, imperfect factors, stride and dilation, every multicast capability, with
// and without spatial reduction, and both counting modes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "tests/model/reference_counter.h"

using namespace eyrie;

namespace {

struct Case {
  LayerShape shape;
  Mapping mapping;
  NetworkRules rules;
};

// Spreads each dim over random slots (temporal, spatial X, spatial Y of random levels); with
// `imperfect`, a slot may take any factor up to what is left (the rest rounds up).
Mapping random_mapping(const LayerShape& s, int levels, bool imperfect, std::mt19937& rng) {
  Mapping m;
  m.count = levels;
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int d = 0; d < kDims; ++d) {
    std::int64_t left = s.dims[d];
    auto slot = [&]() -> std::int64_t& {
      LevelMapping& lv = m.levels[uni(0, levels - 1)];
      const int kind = uni(0, 4);
      return kind == 0 ? lv.spatial_x[d] : kind == 1 ? lv.spatial_y[d] : lv.temporal[d];
    };
    if (imperfect) {
      for (int k = 0; k < 2 && left > 1; ++k) {
        const std::int64_t f = uni(1, static_cast<int>(left));
        slot() *= f;
        left = (left + f - 1) / f;
      }
      slot() *= left;
      // Two parts in one slot can overshoot the dim; one factor of D alone already covers it.
      for (int l = 0; l < levels; ++l)
        for (Factors* f : {&m.levels[l].temporal, &m.levels[l].spatial_x, &m.levels[l].spatial_y})
          (*f)[d] = std::min((*f)[d], s.dims[d]);
    } else {
      for (std::int64_t p = 2; left > 1; ++p)
        while (left % p == 0) {
          slot() *= p;
          left /= p;
        }
    }
  }
  for (int l = 0; l < levels; ++l) std::shuffle(m.levels[l].permutation.begin(), m.levels[l].permutation.end(), rng);
  for (int l = 0; l + 1 < levels; ++l)
    for (Operand op : kOperands) m.levels[l].keep[op] = uni(0, 2) != 0;
  return m;
}

NetworkRules random_rules(int levels, std::mt19937& rng) {
  NetworkRules r;
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int l = 0; l < levels; ++l) {
    const int mc = uni(0, 3);
    r.multicast[l] = mc == 0 ? Multicast::None : mc == 1 ? Multicast::X : mc == 2 ? Multicast::Y : Multicast::Any;
    r.reduction[l] = uni(0, 3) != 0;
    r.fanout[l] = uni(0, 1) != 0;
  }
  r.mode = uni(0, 1) ? CountingMode::Timeloop : CountingMode::Eyrie;
  return r;
}

void expect_equal(const AccessCounts& fast, const AccessCounts& ref, int levels, const std::string& what) {
  EXPECT_EQ(fast.macs, ref.macs) << what;
  EXPECT_EQ(fast.compute_cycles, ref.compute_cycles) << what << " compute_cycles";
  for (int l = 0; l < levels; ++l)
    for (Operand op : kOperands) {
      const auto& a = fast.levels[l][op];
      const auto& b = ref.levels[l][op];
      const std::string where = what + " level" + std::to_string(l) + "." + to_string(op);
      EXPECT_EQ(a.reads, b.reads) << where << ".reads";
      EXPECT_EQ(a.fills, b.fills) << where << ".fills";
      EXPECT_EQ(a.updates, b.updates) << where << ".updates";
      EXPECT_EQ(fast.network_child_words[l][op], ref.network_child_words[l][op]) << where << ".network_child";
      EXPECT_EQ(fast.network_level_words[l][op], ref.network_level_words[l][op]) << where << ".network_level";
    }
  for (Operand op : kOperands) {
    EXPECT_EQ(fast.noc_pe_words[op], ref.noc_pe_words[op]) << what << " noc_pe." << to_string(op);
    EXPECT_EQ(fast.noc_buffer_words[op], ref.noc_buffer_words[op]) << what << " noc_buffer." << to_string(op);
  }
}

std::string describe(const Case& c) {
  std::string s = to_text(c.mapping) + " stride " + std::to_string(c.shape.stride_h) + "x" +
                  std::to_string(c.shape.stride_w) + " dilation " + std::to_string(c.shape.dilation_h) + "x" +
                  std::to_string(c.shape.dilation_w) + " mode " + to_string(c.rules.mode) + " keep";
  for (int l = 0; l < c.mapping.count; ++l) {
    s += " ";
    for (Operand op : kOperands) s += c.mapping.levels[l].keep[op] ? to_string(op)[0] : '-';
    s += std::string("/") + to_string(c.rules.multicast[l]) + (c.rules.reduction[l] ? "+r" : "") +
         (c.rules.fanout[l] ? "+f" : "");
  }
  return s;
}

void check(const Case& c, const std::string& label) {
  ASSERT_EQ(check_factors(c.mapping, c.shape), "") << label << " " << describe(c);
  eyrie::testing::ReferenceCounter ref(c.mapping, c.shape, c.rules);
  expect_equal(count_accesses(c.mapping, c.shape, c.rules), ref.count(), c.mapping.count, label + " " + describe(c));
}

}  // namespace

TEST(ReferenceCounter, RandomPerfectThreeLevelMappingsAgreeExactly) {
  std::mt19937 rng(20261122);
  auto pick = [&](std::initializer_list<std::int64_t> v) {
    return *(v.begin() + std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng));
  };
  for (int trial = 0; trial < 200; ++trial) {
    Case c;
    c.shape.dims = {pick({1, 2}), pick({1, 2, 3, 4}), pick({1, 2, 3}), pick({1, 2, 3, 4}), pick({1, 2, 4}),
                    pick({1, 2, 3}), pick({1, 2, 3})};
    c.mapping = random_mapping(c.shape, 3, false, rng);
    check(c, "trial " + std::to_string(trial));
    if (::testing::Test::HasFailure()) break;  // one failing mapping is enough to read
  }
}

TEST(ReferenceCounter, RandomHierarchiesImperfectFactorsStrideDilationNetworksAgreeExactly) {
  std::mt19937 rng(8);
  auto pick = [&](std::initializer_list<std::int64_t> v) {
    return *(v.begin() + std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng));
  };
  int imperfect = 0, strided = 0, deep = 0, timeloop = 0;
  for (int trial = 0; trial < 400; ++trial) {
    Case c;
    c.shape.dims = {pick({1, 2}), pick({1, 2, 3}), pick({1, 2, 3}), pick({1, 3, 5}), pick({1, 2, 3}),
                    pick({1, 2, 3}), pick({1, 2})};
    c.shape.stride_h = pick({1, 2, 3});
    c.shape.stride_w = pick({1, 2});
    c.shape.dilation_h = pick({1, 2});
    c.shape.dilation_w = pick({1, 3});
    const int levels = static_cast<int>(pick({1, 2, 3, 4}));
    c.mapping = random_mapping(c.shape, levels, trial % 4 != 0, rng);
    c.rules = random_rules(levels, rng);
    for (Dim d : kAllDims) imperfect += c.mapping.total(d) > c.shape[d] ? 1 : 0;
    strided += c.shape.stride_h > 1 || c.shape.dilation_h > 1 ? 1 : 0;
    deep += levels == 4 ? 1 : 0;
    timeloop += c.rules.mode == CountingMode::Timeloop ? 1 : 0;
    check(c, "trial " + std::to_string(trial));
    if (::testing::Test::HasFailure()) break;
  }
  // The random cases did reach what they are meant to cover.
  EXPECT_GT(imperfect, 200);
  EXPECT_GT(strided, 150);
  EXPECT_GT(deep, 50);
  EXPECT_GT(timeloop, 100);
}

TEST(ReferenceCounter, SlidingWindowOnlyLayersAgree) {
  // 1-D and 2-D convs with the sliding dims split everywhere: halo reuse in every position.
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    Case c;
    c.shape.dims = {1, 1, 1, 8, std::int64_t(trial % 2 ? 4 : 1), 3, std::int64_t(trial % 2 ? 2 : 1)};
    c.shape.stride_h = 1 + trial % 3;
    c.mapping = random_mapping(c.shape, 3, trial % 3 == 0, rng);
    check(c, "trial " + std::to_string(trial));
    if (::testing::Test::HasFailure()) break;
  }
}

// The case CountsDoNotDependOnWhatWasCountedBefore found (rng 11, case 10), Timeloop mode:
// layer N2 M5 C3 P7 Q1 R3 S3, DRAM[M2] Y[S2] X[C2] GLB[P4 M4 R3] Y[] X[P2] RF[C2 S2] Y[] X[N2];
// keeps/networks wio/x+r --o/x+r+f wio/any (the GLB bypasses inputs: the RF fills from DRAM).
// By hand, the RF's inputs: an RF tile is one input row h = p + r (no P or R loop inside the
// RF) times N2 x its instance's c (DRAM X: c0..1 or c2) x w (DRAM Y: s0..1 or s2): 8, 4, 4 or
// 2 words, 18 per GLB PE pe (GLB X P2, p = 2*p4 + pe). Each PE walks M2 (DRAM), then P4, M4,
// R3 (GLB, R innermost); m = 4*m2 + m4 < 5 leaves M4 one pass in the second M2 pass, and
// p = 7 leaves PE 1 three P4 passes. R steps move the row (a new row every tile); an M4 step
// wraps R back to h = 2*p4 + pe (a new row); a P4 step wraps R (-2) and steps p (+2): the row
// stays, Timeloop's zero translation (SaveAndSubtractIfSameStride subtracts the identical
// tile: no fill, rule A's exception). Tiles per PE: PE 0: 4 x (4 + 1) x 3 = 60, 2 x 3 stay:
// 54; PE 1: 3 x 5 x 3 = 45, 2 x 2 stay: 41. Fills: 18 x (54 + 41) = 1,710, the walker's;
// the closed form had 18 x 105 = 1,890: on the general path (imperfect factors) it took a
// window as unchanged only where both the P and the R step were 0.
TEST(ReferenceCounter, TimeloopKeepsAnInputRowWhoseStepAndWrapCancel) {
  Case c;
  c.shape.dims = {2, 5, 3, 7, 1, 3, 3};
  c.mapping.count = 3;
  LevelMapping& rf = c.mapping.levels[0];
  LevelMapping& glb = c.mapping.levels[1];
  LevelMapping& dram = c.mapping.levels[2];
  auto f = [](Factors& x, Dim d, std::int64_t v) { x[static_cast<int>(d)] = v; };
  f(dram.temporal, Dim::M, 2);
  f(dram.spatial_y, Dim::S, 2);
  f(dram.spatial_x, Dim::C, 2);
  f(glb.temporal, Dim::P, 4);
  f(glb.temporal, Dim::M, 4);
  f(glb.temporal, Dim::R, 3);
  glb.permutation = {Dim::R, Dim::M, Dim::P, Dim::N, Dim::C, Dim::Q, Dim::S};
  f(glb.spatial_x, Dim::P, 2);
  glb.keep = {false, false, true};
  f(rf.temporal, Dim::C, 2);
  f(rf.temporal, Dim::S, 2);
  rf.permutation = {Dim::S, Dim::C, Dim::N, Dim::M, Dim::P, Dim::Q, Dim::R};
  f(rf.spatial_x, Dim::N, 2);
  c.rules.multicast = {Multicast::X, Multicast::X, Multicast::Any};
  c.rules.reduction = {true, true, false};
  c.rules.fanout = {false, true, false};
  c.rules.mode = CountingMode::Timeloop;
  ASSERT_EQ(to_text(c.mapping), "DRAM[M2] Y[S2] X[C2] GLB[P4 M4 R3] Y[] X[P2] RF[C2 S2] Y[] X[N2]");
  const AccessCounts fast = count_accesses(c.mapping, c.shape, c.rules);
  EXPECT_EQ(fast.levels[0][Operand::Inputs].fills, 1710);
  check(c, "");
}

namespace {
// n random cases with imperfect factors over three small layers (strides 1 and 2), 2 to 4
// levels, random keeps and networks in both counting modes.
std::vector<Case> imperfect_cases(int n, std::mt19937& rng) {
  std::vector<Case> cases;
  const std::array<Factors, 3> shapes = {{{1, 3, 5, 5, 3, 3, 2}, {2, 5, 3, 7, 1, 3, 3}, {1, 6, 7, 5, 5, 1, 1}}};
  for (int trial = 0; trial < n; ++trial) {
    Case c;
    c.shape.dims = shapes[trial % 3];
    c.shape.stride_h = 1 + trial % 2;
    const int levels = 2 + trial % 3;
    c.mapping = random_mapping(c.shape, levels, true, rng);
    c.rules = random_rules(levels, rng);
    cases.push_back(c);
  }
  return cases;
}
}  // namespace

TEST(ReferenceCounter, CountsDoNotDependOnWhatWasCountedBefore) {
  // count_accesses memoizes the cases of imperfect dims across calls (keyed on the dim's own
  // loops): the same mappings counted forwards and then backwards, interleaved with others
  // over the same layers, give the same counts, and the reference's, in both counting modes
  // (case 10, Timeloop mode, is TimeloopKeepsAnInputRowWhoseStepAndWrapCancel).
  std::mt19937 rng(11);
  const std::vector<Case> cases = imperfect_cases(240, rng);
  std::vector<AccessCounts> forwards;
  int timeloop = 0;
  for (const Case& c : cases) forwards.push_back(count_accesses(c.mapping, c.shape, c.rules));
  for (std::size_t i = cases.size(); i-- > 0;) {
    const Case& c = cases[i];
    const std::string what = "case " + std::to_string(i) + " " + describe(c);
    expect_equal(count_accesses(c.mapping, c.shape, c.rules), forwards[i], c.mapping.count, what + " (again)");
    eyrie::testing::ReferenceCounter ref(c.mapping, c.shape, c.rules);
    expect_equal(forwards[i], ref.count(), c.mapping.count, what);
    timeloop += c.rules.mode == CountingMode::Timeloop ? 1 : 0;
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(timeloop, 80);
}

TEST(ReferenceCounter, OrdersOfOneSetOfFactorsCountedInARow) {
  // count_accesses keeps the parts of the last count that do not depend on the loop orders
  // (the MACs' side, the compute cycles), as the mapper counts the orders of one set of
  // factors one after another: each mapping, then the same factors with every level's order
  // rotated, then reversed, each against the reference walker.
  std::mt19937 rng(23);
  int differ = 0;
  const std::vector<Case> cases = imperfect_cases(120, rng);
  for (int trial = 0; trial < static_cast<int>(cases.size()); ++trial) {
    const Case& c = cases[trial];
    const int levels = c.mapping.count;
    const AccessCounts first = count_accesses(c.mapping, c.shape, c.rules);
    for (int variant = 0; variant < 2; ++variant) {
      Case o = c;
      for (int l = 0; l < levels; ++l) {
        auto& p = o.mapping.levels[l].permutation;
        if (variant == 0) std::rotate(p.begin(), p.begin() + 1 + (trial + l) % (kDims - 1), p.end());
        else std::reverse(p.begin(), p.end());
      }
      const AccessCounts next = count_accesses(o.mapping, o.shape, o.rules);
      differ += next.levels[levels - 1][Operand::Inputs].reads != first.levels[levels - 1][Operand::Inputs].reads;
      eyrie::testing::ReferenceCounter ref(o.mapping, o.shape, o.rules);
      expect_equal(next, ref.count(), levels, "trial " + std::to_string(trial) + " variant " + std::to_string(variant) + " " + describe(o));
      if (::testing::Test::HasFailure()) return;
    }
  }
  EXPECT_GT(differ, 20);  // the orders matter: the rotated nests are other nests
}
