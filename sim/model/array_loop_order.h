#pragma once
// The bridge from the mapper's Mapping to the functional array's loop order: which output
// dimension the mapping spreads over PE rows (spatial Y) and columns (spatial X), and whether
// its temporal reduction walks input channels outside or inside the filter window. The
// functional array (pe_array/functional_array.h) then computes real numbers in that order.
// The array parallelizes outputs only, so a mapping that spreads a reduction dimension (R or
// C, as row stationary does down its columns) has that dimension run in time instead; the
// product order is what matters for a saturating accumulator, and it follows the mapping.
#include <string>

#include "memory/mapping.h"
#include "pe_array/functional_array.h"
#include "sim/core/arch_spec.h"

namespace eyrie {

ArrayLoopOrder array_loop_order(const Mapping& m);

// Maps one layer with a dataflow's mapper (objective edp) on `arch`; throws eyrie::Error when
// no legal mapping exists. `mapping_text` receives the chosen mapping, one line.
ArrayLoopOrder array_loop_order_for(const ConvLayer& layer, const ArchSpec& arch, const std::string& dataflow,
                                    std::string* mapping_text);

}  // namespace eyrie
