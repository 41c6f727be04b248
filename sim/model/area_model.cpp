#include "sim/model/area_model.h"

namespace eyrie {

AreaBreakdown estimate_area(const ArchSpec& arch, const AreaTable& table) {
  AreaBreakdown a;
  const double pes = arch.pe_array.pes();
  a.mac_um2 = pes * table.mac.at(arch.mac.precision);
  const RegisterFileSpec& rf = arch.register_file;
  // Ternary weights are stored as 2-bit codes; other operands at the arch's word width.
  const double filter_bits = arch.mac.precision == Precision::Ternary ? arch.mac.weight_bits : arch.word_bits;
  const double rf_bits = (rf.ifmap_words + rf.psum_words) * static_cast<double>(arch.word_bits) +
                         rf.filter_words * filter_bits;
  a.register_file_um2 = pes * rf_bits * table.register_file_per_bit;
  a.global_buffer_um2 = arch.global_buffer.size_bytes * 8.0 * table.global_buffer_per_bit;
  return a;
}

}  // namespace eyrie
