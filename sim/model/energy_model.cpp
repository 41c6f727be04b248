#include "sim/model/energy_model.h"

namespace eyrie {

double LayerEnergy::total() const {
  double t = mac;
  for (int i = 0; i < kEnergyLevelCount; ++i) t += level_total(i);
  return t;
}

EnergyModel::EnergyModel(const ArchSpec& arch, const EnergyTable& table) : m_unit(table.unit) {
  m_mac = table.mac_energy(arch.mac.precision);
  const PerOperand<int> bits = {arch.mac.weight_bits, arch.mac.operand_bits, arch.word_bits};
  for (int i = 0; i < kEnergyLevelCount; ++i)
    for (Operand op : kOperands) {
      double e = table.access(kEnergyLevels[i], bits[op]);
      // The architecture's own DRAM figure (pJ per word) wins when the table is in pJ.
      if (kEnergyLevels[i] == StorageLevel::Dram && arch.dram.energy_per_access_pj > 0 && table.unit == "pJ")
        e = arch.dram.energy_per_access_pj * bits[op] / arch.word_bits;
      m_per_word[i][op] = e;
    }
}

double EnergyModel::access_energy(StorageLevel level, Operand op) const {
  for (int i = 0; i < kEnergyLevelCount; ++i)
    if (kEnergyLevels[i] == level) return m_per_word[i][op];
  return 0;
}

LayerEnergy EnergyModel::evaluate(const AccessCounts& c) const {
  LayerEnergy e;
  e.mac = m_mac * static_cast<double>(c.macs);
  for (Operand op : kOperands) {
    e.by_level[0][op] = m_per_word[0][op] * static_cast<double>(c.at(MapLevel::RegisterFile)[op].total());
    e.by_level[1][op] = m_per_word[1][op] * static_cast<double>(c.noc_pe_words[op]);
    e.by_level[2][op] = m_per_word[2][op] * static_cast<double>(c.at(MapLevel::GlobalBuffer)[op].total());
    e.by_level[3][op] = m_per_word[3][op] * static_cast<double>(c.at(MapLevel::Dram)[op].total());
  }
  return e;
}

}  // namespace eyrie
