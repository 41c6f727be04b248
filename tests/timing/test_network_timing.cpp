// The timed engine on the analytical model's mappings: tiles carry the mapping's traffic, and
// the two engines agree on whole networks.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "sim/timing/sc_engine.h"
#include "sim/timing/network_timing.h"
#include "workloads/network.h"

using namespace eyrie;

namespace {
const std::string kEyeriss = std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml";
const std::string kSimba = std::string(EYRIE_SOURCE_DIR) + "/configs/simba-like.yaml";

NetworkResult analytic(const std::string& net, const ArchSpec& arch, const std::string& dataflow) {
  const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
  RunOptions o;
  o.dataflow = dataflow;
  return run_network(load_network(net), engine, o);
}


struct Sums {
  std::int64_t dram_reads = 0, dram_writes = 0, fills = 0, glb_reads = 0, glb_updates = 0, compute = 0, macs = 0;
  PerOperand<std::int64_t> noc{};
};
Sums sums_of(const LayerSchedule& s) {
  Sums t;
  for (std::int64_t i = 0; i < s.size(); ++i) {
    const TilePhase p = s.tile(i);
    t.dram_reads += p.dram_read_words;
    t.dram_writes += p.dram_write_words;
    t.fills += p.glb_fill_words;
    t.glb_reads += p.glb_read_words;
    t.glb_updates += p.glb_write_words;
    t.compute += p.compute_cycles;
    t.macs += p.macs;
    for (Operand op : kOperands) t.noc[op] += p.noc_words[op];
  }
  return t;
}
// The layer's counts (the model's, over the whole layer) in the same terms.
Sums sums_of(const LayerResult& l) {
  Sums t;
  const int outer = l.mapping.count - 1, glb = outer - 1;
  for (Operand op : kOperands) {
    t.dram_reads += l.counts.at(outer)[op].reads + l.counts.at(outer)[op].fills;
    t.dram_writes += l.counts.at(outer)[op].updates;
    t.fills += l.counts.at(glb)[op].fills;
    t.glb_reads += l.counts.at(glb)[op].reads;
    t.glb_updates += l.counts.at(glb)[op].updates;
    t.noc[op] = l.counts.network_level_words[glb][op];
  }
  t.compute = l.counts.compute_cycles;
  t.macs = l.macs;
  return t;
}
}  // namespace

TEST(NetworkTiming, PerTileCountsSumToTheLayersCounts) {
  // Each tile's array work is counted over the tile alone (a sub-problem); the layer's counts
  // over the whole nest. They are computed independently, so their agreement is a check.
  // Across tile boundaries the PEs keep what the layer's counts keep (a boundary's traffic
  // is the two-tile problem's count less the two tiles'; psums revisited are read back
  // once): with that rule the sums are exact on every layer below, in both counting modes, on
  // configs/simba-like.yaml too, whose PEs keep weights and inputs in one level and psums in
  // another below it.
  int layers = 0;
  struct Run {
    const char* net;
    bool timeloop;
    const std::string* config;
  };
  for (const Run& run : {Run{"alexnet", false, &kEyeriss}, Run{"resnet50", false, &kEyeriss}, Run{"alexnet", true, &kEyeriss},
                         Run{"resnet50", true, &kEyeriss}, Run{"alexnet", false, &kSimba}, Run{"resnet50", false, &kSimba},
                         Run{"alexnet", true, &kSimba}, Run{"resnet50", true, &kSimba}})
    for (const char* df : {"rs", "ws", "os"}) {
      // simba-like's one-word register files hold no filter row: rs does not map there.
      if (run.config == &kSimba && std::string(df) == "rs") continue;
      const char* name = run.net;
      const bool timeloop = run.timeloop;
      const ArchSpec arch = timeloop ? load_arch(*run.config, {{"counting", "timeloop"}}) : load_arch(*run.config);
      const Network net = load_network(name);
      const NetworkResult r = analytic(name, arch, df);
      std::size_t k = 0;
      for (const ConvLayer& c : net.layers) {
        if (!c.has_macs()) continue;
        const LayerResult& l = r.layers[k++];
        const Sums got = sums_of(schedule_of(l, shape_of(c), arch)), want = sums_of(l);
        const std::string at = *run.config + " " + name + (timeloop ? " (timeloop)" : "") + " " + df + " " + l.name;
        EXPECT_EQ(got.macs, want.macs) << at;
        EXPECT_EQ(got.compute, want.compute) << at;
        EXPECT_EQ(got.dram_reads, want.dram_reads) << at;
        EXPECT_EQ(got.dram_writes, want.dram_writes) << at;
        EXPECT_EQ(got.fills, want.fills) << at;
        EXPECT_EQ(got.glb_reads, want.glb_reads) << at;
        EXPECT_EQ(got.glb_updates, want.glb_updates) << at;
        for (Operand op : kOperands) EXPECT_EQ(got.noc[op], want.noc[op]) << at << " " << to_string(op);
        ++layers;
      }
    }
  // configs/eyeriss.yaml: AlexNet's 8 layers with MACs, ResNet-50's 54, both again in Timeloop
  // counting mode; three dataflows. configs/simba-like.yaml: the same four runs, ws and os.
  EXPECT_EQ(layers, 3 * (8 + 54 + 8 + 54) + 2 * (8 + 54 + 8 + 54));
}

namespace {
// A hand-made layer: P = 5 split by a DRAM-level factor of 2 (tiles of 3 and 2 output rows, the
// second partial), and a 3x3 filter, stride 1: input windows of rows [0,5) and [3,7).
LayerResult hand_layer(LayerShape* shape_out) {
  LayerShape shape;
  shape.dims = {1, 4, 2, 5, 4, 3, 3};  // N M C P Q R S
  Mapping m;
  m.at(MapLevel::Dram).temporal[static_cast<int>(Dim::P)] = 2;
  m.at(MapLevel::GlobalBuffer).temporal = {1, 4, 2, 3, 4, 1, 1};
  m.at(MapLevel::RegisterFile).temporal = {1, 1, 1, 1, 1, 3, 3};
  LayerResult l;
  l.name = "hand";
  l.mapping = m;
  l.counts = count_accesses(m, shape);
  l.macs = shape.macs();
  *shape_out = shape;
  return l;
}
}  // namespace

TEST(NetworkTiming, TilesFollowTheIterationSequence) {
  LayerShape shape;
  const LayerResult l = hand_layer(&shape);
  const ArchSpec arch = load_arch(kEyeriss);
  const LayerSchedule s = schedule_of(l, shape, arch);
  ASSERT_EQ(s.size(), 2);
  // Tile 0: weights 4x2x3x3 = 72, inputs 2 channels x rows [0,5) x cols [0,6) = 60.
  EXPECT_EQ(s.tile(0).dram_read_words, 72 + 60);
  // Tile 1 (partial, P rows 3..4): the weights stay; inputs rows [3,7) minus the rows [3,5)
  // kept from tile 0: 2 x 2 x 6 = 24 new words.
  EXPECT_EQ(s.tile(1).dram_read_words, 24);
  // Outputs: 4 x 3 x 4 = 48 after tile 0, 4 x 2 x 4 = 32 after tile 1.
  EXPECT_EQ(s.tile(0).dram_write_words, 48);
  EXPECT_EQ(s.tile(1).dram_write_words, 32);
  EXPECT_EQ(s.tile(0).macs, 4 * 2 * 3 * 4 * 9);
  EXPECT_EQ(s.tile(1).macs, 4 * 2 * 2 * 4 * 9);
  // The sequence's DRAM traffic is the counting model's on this layer.
  std::int64_t reads = 0, writes = 0;
  for (Operand op : kOperands) {
    reads += l.counts.at(MapLevel::Dram)[op].reads + l.counts.at(MapLevel::Dram)[op].fills;
    writes += l.counts.at(MapLevel::Dram)[op].updates;
  }
  EXPECT_EQ(s.tile(0).dram_read_words + s.tile(1).dram_read_words, reads);
  EXPECT_EQ(s.tile(0).dram_write_words + s.tile(1).dram_write_words, writes);
}

TEST(NetworkTiming, TheArrayWorkOfATileIsCountedOverTheTile) {
  // The hand layer's array side. Buffer loops (innermost first) Q4 P3 C2 M4; the register file
  // holds R3 x S3 of weights per (m, c), one psum per (m, p, q); no spatial fan-out, so one
  // MAC per cycle.
  LayerShape shape;
  const LayerResult l = hand_layer(&shape);
  const ArchSpec arch = load_arch(kEyeriss);
  const LayerSchedule s = schedule_of(l, shape, arch);
  const TilePhase t0 = s.tile(0), t1 = s.tile(1);
  // Compute: every MAC of the tile in its own cycle, 4*2*3*4*9 = 864 and 4*2*2*4*9 = 576.
  EXPECT_EQ(t0.compute_cycles, 864);
  EXPECT_EQ(t1.compute_cycles, 576);
  // Weights to the PEs: a 9-word tile per (m, c), reloaded in tile 1 (its first pass, m0 c0,
  // is not tile 0's last, m3 c1): 8 x 9 = 72 each.
  EXPECT_EQ(t0.noc_words.weights, 72);
  EXPECT_EQ(t1.noc_words.weights, 72);
  // Psums: one update per pass and output (4*2*3*4 = 96; 64 in tile 1), read back on the
  // second input channel (48; 32): 144 and 96 words; the buffer takes the updates.
  EXPECT_EQ(t0.noc_words.outputs, 96 + 48);
  EXPECT_EQ(t1.noc_words.outputs, 64 + 32);
  EXPECT_EQ(t0.glb_write_words, 96);
  EXPECT_EQ(t1.glb_write_words, 64);
  // Passes: the buffer's iterations in the tile, 4*3*2*4 = 96 and 4*2*2*4 = 64; Q is the
  // innermost buffer loop and an output dimension, so the outputs change after every pass.
  EXPECT_EQ(t0.passes, 96);
  EXPECT_EQ(t1.passes, 64);
  EXPECT_EQ(t0.drains, 96);
  EXPECT_EQ(t1.drains, 64);
  // The 24-word psum register file holds a second 1-word output tile beside the first: the
  // drains overlap the next pass (no cycles). With 1 psum word it cannot: each drain costs
  // the PE pipeline, 2 cycles (no reduction down a column: 2 + 1 - 1).
  EXPECT_EQ(t0.fill_drain_cycles, 0);
  const ArchSpec tight = load_arch(kEyeriss, {{"register_file.psum_words", "1"}});
  EXPECT_FALSE(psums_double_buffered(l.mapping, shape, tight));
  const LayerSchedule st = schedule_of(l, shape, tight);
  EXPECT_EQ(st.tile(0).fill_drain_cycles, 96 * 2);
  EXPECT_EQ(st.tile(1).fill_drain_cycles, 64 * 2);
}

TEST(NetworkTiming, HeldPsumsCrossATileBoundaryWithoutADrainOrAWrite) {
  // N1 M4 C4 P3 Q3, 1x1 filter. DRAM C2 (two tiles of 2 channels), buffer C2 (two passes per
  // tile, both on the same outputs), X[M4] Y[P3] over 12 PEs, each PE's register file Q3:
  // 3 psums. With psum_words 3 the register file has no room for a second output tile, so a
  // drain costs 2 + 1 - 1 = 2 cycles (Y is P: no reduction down the column).
  LayerShape shape;
  shape.dims = {1, 4, 4, 3, 3, 1, 1};
  Mapping m;
  m.at(MapLevel::Dram).temporal[static_cast<int>(Dim::C)] = 2;
  m.at(MapLevel::GlobalBuffer).temporal[static_cast<int>(Dim::C)] = 2;
  m.at(MapLevel::GlobalBuffer).spatial_x[static_cast<int>(Dim::M)] = 4;
  m.at(MapLevel::GlobalBuffer).spatial_y[static_cast<int>(Dim::P)] = 3;
  m.at(MapLevel::RegisterFile).temporal[static_cast<int>(Dim::Q)] = 3;
  LayerResult l;
  l.name = "held";
  l.mapping = m;
  l.counts = count_accesses(m, shape);
  l.macs = shape.macs();
  const ArchSpec arch = load_arch(kEyeriss, {{"register_file.psum_words", "3"}});
  EXPECT_EQ(fill_drain_cycles(m), 2);
  EXPECT_FALSE(psums_double_buffered(m, shape, arch));
  const LayerSchedule s = schedule_of(l, shape, arch);
  ASSERT_EQ(s.size(), 2);
  const TilePhase t0 = s.tile(0), t1 = s.tile(1);
  // Compute: 2 channels x Q3 = 6 cycles per tile on the 12 PEs.
  EXPECT_EQ(t0.compute_cycles, 6);
  EXPECT_EQ(t0.passes, 2);
  // Tile 0's psums stay in the PEs for tile 1 (same outputs, no buffer loop over them): no
  // drain and no write to the buffer after tile 0; tile 1 drains once and writes the 36
  // outputs (4 x 3 x 3) back, reduced.
  EXPECT_EQ(t0.drains, 0);
  EXPECT_EQ(t0.fill_drain_cycles, 0);
  EXPECT_EQ(t0.glb_write_words, 0);
  EXPECT_EQ(t0.noc_words.outputs, 0);
  EXPECT_EQ(t1.drains, 1);
  EXPECT_EQ(t1.fill_drain_cycles, 2);
  EXPECT_EQ(t1.glb_write_words, 36);
  EXPECT_EQ(t1.noc_words.outputs, 36);
  // The layer's counts agree: one write of each output to the buffer.
  EXPECT_EQ(l.counts.at(MapLevel::GlobalBuffer)[Operand::Outputs].updates, 36);
}

namespace {

// The imperfect two-level layer of the two tests below on configs/simba-like.yaml: N1 M5 C2 P5
// Q4 R3 S3; DRAM P2 (innermost) M2; buffer C2 across the PEs; PE buffer P3, M3 across its MAC
// lanes, no psums; register file R3 S3, psums only. Q4 sits at `q_level` (2: the buffer, 1:
// the PE buffer).
LayerShape imperfect_two_level_shape() {
  LayerShape shape;
  shape.dims = {1, 5, 2, 5, 4, 3, 3};
  return shape;
}

LayerResult imperfect_two_level_layer(const ArchSpec& arch, const LayerShape& shape, int q_level, const char* name) {
  Mapping m = mapping_for(arch);
  auto at = [](Dim d) { return static_cast<int>(d); };
  m.levels[3].temporal[at(Dim::P)] = 2;
  m.levels[3].temporal[at(Dim::M)] = 2;
  m.levels[3].permutation = {Dim::P, Dim::M, Dim::N, Dim::C, Dim::Q, Dim::R, Dim::S};
  m.levels[q_level].temporal[at(Dim::Q)] = 4;
  m.levels[2].spatial_x[at(Dim::C)] = 2;
  m.levels[1].temporal[at(Dim::P)] = 3;
  m.levels[1].spatial_x[at(Dim::M)] = 3;
  m.levels[1].keep[Operand::Outputs] = false;
  m.levels[0].temporal[at(Dim::R)] = 3;
  m.levels[0].temporal[at(Dim::S)] = 3;
  m.levels[0].keep[Operand::Weights] = m.levels[0].keep[Operand::Inputs] = false;
  LayerResult l;
  l.name = name;
  l.mapping = m;
  l.counts = count_accesses(m, shape, network_rules(arch));
  l.macs = shape.macs();
  return l;
}

}  // namespace

TEST(NetworkTiming, TwoLevelPesWithImperfectFactorsKeepTheLayersCountsAcrossTiles) {
  // configs/simba-like.yaml's four levels: DRAM, buffer, PE buffer (weights and inputs; no
  // psums), register file (psums). N1 M5 C2 P5 Q4 R3 S3. DRAM P2 (innermost) M2, both
  // imperfect: tiles of M 3 then 2 and P 3 then 2, in the order (m0 p0) (m0 p1) (m1 p0) (m1 p1).
  // Buffer: Q4 temporal, C2 across the PEs; PE buffer: P3 temporal, M3 across its MAC lanes;
  // register file: R3 S3. Inside a tile the PE buffer's weights never change (no buffer loop
  // over M, C, R, S), so from (m0 p0) to (m0 p1) the PEs keep them, and the input tile at the
  // buffer's Q3 is not the one at Q0; from (m0 p1) to (m1 p0) P wraps: the inputs move to
  // other rows and the weights to other filters. The layer's counts over the whole nest and
  // the tiles' counts with their crossings are computed apart: their sums must agree.
  const ArchSpec arch = load_arch(kSimba);
  const LayerShape shape = imperfect_two_level_shape();
  const LayerResult l = imperfect_two_level_layer(arch, shape, /*q_level=*/2, "imperfect");
  ASSERT_EQ(l.mapping.count, 4);
  const LayerSchedule s = schedule_of(l, shape, arch);
  ASSERT_EQ(s.size(), 4);
  const Sums got = sums_of(s), want = sums_of(l);
  EXPECT_EQ(got.macs, 5 * 2 * 5 * 4 * 9);
  EXPECT_EQ(got.compute, want.compute);
  EXPECT_EQ(got.glb_reads, want.glb_reads);
  EXPECT_EQ(got.glb_updates, want.glb_updates);
  for (Operand op : kOperands) EXPECT_EQ(got.noc[op], want.noc[op]) << to_string(op);
  // The weights cross (m0 p0) -> (m0 p1) in place: tile 1 sends none. Each PE's weight tile
  // is its 3 lanes' filters for its channel, 3 x 9 words; two PEs (C2): 54 words in tile 0.
  EXPECT_EQ(s.tile(0).noc_words.weights, 2 * 3 * 9);
  EXPECT_EQ(s.tile(1).noc_words.weights, 0);
  // From (m0 p1) to (m1 p0) the filters change: tile 2 sends its 2 filters per PE, 36 words.
  EXPECT_EQ(s.tile(2).noc_words.weights, 2 * 2 * 9);
}

TEST(NetworkTiming, AWrappedSlidingWindowIsReloadedWhereTheLayerKeepsItsOverlap) {
  // The known residual of the crossings (docs/MODEL.md "Timed engine", not modelled yet): the
  // imperfect two-level layer above with the buffer's Q4 moved into the PE buffer, so each
  // PE's input tile is its DRAM tile's whole window (P3 or P2 rows and R3: 5 or 4 rows; Q4 and
  // S3: 6 columns; one channel per PE, two PEs). Tiles (m0 p0) (m0 p1) (m1 p0) (m1 p1):
  //   tile 0 rows [0,5): 2 x 5 x 6 = 60 words; tile 1 rows [3,7): 2 x 4 x 6 = 48 less the 2 x
  //   2 x 6 = 24 of rows 3-4 kept = 24; tile 2, P wrapped back to rows [0,5): the crossing
  //   loads it whole, 60, where the layer keeps rows 3-4 again (36); tile 3 as tile 1, 24.
  // The tiles carry 168 input words, the layer 144: 24 more, on the network and the buffer's
  // reads; every other count agrees.
  const ArchSpec arch = load_arch(kSimba);
  const LayerShape shape = imperfect_two_level_shape();
  const LayerResult l = imperfect_two_level_layer(arch, shape, /*q_level=*/1, "wrapped");
  const LayerSchedule s = schedule_of(l, shape, arch);
  ASSERT_EQ(s.size(), 4);
  EXPECT_EQ(s.tile(0).noc_words.inputs, 60);
  EXPECT_EQ(s.tile(1).noc_words.inputs, 24);
  EXPECT_EQ(s.tile(2).noc_words.inputs, 60);
  EXPECT_EQ(s.tile(3).noc_words.inputs, 24);
  const Sums got = sums_of(s), want = sums_of(l);
  EXPECT_EQ(want.noc.inputs, 144);
  EXPECT_EQ(got.noc.inputs - want.noc.inputs, 24);
  EXPECT_EQ(got.glb_reads - want.glb_reads, 24);
  EXPECT_EQ(got.noc.weights, want.noc.weights);
  EXPECT_EQ(got.noc.outputs, want.noc.outputs);
  EXPECT_EQ(got.glb_updates, want.glb_updates);
  EXPECT_EQ(got.compute, want.compute);
}

TEST(NetworkTiming, LongSequencesArePlayedWhole) {
  // A 1x1 layer of 64 x 128 outputs, one per DRAM iteration: 8,192 tiles, each generated from
  // its index (no cap, no coarser tiles). Each tile loads 1 input word (tile 0 also the one
  // weight), computes 1 cycle and writes 1 output back; at 4 words/cycle every transfer takes
  // 1 cycle: the DRAM channel is busy 8,192 + 8,192 = 16,384 cycles.
  LayerShape shape;
  shape.dims = {1, 1, 1, 64, 128, 1, 1};
  Mapping m;
  m.at(MapLevel::Dram).temporal[static_cast<int>(Dim::P)] = 64;
  m.at(MapLevel::Dram).temporal[static_cast<int>(Dim::Q)] = 128;
  LayerResult l;
  l.name = "long";
  l.mapping = m;
  l.counts = count_accesses(m, shape);
  l.macs = shape.macs();
  const ArchSpec arch = load_arch(kEyeriss);
  const LayerSchedule s = schedule_of(l, shape, arch);
  ASSERT_EQ(s.size(), 8192);
  EXPECT_TRUE(s.tiles.empty());  // generated, not listed
  const Sums got = sums_of(s), want = sums_of(l);
  EXPECT_EQ(got.dram_reads, 8192 + 1);
  EXPECT_EQ(got.dram_reads, want.dram_reads);
  EXPECT_EQ(got.dram_writes, want.dram_writes);
  EXPECT_EQ(got.compute, 8192);
  const TimedRun r = simulate_timed({s}, timing_params(arch));
  EXPECT_EQ(r.dram_busy_cycles, 16384);
  // The channel bounds the run; it idles only while the first tiles go through the buffer's
  // write port and the array (a cycle each): measured 16,388.
  EXPECT_GE(r.cycles, 16384);
  EXPECT_LE(r.cycles, 16384 + 8);
}

TEST(NetworkTiming, DramLatencyKeyMovesTimedCyclesByHand) {
  // dram.latency_cycles = 100 on the hand layer, double buffered, DRAM and the buffer's write
  // port 4 words/cycle. Tile 0's fill is 132 words in 3 bursts (64, 64, 4); each burst is
  // written into the buffer after it arrives.
  //   No latency: bursts arrive at 16, 32, 33; written 16-32, 32-48, 48-49: the array starts
  //   at 49. Latency 100: they arrive at 116, 232, 333; written 116-132, 232-248, 333-334.
  // Tile 1's fill (1 burst) and tile 0's write-back (1 burst) overlap tile 0's 864 compute
  // cycles; tile 1's write-back (1 burst) comes after the last compute: 100 more.
  // Timed cycles move by (334 - 49) + 100 = 385; the analytic engine has no latency.
  LayerShape shape;
  const LayerResult l = hand_layer(&shape);
  const ArchSpec base = load_arch(kEyeriss);
  const ArchSpec slow = load_arch(kEyeriss, {{"dram.latency_cycles", "100"}});
  EXPECT_EQ(timing_params(slow).dram_latency_cycles, 100);
  // Passes as whole transfers here (the passes' own delivery is PassesWaitForTheirOperands').
  TimingParams pa = timing_params(base), pb = timing_params(slow);
  pa.passes_timed = pb.passes_timed = false;
  const TimedRun a = simulate_timed({schedule_of(l, shape, base)}, pa);
  const TimedRun b = simulate_timed({schedule_of(l, shape, slow)}, pb);
  EXPECT_EQ(b.cycles - a.cycles, 385);
  // Without latency: the fill's 49 cycles, the two tiles' array time (864 + 576 compute
  // cycles, the ports and network faster), 8 cycles of the last write-back (32 / 4).
  EXPECT_EQ(a.array_busy_cycles, 864 + 576);
  EXPECT_EQ(a.cycles, 49 + 864 + 576 + 8);
}

TEST(NetworkTiming, BufferKeysReachTheTimedEngine) {
  // configs/eyeriss.yaml: ports of 4 words/cycle, 27 one-word banks (27 words/cycle in all,
  // more than the two ports' 8: they never bind), separate read and write ports.
  const TimingParams p = timing_params(load_arch(kEyeriss));
  EXPECT_EQ(p.glb_read_words_per_cycle, 4);
  EXPECT_EQ(p.glb_write_words_per_cycle, 4);
  EXPECT_EQ(p.glb_bank_words_per_cycle, 27);
  EXPECT_FALSE(p.glb_shared_port);
  EXPECT_EQ(p.noc_words_per_cycle, 4);
  EXPECT_TRUE(p.double_buffered);
  // 3 banks: each port capped at 3, and 3 words/cycle for reads and writes together.
  const TimingParams b = timing_params(load_arch(kEyeriss, {{"global_buffer.banks", "3"}}));
  EXPECT_EQ(b.glb_read_words_per_cycle, 3);
  EXPECT_EQ(b.glb_write_words_per_cycle, 3);
  EXPECT_EQ(b.glb_bank_words_per_cycle, 3);
}

TEST(NetworkTiming, LatencyIsAKeyOfTheOutermostLevelOnly) {
  const std::string general = R"(
name: two
clock_mhz: 100
word_bits: 16
mac: {precision: int16}
energy_table: eyeriss-65nm-normalized
area_table: horowitz-45nm
storage:
  - name: dram
    words_per_cycle: 4
    latency_cycles: 50
    energy: {table: dram}
  - name: buffer
    capacity_words: 4096
    mesh_x: 1
    mesh_y: 1
    energy: {table: global_buffer}
)";
  try {
    EXPECT_EQ(timing_params(parse_arch_text(general, "two.yaml")).dram_latency_cycles, 50);
  } catch (const Error& e) {
    ADD_FAILURE() << e.what();
  }
  std::string inner = general;
  inner.replace(inner.find("    energy: {table: global_buffer}"), 34, "    latency_cycles: 5\n    energy: {table: global_buffer}");
  try {
    parse_arch_text(inner, "two.yaml");
    ADD_FAILURE() << "latency_cycles inside the outermost level was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("only the outermost level"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_arch(kEyeriss, {{"dram.latency_cycles", "-1"}}), Error);
  EXPECT_THROW(load_arch(kEyeriss, {{"dram.latency_cycles", "2000000"}}), Error);
  // The resolved form (eyrie validate, the sweeps' arch hash) carries it and reads back.
  const ArchSpec slow = load_arch(kEyeriss, {{"dram.latency_cycles", "30"}});
  EXPECT_EQ(parse_arch_text(to_yaml(slow), "resolved.yaml").storage.back().latency_cycles, 30);
  EXPECT_NE(to_yaml(slow), to_yaml(load_arch(kEyeriss)));
}

TEST(NetworkTiming, SingleBufferingCostsCyclesTheAnalyticalBoundDoesNotSee) {
  // Without double buffering the array waits for every tile's fill: the timed engine must be
  // slower than with it, on the same mappings.
  ArchSpec arch = load_arch(kEyeriss);
  const Network net = load_network("alexnet");
  NetworkResult with_db = analytic("alexnet", arch, "ws");
  NetworkResult without_db = with_db;
  time_network(with_db, arch, net);
  arch.storage[static_cast<int>(MapLevel::GlobalBuffer)].buffering = 1;  // the model reads the lowered form
  time_network(without_db, arch, net);
  EXPECT_GT(without_db.total.timed->cycles, with_db.total.timed->cycles);
  EXPECT_GE(without_db.total.timed->cycles, without_db.total.perf.cycles);
}

TEST(NetworkTiming, AgreementWithTheAnalyticEngineIsMeasured) {
  // Measured on configs/eyeriss.yaml (eyrie run --engine systemc --format json), timed vs
  // analytic cycles, network (layers), passes as timed transfers (the default):
  //   ResNet-50 rs +5.574 % (-0.22 .. +8.49 %)   ws +0.944 % (-0.24 .. +10.97 %)   os +0.072 % (-0.03 .. +1.60 %)
  //   AlexNet   rs +3.452 % (+0.20 .. +8.95 %)   ws +0.126 % (+0.05 .. +0.30 %)    os +0.069 % (-0.01 .. +0.70 %)
  // The excess is mostly the drains between passes on new outputs where the PEs' psum
  // register file cannot hold a second output tile (rs: 16 psums per PE in 24 words), which
  // the analytic engine does not charge, and each tile's first pass waiting for its operands;
  // a layer can come out faster where its timed window overlaps the previous layer.
  // Tolerances: the network within the figures above rounded out, every layer within 12 %.
  const ArchSpec arch = load_arch(kEyeriss);
  struct Case {
    const char* net;
    const char* df;
    double lo, hi;
  };
  for (const Case& c : {Case{"resnet50", "rs", 0.052, 0.059}, Case{"resnet50", "ws", 0.008, 0.011},
                        Case{"resnet50", "os", 0.0005, 0.001}, Case{"alexnet", "rs", 0.031, 0.038}}) {
    const Network net = load_network(c.net);
    NetworkResult r = analytic(c.net, arch, c.df);
    time_network(r, arch, net);
    const double a = static_cast<double>(r.total.perf.cycles), t = static_cast<double>(r.total.timed->cycles);
    const double d = (t - a) / a;
    EXPECT_GT(d, c.lo) << c.net << " " << c.df;
    EXPECT_LT(d, c.hi) << c.net << " " << c.df;
    std::int64_t sum = 0, stalls = 0;
    for (const LayerResult& l : r.layers) {
      sum += l.timed->cycles;
      stalls += l.timed->stall_cycles;
      EXPECT_GE(l.timed->stall_cycles, 0) << c.net << " " << c.df << " " << l.name;
      const double dl = static_cast<double>(l.timed->cycles - l.perf.cycles) / static_cast<double>(l.perf.cycles);
      EXPECT_LT(std::abs(dl), 0.12) << c.net << " " << c.df << " " << l.name;
    }
    EXPECT_EQ(sum, r.total.timed->cycles);  // the layers partition the timeline
    EXPECT_EQ(stalls, r.total.timed->stall_cycles);  // and the array's idle cycles
    std::printf("%s %s: analytic %.0f systemc %.0f (%+.3f %%)\n", c.net, c.df, a, t, 100 * d);
  }
}

TEST(NetworkTiming, TimedPassesAreMeasuredOnResNet50) {
  // Passes as timed transfers against whole transfers, ResNet-50 rs on configs/eyeriss.yaml:
  // measured 45,273,407 against 44,982,646 cycles, +290,761 (0.678 % of the analytic
  // 42,883,194): each tile's first pass waits for its operands (its share of the buffer reads
  // and network words), the compute-bound rs tiles pay it once per tile. Window: 0.6 .. 0.75 %.
  const ArchSpec arch = load_arch(kEyeriss);
  const Network net = load_network("resnet50");
  const NetworkResult r = analytic("resnet50", arch, "rs");
  std::vector<LayerSchedule> schedules;
  std::size_t k = 0;
  for (const ConvLayer& c : net.layers)
    if (c.has_macs()) schedules.push_back(schedule_of(r.layers[k++], shape_of(c), arch));
  TimingParams p = timing_params(arch);
  ASSERT_TRUE(p.passes_timed);  // the default
  const std::int64_t on = simulate_timed(schedules, p).cycles;
  p.passes_timed = false;
  const std::int64_t off = simulate_timed(schedules, p).cycles;
  const double d = static_cast<double>(on - off) / static_cast<double>(r.total.perf.cycles);
  EXPECT_GT(d, 0.006);
  EXPECT_LT(d, 0.0075);
  std::printf("resnet50 rs: passes timed %lld, whole transfers %lld (%+.3f %% of the analytic)\n",
              static_cast<long long>(on), static_cast<long long>(off), 100 * d);
}
