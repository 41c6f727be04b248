#pragma once
// Formats a sweep: one row per point x network x dataflow, the parameters as columns.
#include <string>

#include "sim/report/format.h"
#include "sim/sweep/sweep_run.h"

namespace eyrie {

std::string sweep_report(const SweepResult& result, Format format);

}  // namespace eyrie
