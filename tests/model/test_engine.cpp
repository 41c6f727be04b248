// Mapper, dataflows, cycles, energy and roofline on cases small enough to derive by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "memory/mapping_file.h"
#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "tests/model/model_fixtures.h"

using namespace eyrie;
using eyrie::testing::arch_2x2;
using eyrie::testing::conv1d;
using eyrie::testing::dram_only;
using eyrie::testing::set;

namespace {

// N1, C2 -> M2, 3x3 input, 2x2 filter, stride 1: P = Q = 2; 64 MACs; 16 weights, 18 inputs,
// 8 outputs.
ConvLayer small_conv() {
  ConvLayer l;
  l.name = "c";
  l.C = 2;
  l.M = 2;
  l.H = l.W = 3;
  l.R = l.S = 2;
  return l;
}

Network one_layer(const ConvLayer& l) {
  Network n;
  n.name = "one";
  n.layers = {l};
  return n;
}

AnalyticEngine engine_for(const ArchSpec& a) { return AnalyticEngine(a, load_energy_table(a.energy_table)); }

}  // namespace

// Every dataflow on the 2x2 array: the whole layer fits the 4 KB GLB (42 words), so the best
// mapping moves each tensor across DRAM exactly once; each dataflow fills all 4 PEs (ws: M2 x
// C2, os: Q2 x P2, is: Q2 x C2, rs: P2 x R2, nlr: M2 x C2): 64 / 4 = 16 cycles, 100%.
TEST(Engine, SmallConvOnTwoByTwoUnderEveryDataflow) {
  const ArchSpec arch = arch_2x2();
  const AnalyticEngine engine = engine_for(arch);
  for (const std::string df : {"ws", "os", "is", "rs", "nlr"}) {
    RunOptions o;
    o.dataflow = df;
    const NetworkResult r = run_network(one_layer(small_conv()), engine, o);
    ASSERT_EQ(r.layers.size(), 1u);
    const LayerResult& l = r.layers[0];
    EXPECT_EQ(l.macs, 64) << df;
    EXPECT_EQ(l.counts.active_pes, 4) << df;
    EXPECT_EQ(l.perf.compute_cycles, 16) << df;
    EXPECT_EQ(l.perf.cycles, 16) << df;
    EXPECT_EQ(l.perf.bound, Bound::Compute) << df;
    EXPECT_DOUBLE_EQ(l.utilization, 1.0) << df;
    const auto& dram = l.counts.at(MapLevel::Dram);
    EXPECT_EQ(dram.weights.reads, 16) << df;
    EXPECT_EQ(dram.inputs.reads, 18) << df;
    EXPECT_EQ(dram.outputs.updates, 8) << df;
    EXPECT_EQ(dram.outputs.reads, 0) << df;
    EXPECT_EQ(l.dram_bytes, (16 + 18 + 8) * 2) << df;
  }
}

// NLR on the 2x2 array: X over M, Y over C, nothing in the PEs. Each of 16 cycles the 4 PEs
// need 4 distinct weights (unicast), 2 distinct inputs (one per C, multicast across M) and
// update 2 psums (one per M, reduced across C). GLB: weight reads 64, input reads 32, psum
// updates 32 and reads 32 - 8 = 24 (the 8 outputs' first updates read nothing).
// Energy (MAC=1, RF 1, array 2, GLB 6, DRAM 200 per 16-bit word):
//   MAC 64; RF 0; array 2 x (64 + 64 + 64) words at the PEs = 384;
//   GLB 6 x (64 + 32 + 56 + fills 16 + 18) = 6 x 186 = 1116; DRAM 200 x 42 = 8400.
TEST(Engine, NlrCountsAndEnergyByHand) {
  const ArchSpec arch = arch_2x2();
  const AnalyticEngine engine = engine_for(arch);
  RunOptions o;
  o.dataflow = "nlr";
  const LayerResult l = run_network(one_layer(small_conv()), engine, o).layers[0];
  const auto& glb = l.counts.at(MapLevel::GlobalBuffer);
  EXPECT_EQ(glb.weights.reads, 64);
  EXPECT_EQ(glb.inputs.reads, 32);
  EXPECT_EQ(glb.outputs.updates, 32);
  EXPECT_EQ(glb.outputs.reads, 24);
  EXPECT_EQ(glb.weights.fills, 16);
  EXPECT_EQ(glb.inputs.fills, 18);
  EXPECT_DOUBLE_EQ(l.energy.mac, 64);
  EXPECT_DOUBLE_EQ(l.energy.level_total(0), 0);
  EXPECT_DOUBLE_EQ(l.energy.level_total(1), 384);
  EXPECT_DOUBLE_EQ(l.energy.level_total(2), 1116);
  EXPECT_DOUBLE_EQ(l.energy.level_total(3), 8400);
  EXPECT_DOUBLE_EQ(l.energy.total(), 64 + 384 + 1116 + 8400);
}

// Roofline and cycles of the 1-level 1-D conv (DRAM feeds the MAC): 12 MACs; DRAM words
// 12 + 12 + (12 updates + 8 reads) = 44 = 88 bytes. The t2x2 arch at 100 MHz with 0.4 GB/s:
// 4 bytes = 2 words per cycle -> 22 DRAM cycles > 12 compute cycles: DRAM-bound, 10 stalls.
//   peak = 4 PEs x 1e8 = 4e8 MAC/s; OI = 12 / 88; OI_min = 12 / ((3 + 6 + 4) x 2 = 26 bytes);
//   bound = min(4e8, 12/88 x 4e8) = 5.4545e7 (memory); achieved = 12 / (22 / 1e8) = 5.4545e7;
//   utilization = 12 / (22 x 4).
TEST(Engine, RooflineArithmetic) {
  const ArchSpec arch = arch_2x2("{ifmap_words: 16, filter_words: 16, psum_words: 16}",
                                 "{size_bytes: 4096, banks: 64, read_words_per_cycle: 64, write_words_per_cycle: 64, double_buffered: false}",
                                 "{bandwidth_gb_per_s: 0.4}");
  const AnalyticEngine engine = engine_for(arch);
  Mapping m = dram_only();
  set(m.at(MapLevel::Dram).temporal, Dim::P, 4);
  set(m.at(MapLevel::Dram).temporal, Dim::R, 3);
  const LayerResult l = engine.evaluate("c", conv1d(), m);
  EXPECT_EQ(l.perf.compute_cycles, 12);
  EXPECT_EQ(l.perf.dram_cycles, 22);
  EXPECT_EQ(l.perf.cycles, 22);
  EXPECT_EQ(l.perf.bound, Bound::Dram);
  EXPECT_EQ(l.perf.stall_cycles(), 10);
  EXPECT_EQ(l.dram_bytes, 88);
  EXPECT_DOUBLE_EQ(l.utilization, 12.0 / (22 * 4));
  const Roofline& r = l.dram_roofline;
  EXPECT_DOUBLE_EQ(r.peak_macs_per_s, 4e8);
  EXPECT_DOUBLE_EQ(r.bandwidth_bytes_per_s, 4e8);
  EXPECT_DOUBLE_EQ(r.oi_macs_per_byte, 12.0 / 88);
  EXPECT_DOUBLE_EQ(r.oi_min_macs_per_byte, 12.0 / 26);
  EXPECT_NEAR(r.bound_macs_per_s, 12.0 / 88 * 4e8, 1e-3);
  EXPECT_TRUE(r.memory_bound);
  EXPECT_NEAR(r.achieved_macs_per_s, 12.0 / 22 * 1e8, 1e-3);
}

// Capacities: RF tiles per operand, the GLB shared and halved when double buffered, the
// fan-out within the array; each message names the level, the operand and the numbers.
TEST(Engine, CapacityOverflowsAreNamed) {
  const LayerShape s = shape_of(small_conv());
  {
    const ArchSpec arch = arch_2x2("{ifmap_words: 4, filter_words: 4, psum_words: 2}");
    Mapping m;  // RF keeps all: R2 S2 C2 in the RF -> 8 weights > 4
    set(m.at(MapLevel::RegisterFile).temporal, Dim::R, 2);
    set(m.at(MapLevel::RegisterFile).temporal, Dim::S, 2);
    set(m.at(MapLevel::RegisterFile).temporal, Dim::C, 2);
    set(m.at(MapLevel::Dram).temporal, Dim::M, 2);
    set(m.at(MapLevel::Dram).temporal, Dim::P, 2);
    set(m.at(MapLevel::Dram).temporal, Dim::Q, 2);
    EXPECT_EQ(check_mapping(m, s, arch), "register_file: weights tile of 8 words exceeds its capacity of 4 words");
  }
  {
    // 64 B GLB = 32 words, double buffered -> 16; the whole layer needs 16 + 18 + 8 = 42.
    const ArchSpec arch = arch_2x2("{ifmap_words: 16, filter_words: 16, psum_words: 16}",
                                   "{size_bytes: 64, banks: 4, read_words_per_cycle: 4, write_words_per_cycle: 4, double_buffered: true}");
    Mapping m = dram_only();
    m.at(MapLevel::GlobalBuffer).keep = {true, true, true};
    for (Dim d : {Dim::M, Dim::C, Dim::P, Dim::Q, Dim::R, Dim::S}) set(m.at(MapLevel::GlobalBuffer).temporal, d, s[d]);
    EXPECT_EQ(check_mapping(m, s, arch),
              "global_buffer: tiles of the kept operands need 42 words, capacity is 16 words (half, double buffered)");
  }
  {
    const ArchSpec arch = arch_2x2();
    Mapping m = dram_only();
    set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::M, 2);
    set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::C, 2);
    for (Dim d : {Dim::P, Dim::Q, Dim::R, Dim::S}) set(m.at(MapLevel::Dram).temporal, d, s[d]);
    EXPECT_EQ(check_mapping(m, s, arch), "spatial_x fan-out 4 exceeds the array's 2 columns");
    m.at(MapLevel::GlobalBuffer).spatial_x = kOnes;
    EXPECT_EQ(check_mapping(m, s, arch), "factors of M multiply to 1, the layer has 2");
  }
}

// Row stationary folds a 3-row filter onto a 2-row array: 3 has no divisor in 2..2, so one
// filter row per PE row and R = 3 passes outside the array. A filter row that does not fit a
// PE's register file (S = 3 taps, 2 filter words) leaves rs no legal mapping at all: a clear
// one-line error naming the layer, the dataflow and the reason; other dataflows still map it.
TEST(Engine, LayerThatFitsNoMappingOfADataflowIsAClearError) {
  ConvLayer l = small_conv();
  l.name = "conv7";
  l.H = l.W = 4;
  l.R = l.S = 3;
  RunOptions o;
  o.dataflow = "rs";
  {
    const AnalyticEngine engine = engine_for(arch_2x2());
    const LayerResult r = run_network(one_layer(l), engine, o).layers[0];
    EXPECT_EQ(r.mapping.at(MapLevel::GlobalBuffer).spatial_y[static_cast<int>(Dim::R)], 1);
    EXPECT_EQ(r.mapping.total(Dim::R), 3);
    EXPECT_EQ(r.mapping.at(MapLevel::RegisterFile).temporal[static_cast<int>(Dim::S)], 3);  // a whole filter row
  }
  const AnalyticEngine tiny = engine_for(arch_2x2("{ifmap_words: 2, filter_words: 2, psum_words: 2}"));
  try {
    run_network(one_layer(l), tiny, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "layer conv7: dataflow rs: no legal mapping: a filter row of S=3 (with its inputs) does not fit the register file");
  }
  o.dataflow = "ws";
  EXPECT_EQ(run_network(one_layer(l), tiny, o).layers.size(), 1u);
}

TEST(Engine, MappingFileRoundTripsAndErrorsNameTheField) {
  Mapping m;
  set(m.at(MapLevel::Dram).temporal, Dim::M, 2);
  m.at(MapLevel::Dram).permutation = {Dim::M, Dim::C, Dim::N, Dim::P, Dim::Q, Dim::R, Dim::S};
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::P, 2);
  set(m.at(MapLevel::GlobalBuffer).spatial_y, Dim::C, 2);
  m.at(MapLevel::RegisterFile).keep = {true, false, true};
  const Mapping back = parse_mapping_text(to_yaml(m), "m.yaml");
  EXPECT_EQ(to_yaml(back), to_yaml(m));
  try {
    parse_mapping_text("mapping:\n  - level: dram\n  - level: global_buffer\n    temporal: {C: 2, X: 3}\n", "m.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "m.yaml:4: mapping[1].temporal.X: unknown dimension \"X\" (use N, M, C, P, Q, R, S)");
  }
  try {
    parse_mapping_text("mapping:\n  - level: dram\n  - level: glb\n", "m.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "m.yaml:3: mapping[1].level: must be one of dram, global_buffer, register_file, got \"glb\"");
  }
  // Spatial factors may sit at any level (its fan-out); the preset's register file fans out
  // to one MAC, so check_mapping rejects a fan-out there.
  const Mapping rf_fan = parse_mapping_text("mapping:\n  - level: register_file\n    spatial_x: {M: 2}\n", "m.yaml");
  LayerShape two_m;
  two_m.dims = {1, 2, 1, 1, 1, 1, 1};
  EXPECT_EQ(check_mapping(rf_fan, two_m, arch_2x2()), "register_file: spatial_x fan-out 2 exceeds the mesh of 1 MACs along X");
}

// Determinism: the same search twice gives the same mapping and cost.
TEST(Engine, SearchIsDeterministic) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  const AnalyticEngine engine = engine_for(arch);
  const Mapper mapper(engine, Objective::Edp);
  ConvLayer l;
  l.C = 64;
  l.M = 128;
  l.H = l.W = 28;
  l.R = l.S = 3;
  l.pad = {1, 1, 1, 1};
  for (const std::string df : {"ws", "os", "is", "rs", "nlr"}) {
    const SearchResult a = mapper.search(shape_of(l), dataflow_named(df));
    const SearchResult b = mapper.search(shape_of(l), dataflow_named(df));
    ASSERT_TRUE(a.found) << df << ": " << a.reason;
    EXPECT_EQ(to_yaml(a.best), to_yaml(b.best)) << df;
    EXPECT_EQ(a.cost, b.cost) << df;
    EXPECT_EQ(check_mapping(a.best, shape_of(l), arch), "") << df;
  }
}

// Timeloop's mapping format, as its Eyeriss-like examples write it: the three spads fold into
// eyrie's register file (factors multiply, kept data spaces unite), `split` puts the spatial
// permutation's first dims on X. Layer: the 1-D conv (P4, R3).
TEST(Engine, TimeloopMappingFormatIsRead) {
  const std::string text =
      "mapping:\n"
      "  - {target: DRAM, type: temporal, factors: R=1 S=1 P=1 Q=1 C=1 K=1 N=1, permutation: RSPQCKN}\n"
      "  - {target: shared_glb, type: temporal, factors: R=1 P=1, permutation: RP}\n"
      "  - {target: shared_glb, type: spatial, factors: P=4 R=1, permutation: PQ, split: 1}\n"
      "  - {target: ifmap_spad, type: datatype, keep: [Inputs], bypass: [Weights, Outputs]}\n"
      "  - {target: weights_spad, type: datatype, keep: [Weights], bypass: [Inputs, Outputs]}\n"
      "  - {target: weights_spad, type: temporal, factors: R=3}\n"
      "  - {target: psum_spad, type: temporal, factors: R=1}\n";
  const Mapping m = parse_mapping_text(text, "tl.yaml");
  EXPECT_EQ(m.at(MapLevel::GlobalBuffer).spatial_x[static_cast<int>(Dim::P)], 4);
  EXPECT_EQ(m.at(MapLevel::RegisterFile).temporal[static_cast<int>(Dim::R)], 3);
  EXPECT_TRUE(m.at(MapLevel::RegisterFile).keep.weights);
  EXPECT_TRUE(m.at(MapLevel::RegisterFile).keep.inputs);
  EXPECT_FALSE(m.at(MapLevel::RegisterFile).keep.outputs);
  // shared_glb's factors are all 1: its permutation orders nothing and the default (S first) stays.
  EXPECT_EQ(m.at(MapLevel::GlobalBuffer).permutation[0], Dim::S);
  EXPECT_EQ(check_mapping(m, conv1d(), arch_2x2("{ifmap_words: 16, filter_words: 16, psum_words: 16}") ), "spatial_x fan-out 4 exceeds the array's 2 columns");
  // Same counts as the hand-derived Conv1dAcrossFourPesMulticastAndHalo, with psums bypassing
  // the RF: GLB reads each weight once (3) and each input once (6).
  const AccessCounts c = count_accesses(m, conv1d());
  EXPECT_EQ(c.at(MapLevel::GlobalBuffer).weights.reads, 3);
  EXPECT_EQ(c.at(MapLevel::GlobalBuffer).inputs.reads, 6);
  try {
    parse_mapping_text("mapping:\n  - {target: DRAM, type: temporal, factors: R=x}\n", "tl.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "tl.yaml:2: mapping[0].factors: bad factor \"R=x\": the value must be a positive integer");
  }
}

// Pricing by width and precision. tpu-like: int8 MACs, 8-bit words, the Horowitz 45 nm table
// quoted per 64-bit access: RF 3.6 x 8/64 = 0.45 pJ, array 7.2 x 8/64 = 0.9, GLB 10 x 8/64 =
// 1.25, DRAM 1300 x 8/64 = 162.5 per word; an int8 MAC 0.3 pJ. With dram.energy_per_access_pj
// = 100 (pJ per word) the architecture's DRAM figure replaces the table's.
TEST(Engine, EnergyIsPricedByOperandWidthAndPrecision) {
  ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/tpu-like.yaml");
  const EnergyTable table = load_energy_table(arch.energy_table);
  const EnergyModel e(arch, table);
  EXPECT_DOUBLE_EQ(e.mac_energy(), 0.3);
  EXPECT_DOUBLE_EQ(e.access_energy(StorageLevel::RegisterFile, Operand::Inputs), 0.45);
  EXPECT_DOUBLE_EQ(e.access_energy(StorageLevel::Array, Operand::Weights), 0.9);
  EXPECT_DOUBLE_EQ(e.access_energy(StorageLevel::GlobalBuffer, Operand::Outputs), 1.25);
  EXPECT_DOUBLE_EQ(e.access_energy(StorageLevel::Dram, Operand::Weights), 162.5);
  arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/tpu-like.yaml", {{"dram.energy_per_access_pj", "100"}});
  EXPECT_DOUBLE_EQ(EnergyModel(arch, table).access_energy(StorageLevel::Dram, Operand::Inputs), 100);
  // 1-level 1-D conv priced: 12 MACs x 0.3 = 3.6; DRAM (12 + 12 + 20) words x 100 = 4400; and
  // every operand of every MAC crosses the array NoC to the PE (12 weights, 12 inputs, 12
  // psums) x 0.9 = 32.4.
  Mapping m = dram_only();
  set(m.at(MapLevel::Dram).temporal, Dim::P, 4);
  set(m.at(MapLevel::Dram).temporal, Dim::R, 3);
  const LayerEnergy le = EnergyModel(arch, table).evaluate(count_accesses(m, conv1d()));
  EXPECT_DOUBLE_EQ(le.mac, 3.6);
  EXPECT_DOUBLE_EQ(le.level_total(3), 4400);
  EXPECT_DOUBLE_EQ(le.level_total(1), 32.4);
  EXPECT_DOUBLE_EQ(le.total(), 3.6 + 4400 + 32.4);
}

// The search falls back to smaller spatial factors when the maximal ones overflow a buffer.
// NLR on the 2x2 array with a 16-byte GLB (8 words, single buffered) and the 1-D conv (P4, R3):
// X over M and Y over C only have factor 1 here, so the PEs hold nothing and the GLB needs
// per-cycle tiles of 1 weight + 1 input + 1 psum = 3 words at least; the search must find a
// mapping (it does not need the whole array), with every count still exact (12 MACs, 1 PE).
TEST(Engine, SearchFindsAMappingWhenOnlySmallTilesFit) {
  const ArchSpec arch = arch_2x2("{ifmap_words: 16, filter_words: 16, psum_words: 16}",
                                 "{size_bytes: 16, banks: 64, read_words_per_cycle: 64, write_words_per_cycle: 64, double_buffered: false}");
  const AnalyticEngine engine = engine_for(arch);
  const Mapper mapper(engine, Objective::Edp);
  const SearchResult r = mapper.search(conv1d(), dataflow_named("nlr"));
  ASSERT_TRUE(r.found) << r.reason;
  EXPECT_EQ(check_mapping(r.best, conv1d(), arch), "");
  EXPECT_EQ(count_accesses(r.best, conv1d()).macs, 12);
  // WS on a 4-word GLB (8 bytes): the maximal choice puts R = 3 in the RF (3 filter words fit),
  // but then the GLB tile needs 3 weights + 3 inputs + 1 psum = 7 > 4 words; Y over R = 2 does
  // not divide 3. With R temporal above the RF: 1 + 1 + 1 = 3 words fit.
  const ArchSpec tiny = arch_2x2("{ifmap_words: 16, filter_words: 16, psum_words: 16}",
                                 "{size_bytes: 8, banks: 64, read_words_per_cycle: 64, write_words_per_cycle: 64, double_buffered: false}");
  const AnalyticEngine tiny_engine = engine_for(tiny);
  const SearchResult w = Mapper(tiny_engine, Objective::Edp).search(conv1d(), dataflow_named("ws"));
  ASSERT_TRUE(w.found) << w.reason;
  EXPECT_EQ(check_mapping(w.best, conv1d(), tiny), "");
  EXPECT_EQ(w.best.active_pes(), 1);
}

// The mapper folds imperfectly: AlexNet CONV2 (27 x 27 outputs) on Eyeriss' 12 x 14 array
// under output stationary spreads P12 down the rows (folds 12 + 12 + 3) and M14 across the
// columns, all 168 PEs; divisors alone allowed P9 x M8 = 72. The counts stay exact: every
// MAC is counted once.
TEST(Engine, MapperUsesImperfectFactors) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  const AnalyticEngine engine = engine_for(arch);
  const Network alexnet = load_network("alexnet");
  const ConvLayer& conv2 = alexnet.layers[2];
  ASSERT_EQ(conv2.name, "conv2");
  const Mapper mapper(engine, Objective::Edp);
  const SearchResult s = mapper.search(shape_of(conv2), dataflow_named("os"));
  ASSERT_TRUE(s.found) << s.reason;
  EXPECT_EQ(s.best.active_pes(), 168) << to_text(s.best);
  EXPECT_GT(s.best.total(Dim::P), shape_of(conv2)[Dim::P]);  // a partial fold
  EXPECT_EQ(check_mapping(s.best, shape_of(conv2), arch), "");
  EXPECT_EQ(count_accesses(s.best, shape_of(conv2)).macs, conv2.macs());
}

// One search over a general hierarchy: four levels, a fan-out below the global buffer (4 x 4
// PEs) and below each PE buffer (8 lanes). Weight stationary spreads over both.
TEST(Engine, MapperSearchesAGeneralHierarchy) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/simba-like.yaml");
  const AnalyticEngine engine = engine_for(arch);
  Network net = load_network("alexnet");
  std::vector<ConvLayer> convs;
  for (const auto& l : net.layers)
    if (l.type == LayerType::Conv) convs.push_back(l);
  net.layers = convs;  // conv1-5
  RunOptions o;
  o.dataflow = "ws";
  const NetworkResult r = run_network(net, engine, o);
  ASSERT_EQ(r.layers.size(), 5u);
  for (const auto& l : r.layers) {
    EXPECT_GT(l.counts.active_pes, 16) << l.name << " " << to_text(l.mapping, arch);
    EXPECT_EQ(l.mapping.count, 4);
  }
  EXPECT_EQ(r.level_names.size(), 4u);
}

// Eyeriss' split PE set (JSSC 2017): AlexNet CONV2's 5 x 27 set as 5 x 14 + 5 x 13 segments,
// written as Y = R5 x P2, X = P14 (configs/mappings/eyeriss-alexnet-conv2-split.yaml). Legal on
// configs/eyeriss.yaml with P folded imperfectly (28 >= 27), and exactly 5 x 27 = 135 PEs work
// in every cycle: MACs / compute cycles = 135 of the 140 the factors address.
TEST(Engine, EyerissSplitPeSetOfConv2IsAMapping) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  const Mapping m = load_mapping(std::string(EYRIE_SOURCE_DIR) + "/configs/mappings/eyeriss-alexnet-conv2-split.yaml",
                                 level_names(arch));
  ConvLayer conv2 = load_network("alexnet").layers[2];
  ASSERT_EQ(conv2.name, "conv2");
  conv2.N = 4;
  const LayerShape s = shape_of(conv2);
  EXPECT_EQ(check_mapping(m, s, arch), "");
  EXPECT_EQ(m.total(Dim::P), 28);
  const AccessCounts c = count_accesses(m, s, network_rules(arch));
  EXPECT_EQ(c.active_pes, 140);
  EXPECT_EQ(c.macs, 2LL * 48 * 128 * 27 * 27 * 25 * 4);
  EXPECT_EQ(c.compute_cycles, 2LL * 80 * 24 * 16 * 27 * 4);  // groups x RF x GLB x DRAM iterations
  EXPECT_EQ(c.macs / c.compute_cycles, 135);
  EXPECT_EQ(c.macs % c.compute_cycles, 0);
}

// A dim that shares the rows with another takes what is left of them: AlexNet CONV1 (C3 x R11
// down the rows under weight stationary) on a 32 x 32 array folds C into 2 + 1 beside R11:
// 22 rows, where divisors alone allow 11 (C3 x R11 = 33 does not fit).
TEST(Engine, MapperFoldsADimIntoWhatIsLeftOfTheMesh) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/tpu-like.yaml",
                                  {{"pe_array.rows", "32"}, {"pe_array.cols", "32"}});
  const AnalyticEngine engine = engine_for(arch);
  const ConvLayer conv1 = load_network("alexnet").layers[0];
  ASSERT_EQ(conv1.name, "conv1");
  const SearchResult s = Mapper(engine, Objective::Edp).search(shape_of(conv1), dataflow_named("ws"));
  ASSERT_TRUE(s.found) << s.reason;
  EXPECT_EQ(product(s.best.at(MapLevel::GlobalBuffer).spatial_y), 22) << to_text(s.best);
  EXPECT_EQ(s.best.at(MapLevel::GlobalBuffer).spatial_y[static_cast<int>(Dim::C)], 2) << to_text(s.best);
}

// Banks serve reads and writes together: configs/simba-like.yaml's global buffer has read and
// write ports of 16 words per cycle and 8 banks of 2 words (16 words per cycle in all). On one
// mapping the buffer's cycles are ceil((reads + writes) / 16); with 16 banks (32 words per
// cycle) the ports bind again: max(ceil(reads / 16), ceil(writes / 16)).
TEST(Engine, BanksServeReadsAndWritesTogether) {
  std::ifstream in(std::string(EYRIE_SOURCE_DIR) + "/configs/simba-like.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const ArchSpec eight = parse_arch_text(text, "simba-like.yaml");
  text.replace(text.find("banks: 8"), 8, "banks: 16");
  const ArchSpec sixteen = parse_arch_text(text, "simba-like.yaml");
  const Network net = load_network("alexnet");
  const auto conv3 = std::find_if(net.layers.begin(), net.layers.end(), [](const ConvLayer& l) { return l.name == "conv3"; });
  ASSERT_NE(conv3, net.layers.end());
  const LayerShape shape = shape_of(*conv3);
  const AnalyticEngine e8 = engine_for(eight), e16 = engine_for(sixteen);
  const SearchResult s = Mapper(e8, Objective::Edp).search(shape, dataflow_named("ws"));
  ASSERT_TRUE(s.found);
  const LayerResult a = e8.evaluate("conv3", shape, s.best), b = e16.evaluate("conv3", shape, s.best);
  int glb = 0;
  while (eight.storage[glb].name != "global_buffer") ++glb;
  std::int64_t reads = 0, writes = 0;
  for (Operand op : kOperands) {
    reads += a.counts.levels[glb][op].reads;
    writes += a.counts.levels[glb][op].fills + a.counts.levels[glb][op].updates;
  }
  ASSERT_GT(reads, 0);
  ASSERT_GT(writes, 0);
  auto ceil_div = [](std::int64_t x, std::int64_t y) { return (x + y - 1) / y; };
  EXPECT_EQ(a.perf.level_cycles[glb], ceil_div(reads + writes, 16));
  EXPECT_EQ(b.perf.level_cycles[glb], std::max(ceil_div(reads, 16), ceil_div(writes, 16)));
  EXPECT_GT(a.perf.level_cycles[glb], b.perf.level_cycles[glb]);  // the pooled term binds at 8 banks
}
