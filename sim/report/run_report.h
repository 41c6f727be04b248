#pragma once
// `eyrie run` and `eyrie compare` output: a table for people, CSV and JSON for tools. The JSON
// schema is documented in docs/OUTPUT.md and kept stable.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/model/layer_result.h"
#include "sim/report/format.h"

namespace eyrie {

nlohmann::ordered_json run_json(const NetworkResult& r);
// What the energy keys of the JSON end in: the energy unit in lower case ("pJ" -> "pj",
// "normalized" -> "normalized"), so `energy_pj` only ever holds pJ.
std::string energy_key_suffix(const std::string& energy_unit);
std::string run_report(const NetworkResult& r, Format format);
std::string run_layers_csv(const NetworkResult& r);

// Dataflows side by side; `objective` picks the one marked best (lowest). `unmappable` lists
// the dataflows that could not map some layer, with the error line.
struct Unmappable {
  std::string dataflow;
  std::string reason;
};
std::string compare_report(const std::vector<NetworkResult>& runs, const std::string& objective, Format format,
                           const std::vector<Unmappable>& unmappable = {});
// Every layer (and the total) of every run, one row each: run_layers_csv's columns after a
// leading `dataflow` column.
std::string compare_layers_csv(const std::vector<NetworkResult>& runs);
// Index of the best run by the objective (energy | cycles | edp), first on ties.
std::size_t best_run(const std::vector<NetworkResult>& runs, const std::string& objective);

}  // namespace eyrie
