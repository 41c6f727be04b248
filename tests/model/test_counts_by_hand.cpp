// Access counts derived on paper (docs/MODEL.md states the rules; section "worked example").
#include <gtest/gtest.h>

#include <set>

#include "memory/access_counts.h"
#include "tests/model/model_fixtures.h"

using namespace eyrie;
using eyrie::testing::conv1d;
using eyrie::testing::dram_only;
using eyrie::testing::set;

namespace {
const OperandAccesses& at(const AccessCounts& c, MapLevel l, Operand op) { return c.at(l)[op]; }
}  // namespace

// 1-level hierarchy: DRAM feeds the MAC directly. Loops: for p in 4: for r in 3: MAC.
TEST(CountsByHand, Conv1dOneLevel) {
  Mapping m = dram_only();
  set(m.at(MapLevel::Dram).temporal, Dim::P, 4);
  set(m.at(MapLevel::Dram).temporal, Dim::R, 3);
  const AccessCounts c = count_accesses(m, conv1d());
  EXPECT_EQ(c.macs, 12);             // 4 outputs x 3 taps
  EXPECT_EQ(c.compute_cycles, 12);   // one PE
  // Nothing is stored below DRAM: every MAC reads its weight and its input.
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Weights).reads, 12);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Inputs).reads, 12);
  // Every MAC updates its psum; it reads it first except at the psum's first update (4 outputs).
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).updates, 12);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).reads, 12 - 4);
  for (Operand op : kOperands) EXPECT_EQ(at(c, MapLevel::Dram, op).fills, 0);
}

// 2-level: a register file (keeps all) under DRAM, GLB bypassed. Loops: DRAM p in 4, RF r in 3.
TEST(CountsByHand, Conv1dTwoLevelsOutputStationary) {
  Mapping m = dram_only();
  m.at(MapLevel::RegisterFile).keep = {true, true, true};
  set(m.at(MapLevel::Dram).temporal, Dim::P, 4);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::R, 3);
  const AccessCounts c = count_accesses(m, conv1d());
  // RF tiles: weights w[0..2] (3), inputs i[p..p+2] (3), outputs o[p] (1).
  // p advances 3 times: weights unchanged (P ignores them) -> 3 fills in all;
  // inputs slide by one -> 3 + 3*1 = 6 fills (the halo of 2 stays); outputs: 4 fresh tiles,
  // each first-touched -> no read-back.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Weights).fills, 3);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Inputs).fills, 6);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).fills, 0);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Weights).reads, 3);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Inputs).reads, 6);
  // 4 visits of a 1-word output tile, each written back once; none read back.
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).updates, 4);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).reads, 0);
  // The MAC side: 12 weight and input reads, 12 psum updates; each visit's first update of its
  // word starts from zero (no fill) -> 12 - 4 = 8 psum reads.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Weights).reads, 12);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Inputs).reads, 12);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).updates, 12);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).reads, 8);
}

// 2-level, psums leave and come back. Loops: DRAM r in 3 { p1 in 2 }, RF p0 in 2; p = 2*p1 + p0.
TEST(CountsByHand, Conv1dTwoLevelsPsumsReadBack) {
  Mapping m = dram_only();
  m.at(MapLevel::RegisterFile).keep = {true, true, true};
  auto& dram = m.at(MapLevel::Dram);
  set(dram.temporal, Dim::R, 3);
  set(dram.temporal, Dim::P, 2);
  dram.permutation = {Dim::P, Dim::R, Dim::N, Dim::M, Dim::C, Dim::Q, Dim::S};  // P inner, R outer
  set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 2);
  const AccessCounts c = count_accesses(m, conv1d());
  // RF tiles: weight w[r] (1), inputs i[2*p1 + r .. +1] (2), outputs o[2*p1 .. +1] (2).
  // p1 advances (3 times, once per r): weight same; inputs shift by 2 -> 2 new; outputs new.
  // r advances (2 times) and p1 wraps 1 -> 0: weight new (1); inputs shift 1 - 2 = -1 -> 1
  // new; outputs shift by -2 -> a tile visited before.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Weights).fills, 1 + 2 * 1);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Inputs).fills, 2 + 3 * 2 + 2 * 1);
  // Output visits: 1 + 3 + 2 = 6 of 2 words; 2 distinct tiles, so 4 visits read back 2 words.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).fills, 8);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).updates, 12);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).reads, 8);
  // Psum reads by the MAC: 12 updates; per visit each of 2 words is first updated, and read
  // only when it was filled: 12 - 6*2 + 8 = 8 (the 4 outputs' first-ever updates are the misses).
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).reads, 8);
}

// Spatial: 1-D conv with the 4 outputs across X, the 3 taps temporal in each PE's RF, through
// a GLB that keeps all. DRAM: nothing. PE x computes o[x] from i[x..x+2] and w[0..2].
TEST(CountsByHand, Conv1dAcrossFourPesMulticastAndHalo) {
  Mapping m;
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::P, 4);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::R, 3);
  const AccessCounts c = count_accesses(m, conv1d());
  EXPECT_EQ(c.compute_cycles, 3);
  EXPECT_EQ(c.active_pes, 4);
  // RF fills: each PE gets 3 weights and 3 inputs once: 12 and 12 words into RFs.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Weights).fills, 12);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Inputs).fills, 12);
  // The GLB reads each word once: 3 weights multicast to 4 PEs; inputs i[0..5] are 6 distinct
  // words (the overlapping windows share them).
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Weights).reads, 3);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Inputs).reads, 6);
  EXPECT_EQ(c.noc_pe_words.inputs, 12);
  EXPECT_EQ(c.noc_buffer_words.inputs, 6);
  // GLB: filled once from DRAM with the whole tensors; outputs 4 words written back once.
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Weights).fills, 3);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Inputs).fills, 6);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Outputs).updates, 4);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).updates, 4);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Inputs).reads, 6);
}

// Spatial reduction: the 3 taps across X (R spatial), 4 outputs temporal in the RF of each PE.
// Each PE holds o[0..3] partial sums; the GLB sees one reduced update per output.
TEST(CountsByHand, Conv1dSpatialReductionOfPsums) {
  Mapping m;
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::R, 3);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 4);
  const AccessCounts c = count_accesses(m, conv1d());
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Outputs).updates, 4);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Outputs).reads, 0);
  // Each of the 3 PEs updates each of its 4 psums once (12 updates), from zero: no reads.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).updates, 12);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).reads, 0);
  // NoC: 3 PEs x 4 partial psums leave the PEs, 4 reduced words reach the GLB.
  EXPECT_EQ(c.noc_pe_words.outputs, 12);
  EXPECT_EQ(c.noc_buffer_words.outputs, 4);
  // PE x reads i[x..x+3]: 12 words into RFs, 6 distinct from the GLB.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Inputs).fills, 12);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Inputs).reads, 6);
}

TEST(CountsByHand, GroupsMultiplyEveryCount) {
  Mapping m = dram_only();
  set(m.at(MapLevel::Dram).temporal, Dim::P, 4);
  set(m.at(MapLevel::Dram).temporal, Dim::R, 3);
  LayerShape s = conv1d();
  s.groups = 3;
  const AccessCounts c = count_accesses(m, s);
  EXPECT_EQ(c.macs, 36);
  EXPECT_EQ(c.compute_cycles, 36);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).reads, 3 * 8);
}

// The network's declared capability decides the counts. Same mapping as
// Conv1dAcrossFourPesMulticastAndHalo (P4 across X below the GLB, R3 in each RF).
TEST(CountsByHand, MulticastFollowsTheNetwork) {
  Mapping m;
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::P, 4);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::R, 3);
  NetworkRules unicast;
  unicast.multicast[1] = Multicast::None;
  // No multicast: every PE's 3 weights and 3 inputs are read for it alone: 12 and 12.
  const AccessCounts u = count_accesses(m, conv1d(), unicast);
  EXPECT_EQ(at(u, MapLevel::GlobalBuffer, Operand::Weights).reads, 12);
  EXPECT_EQ(at(u, MapLevel::GlobalBuffer, Operand::Inputs).reads, 12);
  EXPECT_EQ(u.noc_buffer_words.inputs, 12);
  EXPECT_EQ(at(u, MapLevel::RegisterFile, Operand::Inputs).fills, 12);  // what the PEs receive is the same
  // Row buses (x): a word reaches a whole row. Along X the 4 PEs share as with `any`...
  NetworkRules rows;
  rows.multicast[1] = Multicast::X;
  EXPECT_EQ(at(count_accesses(m, conv1d(), rows), MapLevel::GlobalBuffer, Operand::Inputs).reads, 6);
  // ...down a column (P4 across Y) they do not.
  Mapping col;
  set(col.at(MapLevel::GlobalBuffer).spatial_y, Dim::P, 4);
  set(col.at(MapLevel::RegisterFile).temporal, Dim::R, 3);
  EXPECT_EQ(at(count_accesses(col, conv1d(), rows), MapLevel::GlobalBuffer, Operand::Inputs).reads, 12);
  EXPECT_EQ(at(count_accesses(col, conv1d()), MapLevel::GlobalBuffer, Operand::Inputs).reads, 6);
  // Column buses (y) share down a column, not along a row.
  NetworkRules cols;
  cols.multicast[1] = Multicast::Y;
  EXPECT_EQ(at(count_accesses(col, conv1d(), cols), MapLevel::GlobalBuffer, Operand::Inputs).reads, 6);
  EXPECT_EQ(at(count_accesses(m, conv1d(), cols), MapLevel::GlobalBuffer, Operand::Inputs).reads, 12);
  // Timeloop's rule: multicast only to PEs whose tiles are identical. The weights (P is not
  // theirs) are: 3 reads. The inputs i[x..x+2] overlap but differ: 4 x 3 = 12 reads, not 6.
  NetworkRules tl;
  tl.mode = CountingMode::Timeloop;
  const AccessCounts t = count_accesses(m, conv1d(), tl);
  EXPECT_EQ(at(t, MapLevel::GlobalBuffer, Operand::Weights).reads, 3);
  EXPECT_EQ(at(t, MapLevel::GlobalBuffer, Operand::Inputs).reads, 12);
}

// Without spatial reduction each PE's psums reach the GLB on their own: 3 PEs x 4 psums = 12
// updates; the GLB adds them up, reading the old value of every update but each word's first
// (12 - 4 = 8 reads).
TEST(CountsByHand, NoSpatialReductionUpdatesPerPe) {
  Mapping m;
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::R, 3);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 4);
  NetworkRules r;
  r.reduction[1] = false;
  const AccessCounts c = count_accesses(m, conv1d(), r);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Outputs).updates, 12);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Outputs).reads, 8);
  EXPECT_EQ(c.noc_buffer_words.outputs, 12);
}

// Psum read-back into a reducing group. Layer C2 x P4 x R3; the GLB loops over C (outer, 2)
// and P (inner, 2), R3 across X, P2 in each RF. Each PE's 2 psums change with P, so pass C=1
// revisits both output tiles: 4 visits of 2 reduced words written back (8), 4 read back.
//   eyrie: they go to one PE of the group (the others start from zero): RF fills 4;
//          RF reads = 24 updates - 24 words visited (3 PEs x 4 visits x 2) + 4 filled = 4.
//   Timeloop: every PE of the group receives its tile: 3 PEs x 2 revisits x 2 = 12 fills and
//          12 reads.
TEST(CountsByHand, PsumReadBackOnePeOrEveryPe) {
  LayerShape s = conv1d();
  s.dims[static_cast<int>(Dim::C)] = 2;
  Mapping m;
  set(m.at(MapLevel::GlobalBuffer).temporal, Dim::C, 2);
  set(m.at(MapLevel::GlobalBuffer).temporal, Dim::P, 2);
  m.at(MapLevel::GlobalBuffer).permutation = {Dim::P, Dim::C, Dim::N, Dim::M, Dim::Q, Dim::R, Dim::S};
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::R, 3);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 2);
  const AccessCounts e = count_accesses(m, s);
  EXPECT_EQ(at(e, MapLevel::GlobalBuffer, Operand::Outputs).updates, 8);
  EXPECT_EQ(at(e, MapLevel::GlobalBuffer, Operand::Outputs).reads, 4);
  EXPECT_EQ(at(e, MapLevel::RegisterFile, Operand::Outputs).updates, 24);
  EXPECT_EQ(at(e, MapLevel::RegisterFile, Operand::Outputs).fills, 4);
  EXPECT_EQ(at(e, MapLevel::RegisterFile, Operand::Outputs).reads, 4);
  NetworkRules tl;
  tl.mode = CountingMode::Timeloop;
  const AccessCounts t = count_accesses(m, s, tl);
  EXPECT_EQ(at(t, MapLevel::GlobalBuffer, Operand::Outputs).updates, 8);
  EXPECT_EQ(at(t, MapLevel::RegisterFile, Operand::Outputs).fills, 12);
  EXPECT_EQ(at(t, MapLevel::RegisterFile, Operand::Outputs).reads, 12);
}

// Imperfect factors: P = 5 over a fan-out of 4 PEs (2 folds: 4 PEs, then 1) with R3 in each RF.
// Only words that exist move: PE x of fold f computes o[4f + x] when 4f + x < 5.
TEST(CountsByHand, PartialFoldMovesOnlyExistingWords) {
  LayerShape s;
  s.dims = {1, 1, 1, 5, 1, 3, 1};  // 7 inputs
  Mapping m;
  set(m.at(MapLevel::Dram).temporal, Dim::P, 2);
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::P, 4);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::R, 3);
  EXPECT_EQ(check_factors(m, s), "");
  const AccessCounts c = count_accesses(m, s);
  EXPECT_EQ(c.macs, 15);
  EXPECT_EQ(c.compute_cycles, 2 * 3);  // two folds of 3 taps; the second keeps 3 of 4 PEs idle
  // RF: 5 PE-tiles of 3 weights and 3 inputs exist (4 in the first fold, 1 in the second);
  // the PE that works in both folds keeps its weights: 4 x 3 = 12 weight fills.
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Weights).fills, 12);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Inputs).fills, 15);
  EXPECT_EQ(at(c, MapLevel::RegisterFile, Operand::Outputs).updates, 15);
  // GLB: fold 0 holds i[0..5] (6 words), fold 1 i[4..6] (3 words, 2 of them kept): 7 fills.
  // Its reads follow the array's union tile the same way (i[4..5] are still in the array):
  // 6 + 1. The psums: 4 then 1 written back (5), none read back.
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Inputs).fills, 7);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Inputs).reads, 6 + 1);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Outputs).updates, 5);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Outputs).updates, 5);
  EXPECT_EQ(at(c, MapLevel::Dram, Operand::Inputs).reads, 7);
}

// No cap on the per-cycle distinct input rows: 100 PEs across P and 50 down R (5,000 PEs, more
// than the 4,096 values the old count stopped at), stride 2 and dilation 3, inputs read from the
// GLB straight into the MACs. The count is the number of distinct rows 2p + 3r, here taken
// from a set.
TEST(CountsByHand, DistinctRowsOnALargeArrayAreExact) {
  LayerShape s;
  s.dims = {1, 1, 1, 100, 1, 50, 1};
  s.stride_h = 2;
  s.dilation_h = 3;
  Mapping m;
  m.at(MapLevel::RegisterFile).keep = {true, false, true};
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::P, 100);
  set(m.at(MapLevel::GlobalBuffer).spatial_y, Dim::R, 50);
  std::set<std::int64_t> rows;
  for (int p = 0; p < 100; ++p)
    for (int r = 0; r < 50; ++r) rows.insert(2 * p + 3 * r);
  const AccessCounts c = count_accesses(m, s);
  EXPECT_EQ(c.compute_cycles, 1);
  EXPECT_EQ(at(c, MapLevel::GlobalBuffer, Operand::Inputs).reads, static_cast<std::int64_t>(rows.size()));
  EXPECT_EQ(rows.size(), 344u);  // 0..345 but 1 and 344, which 2p + 3r cannot make here
  EXPECT_EQ(c.noc_pe_words.inputs, 5000);
}

// Timeloop's rule A (reset on stride change). Layer M2 x P4 x R3 (6 inputs); the RF keeps a
// 4-input window (P4); the GLB loops R3 (inner) and M2 (outer). Per M pass the window slides
// i[0..3] -> i[1..4] -> i[2..5]: 4 + 1 + 1. At the M step the R loop wraps back by 2 (another
// move vector): eyrie keeps the overlap i[2..3] and fetches 2; Timeloop fetches all 4.
//   eyrie:    6 + (2 + 1 + 1) = 10 RF input fills;  Timeloop: 2 x (4 + 1 + 1) = 12.
// Weights (M, R: new words at every move) and outputs are the same in both modes.
TEST(CountsByHand, TimeloopRefetchesTheWholeTileOnAnyMoveButTheInnermost) {
  LayerShape s = conv1d();
  s.dims[static_cast<int>(Dim::M)] = 2;
  Mapping m;
  m.at(MapLevel::GlobalBuffer).keep = {true, false, true};  // inputs: RF <- DRAM
  set(m.at(MapLevel::GlobalBuffer).temporal, Dim::R, 3);
  set(m.at(MapLevel::GlobalBuffer).temporal, Dim::M, 2);
  m.at(MapLevel::GlobalBuffer).permutation = {Dim::R, Dim::M, Dim::N, Dim::C, Dim::P, Dim::Q, Dim::S};
  set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 4);
  NetworkRules tl;
  tl.mode = CountingMode::Timeloop;
  const AccessCounts e = count_accesses(m, s), t = count_accesses(m, s, tl);
  EXPECT_EQ(at(e, MapLevel::RegisterFile, Operand::Inputs).fills, 10);
  EXPECT_EQ(at(e, MapLevel::Dram, Operand::Inputs).reads, 10);
  EXPECT_EQ(at(t, MapLevel::RegisterFile, Operand::Inputs).fills, 12);
  EXPECT_EQ(at(t, MapLevel::Dram, Operand::Inputs).reads, 12);
  for (Operand op : {Operand::Weights, Operand::Outputs})
    for (int l = 0; l < 3; ++l) {
      EXPECT_EQ(e.levels[l][op].fills, t.levels[l][op].fills);
      EXPECT_EQ(e.levels[l][op].reads, t.levels[l][op].reads);
      EXPECT_EQ(e.levels[l][op].updates, t.levels[l][op].updates);
    }
}

// Rule A with a stationary inner loop: a loop over a dim the data ignores (M) innermost at the
// parent leaves the moving loop (P) not innermost, so its moves refetch the whole tile, as in
// Timeloop's refs (06's GLB inputs under DRAM's M4). Layer M2 x P8 x R3, the RF keeps P4 R3
// (6 inputs), DRAM loops M2 (inner) then P2 (outer), the GLB bypasses inputs.
//   eyrie:    6 + 4 (the P step keeps i[4..5]) = 10;  Timeloop: 6 + 6 = 12 (as 06's GLB inputs).
TEST(CountsByHand, TimeloopRefetchesAfterAnInnerLoopTheDataIgnores) {
  LayerShape s = conv1d();
  s.dims[static_cast<int>(Dim::M)] = 2;
  s.dims[static_cast<int>(Dim::P)] = 8;
  Mapping m;
  m.at(MapLevel::GlobalBuffer).keep = {true, false, true};
  set(m.at(MapLevel::Dram).temporal, Dim::M, 2);
  set(m.at(MapLevel::Dram).temporal, Dim::P, 2);
  m.at(MapLevel::Dram).permutation = {Dim::M, Dim::P, Dim::N, Dim::C, Dim::Q, Dim::R, Dim::S};
  set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 4);
  set(m.at(MapLevel::RegisterFile).temporal, Dim::R, 3);
  NetworkRules tl;
  tl.mode = CountingMode::Timeloop;
  EXPECT_EQ(at(count_accesses(m, s), MapLevel::RegisterFile, Operand::Inputs).fills, 10);
  EXPECT_EQ(at(count_accesses(m, s, tl), MapLevel::RegisterFile, Operand::Inputs).fills, 12);
}

// Rule A's exception, the tile that stays: a move of a loop other than the innermost refetches
// the whole tile unless the tile is unchanged, also where the step of one loop and the wrap of
// another cancel. Layer P7 x R3 (inputs i[0..8]); DRAM loops P4 (outer) and R3 (inner) and
// fans out P2 over two PEs (p = 2*p4 + pe; p = 7 does not exist), the GLB bypasses inputs, the
// RF holds one input row i[p + r]. A P4 step wraps R3 back by 2 and moves p by 2: the row
// stays (2*p4 + 2 = 2*(p4 + 1) + 0), Timeloop's zero translation (no new words).
//   PE 0: rows 0 1 2 | 2 3 4 | 4 5 6 | 6 7 8: 12 tiles, 3 repeated: 9 fills.
//   PE 1: rows 1 2 3 | 3 4 5 | 5 6 7:          9 tiles, 2 repeated: 7 fills.
// 16 in both modes (one row: a move keeps all or nothing). The imperfect P takes the general
// path of the closed form, which counted the repeated rows again (21) before it compared the
// windows rather than the P and R steps.
TEST(CountsByHand, TimeloopKeepsATileWhoseStepAndWrapCancel) {
  LayerShape s = conv1d();
  s.dims[static_cast<int>(Dim::P)] = 7;
  Mapping m;
  m.at(MapLevel::GlobalBuffer).keep = {true, false, true};
  set(m.at(MapLevel::Dram).temporal, Dim::P, 4);
  set(m.at(MapLevel::Dram).temporal, Dim::R, 3);
  m.at(MapLevel::Dram).permutation = {Dim::R, Dim::P, Dim::N, Dim::M, Dim::C, Dim::Q, Dim::S};
  set(m.at(MapLevel::Dram).spatial_x, Dim::P, 2);
  NetworkRules tl;
  tl.mode = CountingMode::Timeloop;
  EXPECT_EQ(at(count_accesses(m, s), MapLevel::RegisterFile, Operand::Inputs).fills, 16);
  const AccessCounts t = count_accesses(m, s, tl);
  EXPECT_EQ(at(t, MapLevel::RegisterFile, Operand::Inputs).fills, 16);
  EXPECT_EQ(at(t, MapLevel::Dram, Operand::Inputs).reads, 16);  // P is the PEs' own: no multicast
}

// Timeloop's rule B: multicast and reduction across the temporal loops of a bypassing level.
// Layer C2 x M2 x P4 x R3. DRAM fans out over 2 PEs (X), the GLB bypasses inputs and outputs
// and loops R3, each RF keeps inputs and outputs over P4.
//   Inputs, fan-out M2: both PEs' windows are identical (inputs ignore M). Per PE 4 + 1 + 1
//   = 6 fills (R slides, innermost). eyrie's union stops at the GLB's R3: DRAM reads 2 x 6 =
//   12; Timeloop multicasts across it: 6.
//   Outputs, fan-out C2: both PEs hold o[0..3] (outputs ignore C and R) for the whole R3: one
//   visit each, 4 words. eyrie: 2 x 4 = 8 DRAM updates; Timeloop reduces them: 4.
TEST(CountsByHand, TimeloopMulticastsAndReducesAcrossBypassingLevelsLoops) {
  LayerShape s = conv1d();
  s.dims[static_cast<int>(Dim::M)] = 2;
  s.dims[static_cast<int>(Dim::C)] = 2;
  NetworkRules tl;
  tl.mode = CountingMode::Timeloop;
  for (Dim fan : {Dim::M, Dim::C}) {
    Mapping m;
    m.at(MapLevel::GlobalBuffer).keep = {true, false, false};
    set(m.at(MapLevel::Dram).spatial_x, fan, 2);
    set(m.at(MapLevel::Dram).temporal, fan == Dim::M ? Dim::C : Dim::M, 2);
    set(m.at(MapLevel::GlobalBuffer).temporal, Dim::R, 3);
    set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 4);
    const AccessCounts e = count_accesses(m, s), t = count_accesses(m, s, tl);
    if (fan == Dim::M) {
      // Two C passes: per PE 2 x 6 = 12 fills (the C step refetches in both modes: no overlap).
      EXPECT_EQ(at(e, MapLevel::RegisterFile, Operand::Inputs).fills, 24);
      EXPECT_EQ(at(t, MapLevel::RegisterFile, Operand::Inputs).fills, 24);
      EXPECT_EQ(at(e, MapLevel::Dram, Operand::Inputs).reads, 24);
      EXPECT_EQ(at(t, MapLevel::Dram, Operand::Inputs).reads, 12);
    } else {
      // Two M passes of 4 outputs each per PE.
      EXPECT_EQ(at(e, MapLevel::Dram, Operand::Outputs).updates, 16);
      EXPECT_EQ(at(t, MapLevel::Dram, Operand::Outputs).updates, 8);
      EXPECT_EQ(at(t, MapLevel::Dram, Operand::Outputs).reads, 0);
    }
  }
}
