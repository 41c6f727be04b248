// Energy tables priced per action and operand (issue 9): the table format, how a table's
// figures become a level's energy, the Accelergy Eyeriss table by hand, the one-number tables
// unchanged, and block accesses rounded per instance. Expected values are derived by hand in
// the comments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "memory/access_counts.h"
#include "sim/core/error.h"
#include "sim/model/energy_model.h"
#include "tests/model/model_fixtures.h"
#include "tests/support/run_command.h"

using namespace eyrie;
using eyrie::testing::arch_2x2_yaml;
using eyrie::testing::conv1d;
using eyrie::testing::dram_only;
using eyrie::testing::set;
using eyrie::testing::eyrie_cmd;
using eyrie::testing::run_command;
using eyrie::testing::source_path;

namespace {

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

// docs/MODEL.md's worked example (CountsByHand.Conv1dTwoLevelsPsumsReadBack): one PE, the GLB
// bypassed, DRAM `R3 P2` (R outer), RF `P2` keeping all three operands. Its counts:
//   RF   weights reads 12, fills 3; inputs reads 12, fills 10; outputs reads 8, fills 8, updates 12
//   DRAM weights reads 3; inputs reads 10; outputs reads 8, updates 12
Mapping two_level_conv1d() {
  Mapping m = dram_only();
  m.at(MapLevel::RegisterFile).keep = {true, true, true};
  auto& dram = m.at(MapLevel::Dram);
  set(dram.temporal, Dim::R, 3);
  set(dram.temporal, Dim::P, 2);
  dram.permutation = {Dim::P, Dim::R, Dim::N, Dim::M, Dim::C, Dim::Q, Dim::S};
  set(m.at(MapLevel::RegisterFile).temporal, Dim::P, 2);
  return m;
}

std::string table_error(const std::string& text) {
  const std::string path = eyrie::testing::temp_file(text);
  try {
    load_energy_table_file(path);
  } catch (const Error& e) {
    std::string what = e.what();
    return what.substr(what.find(':') == std::string::npos ? 0 : path.size());  // drop the temp path
  }
  return "no error";
}

const char* kTable =
    "name: t\nunit: pJ\nsource: \"a test\"\nmac: {int16: 1}\naccess_bits: 16\n"
    "register_file: {read: 1, fill: {weights: 2, inputs: 3, outputs: 4}, update: 5, access_bits: 8, "
    "leakage_per_cycle: 0.5, source: \"rf figures\"}\n"
    "array: 0\nglobal_buffer: 6\ndram: 7\n";

}  // namespace

// A storage entry is one number (every action and operand) or read/fill/update, each one
// number or per operand, with its own access_bits, leakage and source.
TEST(EnergyTables, AnEntryGivesEachActionPerOperand) {
  const EnergyTable t = load_energy_table_file(eyrie::testing::temp_file(kTable));
  // RF quoted per 8-bit access: a 16-bit word costs twice the figure.
  EXPECT_DOUBLE_EQ(t.per_word(StorageLevel::RegisterFile, StorageAction::Read, Operand::Outputs, 16), 2);
  EXPECT_DOUBLE_EQ(t.per_word(StorageLevel::RegisterFile, StorageAction::Fill, Operand::Weights, 8), 2);
  EXPECT_DOUBLE_EQ(t.per_word(StorageLevel::RegisterFile, StorageAction::Fill, Operand::Inputs, 16), 6);
  EXPECT_DOUBLE_EQ(t.per_word(StorageLevel::RegisterFile, StorageAction::Fill, Operand::Outputs, 8), 4);
  EXPECT_DOUBLE_EQ(t.per_word(StorageLevel::RegisterFile, StorageAction::Update, Operand::Outputs, 8), 5);
  EXPECT_DOUBLE_EQ(t.register_file.leakage_per_cycle, 0.5);
  EXPECT_EQ(t.register_file.source, "rf figures");
  // One number, at the table's access_bits (16): the same for every action and operand.
  EXPECT_DOUBLE_EQ(t.per_word(StorageLevel::GlobalBuffer, StorageAction::Update, Operand::Inputs, 16), 6);
  EXPECT_DOUBLE_EQ(t.per_word(StorageLevel::Dram, StorageAction::Fill, Operand::Weights, 8), 3.5);
  EXPECT_DOUBLE_EQ(t.dram.leakage_per_cycle, 0);
  EXPECT_TRUE(t.dram.source.empty());
  EXPECT_DOUBLE_EQ(t.network_per_word(16), 0);
  EXPECT_DOUBLE_EQ(t.mac_energy(Precision::Int16), 1);
  EXPECT_FALSE(t.prices(Precision::Int8));
  EXPECT_THROW(t.mac_energy(Precision::Int8), Error);
}

TEST(EnergyTables, BadEntriesAreOneLineErrors) {
  const std::string base = kTable;
  EXPECT_EQ(table_error(replaced(base, "fill: {weights: 2, inputs: 3, outputs: 4}, ", "")),
            ":6: register_file: missing required key 'fill'");
  EXPECT_EQ(table_error(replaced(base, "update: 5", "updte: 5")),
            ":6: register_file.updte: unknown key (did you mean 'update'?)");
  EXPECT_EQ(table_error(replaced(base, "inputs: 3,", "input: 3,")),
            ":6: register_file.fill.input: unknown key (did you mean 'inputs'?)");
  EXPECT_EQ(table_error(replaced(base, "read: 1,", "read: -1,")), ":6: register_file.read: must be a non-negative number, got -1");
  EXPECT_EQ(table_error(replaced(base, "dram: 7", "dram: 0")), ":9: dram: must be a positive number, got 0");
  EXPECT_EQ(table_error(replaced(base, "mac: {int16: 1}", "mac: {}")), ":4: mac: needs the MAC energy of at least one precision");
}

// The table's figures become each level's energy when the architecture gives none: the
// Eyeriss preset with the Accelergy Eyeriss table and 8-bit MACs (weights and inputs 8 bits,
// psums word_bits 16). RF, per word: weights read 1.976602 x 8/16 = 0.988301, inputs fill
// 0.176713 x 8/16 = 0.0883565, psum update 0.2191 x 16/16; leakage 0.001827 per PE per cycle.
// GLB (quoted per 64 bits): input read 18.183829 x 8/64 = 2.272978625. DRAM: psum fill
// 512 x 16/64 = 128. The table has no int16 MAC: the unchanged Eyeriss file is refused.
TEST(EnergyTables, TableFiguresFlowIntoTheLevels) {
  const std::string eyeriss = std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml";
  try {
    load_arch(eyeriss, {{"energy_table", "accelergy-eyeriss-like"}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), eyeriss + ": --set energy_table: table accelergy-eyeriss-like has no MAC energy for int16 (the MAC's precision)");
  }
  const ArchSpec a = load_arch(eyeriss, {{"energy_table", "accelergy-eyeriss-like"}, {"mac.precision", "int8"}});
  const ActionEnergy& rf = a.storage[0].energy;
  EXPECT_DOUBLE_EQ(rf.read.weights, 0.988301);
  EXPECT_DOUBLE_EQ(rf.fill.inputs, 0.0883565);
  EXPECT_DOUBLE_EQ(rf.read.outputs, 0.2513);
  EXPECT_DOUBLE_EQ(rf.update.outputs, 0.2191);
  EXPECT_DOUBLE_EQ(rf.leakage_per_cycle, 0.001827);
  EXPECT_DOUBLE_EQ(a.storage[1].energy.read.inputs, 2.272978625);
  EXPECT_DOUBLE_EQ(a.storage[1].energy.fill.inputs, 14.137929 / 8);
  EXPECT_DOUBLE_EQ(a.storage[1].energy.leakage_per_cycle, 0.005652);
  EXPECT_DOUBLE_EQ(a.storage[2].energy.fill.outputs, 128);
  // eyrie validate shows what each table entry resolved to, per access.
  EXPECT_NE(to_yaml(a).find("energy: {table: register_file}  # per access, weights/inputs/outputs: read 0.988301/0.101221/0.2513, "
                            "fill 0.940828/0.0883565/0.2191, update 0.940828/0.0883565/0.2191; leakage 0.001827 per cycle"),
            std::string::npos)
      << to_yaml(a);
  // The same rule prices the model: what the level holds is what the model charges.
  const EnergyModel model(a, load_energy_table(a.energy_table));
  EXPECT_DOUBLE_EQ(model.access_energy(StorageLevel::RegisterFile, Operand::Weights), 0.988301);
  EXPECT_DOUBLE_EQ(model.mac_energy(), 0.207692);
  // An architecture's own leakage wins over the table's (general form).
  const std::string general =
      "name: g\nclock_mhz: 100\nword_bits: 16\nmac: {precision: int8}\n"
      "storage:\n  - {name: dram, energy: {table: dram}}\n"
      "  - {name: rf, mesh_x: 2, energy: {table: register_file, leakage_per_cycle: 0.25}}\n"
      "energy_table: accelergy-eyeriss-like\narea_table: horowitz-45nm\n";
  const ArchSpec g = parse_arch_text(general, "g.yaml");
  EXPECT_DOUBLE_EQ(g.storage[0].energy.leakage_per_cycle, 0.25);
  EXPECT_DOUBLE_EQ(g.storage[0].energy.fill.weights, 0.9408285);
  EXPECT_DOUBLE_EQ(g.storage[1].energy.leakage_per_cycle, 0);
}

// The worked example priced with the Accelergy Eyeriss table (8-bit MACs on the 2x2 preset,
// 12 cycles), per level and operand, from the per-word figures above:
//   RF weights: 12 reads x 0.988301 + 3 fills x 0.9408285           = 14.6820975
//   RF inputs:  12 reads x 0.101221 + 10 fills x 0.0883565           =  2.098217
//   RF psums:   8 reads x 0.2513 + 8 fills x 0.2191 + 12 updates x 0.2191 = 6.3924
//   DRAM (64 per 8-bit word, 128 per 16-bit psum): weights 3 x 64 = 192, inputs 10 x 64 = 640,
//   psums (8 reads + 12 updates) x 128 = 2560; GLB nothing (bypassed)
//   leakage: RF 0.001827 x 4 PEs x 12 = 0.087696, GLB 0.005652 x 12 = 0.067824, DRAM 0
//   MACs 12 x 0.207692 = 2.492304; networks 0 (the ERT has none)
// With one figure per level (the read's) the RF weights would cost 15 x 0.988301 = 14.824515.
TEST(EnergyTables, AccelergyEyerissTableByHandPerLevelAndOperand) {
  std::string text = arch_2x2_yaml();
  text = replaced(text, "{precision: int16, accumulator_bits: 32, overflow: wrap}", "{precision: int8}");
  text = replaced(text, "energy_table: eyeriss-65nm-normalized", "energy_table: accelergy-eyeriss-like");
  const ArchSpec arch = parse_arch_text(text, "t2x2.yaml");
  const AccessCounts c = count_accesses(two_level_conv1d(), conv1d(), network_rules(arch));
  ASSERT_EQ(c.at(MapLevel::RegisterFile).inputs.fills, 10);
  ASSERT_EQ(c.at(MapLevel::RegisterFile).outputs.updates, 12);
  const LayerEnergy e = EnergyModel(arch, load_energy_table(arch.energy_table)).evaluate(c, 12);
  const double tol = 1e-9;
  EXPECT_NEAR(e.storage[0].weights, 14.6820975, tol);
  EXPECT_NEAR(e.storage[0].inputs, 2.098217, tol);
  EXPECT_NEAR(e.storage[0].outputs, 6.3924, tol);
  EXPECT_NEAR(e.storage[1].weights + e.storage[1].inputs + e.storage[1].outputs, 0, tol);
  EXPECT_NEAR(e.storage[2].weights, 192, tol);
  EXPECT_NEAR(e.storage[2].inputs, 640, tol);
  EXPECT_NEAR(e.storage[2].outputs, 2560, tol);
  EXPECT_NEAR(e.storage_leakage[0], 0.087696, tol);
  EXPECT_NEAR(e.storage_leakage[1], 0.067824, tol);
  EXPECT_NEAR(e.storage_leakage[2], 0, tol);
  EXPECT_NEAR(e.mac, 2.492304, tol);
  EXPECT_NEAR(e.network[1].weights + e.network[1].inputs + e.network[1].outputs, 0, tol);
  EXPECT_NEAR(e.total(), 14.6820975 + 2.098217 + 6.3924 + 192 + 640 + 2560 + 0.087696 + 0.067824 + 2.492304, 1e-8);
  EXPECT_GT(std::abs(e.storage[0].weights - 14.824515), 0.1);
}

// The one-number tables price as before: the same worked example on the int16 2x2 preset with
// the normalized Eyeriss table (RF 1, DRAM 200 per 16-bit word, every action):
//   RF weights 12 + 3 = 15, inputs 12 + 10 = 22, psums 8 + 8 + 12 = 28;
//   DRAM weights 3 x 200 = 600, inputs 10 x 200 = 2000, psums (8 + 12) x 200 = 4000; MACs 12.
// (Engine.NlrCountsAndEnergyByHand and Engine.EnergyIsPricedByOperandWidthAndPrecision pin the
// normalized and Horowitz figures of other cases.)
TEST(EnergyTables, OneNumberTablesPriceAsBefore) {
  const ArchSpec arch = parse_arch_text(arch_2x2_yaml(), "t2x2.yaml");
  const AccessCounts c = count_accesses(two_level_conv1d(), conv1d(), network_rules(arch));
  const LayerEnergy e = EnergyModel(arch, load_energy_table(arch.energy_table)).evaluate(c, 12);
  EXPECT_DOUBLE_EQ(e.storage[0].weights, 15);
  EXPECT_DOUBLE_EQ(e.storage[0].inputs, 22);
  EXPECT_DOUBLE_EQ(e.storage[0].outputs, 28);
  EXPECT_DOUBLE_EQ(e.storage[2].weights, 600);
  EXPECT_DOUBLE_EQ(e.storage[2].inputs, 2000);
  EXPECT_DOUBLE_EQ(e.storage[2].outputs, 4000);
  EXPECT_DOUBLE_EQ(e.mac, 12);
  EXPECT_DOUBLE_EQ(e.storage_leakage[0] + e.storage_leakage[1] + e.storage_leakage[2], 0);
}

// Block accesses are rounded per instance (Timeloop's BufferLevel::ComputeVectorAccesses on
// per-instance counts, times the instances). The 1-D conv P4 x R3 with P across 4 RFs (blocks
// of 2 words), R3 in each; every action priced differently per block. Per RF: 3 weight reads,
// 3 weight fills, 3 input reads and fills, 3 psum updates and 3 - 1 = 2 psum reads.
//   per instance: ceil(3 / 2) = 2 blocks x 4 RFs = 8 per action of 3 words; psum reads
//   ceil(2 / 2) x 4 = 4. weights 8 x 1 + 8 x 100 = 808, inputs 808, psums 4 x 1 + 8 x 1000 = 8004.
//   rounding the totals instead: ceil(12 / 2) = 6: weights 606, psums 4 + 6000 = 6004.
// DRAM (blocks of 1): weights 3 reads (multicast), psums 4 updates; inputs 6 reads in eyrie's
// mode (the union of the windows), 12 in Timeloop's (4 different windows of 3). Both modes
// round the RF's blocks the same way.
TEST(EnergyTables, BlocksAreRoundedPerInstance) {
  EXPECT_EQ(block_accesses(12, 2, 4), 8);
  EXPECT_EQ(block_accesses(12, 2, 1), 6);
  EXPECT_EQ(block_accesses(7, 4, 2), 2);   // ceil(7 / 8) = 1 block row of 2 instances
  EXPECT_EQ(block_accesses(0, 4, 2), 0);
  EXPECT_EQ(block_accesses(5, 1, 3), 5);
  for (const char* mode : {"eyrie", "timeloop"}) {
    const std::string text = std::string("name: blocks\nclock_mhz: 100\nword_bits: 16\nmac: {precision: int16}\ncounting: ") + mode +
                             "\nstorage:\n"
                             "  - {name: dram, energy: {read: 10, fill: 10, update: 10}}\n"
                             "  - {name: rf, mesh_x: 4, block_words: 2, energy: {read: 1, fill: 100, update: 1000}}\n"
                             "energy_table: eyeriss-65nm-normalized\narea_table: horowitz-45nm\n";
    const ArchSpec arch = parse_arch_text(text, "blocks.yaml");
    Mapping m;
    m.count = 2;
    set(m.levels[1].spatial_x, Dim::P, 4);
    set(m.levels[0].temporal, Dim::R, 3);
    ASSERT_EQ(check_mapping(m, conv1d(), arch), "");
    const AccessCounts c = count_accesses(m, conv1d(), network_rules(arch));
    ASSERT_EQ(c.used_instances[0], 4);
    ASSERT_EQ(c.used_instances[1], 1);
    ASSERT_EQ(c.levels[0].weights.fills, 12) << mode;
    ASSERT_EQ(c.levels[0].outputs.reads, 8) << mode;
    const LayerEnergy e = EnergyModel(arch, load_energy_table(arch.energy_table)).evaluate(c);
    EXPECT_DOUBLE_EQ(e.storage[0].weights, 808) << mode;
    EXPECT_DOUBLE_EQ(e.storage[0].inputs, 808) << mode;
    EXPECT_DOUBLE_EQ(e.storage[0].outputs, 8004) << mode;
    EXPECT_DOUBLE_EQ(e.storage[1].weights, 30) << mode;
    EXPECT_DOUBLE_EQ(e.storage[1].inputs, std::string(mode) == "eyrie" ? 60 : 120) << mode;
    EXPECT_DOUBLE_EQ(e.storage[1].outputs, 40) << mode;
  }
}

// The documented --set: configs/eyeriss.yaml priced with the Accelergy table, in pJ.
TEST(EnergyTables, EyerissRunsWithTheAccelergyTable) {
  const auto r = run_command(eyrie_cmd("run --arch " + source_path("configs/eyeriss.yaml") +
                                       " --set energy_table=accelergy-eyeriss-like --set mac.precision=int8"
                                       " --network lenet5 --dataflow rs --format json"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["total"].contains("energy_pj")) << r.out.substr(0, 400);
  EXPECT_GT(j["total"]["energy_pj"]["total"].get<double>(), 0);
  EXPECT_GT(j["total"]["energy_pj"]["mac"].get<double>(), 0);
}
