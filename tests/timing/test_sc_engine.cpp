// The SystemC engine on schedules whose timelines can be drawn by hand. One cycle = one time
// unit; "L" is a tile's DRAM fill, "C" its array time, "W" its write-back.
#include <gtest/gtest.h>

#include "sim/timing/sc_engine.h"

using namespace eyrie;

namespace {
TilePhase tile(std::int64_t load, std::int64_t compute, std::int64_t writeback = 0) {
  TilePhase t;
  t.dram_read_words = load;
  t.compute_cycles = compute;
  t.dram_write_words = writeback;
  t.macs = compute;
  return t;
}
LayerSchedule layer(const std::string& name, int n, const TilePhase& t) {
  return LayerSchedule{name, std::vector<TilePhase>(n, t)};
}
TimingParams params(bool double_buffered) {
  TimingParams p;
  p.dram_words_per_cycle = 1;
  p.glb_read_words_per_cycle = p.glb_write_words_per_cycle = 1;
  p.double_buffered = double_buffered;
  return p;
}
}  // namespace

TEST(ScEngine, DoubleBufferedComputeBoundPaysOnlyTheFirstFill) {
  // L = 100, C = 150, 4 tiles, two slots:
  //   L0 0-100 | C0 100-250 | L1 100-200 | L2 waits for C0's slot: 250-350 | C1 250-400
  //   L3 400-500 | C2 400-550 | C3 550-700.  Total 700 = L + 4C.
  const TimedRun r = simulate_timed({layer("l", 4, tile(100, 150))}, params(true));
  EXPECT_EQ(r.cycles, 700);
  EXPECT_EQ(r.array_busy_cycles, 600);
  EXPECT_EQ(r.stall_cycles, 100);
  EXPECT_EQ(r.dram_busy_cycles, 400);
  // The analytical bound max(4C, 4L) = 600: the difference is exactly the pipeline fill.
  EXPECT_EQ(analytic_cycles(layer("l", 4, tile(100, 150)), params(true)), 600);
}

TEST(ScEngine, DoubleBufferedMemoryBoundPaysOnlyTheLastCompute) {
  // L = 200, C = 50: the channel is never idle; loads end at 800, the last compute 800-850.
  const TimedRun r = simulate_timed({layer("l", 4, tile(200, 50))}, params(true));
  EXPECT_EQ(r.cycles, 850);
  EXPECT_EQ(r.stall_cycles, 850 - 200);
  EXPECT_EQ(analytic_cycles(layer("l", 4, tile(200, 50)), params(true)), 800);
}

TEST(ScEngine, SingleBufferSerializesLoadAndCompute) {
  // One slot: L0 0-100, C0 100-250, L1 250-350, ... 4 x (100 + 150) = 1000.
  const TimedRun r = simulate_timed({layer("l", 4, tile(100, 150))}, params(false));
  EXPECT_EQ(r.cycles, 1000);
}

TEST(ScEngine, WriteBackSharesTheChannel) {
  // L = 100, C = 150, W = 50, 2 tiles, double buffered:
  //   L0 0-100, L1 100-200, C0 100-250, W0 250-300, C1 250-400, W1 400-450.  Total 450.
  const TimedRun r = simulate_timed({layer("l", 2, tile(100, 150, 50))}, params(true));
  EXPECT_EQ(r.cycles, 450);
  EXPECT_EQ(r.dram_busy_cycles, 300);
}

TEST(ScEngine, FractionalBandwidthRoundsOncePerTransfer) {
  // 100 words at 3 words/cycle in bursts of 64: ceil(100/3) = 34 cycles, not 22 + 12 + 1.
  TimingParams p = params(false);
  p.dram_words_per_cycle = 3;
  const TimedRun r = simulate_timed({layer("l", 1, tile(100, 10))}, p);
  EXPECT_EQ(r.dram_busy_cycles, 34);
  EXPECT_EQ(r.cycles, 44);
}

TEST(ScEngine, BufferTrafficCanBoundTheArray) {
  // 300 words to the array at 2 words/cycle = 150 cycles > 100 compute cycles.
  TilePhase t = tile(0, 100);
  t.glb_read_words = 300;
  TimingParams p = params(true);
  p.glb_read_words_per_cycle = 2;
  EXPECT_EQ(array_cycles(t, p), 150);
  EXPECT_EQ(simulate_timed({layer("l", 3, t)}, p).cycles, 450);
}

TEST(ScEngine, LayersSplitTheTimelineAndRunsRepeatInOneProcess) {
  const std::vector<LayerSchedule> net = {layer("a", 2, tile(100, 150)), layer("b", 2, tile(100, 150))};
  const TimedRun first = simulate_timed(net, params(true));
  // Prefetch crosses the layer boundary: one fill for the whole network, 100 + 4 x 150.
  EXPECT_EQ(first.cycles, 700);
  ASSERT_EQ(first.layers.size(), 2u);
  EXPECT_EQ(first.layers[0].cycles, 400);
  EXPECT_EQ(first.layers[1].cycles, 300);
  // Layer a's window 0-400 holds the array 100-400 (its first fill before), b's 400-700 all.
  EXPECT_EQ(first.layers[0].array_busy_cycles, 300);
  EXPECT_EQ(first.layers[1].array_busy_cycles, 300);
  // The same job again in the same process gives the same numbers (deterministic, drained).
  const TimedRun second = simulate_timed(net, params(true));
  EXPECT_EQ(second.cycles, first.cycles);
  EXPECT_EQ(second.layers[1].cycles, first.layers[1].cycles);
}

TEST(ScEngine, AgreesWithTheAnalyticalBoundOnUniformTiles) {
  // A 3x3 conv's totals split over 64 tiles: the timed result exceeds the bound by at most one
  // tile's fill plus one tile's array time plus one write-back (pipeline fill and drain).
  TilePhase totals;
  totals.dram_read_words = 180000;
  totals.dram_write_words = 50000;
  totals.glb_read_words = 900000;
  totals.compute_cycles = 400000;
  totals.macs = 400000 * 168;
  TimingParams p = params(true);
  p.dram_words_per_cycle = 0.5;
  p.glb_read_words_per_cycle = 4;
  const LayerSchedule s = uniform_schedule("conv", totals, 64);
  const std::int64_t bound = analytic_cycles(s, p);
  const TimedRun r = simulate_timed({s}, p);
  EXPECT_GE(r.cycles, bound);
  const std::int64_t slack = s.tiles[0].dram_read_words * 2 + array_cycles(s.tiles[0], p) + s.tiles[0].dram_write_words * 2;
  EXPECT_LE(r.cycles - bound, slack);
  EXPECT_LT(static_cast<double>(r.cycles - bound) / bound, 0.05);
}

TEST(ScEngine, LatencyBoundSmallTilesSingleBufferedDifferFromTheBoundByHand) {
  // Where the engines legitimately differ. 3 tiles of 64 words (one burst each), DRAM at
  // 1 word/cycle with 100 cycles of latency per burst, 50 compute cycles and 10 cycles of
  // pipeline fill/drain per tile, one buffer slot.
  //   Tile i: L = 100 (latency) + 64 (data) = 164, then C = 50 + 10 = 60; nothing overlaps:
  //   3 x (164 + 60) = 672.
  // The analytical bound sees only bandwidth and compute: max(3 x 50, 3 x 64 / 1) = 192.
  // Difference 480 = 3 x 100 (latency, never hidden) + 3 x 60 (array time a single buffer
  // cannot overlap with the next fill).
  TilePhase t = tile(64, 50);
  t.fill_drain_cycles = 10;
  TimingParams p = params(false);
  p.dram_latency_cycles = 100;
  const LayerSchedule s = layer("small", 3, t);
  EXPECT_EQ(analytic_cycles(s, p), 192);
  const TimedRun single = simulate_timed({s}, p);
  EXPECT_EQ(single.cycles, 672);
  EXPECT_EQ(single.cycles - analytic_cycles(s, p), 3 * 100 + 3 * 60);
  EXPECT_EQ(single.dram_busy_cycles, 192);  // data cycles; latency is not bandwidth
  // Double buffered the fills run back to back (L0 0-164, L1 164-328, L2 328-492) and only the
  // last tile's array time shows: 3 x 164 + 60 = 552.
  p.double_buffered = true;
  EXPECT_EQ(simulate_timed({s}, p).cycles, 552);
}

TEST(ScEngine, LatencyIsPaidPerBurst) {
  // 200 words in bursts of 64 = 4 bursts (64, 64, 64, 8): 4 x 20 latency + 200 data = 280,
  // then 10 compute cycles.
  TimingParams p = params(false);
  p.dram_latency_cycles = 20;
  EXPECT_EQ(simulate_timed({layer("l", 1, tile(200, 10))}, p).cycles, 290);
}

TEST(ScEngine, NocDeliveryAndDrainsBoundTheArray) {
  // 300 network words at 2 words/cycle = 150 cycles > 100 compute + 7 drain cycles.
  TilePhase t = tile(0, 100);
  t.noc_words.inputs = 300;
  t.fill_drain_cycles = 7;
  TimingParams p = params(true);
  p.noc_words_per_cycle = 2;
  EXPECT_EQ(array_cycles(t, p), 150);
  // With 200 words (100 cycles) the PEs bound: the drains stall them, not the network.
  t.noc_words.inputs = 200;
  EXPECT_EQ(array_cycles(t, p), 107);
  EXPECT_EQ(simulate_timed({layer("l", 2, t)}, p).cycles, 2 * 107);
}

TEST(ScEngine, DrainsBetweenPassesAreTheDifferenceFromTheBound) {
  // 2 tiles of 100 compute cycles, each with 4 drains of 2 pipeline stages + 3 rows - 1 = 4
  // cycles; nothing to load. Timed 2 x (100 + 16) = 232; the bound sees 200.
  TilePhase t = tile(0, 100);
  t.drains = 4;
  t.fill_drain_cycles = 4 * 4;
  const LayerSchedule s = layer("l", 2, t);
  EXPECT_EQ(analytic_cycles(s, params(true)), 200);
  EXPECT_EQ(simulate_timed({s}, params(true)).cycles, 232);
}

TEST(ScEngine, PassesWaitForTheirOperands) {
  // One tile of 4 passes, 400 compute cycles (100 a pass), its inputs on a 2-word network,
  // nothing to load. Compute-bound, 400 input words (50 cycles a pass): the first pass starts
  // when its 100 words have come (50), the PEs then compute 400 cycles: 450 = D + 4 C. As
  // whole transfers the network runs beside the compute: max(400, 200) = 400.
  TilePhase t = tile(0, 400);
  t.passes = 4;
  t.noc_words.inputs = 400;
  TimingParams p = params(true);
  p.noc_words_per_cycle = 2;
  EXPECT_EQ(simulate_timed({layer("l", 1, t)}, p).cycles, 450);
  p.passes_timed = false;
  EXPECT_EQ(simulate_timed({layer("l", 1, t)}, p).cycles, 400);
  // Delivery-bound, 1600 words (200 cycles a pass): the last pass's operands come at 800 and
  // it computes 100 cycles after: 900 = 4 D + C, against max(400, 800) = 800 as whole transfers.
  t.noc_words.inputs = 1600;
  EXPECT_EQ(simulate_timed({layer("l", 1, t)}, p).cycles, 800);
  p.passes_timed = true;
  EXPECT_EQ(simulate_timed({layer("l", 1, t)}, p).cycles, 900);
  // A pass's drain is part of its compute: 4 drains of 5 cycles make a pass 105 cycles; the
  // last comes at 800 + 105 = 905.
  t.fill_drain_cycles = 20;
  EXPECT_EQ(simulate_timed({layer("l", 1, t)}, p).cycles, 905);
}

TEST(ScEngine, NetworkWordsMoveAsOneTransferPerOperand) {
  // Per tile 30 weight, 30 input and 31 psum words on a 4-word bus: each operand's transfer
  // takes whole cycles, 8 + 8 + 8 = 24, where the bound divides the sum, ceil(91 / 4) = 23.
  // 3 tiles, 10 compute cycles, nothing to load: timed 72, bound 69.
  TilePhase t = tile(0, 10);
  t.noc_words = {30, 30, 31};
  TimingParams p = params(true);
  p.noc_words_per_cycle = 4;
  const LayerSchedule s = layer("l", 3, t);
  EXPECT_EQ(analytic_cycles(s, p), 69);
  EXPECT_EQ(simulate_timed({s}, p).cycles, 72);
}

TEST(ScEngine, ASharedBufferPortSerializesFillsAndReads) {
  // 2 tiles, double buffered: DRAM 4 words/cycle brings 64 buffer words per tile (one burst,
  // 16 cycles), the array reads 100 buffer words per tile and computes 50 cycles.
  TilePhase t = tile(64, 50);
  t.glb_fill_words = 64;
  t.glb_read_words = 100;
  TimingParams p = params(true);
  p.dram_words_per_cycle = 4;
  const LayerSchedule s = layer("l", 2, t);
  // Separate ports (1 word/cycle each): fill 0 on the write port 16-80, fill 1 80-144;
  // reads 0 on the read port 80-180, reads 1 180-280. Total 280.
  EXPECT_EQ(simulate_timed({s}, p).cycles, 280);
  // One shared port: fill 0 16-80; fill 1 holds it 80-144 (granted first); reads 0 144-244
  // (two grants, 64 + 36); reads 1 244-344. The port never idles after cycle 16: 16 + 328.
  // The bound sums the same port words, (2 x (64 + 100)) = 328, and cannot see the 16 cycles
  // before the first fill reaches the port.
  p.glb_shared_port = true;
  EXPECT_EQ(analytic_cycles(s, p), 328);
  EXPECT_EQ(simulate_timed({s}, p).cycles, 344);
}

TEST(ScEngine, PsumUpdatesShareTheWritePortWithTheNextFill) {
  // Double buffered, DRAM 1 word/cycle, write port 1 word/cycle. Tile i: 64 buffer words
  // from DRAM, 64 psum updates, 10 compute cycles.
  //   L0 DRAM 0-64 then its fill on the write port 64-128; L1 DRAM 64-128, fill 1 queued.
  //   Tile 0 starts at 128: fill 1 (asked first) holds the port 128-192, the updates
  //   192-256; tile 1 starts at 256 (its fill ended at 192), updates 256-320. Total 320.
  // The bound: write-port words 2 x (64 + 64) = 256, DRAM 128.
  TilePhase t = tile(64, 10);
  t.glb_fill_words = 64;
  t.glb_write_words = 64;
  const LayerSchedule s = layer("l", 2, t);
  EXPECT_EQ(analytic_cycles(s, params(true)), 256);
  EXPECT_EQ(simulate_timed({s}, params(true)).cycles, 320);
}

TEST(ScEngine, BanksServeReadsAndWritesTogether) {
  // 2 tiles of 100 buffer reads and 100 psum updates, 10 compute cycles, nothing from DRAM;
  // read and write ports of 2 words/cycle each.
  TilePhase t = tile(0, 10);
  t.glb_read_words = 100;
  t.glb_write_words = 100;
  TimingParams p = params(true);
  p.glb_read_words_per_cycle = p.glb_write_words_per_cycle = 2;
  const LayerSchedule s = layer("l", 2, t);
  // Banks with room for both ports: each tile max(100 / 2, 100 / 2) = 50 cycles, 100 in all,
  // the bound.
  EXPECT_EQ(analytic_cycles(s, p), 100);
  EXPECT_EQ(simulate_timed({s}, p).cycles, 100);
  // Banks serving 2 words/cycle in all (2 banks of one word): reads and updates take turns a
  // burst at a time (reads 64 words 0-32, updates 64 32-64, reads 36 64-82, updates 36
  // 82-100): 200 words / 2 = 100 cycles per tile, 200 in all. The bound pools the banks the
  // same way (reads + writes over the banks' rate): 200.
  p.glb_bank_words_per_cycle = 2;
  EXPECT_EQ(analytic_cycles(s, p), 200);
  EXPECT_EQ(simulate_timed({s}, p).cycles, 200);
}
