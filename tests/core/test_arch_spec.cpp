#include <gtest/gtest.h>

#include <cctype>

#include <regex>

#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"
#include "sim/core/error.h"

using namespace eyrie;

namespace {

const char* kTiny = R"(name: t
clock_mhz: 100
word_bits: 16
mac: {precision: int16, accumulator_bits: 32, overflow: wrap}
pe_array: {rows: 4, cols: 4}
register_file: {ifmap_words: 4, filter_words: 16, psum_words: 4}
noc: {multicast: true, words_per_cycle: 2}
global_buffer: {size_bytes: 2048, read_words_per_cycle: 2, write_words_per_cycle: 2}
dram: {bandwidth_gb_per_s: 0.4}
energy_table: eyeriss-65nm-normalized
area_table: horowitz-45nm
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  try {
    parse_arch_text(text, "a.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(ArchSpec, EveryBundledConfigLoads) {
  for (const char* f : {"configs/eyeriss.yaml", "configs/tpu-like.yaml", "configs/tiny-4x4.yaml"}) {
    const ArchSpec a = load_arch(std::string(EYRIE_SOURCE_DIR) + "/" + f);
    EXPECT_FALSE(a.name.empty()) << f;
    EXPECT_NO_THROW(load_energy_table(a.energy_table)) << f;
    EXPECT_NO_THROW(load_area_table(a.area_table)) << f;
  }
}

TEST(ArchSpec, EyerissAsPublished) {
  const ArchSpec a = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  EXPECT_EQ(a.pe_array.rows, 12);
  EXPECT_EQ(a.pe_array.cols, 14);
  EXPECT_EQ(a.register_file.ifmap_words, 12);
  EXPECT_EQ(a.register_file.filter_words, 224);
  EXPECT_EQ(a.register_file.psum_words, 24);
  EXPECT_EQ(a.global_buffer.size_bytes, 108 * 1024);
  EXPECT_EQ(a.global_buffer_words(), 55296);
  EXPECT_DOUBLE_EQ(a.clock_mhz, 200);
  EXPECT_DOUBLE_EQ(a.peak_macs_per_s(), 168 * 200e6);
  EXPECT_DOUBLE_EQ(a.dram_bytes_per_cycle(), 8.0);  // 1.6 GB/s at 200 MHz
  EXPECT_EQ(a.mac.precision, Precision::Int16);
  EXPECT_EQ(a.dataflow, "rs");
}

TEST(ArchSpec, DefaultsFollowThePrecision) {
  const ArchSpec a = parse_arch_text(replace(kTiny, "{precision: int16, accumulator_bits: 32, overflow: wrap}",
                                             "{precision: ternary}"), "a.yaml");
  EXPECT_EQ(a.mac.operand_bits, 8);
  EXPECT_EQ(a.mac.weight_bits, 2);
  EXPECT_EQ(a.mac.accumulator_bits, 32);
}

TEST(ArchSpec, EnergyTablesScaleWithWordBits) {
  const auto read = [](const EnergyTable& t, StorageLevel l, int bits) {
    return t.per_word(l, StorageAction::Read, Operand::Weights, bits);
  };
  const EnergyTable t = load_energy_table("horowitz-45nm");
  EXPECT_DOUBLE_EQ(read(t, StorageLevel::Dram, 64), 1300.0);
  EXPECT_DOUBLE_EQ(read(t, StorageLevel::Dram, 16), 325.0);
  EXPECT_LT(t.mac_energy(Precision::Int8), t.mac_energy(Precision::Int16));
  EXPECT_LT(t.mac_energy(Precision::Int16), t.mac_energy(Precision::Fp32));
  const EnergyTable e = load_energy_table("eyeriss-65nm-normalized");
  EXPECT_DOUBLE_EQ(read(e, StorageLevel::GlobalBuffer, 16) / read(e, StorageLevel::RegisterFile, 16), 6.0);
  EXPECT_DOUBLE_EQ(read(e, StorageLevel::Dram, 16), 200.0);
  // One figure per entry: the same cost for every action and operand.
  for (StorageLevel l : {StorageLevel::RegisterFile, StorageLevel::GlobalBuffer, StorageLevel::Dram})
    for (StorageAction a : {StorageAction::Read, StorageAction::Fill, StorageAction::Update})
      for (Operand op : kOperands) EXPECT_DOUBLE_EQ(e.per_word(l, a, op, 16), read(e, l, 16));
  EXPECT_DOUBLE_EQ(e.network_per_word(16), 2.0);
  EXPECT_DOUBLE_EQ(t.network_per_word(16), 1.8);
}

struct BadArch {
  const char* what;
  const char* from;
  const char* to;
  const char* expected;
};

void PrintTo(const BadArch& c, std::ostream* os) { *os << c.what; }

// Readable test names: "unknown key" -> unknown_key.
std::string case_name(const ::testing::TestParamInfo<BadArch>& info) {
  std::string n = info.param.what;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

class BadArchTest : public ::testing::TestWithParam<BadArch> {};

TEST_P(BadArchTest, GivesOneLineErrorNamingFileLineAndKey) {
  const BadArch& c = GetParam();
  const std::string message = error_of(replace(kTiny, c.from, c.to));
  EXPECT_EQ(message, c.expected) << c.what;
}

INSTANTIATE_TEST_SUITE_P(
    Configs, BadArchTest,
    ::testing::Values(
        BadArch{"wrong type", "rows: 4", "rows: twelve", "a.yaml:5: pe_array.rows: must be a positive integer, got \"twelve\""},
        BadArch{"zero size", "cols: 4", "cols: 0", "a.yaml:5: pe_array.cols: must be a positive integer, got 0"},
        BadArch{"negative size", "size_bytes: 2048", "size_bytes: -2048",
                "a.yaml:8: global_buffer.size_bytes: must be a positive integer, got -2048"},
        BadArch{"missing key", "clock_mhz: 100\n", "", "a.yaml:1: missing required key 'clock_mhz'"},
        BadArch{"unknown key", "clock_mhz: 100", "clock_mzh: 100", "a.yaml:2: clock_mzh: unknown key (did you mean 'clock_mhz'?)"},
        BadArch{"unknown nested key", "ifmap_words: 4", "ifmap_word: 4",
                "a.yaml:6: register_file.ifmap_word: unknown key (did you mean 'ifmap_words'?)"},
        BadArch{"unknown precision", "precision: int16", "precision: int4",
                "a.yaml:4: mac.precision: must be one of fp32 | int32 | int16 | int8 | ternary, got \"int4\""},
        BadArch{"unknown dataflow", "word_bits: 16\n", "word_bits: 16\ndataflow: zigzag\n",
                "a.yaml:4: dataflow: must be one of ws | os | is | rs | nlr, got \"zigzag\""},
        BadArch{"operand bits disagree with precision", "precision: int16,", "precision: int16, operand_bits: 8,",
                "a.yaml:4: mac.operand_bits: must be 16 for precision int16, got 8"},
        BadArch{"accumulator too narrow", "accumulator_bits: 32", "accumulator_bits: 24",
                "a.yaml:4: mac.accumulator_bits: must hold a full product: at least 32 bits, got 24"},
        BadArch{"word narrower than operand", "word_bits: 16", "word_bits: 8",
                "a.yaml:3: word_bits: must hold one operand of the MAC unit (16 bits), got 8"},
        BadArch{"bad overflow", "overflow: wrap", "overflow: clamp",
                "a.yaml:4: mac.overflow: must be one of wrap | saturate, got \"clamp\""},
        BadArch{"bad bool", "multicast: true", "multicast: sometimes",
                "a.yaml:7: noc.multicast: must be true or false, got \"sometimes\""},
        BadArch{"section not a mapping", "pe_array: {rows: 4, cols: 4}", "pe_array: 16",
                "a.yaml:5: pe_array: must be a mapping of keys to values, got \"16\""},
        BadArch{"missing energy table", "energy_table: eyeriss-65nm-normalized", "energy_table: nowhere",
                "a.yaml:10: energy_table: no energy table named \"nowhere\" (looked for " EYRIE_SOURCE_DIR "/configs/energy/nowhere.yaml)"},
        BadArch{"negative bandwidth", "bandwidth_gb_per_s: 0.4", "bandwidth_gb_per_s: -1",
                "a.yaml:9: dram.bandwidth_gb_per_s: must be between 0.001 and 100000 GB/s, got -1"}),
    case_name);

TEST(ArchSpec, FileLevelProblems) {
  auto load_error = [](const std::string& path) {
    try {
      load_arch(path);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(load_error("/nonexistent.yaml"), "/nonexistent.yaml: cannot open: no such file");
  EXPECT_EQ(load_error(EYRIE_SOURCE_DIR "/configs"),
            EYRIE_SOURCE_DIR "/configs: cannot read: is a directory, expected a YAML file");
  EXPECT_EQ(error_of(""), "a.yaml: file is empty");
  EXPECT_EQ(error_of("- just\n- a list\n"), "a.yaml:1: must be a mapping of keys to values, got a list");
}

TEST(ArchSpec, ResolvedFormReloadsToTheSameSpec) {
  for (const char* f : {"configs/eyeriss.yaml", "configs/tpu-like.yaml", "configs/tiny-4x4.yaml",
                        "configs/eyeriss-isca16-256.yaml", "configs/simba-like.yaml"}) {
    const ArchSpec a = load_arch(std::string(EYRIE_SOURCE_DIR) + "/" + f);
    const std::string text = to_yaml(a);
    const ArchSpec b = parse_arch_text(text, "resolved.yaml");
    EXPECT_EQ(to_yaml(b), text) << f;
    EXPECT_EQ(b.mac_instances(), a.mac_instances()) << f;
    EXPECT_EQ(b.pe_array.pes(), a.pe_array.pes()) << f;
    ASSERT_EQ(b.levels(), a.levels()) << f;
    for (int l = 0; l < a.levels(); ++l) {
      EXPECT_EQ(b.storage[l].name, a.storage[l].name) << f;
      EXPECT_EQ(b.storage[l].capacity_words.inputs, a.storage[l].capacity_words.inputs) << f;
      EXPECT_EQ(b.storage[l].shared, a.storage[l].shared) << f;
      EXPECT_EQ(b.storage[l].mesh_x, a.storage[l].mesh_x) << f;
      EXPECT_EQ(b.storage[l].buffering, a.storage[l].buffering) << f;
      EXPECT_EQ(b.storage[l].banks, a.storage[l].banks) << f;
      EXPECT_DOUBLE_EQ(b.storage[l].effective_read_words_per_cycle(), a.storage[l].effective_read_words_per_cycle()) << f;
      EXPECT_EQ(b.storage[l].network.multicast, a.storage[l].network.multicast) << f;
      EXPECT_EQ(b.storage[l].table_entry, a.storage[l].table_entry) << f;
    }
  }
}

TEST(ArchSpec, ADescriptionWithQuotesRoundTrips) {
  const std::string tricky = R"(a "quoted" name: with # and \ and 'single')";
  const ArchSpec a =
      parse_arch_text(replace(kTiny, "name: t\n", "name: t\ndescription: 'a \"quoted\" name: with # and \\ and ''single'''\n"), "a.yaml");
  EXPECT_EQ(a.description, tricky);
  const ArchSpec b = parse_arch_text(to_yaml(a), "resolved.yaml");
  EXPECT_EQ(b.description, tricky);
}

// The Eyeriss-shaped sections lower into three levels, innermost first.
TEST(ArchSpec, EyerissSectionsLowerIntoThreeLevels) {
  const ArchSpec a = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  ASSERT_EQ(a.levels(), 3);
  const StorageLevelSpec& rf = a.storage[0];
  EXPECT_EQ(rf.name, "register_file");
  EXPECT_FALSE(rf.shared);
  EXPECT_EQ(rf.capacity_words.weights, 224);
  EXPECT_EQ(rf.capacity_words.inputs, 12);
  EXPECT_EQ(rf.capacity_words.outputs, 24);
  EXPECT_EQ(rf.mesh_x, 14);
  EXPECT_EQ(rf.mesh_y, 12);
  EXPECT_EQ(rf.table_entry, StorageLevel::RegisterFile);
  const StorageLevelSpec& glb = a.storage[1];
  EXPECT_EQ(glb.name, "global_buffer");
  EXPECT_TRUE(glb.shared);
  EXPECT_EQ(glb.capacity_words.weights, 55296);
  EXPECT_EQ(glb.usable_words(Operand::Inputs), 27648);  // double buffered
  EXPECT_EQ(glb.banks, 27);
  EXPECT_DOUBLE_EQ(glb.effective_read_words_per_cycle(), 4);
  EXPECT_EQ(glb.network.multicast, Multicast::Any);
  EXPECT_DOUBLE_EQ(glb.network.words_per_cycle, 4);
  const StorageLevelSpec& dram = a.storage[2];
  EXPECT_EQ(dram.capacity_words.weights, -1);
  EXPECT_TRUE(dram.shared_port);
  EXPECT_DOUBLE_EQ(dram.read_words_per_cycle, 4);  // 1.6 GB/s at 200 MHz, 2-byte words
  EXPECT_EQ(a.instances(0), 168);
  EXPECT_EQ(a.mac_instances(), 168);
  // noc.multicast=false lowers into a unicast network; too few banks cap the bandwidth.
  const ArchSpec u = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml",
                               {{"noc.multicast", "false"}, {"global_buffer.banks", "2"}});
  EXPECT_EQ(u.storage[1].network.multicast, Multicast::None);
  EXPECT_DOUBLE_EQ(u.storage[1].effective_read_words_per_cycle(), 2);
}

TEST(ArchSpec, GeneralStorageListParses) {
  const ArchSpec a = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/simba-like.yaml");
  ASSERT_EQ(a.levels(), 4);
  EXPECT_EQ(a.storage[3].name, "dram");
  EXPECT_EQ(a.storage[2].name, "global_buffer");
  EXPECT_EQ(a.storage[1].name, "pe_buffer");
  EXPECT_EQ(a.storage[0].name, "register_file");
  EXPECT_EQ(a.storage[1].mesh_x * a.storage[1].mesh_y, 16);
  EXPECT_EQ(a.storage[0].mesh_x * a.storage[0].mesh_y, 8);
  EXPECT_EQ(a.compute.mesh_x * a.compute.mesh_y, 1);
  EXPECT_EQ(a.mac_instances(), 16 * 8);
  EXPECT_EQ(a.pe_array.pes(), 16 * 8);
  EXPECT_FALSE(a.eyeriss_preset);
}

TEST(ArchSpec, GeneralStorageErrorsNameTheKey) {
  const std::string head =
      "name: g\nclock_mhz: 100\nword_bits: 16\nmac: {precision: int16}\nenergy_table: eyeriss-65nm-normalized\n"
      "area_table: horowitz-45nm\nstorage:\n";
  EXPECT_EQ(error_of(head + "  - {name: dram, mesh_x: 2}\n"),
            "a.yaml:8: storage[0]: the outermost level has no parent to fan out from: mesh_x and mesh_y must be 1");
  EXPECT_EQ(error_of(head + "  - {name: dram}\n  - {name: dram}\n"), "a.yaml:9: storage[1].name: level \"dram\" is named twice");
  EXPECT_EQ(error_of(head + "  - {name: dram, network: {multicast: some}}\n"),
            "a.yaml:8: storage[0].network.multicast: must be one of none | x | y | any, got \"some\"");
  EXPECT_EQ(error_of(head + "  - {name: dram, energy: {table: dram, read: 1, fill: 1, update: 1}}\n"),
            "a.yaml:8: storage[0].energy.table: give either a table entry or read/fill/update figures, not both");
  EXPECT_EQ(error_of(head + "  - {name: dram, words_per_cycle: 2, read_words_per_cycle: 1}\n"),
            "a.yaml:8: storage[0].read_words_per_cycle: give words_per_cycle (one port for reads and writes) or read/write figures, not both");
  EXPECT_EQ(error_of(head + "  - {name: dram, capacity_words: 3, buffering: 4}\n"),
            "a.yaml:8: storage[0].capacity_words: cannot be split into 4 buffers");
  EXPECT_EQ(error_of(head + "  - {name: dram, word_bits: 8}\n"), "a.yaml:8: storage[0].word_bits: weights need 16 bits for the MAC, got 8");
  EXPECT_EQ(error_of(head + "  - {name: dram, pe_array: 3}\n").substr(0, 27), "a.yaml:8: storage[0].pe_arr");
}
