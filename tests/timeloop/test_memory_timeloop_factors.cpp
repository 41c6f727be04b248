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

int at(const Factors& f, Dim d) { return static_cast<int>(f[static_cast<int>(d)]); }

// Tutorial 06's mapper output in the Eyeriss preset's three levels. Its two fan-out levels are
// the global buffer's spatial loops (inter_PE_column_spatial: Q14 on X, split 1;
// inter_PE_spatial: M4 S3 on Y, split 0), two entries of one eyrie level that multiply instead
// of the second replacing the first; they keep nothing. Temporal entries whose factors are all
// 1 (ifmap_spad's, the fan-outs') order nothing. Only weights_spad's C8 R3 iterates in the RF
// here (psum_spad's M8 moved to the global buffer's entry): with both spads iterating, the
// order of their loops in one RF is undefined, and that is an error.
TEST(MemoryMappingFile, TimeloopFanOutLevelsAndSeveralEntriesOfOneLevel) {
  const std::string base =
      "mapping:\n"
      "  - {target: psum_spad, type: datatype, keep: [Outputs], bypass: [Weights, Inputs]}\n"
      "  - {target: weights_spad, type: datatype, keep: [Weights], bypass: [Inputs, Outputs]}\n"
      "  - {target: ifmap_spad, type: bypass, keep: [Inputs], bypass: [Weights, Outputs]}\n"
      "  - {target: inter_PE_spatial, type: datatype, keep: [], bypass: [Weights, Inputs, Outputs]}\n"
      "  - {target: inter_PE_column_spatial, type: dataspace, keep: [], bypass: [Weights, Inputs, Outputs]}\n"
      "  - {target: shared_glb, type: datatype, keep: [Inputs, Outputs], bypass: [Weights]}\n"
      "  - {target: DRAM, type: datatype, keep: [Weights, Inputs, Outputs], bypass: []}\n"
      "  - {target: psum_spad, type: temporal, factors: C1 M1 R1 S1 N1 P1 Q1, permutation: MCRSNPQ}\n"
      "  - {target: weights_spad, type: temporal, factors: C8 M1 R3 S1 N1 P1 Q1, permutation: CRMSNPQ}\n"
      "  - {target: ifmap_spad, type: temporal, factors: C1 M1 R1 S1 N1 P1 Q1, permutation: CMRSNPQ}\n"
      "  - {target: inter_PE_spatial, type: spatial, factors: C1 M4 R1 S3 N1 P1 Q1, permutation: SMCRNPQ, split: 0}\n"
      "  - {target: inter_PE_spatial, type: temporal, factors: C1 M1 R1 S1 N1 P1 Q1, permutation: CMRSNPQ}\n"
      "  - {target: inter_PE_column_spatial, type: spatial, factors: C1 M1 R1 S1 N1 P1 Q14, permutation: QCMRSNP, split: 1}\n"
      "  - {target: inter_PE_column_spatial, type: temporal, factors: C1 M1 R1 S1 N1 P1 Q1, permutation: CMRSNPQ}\n"
      "  - {target: shared_glb, type: temporal, factors: C4 M16 R1 S1 N1 P8 Q1, permutation: PCMRSNQ}\n"
      "  - {target: DRAM, type: temporal, factors: C4 M4 R1 S1 N1 P7 Q4, permutation: MPCQRSN}\n";
  const Mapping m = parse_mapping_text(base, "m.yaml");
  const LevelMapping& rf = m.at(MapLevel::RegisterFile);
  const LevelMapping& glb = m.at(MapLevel::GlobalBuffer);
  EXPECT_EQ(at(glb.spatial_x, Dim::Q), 14);
  EXPECT_EQ(at(glb.spatial_y, Dim::M), 4);
  EXPECT_EQ(at(glb.spatial_y, Dim::S), 3);
  EXPECT_EQ(product(glb.spatial_x) * product(glb.spatial_y), 168);
  EXPECT_EQ(product(rf.spatial_x) * product(rf.spatial_y), 1);
  EXPECT_EQ(at(rf.temporal, Dim::C), 8);
  EXPECT_EQ(at(rf.temporal, Dim::R), 3);
  EXPECT_EQ(rf.permutation[0], Dim::C);  // weights_spad's CRMSNPQ, not the last all-ones entry's
  EXPECT_EQ(rf.permutation[1], Dim::R);
  EXPECT_TRUE(rf.keep.weights && rf.keep.inputs && rf.keep.outputs);  // the three spads unite
  EXPECT_FALSE(glb.keep.weights);  // the fan-outs' empty keep lists leave the buffer's own
  EXPECT_TRUE(glb.keep.inputs && glb.keep.outputs);
  EXPECT_EQ(at(glb.temporal, Dim::M), 16);
  EXPECT_EQ(glb.permutation[0], Dim::P);
  const std::string both = "mapping:\n"
                           "  - {target: psum_spad, type: temporal, factors: M8, permutation: MCRSNPQ}\n"
                           "  - {target: weights_spad, type: temporal, factors: C8 R3, permutation: CRMSNPQ}\n";
  EXPECT_EQ(error_of([&] { parse_mapping_text(both, "m.yaml"); }),
            "m.yaml:3: mapping[1]: the temporal loops of weights_spad and psum_spad both fall into eyrie level register_file, "
            "where their order is undefined; give that level one temporal entry with loops, or run the design from its Timeloop architecture");
  EXPECT_EQ(error_of([] {
              parse_mapping_text("mapping:\n  - {target: inter_PE_spatial, type: datatype, keep: [Psums]}\n", "m.yaml");
            }).substr(0, 40),
            "m.yaml:2: mapping[0].keep[0]: must be on");
}

}  // namespace
}  // namespace eyrie
