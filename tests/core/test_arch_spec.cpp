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
  const EnergyTable t = load_energy_table("horowitz-45nm");
  EXPECT_DOUBLE_EQ(t.access(StorageLevel::Dram, 64), 1300.0);
  EXPECT_DOUBLE_EQ(t.access(StorageLevel::Dram, 16), 325.0);
  EXPECT_LT(t.mac_energy(Precision::Int8), t.mac_energy(Precision::Int16));
  EXPECT_LT(t.mac_energy(Precision::Int16), t.mac_energy(Precision::Fp32));
  const EnergyTable e = load_energy_table("eyeriss-65nm-normalized");
  EXPECT_DOUBLE_EQ(e.access(StorageLevel::GlobalBuffer, 16) / e.access(StorageLevel::RegisterFile, 16), 6.0);
  EXPECT_DOUBLE_EQ(e.access(StorageLevel::Dram, 16), 200.0);
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
  const ArchSpec a = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  const ArchSpec b = parse_arch_text(to_yaml(a), "resolved.yaml");
  EXPECT_EQ(b.pe_array.pes(), a.pe_array.pes());
  EXPECT_EQ(b.global_buffer.size_bytes, a.global_buffer.size_bytes);
  EXPECT_EQ(b.mac.accumulator_bits, a.mac.accumulator_bits);
  EXPECT_DOUBLE_EQ(b.dram.bandwidth_gb_per_s, a.dram.bandwidth_gb_per_s);
}
