#include "sim/core/arch_spec.h"

#include <filesystem>
#include <sstream>

#include "sim/core/config_node.h"
#include "sim/core/cost_tables.h"
#include "sim/core/storage_file.h"

namespace eyrie {

const char* to_string(Overflow o) { return o == Overflow::Wrap ? "wrap" : "saturate"; }

namespace {

int natural_bits(Precision p) {
  switch (p) {
    case Precision::Fp32: return 32;
    case Precision::Int32: return 32;
    case Precision::Int16: return 16;
    case Precision::Int8: return 8;
    case Precision::Ternary: return 8;  // activations; weights are 2-bit codes
  }
  return 16;
}

MacSpec read_mac(const ConfigNode& n) {
  n.require_map();
  n.allow_only({"precision", "operand_bits", "weight_bits", "accumulator_bits", "overflow"});
  MacSpec m;
  const ConfigNode p = n.at("precision");
  m.precision = *precision_from_string(p.as_choice({"fp32", "int32", "int16", "int8", "ternary"}));
  const int natural = natural_bits(m.precision);
  m.operand_bits = n.has("operand_bits") ? small_int(n.at("operand_bits"), 2, 32) : natural;
  m.weight_bits = m.precision == Precision::Ternary ? 2 : m.operand_bits;
  if (auto w = n.find("weight_bits")) m.weight_bits = small_int(*w, 2, 32);
  const bool is_float = m.precision == Precision::Fp32;
  if (m.precision != Precision::Ternary && m.operand_bits != natural)
    n.at("operand_bits").fail(std::string("must be ") + std::to_string(natural) + " for precision " +
                              to_string(m.precision) + ", got " + std::to_string(m.operand_bits));
  m.accumulator_bits = n.has("accumulator_bits") ? small_int(n.at("accumulator_bits"), 8, 64)
                                                 : (is_float ? 32 : (m.operand_bits <= 16 ? 32 : 64));
  if (!is_float && m.accumulator_bits < m.operand_bits + m.weight_bits - (m.precision == Precision::Ternary ? 1 : 0))
    n.at("accumulator_bits").fail("must hold a full product: at least " +
                                  std::to_string(m.operand_bits + m.weight_bits) + " bits, got " +
                                  std::to_string(m.accumulator_bits));
  if (auto o = n.find("overflow")) m.overflow = o->as_choice({"wrap", "saturate"}) == "wrap" ? Overflow::Wrap : Overflow::Saturate;
  return m;
}

std::string table_name(const ConfigNode& n, bool energy) {
  const std::string name = n.as_string();
  const std::string path = energy ? energy_table_path(name) : area_table_path(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    n.fail(std::string("no ") + (energy ? "energy" : "area") + " table named \"" + name + "\" (looked for " + path + ")");
  return name;
}

// The Eyeriss-shaped sections: the preset's own fields, then lowered into `storage`.
void read_eyeriss_sections(const ConfigNode& root, ArchSpec& a) {
  const ConfigNode pe = root.at("pe_array");
  pe.require_map();
  pe.allow_only({"rows", "cols"});
  a.pe_array.rows = small_int(pe.at("rows"), 1, 4096);
  a.pe_array.cols = small_int(pe.at("cols"), 1, 4096);

  const ConfigNode rf = root.at("register_file");
  rf.require_map();
  rf.allow_only({"ifmap_words", "filter_words", "psum_words"});
  a.register_file.ifmap_words = rf.at("ifmap_words").as_non_negative_int();
  a.register_file.filter_words = rf.at("filter_words").as_non_negative_int();
  a.register_file.psum_words = rf.at("psum_words").as_non_negative_int();

  const ConfigNode noc = root.at("noc");
  noc.require_map();
  noc.allow_only({"multicast", "words_per_cycle"});
  a.noc.multicast = noc.at("multicast").as_bool();
  a.noc.words_per_cycle = noc.get_positive_double("words_per_cycle");

  const ConfigNode glb = root.at("global_buffer");
  glb.require_map();
  glb.allow_only({"size_bytes", "banks", "block_words", "read_words_per_cycle", "write_words_per_cycle", "double_buffered"});
  a.global_buffer.size_bytes = glb.get_positive_int("size_bytes");
  a.global_buffer.banks = glb.has("banks") ? small_int(glb.at("banks"), 1, 1 << 16) : 0;  // 0: not modelled
  if (auto b = glb.find("block_words")) a.global_buffer.block_words = small_int(*b, 1, 1 << 16);
  a.global_buffer.read_words_per_cycle = glb.get_positive_double("read_words_per_cycle");
  a.global_buffer.write_words_per_cycle = glb.get_positive_double("write_words_per_cycle");
  if (auto db = glb.find("double_buffered")) a.global_buffer.double_buffered = db->as_bool();
  if (a.global_buffer.size_bytes < a.word_bytes())
    glb.at("size_bytes").fail("must hold at least one word");

  const ConfigNode dram = root.at("dram");
  dram.require_map();
  dram.allow_only({"bandwidth_gb_per_s", "energy_per_access_pj", "latency_cycles"});
  a.dram.bandwidth_gb_per_s = dram.at("bandwidth_gb_per_s").as_double_in(1e-3, 1e5, "GB/s");
  if (auto e = dram.find("energy_per_access_pj")) a.dram.energy_per_access_pj = e->as_positive_double();
  if (auto l = dram.find("latency_cycles")) a.dram.latency_cycles = latency_cycles(*l);
  a.eyeriss_preset = true;
  a.storage = lower_eyeriss_preset(a);
}

ArchSpec read_arch(const ConfigNode& root) {
  root.require_map();
  const bool general = root.has("storage");
  if (general)
    root.allow_only({"name", "description", "clock_mhz", "word_bits", "dataflow", "mac", "compute", "storage",
                     "counting", "energy_table", "area_table"});
  else
    root.allow_only({"name", "description", "clock_mhz", "word_bits", "dataflow", "mac", "pe_array",
                     "register_file", "noc", "global_buffer", "dram", "counting", "energy_table", "area_table"});
  ArchSpec a;
  a.file = root.file();
  a.name = root.get_string("name");
  if (auto d = root.find("description")) a.description = d->as_string();
  // Physical ranges (docs/INPUTS.md): 1 kHz .. 100 GHz, 1 MB/s .. 100 TB/s; outside them every
  // derived cycle count is meaningless (1e-300 GB/s made cycles wrap silently).
  a.clock_mhz = root.at("clock_mhz").as_double_in(1e-3, 1e5, "MHz");
  a.word_bits = small_int(root.at("word_bits"), 2, 64);
  if (auto d = root.find("dataflow")) a.dataflow = d->as_choice({"ws", "os", "is", "rs", "nlr"});
  if (auto c = root.find("counting"))
    a.counting = c->as_choice({"eyrie", "timeloop"}) == "eyrie" ? CountingMode::Eyrie : CountingMode::Timeloop;
  a.mac = read_mac(root.at("mac"));
  if (a.word_bits < a.mac.operand_bits)
    root.at("word_bits").fail("must hold one operand of the MAC unit (" + std::to_string(a.mac.operand_bits) +
                              " bits), got " + std::to_string(a.word_bits));
  if (general) {
    read_general_storage(root, a);
  } else {
    read_eyeriss_sections(root, a);
  }
  a.energy_table = table_name(root.at("energy_table"), true);
  a.area_table = table_name(root.at("area_table"), false);
  // A figure in pJ only means something beside a table in pJ: elsewhere it would be ignored.
  const EnergyTable table = load_energy_table(a.energy_table);
  const std::string& unit = table.unit;
  if (!table.prices(a.mac.precision))
    root.at("energy_table").fail("table " + a.energy_table + " has no MAC energy for " + to_string(a.mac.precision) +
                                 " (the MAC's precision)");
  if (unit != "pJ") {
    if (!general && a.dram.energy_per_access_pj > 0)
      root.at("dram").at("energy_per_access_pj").fail("a figure in pJ needs an energy table in pJ; " + a.energy_table + " is " + unit);
    if (general) {
      const auto items = root.at("storage").items();
      for (std::size_t i = 0; i < items.size(); ++i)
        if (auto e = items[i].find("energy"); e && e->has("per_access_pj"))
          e->at("per_access_pj").fail("a figure in pJ needs an energy table in pJ; " + a.energy_table + " is " + unit);
    }
  }
  // The table's per-action figures become the levels' own (what `eyrie validate` shows and the
  // energy model prices).
  for (StorageLevelSpec& lv : a.storage) lv.energy = priced_energy(lv, table, a.word_bits);
  return a;
}

}  // namespace

ConfigOverride parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error("--set " + text + ": expected KEY.PATH=VALUE, e.g. pe_array.rows=16");
  return ConfigOverride{text.substr(0, eq), text.substr(eq + 1)};
}

ArchSpec load_arch(const std::string& path, const std::vector<ConfigOverride>& overrides) {
  ConfigNode root = ConfigNode::load_file(path);
  for (const auto& o : overrides) root = root.with_override(o.path, o.value);
  return read_arch(root);
}
ArchSpec parse_arch_text(const std::string& text, const std::string& origin) {
  return read_arch(ConfigNode::parse(text, origin));
}

std::int64_t ArchSpec::instances(int level) const {
  std::int64_t n = 1;
  for (int i = levels() - 1; i >= level; --i) n *= storage[i].instances_below_parent();
  return n;
}

std::int64_t ArchSpec::mac_instances() const {
  return instances(0) * compute.mesh_x * compute.mesh_y;
}

}  // namespace eyrie
