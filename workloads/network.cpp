#include "workloads/network.h"

#include <algorithm>
#include <filesystem>

#include "sim/core/checked.h"
#include "sim/core/data_paths.h"
#include "sim/core/error.h"
#include "workloads/scalesim_topology.h"

namespace eyrie {

namespace fs = std::filesystem;

std::int64_t Network::total_macs() const {
  std::int64_t total = 0;
  for (const auto& l : layers) total = checked_add(total, l.macs(), "network " + name + ": total MACs");
  return total;
}

std::int64_t Network::layers_with_macs() const {
  return std::count_if(layers.begin(), layers.end(), [](const ConvLayer& l) { return l.has_macs(); });
}

std::vector<std::string> bundled_networks() {
  std::vector<std::string> names;
  const fs::path dir = fs::path(data_dir()) / "workloads" / "networks";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

Network load_network(const std::string& name_or_path) {
  const fs::path p(name_or_path);
  const bool looks_like_path = name_or_path.find('/') != std::string::npos || p.has_extension();
  std::error_code ec;
  if (fs::exists(p, ec) || looks_like_path) {
    if (p.extension() == ".csv") return load_scalesim_topology(name_or_path);
    return load_network_yaml(name_or_path);
  }
  const fs::path bundled = fs::path(data_dir()) / "workloads" / "networks" / (name_or_path + ".yaml");
  if (fs::exists(bundled, ec)) return load_network_yaml(bundled.string());
  std::string known;
  for (const auto& n : bundled_networks()) known += (known.empty() ? "" : ", ") + n;
  throw Error("--network: unknown network '" + name_or_path + "' (bundled: " + known +
              "; or give a path to a .yaml or SCALE-Sim .csv file)");
}

Network with_batch(Network net, std::int64_t batch) {
  if (batch <= 0) throw Error("--batch: must be a positive integer, got " + std::to_string(batch));
  for (auto& l : net.layers) {
    l.N = batch;
    validate(l, "--batch " + std::to_string(batch) + ": layer " + l.name);
  }
  net.total_macs();  // the sum must fit too
  return net;
}

}  // namespace eyrie
