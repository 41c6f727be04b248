#pragma once
// Per-action energy and per-component area tables (Accelergy's ERT/ART in spirit): the
// performance model counts actions; these tables price them. Each bundled table states the
// source of every number in its YAML file under configs/energy/ and configs/area/.
#include <map>
#include <string>

#include "sim/core/precision.h"

namespace eyrie {

enum class StorageLevel { RegisterFile, Array, GlobalBuffer, Dram };
const char* to_string(StorageLevel l);

struct EnergyTable {
  std::string name;
  std::string unit;    // "pJ", or "normalized" (1 = one 16-bit MAC)
  std::string source;
  std::string file;
  std::map<Precision, double> mac;  // energy of one MAC at that precision
  int access_bits = 16;             // the access width the storage costs are quoted for
  double register_file = 0;         // per access of access_bits
  double array = 0;                 // per word moved over the array NoC
  double global_buffer = 0;
  double dram = 0;

  // Energy of one access to `level` of a word of `word_bits`, scaled linearly from access_bits.
  double access(StorageLevel level, int word_bits) const;
  double mac_energy(Precision p) const;
};

struct AreaTable {
  std::string name;
  std::string unit;  // "um2"
  std::string source;
  std::string file;
  std::map<Precision, double> mac;   // one MAC unit
  double register_file_per_bit = 0;
  double global_buffer_per_bit = 0;
};

EnergyTable load_energy_table_file(const std::string& path);
AreaTable load_area_table_file(const std::string& path);
// By name: configs/energy/<name>.yaml, configs/area/<name>.yaml under the data directory.
std::string energy_table_path(const std::string& name);
std::string area_table_path(const std::string& name);
EnergyTable load_energy_table(const std::string& name);
AreaTable load_area_table(const std::string& name);

}  // namespace eyrie
