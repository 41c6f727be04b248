#pragma once
// EnergyModel: prices the access counts with the architecture's per-action figures, level by
// level (Accelergy's ERT in spirit). A level is priced from the energy table's entry it names
// (register_file, global_buffer, dram; scaled to each operand's word bits) or from its own
// explicit read/fill/update figures; energy is paid per access of a block of block_words
// words. Leakage: per instance per cycle. A network with fan-out costs `array` (or its own
// energy_per_word) per word per destination child (a word multicast to k children costs k
// hops, a psum passed through k reducing children costs k), as Eyeriss' ISCA 2016 analysis
// counts inter-PE traffic; see docs/MODEL.md.
#include <array>

#include "memory/access_counts.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

namespace eyrie {

// Report columns: every level sums into the column of its table entry, networks into array.
inline constexpr StorageLevel kEnergyLevels[] = {StorageLevel::RegisterFile, StorageLevel::Array,
                                                 StorageLevel::GlobalBuffer, StorageLevel::Dram};
inline constexpr int kEnergyLevelCount = 4;
int energy_column(StorageLevel entry);  // index into kEnergyLevels

// Block accesses of `words` moved by `used` instances in blocks of `block` words, rounded per
// instance (docs/MODEL.md "Energy").
double block_accesses(std::int64_t words, int block, std::int64_t used);

struct LayerEnergy {
  double mac = 0;
  std::array<PerOperand<double>, kEnergyLevelCount> by_level{};  // indexed like kEnergyLevels
  std::array<double, kEnergyLevelCount> leakage{};               // per column
  int levels = 0;
  std::array<PerOperand<double>, kMaxLevels> storage{};  // per storage level, innermost first
  std::array<PerOperand<double>, kMaxLevels> network{};  // per network below a level
  std::array<double, kMaxLevels> storage_leakage{};
  double level_total(int i) const {
    return by_level[i].weights + by_level[i].inputs + by_level[i].outputs + leakage[i];
  }
  double total() const;
  void add(const LayerEnergy& o);
};

class EnergyModel {
 public:
  EnergyModel(const ArchSpec& arch, const EnergyTable& table);
  double mac_energy() const { return m_mac; }
  // Per word read from the first level priced from `level` (StorageLevel::Array: the first
  // network with fan-out).
  double access_energy(StorageLevel level, Operand op) const;
  LayerEnergy evaluate(const AccessCounts& counts, std::int64_t cycles = 0) const;
  const std::string& unit() const { return m_unit; }

 private:
  struct LevelPrice {
    ActionEnergy per_access;   // per block access
    int block_words = 1;
    PerOperand<double> network_per_word{};
    bool priced_network = false;
    int column = 0;
    double instances = 1;
    StorageLevel entry = StorageLevel::GlobalBuffer;
  };
  double m_mac = 0;
  int m_levels = 0;
  std::array<LevelPrice, kMaxLevels> m_price{};
  std::string m_unit;
};

}  // namespace eyrie
