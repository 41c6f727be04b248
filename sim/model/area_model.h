#pragma once
// Silicon area of an architecture from its area table, level by level: the MAC units, and
// every on-chip storage level (its own area_um2 per instance, else its bits at the table's
// per-bit figure: register-file-priced levels at register_file_per_bit, the others at
// global_buffer_per_bit; an unbounded level is off chip). A first-order estimate (no NoC
// wiring, no control), enough to put area beside energy and cycles in a sweep.
#include <array>

#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

namespace eyrie {

struct AreaBreakdown {
  double mac_um2 = 0;
  double register_file_um2 = 0;  // levels priced as register files
  double global_buffer_um2 = 0;  // the other on-chip levels
  std::array<double, 8> level_um2{};  // per storage level, innermost first (all instances)
  double total_um2() const { return mac_um2 + register_file_um2 + global_buffer_um2; }
};

AreaBreakdown estimate_area(const ArchSpec& arch, const AreaTable& table);

}  // namespace eyrie
