#pragma once
// Runs a network through the analytical model: per layer, the best mapping of a dataflow (or
// an explicit mapping), evaluated; totals over the network.
#include <optional>
#include <string>

#include "sim/model/mapper.h"
#include "workloads/network.h"

namespace eyrie {

struct RunOptions {
  std::string dataflow = "rs";
  Objective objective = Objective::Edp;
  std::optional<Mapping> mapping;  // explicit: used for every layer, checked against each
  std::string mapping_file;        // for messages
  // A per-layer mapping directory (what `run --out DIR` writes under DIR/mappings): each layer
  // takes DIR/<mapping_file_stem(name)>.yaml. Set instead of `mapping`.
  std::string mapping_dir;
  SearchOptions search;  // the mapper's (its evaluation cap, kDefaultMaxEvaluations by default)
};

// The directory of per-layer mappings at `path`: the path itself, or path/mappings when `path`
// is an `--out` directory. "" when `path` is not a directory.
std::string mapping_directory(const std::string& path);

// Layers without MACs (pooling, element-wise) are skipped. A layer no legal mapping fits is
// an eyrie::Error: "layer conv1: dataflow rs: no legal mapping: <reason>".
NetworkResult run_network(const Network& net, const AnalyticEngine& engine, const RunOptions& options);

}  // namespace eyrie
