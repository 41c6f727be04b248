#pragma once
// Formats a sweep: one row per point x network x dataflow, the parameters as columns, then
// the results, the best and Pareto marks and the provenance. A row that did not map has empty
// result cells and its reason in `status`: never zeros a plot could mistake for a result.
#include <string>

#include "sim/report/format.h"
#include "sim/sweep/sweep_run.h"

namespace eyrie {

std::string sweep_report(const SweepResult& result, Format format);

// The CSV header and one row, as both the final sweep.csv and the streamed rows.csv write
// them; `marked` false leaves best and pareto empty (not known until every row is in).
std::string sweep_csv_header(const SweepHeader& header);
std::string sweep_csv_row(const SweepRow& row, bool marked);

}  // namespace eyrie
