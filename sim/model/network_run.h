#pragma once
// Runs a network through the analytical model: per layer, the best mapping of a dataflow (or
// an explicit mapping), evaluated; totals over the network.
#include <map>
#include <optional>
#include <string>

#include "sim/model/mapper.h"
#include "workloads/network.h"

namespace eyrie {

struct RunOptions {
  std::string dataflow = "rs";
  Objective objective = Objective::Edp;
  std::optional<Mapping> mapping;  // explicit: used for every layer, checked against each
  std::map<std::string, Mapping> layer_mappings;  // explicit per layer (a directory of files)
  std::string mapping_file;        // for messages
};

// Layers without MACs (pooling, element-wise) are skipped. A layer no legal mapping fits is
// an eyrie::Error: "layer conv1: dataflow rs: no legal mapping: <reason>".
NetworkResult run_network(const Network& net, const AnalyticEngine& engine, const RunOptions& options);

}  // namespace eyrie
