#include "sim/core/cost_tables.h"

#include "sim/core/config_node.h"
#include "sim/core/data_paths.h"

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

double EnergyTable::access(StorageLevel level, int word_bits) const {
  double per_access = 0;
  switch (level) {
    case StorageLevel::RegisterFile: per_access = register_file; break;
    case StorageLevel::Array: per_access = array; break;
    case StorageLevel::GlobalBuffer: per_access = global_buffer; break;
    case StorageLevel::Dram: per_access = dram; break;
  }
  return per_access * word_bits / access_bits;
}

double EnergyTable::mac_energy(Precision p) const { return mac.at(p); }

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
  t.mac = read_per_precision(root.at("mac"));
  t.access_bits = static_cast<int>(root.get_positive_int("access_bits"));
  t.register_file = root.get_positive_double("register_file");
  t.array = root.get_positive_double("array");
  t.global_buffer = root.get_positive_double("global_buffer");
  t.dram = root.get_positive_double("dram");
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
