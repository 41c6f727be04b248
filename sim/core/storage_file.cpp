#include "sim/core/storage_file.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "sim/core/per_operand_node.h"

namespace eyrie {

const char* to_string(Operand op) {
  switch (op) {
    case Operand::Weights: return "weights";
    case Operand::Inputs: return "inputs";
    case Operand::Outputs: return "outputs";
  }
  return "?";
}

const char* to_string(Multicast m) {
  switch (m) {
    case Multicast::None: return "none";
    case Multicast::X: return "x";
    case Multicast::Y: return "y";
    case Multicast::Any: return "any";
  }
  return "?";
}

const char* to_string(CountingMode m) { return m == CountingMode::Eyrie ? "eyrie" : "timeloop"; }

// Each bank serves one block per cycle: a declared port bandwidth is capped by what the banks
// deliver (0 = unbounded on either side).
double StorageLevelSpec::bank_limited(double declared) const {
  const double bank_limit = bank_words_per_cycle();
  if (declared <= 0) return bank_limit;
  return bank_limit > 0 ? std::min(declared, bank_limit) : declared;
}

ActionEnergy priced_energy(const StorageLevelSpec& lv, const EnergyTable& table, int arch_word_bits) {
  if (lv.explicit_energy) return lv.energy;
  ActionEnergy e;
  for (Operand op : kOperands) {
    const int bits = lv.word_bits[op];
    if (lv.table_override_pj > 0 && table.unit == "pJ") {
      e.read[op] = e.fill[op] = e.update[op] = lv.table_override_pj * bits / arch_word_bits * lv.block_words;
      continue;
    }
    e.read[op] = table.per_word(lv.table_entry, StorageAction::Read, op, bits) * lv.block_words;
    e.fill[op] = table.per_word(lv.table_entry, StorageAction::Fill, op, bits) * lv.block_words;
    e.update[op] = table.per_word(lv.table_entry, StorageAction::Update, op, bits) * lv.block_words;
  }
  e.leakage_per_cycle = lv.explicit_leakage ? lv.energy.leakage_per_cycle : table.storage(lv.table_entry).leakage_per_cycle;
  return e;
}

int small_int(const ConfigNode& n, int lo, int hi) {
  const std::int64_t v = n.as_positive_int();
  if (v < lo || v > hi)
    n.fail("must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + std::to_string(v));
  return static_cast<int>(v);
}

std::int64_t latency_cycles(const ConfigNode& n) {
  const std::int64_t v = n.as_non_negative_int();
  if (v > (1 << 20)) n.fail("must be between 0 and " + std::to_string(1 << 20) + " cycles, got " + std::to_string(v));
  return v;
}

std::vector<StorageLevelSpec> lower_eyeriss_preset(const ArchSpec& a) {
  const PerOperand<int> bits = {a.mac.weight_bits, a.mac.operand_bits, a.word_bits};
  StorageLevelSpec rf;
  rf.name = "register_file";
  rf.capacity_words = {a.register_file.filter_words, a.register_file.ifmap_words, a.register_file.psum_words};
  rf.shared = false;
  rf.word_bits = bits;
  rf.mesh_x = a.pe_array.cols;
  rf.mesh_y = a.pe_array.rows;
  rf.banks = 0;  // sized to feed its MAC every cycle
  rf.table_entry = StorageLevel::RegisterFile;

  StorageLevelSpec glb;
  glb.name = "global_buffer";
  const std::int64_t words = a.global_buffer_words();
  glb.capacity_words = {words, words, words};
  glb.word_bits = bits;
  glb.read_words_per_cycle = a.global_buffer.read_words_per_cycle;
  glb.write_words_per_cycle = a.global_buffer.write_words_per_cycle;
  glb.banks = a.global_buffer.banks;
  glb.block_words = a.global_buffer.block_words;
  glb.buffering = a.global_buffer.double_buffered ? 2 : 1;
  glb.network.multicast = a.noc.multicast ? Multicast::Any : Multicast::None;
  glb.network.words_per_cycle = a.noc.words_per_cycle;
  glb.table_entry = StorageLevel::GlobalBuffer;

  StorageLevelSpec dram;
  dram.name = "dram";
  dram.word_bits = bits;
  dram.read_words_per_cycle = a.dram_bytes_per_cycle() / static_cast<double>(a.word_bytes());
  dram.shared_port = true;
  dram.banks = 0;
  dram.latency_cycles = a.dram.latency_cycles;
  dram.table_entry = StorageLevel::Dram;
  if (a.dram.energy_per_access_pj > 0) dram.table_override_pj = a.dram.energy_per_access_pj;
  return {rf, glb, dram};
}

namespace {

PerOperand<std::int64_t> read_capacity(const ConfigNode& n, bool* shared) {
  if (n.is_scalar() && n.as_string() == "unbounded") {
    *shared = true;
    return {-1, -1, -1};
  }
  if (n.is_map()) {
    n.allow_only({"weights", "inputs", "outputs"});
    *shared = false;
    return {n.at("weights").as_non_negative_int(), n.at("inputs").as_non_negative_int(),
            n.at("outputs").as_non_negative_int()};
  }
  const std::int64_t w = n.as_positive_int();
  *shared = true;
  return {w, w, w};
}

StorageLevel table_entry_named(const ConfigNode& n) {
  const std::string s = n.as_choice({"register_file", "global_buffer", "dram"});
  return s == "register_file" ? StorageLevel::RegisterFile : s == "dram" ? StorageLevel::Dram : StorageLevel::GlobalBuffer;
}

void read_energy(const ConfigNode& n, StorageLevelSpec& lv) {
  n.require_map();
  n.allow_only({"table", "per_access_pj", "read", "fill", "update", "leakage_per_cycle"});
  auto nonneg = [](const ConfigNode& c) { return c.as_non_negative_double(); };
  if (auto t = n.find("table")) lv.table_entry = table_entry_named(*t);
  if (auto p = n.find("per_access_pj")) lv.table_override_pj = p->as_positive_double();
  const bool any = n.has("read") || n.has("fill") || n.has("update");
  if (any) {
    if (n.has("table")) n.at("table").fail("give either a table entry or read/fill/update figures, not both");
    for (const char* k : {"read", "fill", "update"})
      if (!n.has(k)) n.fail(std::string("explicit energies need read, fill and update; missing '") + k + "'");
    lv.explicit_energy = true;
    lv.energy.read = read_per_operand<double>(n.at("read"), nonneg);
    lv.energy.fill = read_per_operand<double>(n.at("fill"), nonneg);
    lv.energy.update = read_per_operand<double>(n.at("update"), nonneg);
  }
  if (auto l = n.find("leakage_per_cycle")) {
    lv.energy.leakage_per_cycle = l->as_non_negative_double();
    lv.explicit_leakage = true;
  }
}

void read_network(const ConfigNode& n, NetworkSpec& net) {
  n.require_map();
  n.allow_only({"multicast", "spatial_reduction", "words_per_cycle", "energy_per_word"});
  if (auto m = n.find("multicast")) {
    const std::string s = m->as_choice({"none", "x", "y", "any"});
    net.multicast = s == "none" ? Multicast::None : s == "x" ? Multicast::X : s == "y" ? Multicast::Y : Multicast::Any;
  }
  if (auto r = n.find("spatial_reduction")) net.spatial_reduction = r->as_bool();
  if (auto w = n.find("words_per_cycle")) net.words_per_cycle = w->as_positive_double();
  if (auto e = n.find("energy_per_word")) net.energy_per_word = e->as_non_negative_double();
}

StorageLevelSpec read_level(const ConfigNode& n, const ArchSpec& a) {
  n.require_map();
  n.allow_only({"name", "capacity_words", "word_bits", "block_words", "mesh_x", "mesh_y", "words_per_cycle",
                "read_words_per_cycle", "write_words_per_cycle", "banks", "buffering", "network", "energy", "area_um2",
                "latency_cycles"});
  StorageLevelSpec lv;
  lv.name = n.get_string("name");
  if (lv.name.empty()) n.at("name").fail("must not be empty");
  if (auto c = n.find("capacity_words")) lv.capacity_words = read_capacity(*c, &lv.shared);
  lv.word_bits = {a.mac.weight_bits, a.mac.operand_bits, a.word_bits};
  if (auto b = n.find("word_bits")) {
    lv.word_bits = read_per_operand<int>(*b, [](const ConfigNode& c) { return small_int(c, 2, 64); });
    if (lv.word_bits.weights < a.mac.weight_bits)
      b->fail("weights need " + std::to_string(a.mac.weight_bits) + " bits for the MAC, got " + std::to_string(lv.word_bits.weights));
    if (lv.word_bits.inputs < a.mac.operand_bits)
      b->fail("inputs need " + std::to_string(a.mac.operand_bits) + " bits for the MAC, got " + std::to_string(lv.word_bits.inputs));
  }
  if (auto b = n.find("block_words")) lv.block_words = small_int(*b, 1, 1 << 16);
  if (auto m = n.find("mesh_x")) lv.mesh_x = small_int(*m, 1, 1 << 16);
  if (auto m = n.find("mesh_y")) lv.mesh_y = small_int(*m, 1, 1 << 16);
  if (auto w = n.find("words_per_cycle")) {
    for (const char* k : {"read_words_per_cycle", "write_words_per_cycle"})
      if (n.has(k)) n.at(k).fail("give words_per_cycle (one port for reads and writes) or read/write figures, not both");
    lv.read_words_per_cycle = w->as_positive_double();
    lv.shared_port = true;
  }
  if (auto r = n.find("read_words_per_cycle")) lv.read_words_per_cycle = r->as_positive_double();
  if (auto w = n.find("write_words_per_cycle")) lv.write_words_per_cycle = w->as_positive_double();
  lv.banks = 0;
  if (auto b = n.find("banks")) lv.banks = small_int(*b, 1, 1 << 16);
  if (auto b = n.find("buffering")) lv.buffering = small_int(*b, 1, 8);
  if (auto l = n.find("latency_cycles")) lv.latency_cycles = latency_cycles(*l);
  if (auto net = n.find("network")) read_network(*net, lv.network);
  if (auto e = n.find("energy")) read_energy(*e, lv);
  if (auto ar = n.find("area_um2")) lv.area_um2 = ar->as_non_negative_double();
  for (Operand op : kOperands)
    if (lv.capacity_words[op] > 0 && lv.capacity_words[op] < lv.buffering)
      n.at("capacity_words").fail("cannot be split into " + std::to_string(lv.buffering) + " buffers");
  return lv;
}

}  // namespace

void read_general_storage(const ConfigNode& root, ArchSpec& a) {
  const ConfigNode list = root.at("storage");
  list.require_sequence();
  const auto items = list.items();
  if (items.empty()) list.fail("needs at least one storage level");
  if (items.size() > 8) list.fail("at most 8 storage levels, got " + std::to_string(items.size()));
  std::set<std::string> names;
  std::vector<StorageLevelSpec> outer_first;
  for (const auto& item : items) {
    StorageLevelSpec lv = read_level(item, a);
    if (!names.insert(lv.name).second) item.at("name").fail("level \"" + lv.name + "\" is named twice");
    // Only the outermost level's requests have a latency in the model (the timed engine's DRAM).
    if (!outer_first.empty() && item.has("latency_cycles"))
      item.at("latency_cycles").fail("only the outermost level (DRAM) has a latency; level \"" + lv.name + "\" is inside it");
    outer_first.push_back(lv);
  }
  if (outer_first.front().instances_below_parent() != 1)
    items.front().fail("the outermost level has no parent to fan out from: mesh_x and mesh_y must be 1");
  for (Operand op : kOperands)
    if (outer_first.front().capacity_words[op] >= 0 && outer_first.size() > 0 && items.front().has("capacity_words") &&
        outer_first.front().capacity_words[op] == 0)
      items.front().at("capacity_words").fail(std::string("the outermost level keeps every operand; it has no room for ") + to_string(op));
  a.storage.assign(outer_first.rbegin(), outer_first.rend());
  if (auto c = root.find("compute")) {
    c->require_map();
    c->allow_only({"mesh_x", "mesh_y"});
    if (auto m = c->find("mesh_x")) a.compute.mesh_x = small_int(*m, 1, 1 << 16);
    if (auto m = c->find("mesh_y")) a.compute.mesh_y = small_int(*m, 1, 1 << 16);
  }
  // The Eyeriss summary: every MAC as one array, so peak figures hold.
  std::int64_t rows = a.compute.mesh_y, cols = a.compute.mesh_x;
  for (const auto& lv : a.storage) {
    rows *= lv.mesh_y;
    cols *= lv.mesh_x;
  }
  if (rows > (1 << 20) || cols > (1 << 20)) list.fail("more than 2^20 MACs along one axis");
  a.pe_array.rows = static_cast<int>(rows);
  a.pe_array.cols = static_cast<int>(cols);
}

namespace {

void emit_per_operand(YAML::Emitter& e, const PerOperand<double>& v) {
  if (v.weights == v.inputs && v.inputs == v.outputs) {
    e << v.weights;
    return;
  }
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "weights" << YAML::Value << v.weights << YAML::Key << "inputs"
    << YAML::Value << v.inputs << YAML::Key << "outputs" << YAML::Value << v.outputs << YAML::EndMap;
}

void emit_level(YAML::Emitter& e, const StorageLevelSpec& lv, bool outermost) {
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << lv.name;
  if (lv.capacity_words.weights >= 0) {
    e << YAML::Key << "capacity_words" << YAML::Value;
    if (lv.shared) e << lv.capacity_words.weights;
    else
      e << YAML::Flow << YAML::BeginMap << YAML::Key << "weights" << YAML::Value << lv.capacity_words.weights
        << YAML::Key << "inputs" << YAML::Value << lv.capacity_words.inputs << YAML::Key << "outputs" << YAML::Value
        << lv.capacity_words.outputs << YAML::EndMap;
  }
  e << YAML::Key << "word_bits" << YAML::Value;
  if (lv.word_bits.weights == lv.word_bits.inputs && lv.word_bits.inputs == lv.word_bits.outputs) e << lv.word_bits.weights;
  else
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "weights" << YAML::Value << lv.word_bits.weights << YAML::Key
      << "inputs" << YAML::Value << lv.word_bits.inputs << YAML::Key << "outputs" << YAML::Value << lv.word_bits.outputs
      << YAML::EndMap;
  e << YAML::Key << "block_words" << YAML::Value << lv.block_words;
  if (!outermost) {
    e << YAML::Key << "mesh_x" << YAML::Value << lv.mesh_x;
    e << YAML::Key << "mesh_y" << YAML::Value << lv.mesh_y;
  }
  if (lv.shared_port) {
    e << YAML::Key << "words_per_cycle" << YAML::Value << lv.read_words_per_cycle;
  } else {
    if (lv.read_words_per_cycle > 0) e << YAML::Key << "read_words_per_cycle" << YAML::Value << lv.read_words_per_cycle;
    if (lv.write_words_per_cycle > 0) e << YAML::Key << "write_words_per_cycle" << YAML::Value << lv.write_words_per_cycle;
  }
  if (lv.latency_cycles > 0) e << YAML::Key << "latency_cycles" << YAML::Value << lv.latency_cycles;
  if (lv.banks > 0) {
    e << YAML::Key << "banks" << YAML::Value << lv.banks;
    // Say so when the banks, not the ports, set the bandwidth.
    const double r = lv.effective_read_words_per_cycle(), w = lv.effective_write_words_per_cycle();
    if ((lv.read_words_per_cycle > 0 && r < lv.read_words_per_cycle) || (lv.write_words_per_cycle > 0 && w < lv.write_words_per_cycle))
      e << YAML::Comment("bank-limited: " + std::to_string(r) + " read, " + std::to_string(w) + " write words per cycle");
  }
  e << YAML::Key << "buffering" << YAML::Value << lv.buffering;
  e << YAML::Key << "network" << YAML::Value << YAML::Flow << YAML::BeginMap;
  e << YAML::Key << "multicast" << YAML::Value << to_string(lv.network.multicast);
  e << YAML::Key << "spatial_reduction" << YAML::Value << lv.network.spatial_reduction;
  if (lv.network.words_per_cycle > 0) e << YAML::Key << "words_per_cycle" << YAML::Value << lv.network.words_per_cycle;
  if (lv.network.energy_per_word >= 0) e << YAML::Key << "energy_per_word" << YAML::Value << lv.network.energy_per_word;
  e << YAML::EndMap;
  e << YAML::Key << "energy" << YAML::Value << YAML::Flow << YAML::BeginMap;
  if (lv.explicit_energy) {
    e << YAML::Key << "read" << YAML::Value;
    emit_per_operand(e, lv.energy.read);
    e << YAML::Key << "fill" << YAML::Value;
    emit_per_operand(e, lv.energy.fill);
    e << YAML::Key << "update" << YAML::Value;
    emit_per_operand(e, lv.energy.update);
  } else {
    e << YAML::Key << "table" << YAML::Value << to_string(lv.table_entry);
  }
  if (lv.table_override_pj > 0) e << YAML::Key << "per_access_pj" << YAML::Value << lv.table_override_pj;
  if (lv.explicit_leakage) e << YAML::Key << "leakage_per_cycle" << YAML::Value << lv.energy.leakage_per_cycle;
  e << YAML::EndMap;
  // What the table entry resolved to (load_arch's priced_energy), per block access.
  if (!lv.explicit_energy) {
    auto number = [](double v) {
      std::ostringstream o;
      o.precision(6);
      o << v;
      return o.str();
    };
    auto triple = [&](const PerOperand<double>& v) { return number(v.weights) + "/" + number(v.inputs) + "/" + number(v.outputs); };
    e << YAML::Comment("per access, weights/inputs/outputs: read " + triple(lv.energy.read) + ", fill " + triple(lv.energy.fill) +
                       ", update " + triple(lv.energy.update) + "; leakage " + number(lv.energy.leakage_per_cycle) + " per cycle");
  }
  if (lv.area_um2 >= 0) e << YAML::Key << "area_um2" << YAML::Value << lv.area_um2;
  e << YAML::EndMap;
}

}  // namespace

std::string to_yaml(const ArchSpec& a) {
  YAML::Emitter e;
  e.SetDoublePrecision(15);
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << a.name;
  if (!a.description.empty()) e << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << a.description;
  e << YAML::Key << "clock_mhz" << YAML::Value << a.clock_mhz;
  e << YAML::Key << "word_bits" << YAML::Value << a.word_bits;
  if (!a.dataflow.empty()) e << YAML::Key << "dataflow" << YAML::Value << a.dataflow;
  e << YAML::Key << "counting" << YAML::Value << to_string(a.counting);
  e << YAML::Key << "mac" << YAML::Value << YAML::Flow << YAML::BeginMap;
  e << YAML::Key << "precision" << YAML::Value << to_string(a.mac.precision);
  e << YAML::Key << "operand_bits" << YAML::Value << a.mac.operand_bits;
  e << YAML::Key << "weight_bits" << YAML::Value << a.mac.weight_bits;
  e << YAML::Key << "accumulator_bits" << YAML::Value << a.mac.accumulator_bits;
  e << YAML::Key << "overflow" << YAML::Value << to_string(a.mac.overflow);
  e << YAML::EndMap;
  e << YAML::Comment(std::to_string(a.mac_instances()) + " PEs, peak " + std::to_string(a.peak_macs_per_s() / 1e9) + " GMAC/s");
  e << YAML::Key << "compute" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "mesh_x" << YAML::Value
    << a.compute.mesh_x << YAML::Key << "mesh_y" << YAML::Value << a.compute.mesh_y << YAML::EndMap;
  e << YAML::Key << "storage" << YAML::Value << YAML::BeginSeq;
  for (int i = a.levels() - 1; i >= 0; --i) emit_level(e, a.storage[i], i == a.levels() - 1);
  e << YAML::EndSeq;
  e << YAML::Key << "energy_table" << YAML::Value << a.energy_table;
  e << YAML::Key << "area_table" << YAML::Value << a.area_table;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace eyrie
