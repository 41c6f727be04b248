#include "sim/app/dataflow_comparison.h"

#include "sim/core/error.h"

namespace eyrie {

DataflowComparison compare_dataflows(const Network& net, const AnalyticEngine& engine,
                                     const std::vector<std::string>& dataflows, Objective objective) {
  if (dataflows.empty()) throw Error("dataflows: name at least one of ws, os, is, rs, nlr");
  for (const auto& d : dataflows) dataflow_named(d);
  DataflowComparison out;
  std::string first_error;
  for (const auto& d : dataflows) {
    RunOptions o;
    o.dataflow = d;
    o.objective = objective;
    try {
      out.runs.push_back(run_network(net, engine, o));
    } catch (const Error& e) {
      out.unmappable.push_back({d, e.what()});
      if (first_error.empty()) first_error = e.what();
    }
  }
  if (out.runs.empty()) throw Error(first_error);
  return out;
}

}  // namespace eyrie
