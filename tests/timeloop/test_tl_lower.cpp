// Lowering a Timeloop design into eyrie's general form: which levels survive, what they hold.
#include <gtest/gtest.h>

#include "tests/support/error_of.h"
#include "tests/timeloop/tl_test_data.h"
#include "timeloop/lower/tl_lower.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::error_of;
using eyrie::testing::tl_data;

std::vector<std::string> level_names(const TlLowered& l) {
  std::vector<std::string> n;
  for (const auto& s : l.arch.storage) n.push_back(s.name);
  return n;
}

// 06: inter_PE_column_spatial folds into shared_glb (which then fans out Q14 over X to the
// 14 inter_PE_spatial instances); inter_PE_spatial stays (its parent has a fan-out now) and
// fans out M4 x S3 over Y to the spads.
TEST(TlLower, EyerissFanOutLevelsFoldWhereTheyCan) {
  const TlArch a = load_tl_arch(tl_data("06/eyeriss_like.yaml"));
  const TlProblem p = load_tl_problem(tl_data("06/VGG02_layer5.yaml"));
  const Ert e = load_ert(tl_data("06/timeloop-mapper.ERT.yaml"));
  const TlLowered l = lower(a, p, resolve_nest(a, p, load_tl_mapping(tl_data("06/timeloop-mapper.map.yaml"))), &e);
  EXPECT_EQ(level_names(l), (std::vector<std::string>{"psum_spad", "weights_spad", "ifmap_spad", "inter_PE_spatial", "shared_glb", "DRAM"}));
  EXPECT_EQ(l.arch.counting, CountingMode::Timeloop);
  const LevelMapping& glb = l.mapping.levels[4];
  EXPECT_EQ(glb.spatial_x[static_cast<int>(Dim::Q)], 14);
  EXPECT_EQ(l.arch.storage[3].mesh_x, 14);  // inter_PE_spatial under shared_glb
  const LevelMapping& pe = l.mapping.levels[3];
  EXPECT_EQ(pe.spatial_y[static_cast<int>(Dim::M)], 4);
  EXPECT_EQ(pe.spatial_y[static_cast<int>(Dim::S)], 3);
  EXPECT_FALSE(pe.keep.weights || pe.keep.inputs || pe.keep.outputs);
  EXPECT_EQ(l.arch.storage[2].mesh_y, 12);  // ifmap_spad: 12 under each inter_PE_spatial
  EXPECT_EQ(l.arch.storage[0].mesh_y, 1);   // psum_spad: one under each weights_spad
  EXPECT_EQ(l.arch.storage[1].capacity_words.weights, 384);
  EXPECT_EQ(l.arch.storage[1].block_words, 2);
  EXPECT_EQ(l.arch.storage[1].word_bits.weights, 8);
  EXPECT_EQ(l.arch.storage[0].word_bits.outputs, 16);
  EXPECT_DOUBLE_EQ(l.arch.storage[1].energy.read.weights, 1.976602);  // per block
  EXPECT_DOUBLE_EQ(l.arch.storage[1].energy.fill.weights, 1.881657);
  EXPECT_EQ(l.arch.storage[5].capacity_words.weights, -1);  // DRAM: unbounded
  EXPECT_EQ(l.arch.storage[0].table_entry, StorageLevel::RegisterFile);
  EXPECT_EQ(l.arch.storage[2].table_entry, StorageLevel::RegisterFile);  // the spads' !Parallel group
  EXPECT_EQ(l.arch.storage[4].table_entry, StorageLevel::GlobalBuffer);
  EXPECT_EQ(l.arch.storage[5].table_entry, StorageLevel::Dram);
  EXPECT_EQ(l.arch.mac_instances(), 168);
  EXPECT_DOUBLE_EQ(l.table.mac_energy(l.arch.mac.precision), 0.207692);
  EXPECT_DOUBLE_EQ(l.arch.clock_mhz, 1000);
  // The weights spad's loops: C8 inside R3 (innermost first), the rest 1.
  EXPECT_EQ(l.mapping.levels[1].temporal[static_cast<int>(Dim::C)], 8);
  EXPECT_EQ(l.mapping.levels[1].permutation[0], Dim::C);
  EXPECT_EQ(l.mapping.levels[1].permutation[1], Dim::R);
}

// simba_like: three fan-out levels fold into their parents: 9 Timeloop levels, 6 eyrie ones.
// The weight registers' clusters of 64 (4 clusters, 48 used) scale their access energy by 4/48.
TEST(TlLower, SimbaFoldsToSixLevelsAndPricesClusters) {
  const TlArch a = load_tl_arch(tl_data("simba_like/arch.yaml"));
  const TlProblem p = load_tl_problem(tl_data("simba_like/default_problem.yaml"));
  const Ert e = load_ert(tl_data("simba_like/timeloop-mapper.ERT.yaml"));
  const TlLowered l = lower(a, p, resolve_nest(a, p, load_tl_mapping(tl_data("simba_like/timeloop-mapper.map.yaml"))), &e);
  EXPECT_EQ(level_names(l), (std::vector<std::string>{"PEWeightRegs", "PEAccuBuffer", "PEWeightBuffer", "PEInputBuffer", "GlobalBuffer", "DRAM"}));
  EXPECT_NEAR(l.arch.storage[0].energy.read.weights, 0.259899 * 4 / 48, 1e-12);
  EXPECT_NEAR(l.arch.storage[0].energy.leakage_per_cycle, 0.000169 * 48 / 256, 1e-12);
  EXPECT_EQ(l.layer.H, 224);
  EXPECT_EQ(l.layer.pad.top, 1);
}

TEST(TlLower, WhatTheGeneralFormCannotHoldIsAnError) {
  const TlArch a = load_tl_arch(tl_data("01/2level.arch.yaml"));
  const TlProblem p = load_tl_problem(tl_data("01/conv1d.prob.yaml"));
  // P=6,4 at MainMemory over P3 at the Buffer: Timeloop's formula gives (3-1)*6 + 4 = 16, legal.
  const TlNest n = resolve_nest(a, p, parse_tl_mapping_text(R"(mapping:
  - {target: MainMemory, type: temporal, factors: "P=6,4"}
  - {target: Buffer, type: temporal, factors: R3 P3}
)", "m.yaml"));
  EXPECT_NE(error_of([&] { lower(a, p, n, nullptr); }).find("the imperfect factor P=6,4 is not lowered to eyrie"), std::string::npos);
  const TlArch mb = parse_tl_arch_text(R"(architecture:
  version: 0.4
  nodes:
  - !Component {name: MainMemory, class: DRAM, attributes: {width: 64, datawidth: 8}}
  - !Component {name: Buffer, class: regfile, attributes: {depth: 64, width: 8, datawidth: 8, multiple_buffering: 1.5}}
  - !Component {name: MACC, class: intmac}
)", "a.yaml");
  const TlNest n2 = resolve_nest(mb, p, load_tl_mapping(tl_data("01/conv1d-2level-os.map.yaml")));
  EXPECT_EQ(error_of([&] { lower(mb, p, n2, nullptr); }),
            "a.yaml:5: architecture.nodes[1]: multiple_buffering 1.500000 is not a whole number of buffers");
}

}  // namespace
}  // namespace eyrie::tl
