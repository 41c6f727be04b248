#pragma once
// Silicon area of an architecture from its area table: the MAC units, the per-PE register
// files and the global buffer. A first-order estimate (no NoC wiring, no control), enough to
// put area beside energy and cycles in a sweep.
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

namespace eyrie {

struct AreaBreakdown {
  double mac_um2 = 0;
  double register_file_um2 = 0;
  double global_buffer_um2 = 0;
  double total_um2() const { return mac_um2 + register_file_um2 + global_buffer_um2; }
};

AreaBreakdown estimate_area(const ArchSpec& arch, const AreaTable& table);

}  // namespace eyrie
