#pragma once
// SCALE-Sim v2's three report files (simulator.py generate_reports), byte for byte: the same
// headers, "LayerID, v1, v2, ...," rows, integers as integers, cycles of its traces as floats
// ("33.0") and every float as Python's repr prints it (shortest round-trip digits).
#include <string>
#include <vector>

#include "sim/systolic/systolic_sim.h"

namespace eyrie::systolic {

std::string compute_report_csv(const std::vector<SystolicLayerResult>& layers);
std::string bandwidth_report_csv(const std::vector<SystolicLayerResult>& layers);
std::string detailed_access_report_csv(const std::vector<SystolicLayerResult>& layers);

// Python's repr(float): shortest digits that read back to the same double; fixed notation for
// decimal exponents -4..15, else scientific as "1e-05" / "1.5e+16"; ".0" on integral values.
std::string python_float(double v);

}  // namespace eyrie::systolic
