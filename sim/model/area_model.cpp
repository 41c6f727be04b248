#include "sim/model/area_model.h"

#include <algorithm>

namespace eyrie {

AreaBreakdown estimate_area(const ArchSpec& arch, const AreaTable& table) {
  AreaBreakdown a;
  a.mac_um2 = static_cast<double>(arch.mac_instances()) * table.mac.at(arch.mac.precision);
  for (int l = 0; l < arch.levels() && l < static_cast<int>(a.level_um2.size()); ++l) {
    const StorageLevelSpec& lv = arch.storage[l];
    const bool rf = lv.table_entry == StorageLevel::RegisterFile;
    double per_instance = 0;
    if (lv.area_um2 >= 0) {
      per_instance = lv.area_um2;
    } else if (lv.capacity_words.weights >= 0) {
      double bits = 0;
      if (lv.shared) {
        bits = static_cast<double>(lv.capacity_words.weights) *
               std::max({lv.word_bits.weights, lv.word_bits.inputs, lv.word_bits.outputs});
      } else {
        for (Operand op : kOperands) bits += static_cast<double>(lv.capacity_words[op]) * lv.word_bits[op];
      }
      per_instance = bits * (rf ? table.register_file_per_bit : table.global_buffer_per_bit);
    }
    a.level_um2[l] = per_instance * static_cast<double>(arch.instances(l));
    (rf ? a.register_file_um2 : a.global_buffer_um2) += a.level_um2[l];
  }
  return a;
}

}  // namespace eyrie
