#pragma once
// Per-action energy and per-component area tables (Accelergy's ERT/ART in spirit): the
// performance model counts actions; these tables price them. Each bundled table states the
// source of every number in its YAML file under configs/energy/ and configs/area/.
#include <map>
#include <string>

#include "sim/core/operand.h"
#include "sim/core/precision.h"

namespace eyrie {

enum class StorageLevel { RegisterFile, Array, GlobalBuffer, Dram };
const char* to_string(StorageLevel l);

enum class StorageAction { Read, Fill, Update };

// One storage entry of an energy table: the cost of one access of `access_bits` bits per
// action (read: to a child or the MACs; fill: from the parent; update: a psum written by a
// child or the MACs) and operand, and leakage per instance per cycle. A table may give one
// number for an entry: the same cost for every action and operand (the Eyeriss papers quote
// one normalized figure per access).
struct StorageCosts {
  PerOperand<double> read, fill, update;
  double leakage_per_cycle = 0;
  int access_bits = 16;
  std::string source;  // this entry's source; empty: the table's `source` covers it

  const PerOperand<double>& of(StorageAction a) const {
    return a == StorageAction::Read ? read : a == StorageAction::Fill ? fill : update;
  }
};

struct EnergyTable {
  std::string name;
  std::string unit;    // "pJ", or "normalized" (1 = one 16-bit MAC)
  std::string source;
  std::string file;
  std::map<Precision, double> mac;  // energy of one MAC at the precisions the table prices
  int access_bits = 16;             // the access width the costs are quoted for (an entry may set its own)
  StorageCosts register_file, global_buffer, dram;
  double array = 0;                 // per word of access_bits moved over an array network, per hop

  const StorageCosts& storage(StorageLevel entry) const;  // register_file, global_buffer or dram
  // Energy of `action` on one word of `word_bits` of `op` at `entry`, scaled linearly from the
  // entry's access_bits.
  double per_word(StorageLevel entry, StorageAction action, Operand op, int word_bits) const;
  // Energy of one word of `word_bits` over one hop of a network, scaled from access_bits.
  double network_per_word(int word_bits) const { return array * word_bits / access_bits; }
  bool prices(Precision p) const { return mac.count(p) > 0; }
  double mac_energy(Precision p) const;  // an Error naming the table when it has no figure for p
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
