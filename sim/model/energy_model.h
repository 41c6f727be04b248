#pragma once
// EnergyModel: prices the access counts with the architecture's per-action table (Accelergy's
// ERT in spirit). Each operand is priced at its own width: weights at mac.weight_bits, inputs
// at mac.operand_bits, psums/outputs at word_bits; the MAC at mac.precision.
// NoC: one `array` cost per word per destination PE (a word multicast to k PEs costs k hops,
// a psum passed through k reducing PEs costs k), as Eyeriss' ISCA 2016 analysis counts
// inter-PE/array traffic; see docs/MODEL.md.
#include <array>

#include "memory/access_counts.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

namespace eyrie {

// Energy levels in report order: register_file, array (NoC), global_buffer, dram.
inline constexpr StorageLevel kEnergyLevels[] = {StorageLevel::RegisterFile, StorageLevel::Array,
                                                 StorageLevel::GlobalBuffer, StorageLevel::Dram};
inline constexpr int kEnergyLevelCount = 4;

struct LayerEnergy {
  double mac = 0;
  std::array<PerOperand<double>, kEnergyLevelCount> by_level{};  // indexed like kEnergyLevels
  double level_total(int i) const { return by_level[i].weights + by_level[i].inputs + by_level[i].outputs; }
  double total() const;
};

class EnergyModel {
 public:
  EnergyModel(const ArchSpec& arch, const EnergyTable& table);
  double mac_energy() const { return m_mac; }
  double access_energy(StorageLevel level, Operand op) const;  // per word
  LayerEnergy evaluate(const AccessCounts& counts) const;
  const std::string& unit() const { return m_unit; }

 private:
  double m_mac = 0;
  std::array<PerOperand<double>, kEnergyLevelCount> m_per_word{};
  std::string m_unit;
};

}  // namespace eyrie
