// eyrie's own mapping reader (memory/mapping_file) reads Timeloop-form factors through
// timeloop/'s grammar: "R=1,P=16" was truncated after R, "C1 M8" was rejected.
#include <gtest/gtest.h>

#include "memory/mapping_file.h"
#include "tests/support/error_of.h"

namespace eyrie {
namespace {

using eyrie::testing::error_of;

Factors dram_factors(const std::string& factors) {
  return parse_mapping_text("mapping:\n  - {target: DRAM, type: temporal, factors: \"" + factors + "\"}\n", "m.yaml")
      .at(MapLevel::Dram)
      .temporal;
}

TEST(MemoryMappingFile, TimeloopFactorFormsAllRead) {
  for (const char* form : {"R=3 P=16 K=8", "R3 P16 K8", "R=3,P=16,K=8", "R=3, P=16, K=8"}) {
    const Factors f = dram_factors(form);
    EXPECT_EQ(f[static_cast<int>(Dim::R)], 3) << form;
    EXPECT_EQ(f[static_cast<int>(Dim::P)], 16) << form;
    EXPECT_EQ(f[static_cast<int>(Dim::M)], 8) << form;
  }
  EXPECT_EQ(dram_factors("C1 M8")[static_cast<int>(Dim::M)], 8);
  EXPECT_EQ(error_of([] { dram_factors("P=7,3"); }),
            "m.yaml:2: mapping[0].factors: factor P: write the whole factor; 0 (the rest) and imperfect factors (P=7,3) are not read here");
  EXPECT_EQ(error_of([] { dram_factors("X=2"); }),
            "m.yaml:2: mapping[0].factors: unknown dimension \"X\" (use R=3 S=3 P=.. Q=.. C=.. K=.. N=..)");
}

}  // namespace
}  // namespace eyrie
