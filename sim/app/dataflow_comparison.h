#pragma once
// Dataflows side by side on one network: what `eyrie compare` and the Python module's
// `compare` run. A dataflow that cannot map some layer is left out and named with its error;
// only when none maps the network is it an eyrie::Error (the first dataflow's).
#include <string>
#include <vector>

#include "sim/model/network_run.h"
#include "sim/report/run_report.h"

namespace eyrie {

struct DataflowComparison {
  std::vector<NetworkResult> runs;     // in the order asked, the unmappable left out
  std::vector<Unmappable> unmappable;
};

// Every name is checked before anything runs (a bad name is an error, not an unmappable one).
DataflowComparison compare_dataflows(const Network& net, const AnalyticEngine& engine,
                                     const std::vector<std::string>& dataflows, Objective objective);

}  // namespace eyrie
