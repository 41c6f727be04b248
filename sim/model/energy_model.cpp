#include "sim/model/energy_model.h"

namespace eyrie {

int energy_column(StorageLevel entry) {
  for (int i = 0; i < kEnergyLevelCount; ++i)
    if (kEnergyLevels[i] == entry) return i;
  return 0;
}

double LayerEnergy::total() const {
  double t = mac;
  for (int i = 0; i < kEnergyLevelCount; ++i) t += level_total(i);
  return t;
}

void LayerEnergy::add(const LayerEnergy& o) {
  mac += o.mac;
  levels = std::max(levels, o.levels);
  for (int i = 0; i < kEnergyLevelCount; ++i) {
    leakage[i] += o.leakage[i];
    for (Operand op : kOperands) by_level[i][op] += o.by_level[i][op];
  }
  for (int l = 0; l < kMaxLevels; ++l) {
    storage_leakage[l] += o.storage_leakage[l];
    for (Operand op : kOperands) {
      storage[l][op] += o.storage[l][op];
      network[l][op] += o.network[l][op];
    }
  }
}

EnergyModel::EnergyModel(const ArchSpec& arch, const EnergyTable& table) : m_unit(table.unit) {
  m_mac = table.mac_energy(arch.mac.precision);
  m_levels = arch.levels();
  for (int l = 0; l < m_levels; ++l) {
    const StorageLevelSpec& lv = arch.storage[l];
    LevelPrice& p = m_price[l];
    p.entry = lv.table_entry;
    p.column = energy_column(lv.table_entry);
    p.block_words = lv.block_words;
    p.instances = static_cast<double>(arch.instances(l));
    p.per_access = priced_energy(lv, table, arch.word_bits);
    const std::int64_t children = l == 0 ? static_cast<std::int64_t>(arch.compute.mesh_x) * arch.compute.mesh_y
                                         : arch.storage[l - 1].instances_below_parent();
    p.priced_network = children > 1;
    for (Operand op : kOperands)
      p.network_per_word[op] = lv.network.energy_per_word >= 0 ? lv.network.energy_per_word
                                                               : table.network_per_word(lv.word_bits[op]);
  }
}

double EnergyModel::access_energy(StorageLevel level, Operand op) const {
  for (int l = 0; l < m_levels; ++l) {
    const LevelPrice& p = m_price[l];
    if (level == StorageLevel::Array && p.priced_network) return p.network_per_word[op];
    if (level != StorageLevel::Array && p.entry == level) return p.per_access.read[op] / p.block_words;
  }
  return 0;
}

// Accesses of whole blocks, rounded per instance as Timeloop does (BufferLevel::
// ComputeVectorAccesses on per-instance counts, times the instances): each of `used`
// instances moves words / used of them, and a partial block costs a whole access.
// ceil(ceil(words / used) / block) = ceil(words / (used x block)): with imperfect factors the
// instances differ and this rounds the mean instance's words.
double block_accesses(std::int64_t words, int block, std::int64_t used) {
  if (block == 1 || words == 0) return static_cast<double>(words);
  const std::int64_t per = used > 0 ? used : 1;
  const std::int64_t words_per_block_row = per * block;
  return static_cast<double>((words + words_per_block_row - 1) / words_per_block_row) * static_cast<double>(per);
}

LayerEnergy EnergyModel::evaluate(const AccessCounts& c, std::int64_t cycles) const {
  LayerEnergy e;
  e.mac = m_mac * static_cast<double>(c.macs);
  e.levels = m_levels;
  for (int l = 0; l < m_levels && l < c.level_count; ++l) {
    const LevelPrice& p = m_price[l];
    for (Operand op : kOperands) {
      const OperandAccesses& a = c.levels[l][op];
      const std::int64_t used = c.used_instances[l];
      const double s = block_accesses(a.reads, p.block_words, used) * p.per_access.read[op] +
                       block_accesses(a.fills, p.block_words, used) * p.per_access.fill[op] +
                       block_accesses(a.updates, p.block_words, used) * p.per_access.update[op];
      e.storage[l][op] = s;
      e.by_level[p.column][op] += s;
      if (p.priced_network) {
        const double n = p.network_per_word[op] * static_cast<double>(c.network_child_words[l][op]);
        e.network[l][op] = n;
        e.by_level[energy_column(StorageLevel::Array)][op] += n;
      }
    }
    const double leak = p.per_access.leakage_per_cycle * p.instances * static_cast<double>(cycles);
    e.storage_leakage[l] = leak;
    e.leakage[p.column] += leak;
  }
  return e;
}

}  // namespace eyrie
