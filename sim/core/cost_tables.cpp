#include "sim/core/cost_tables.h"

#include "sim/core/config_node.h"
#include "sim/core/data_paths.h"
#include "sim/core/error.h"
#include "sim/core/per_operand_node.h"

namespace eyrie {

const char* to_string(StorageLevel l) {
  switch (l) {
    case StorageLevel::RegisterFile: return "register_file";
    case StorageLevel::Array: return "array";
    case StorageLevel::GlobalBuffer: return "global_buffer";
    case StorageLevel::Dram: return "dram";
  }
  return "?";
}

const StorageCosts& EnergyTable::storage(StorageLevel entry) const {
  switch (entry) {
    case StorageLevel::RegisterFile: return register_file;
    case StorageLevel::Dram: return dram;
    case StorageLevel::GlobalBuffer:
    case StorageLevel::Array: break;
  }
  return global_buffer;
}

double EnergyTable::per_word(StorageLevel entry, StorageAction action, Operand op, int word_bits) const {
  const StorageCosts& c = storage(entry);
  return c.of(action)[op] * word_bits / c.access_bits;
}

double EnergyTable::mac_energy(Precision p) const {
  const auto it = mac.find(p);
  if (it == mac.end()) throw Error(file + ": energy table " + name + " has no MAC energy for " + to_string(p));
  return it->second;
}

namespace {

std::map<Precision, double> read_per_precision(const ConfigNode& n) {
  n.require_map();
  n.allow_only({"fp32", "int32", "int16", "int8", "ternary"});
  std::map<Precision, double> out;
  for (const char* name : {"fp32", "int16", "int8", "ternary"}) out[*precision_from_string(name)] = n.at(name).as_positive_double();
  if (auto i32 = n.find("int32")) out[Precision::Int32] = i32->as_positive_double();
  else out[Precision::Int32] = out[Precision::Fp32];
  return out;
}

// An energy table prices the precisions it has a source for; an architecture whose MAC it
// does not price is rejected when it names the table (arch_spec.cpp).
std::map<Precision, double> read_mac_energies(const ConfigNode& n) {
  n.require_map();
  n.allow_only({"fp32", "int32", "int16", "int8", "ternary"});
  if (n.size() == 0) n.fail("needs the MAC energy of at least one precision");
  std::map<Precision, double> out;
  for (const std::string& k : n.keys()) out[*precision_from_string(k)] = n.at(k).as_positive_double();
  return out;
}

PerOperand<double> read_operand_costs(const ConfigNode& n) {
  return read_per_operand<double>(n, [](const ConfigNode& c) { return c.as_non_negative_double(); });
}

// One number: the same positive cost for every action and operand. A map: read, fill and
// update (each one number or per operand), optionally access_bits, leakage_per_cycle, source.
StorageCosts read_storage_costs(const ConfigNode& n, int table_access_bits) {
  StorageCosts c;
  c.access_bits = table_access_bits;
  if (!n.is_map()) {
    const double v = n.as_positive_double();
    c.read = c.fill = c.update = {v, v, v};
    return c;
  }
  n.allow_only({"read", "fill", "update", "access_bits", "leakage_per_cycle", "source"});
  c.read = read_operand_costs(n.at("read"));
  c.fill = read_operand_costs(n.at("fill"));
  c.update = read_operand_costs(n.at("update"));
  if (auto b = n.find("access_bits")) c.access_bits = static_cast<int>(b->as_positive_int());
  if (auto l = n.find("leakage_per_cycle")) c.leakage_per_cycle = l->as_non_negative_double();
  if (auto s = n.find("source")) c.source = s->as_string();
  return c;
}

}  // namespace

EnergyTable load_energy_table_file(const std::string& path) {
  const ConfigNode root = ConfigNode::load_file(path);
  root.require_map();
  root.allow_only({"name", "unit", "source", "mac", "access_bits", "register_file", "array",
                   "global_buffer", "dram"});
  EnergyTable t;
  t.file = path;
  t.name = root.get_string("name");
  t.unit = root.at("unit").as_choice({"pJ", "normalized"});
  t.source = root.get_string("source");
  t.mac = read_mac_energies(root.at("mac"));
  t.access_bits = static_cast<int>(root.get_positive_int("access_bits"));
  t.register_file = read_storage_costs(root.at("register_file"), t.access_bits);
  t.array = root.at("array").as_non_negative_double();  // 0: networks cost nothing (Timeloop's designs here)
  t.global_buffer = read_storage_costs(root.at("global_buffer"), t.access_bits);
  t.dram = read_storage_costs(root.at("dram"), t.access_bits);
  return t;
}

AreaTable load_area_table_file(const std::string& path) {
  const ConfigNode root = ConfigNode::load_file(path);
  root.require_map();
  root.allow_only({"name", "unit", "source", "mac", "register_file_per_bit", "global_buffer_per_bit"});
  AreaTable t;
  t.file = path;
  t.name = root.get_string("name");
  t.unit = root.at("unit").as_choice({"um2"});
  t.source = root.get_string("source");
  t.mac = read_per_precision(root.at("mac"));
  t.register_file_per_bit = root.get_positive_double("register_file_per_bit");
  t.global_buffer_per_bit = root.get_positive_double("global_buffer_per_bit");
  return t;
}

std::string energy_table_path(const std::string& name) {
  return data_dir() + "/configs/energy/" + name + ".yaml";
}
std::string area_table_path(const std::string& name) {
  return data_dir() + "/configs/area/" + name + ".yaml";
}
EnergyTable load_energy_table(const std::string& name) { return load_energy_table_file(energy_table_path(name)); }
AreaTable load_area_table(const std::string& name) { return load_area_table_file(area_table_path(name)); }

}  // namespace eyrie
