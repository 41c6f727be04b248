#pragma once
// A network: an ordered list of layers, loaded from the bundled YAML files
// (workloads/networks/<name>.yaml), from a user's YAML file, or from a SCALE-Sim topology CSV.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/conv_layer.h"

namespace eyrie {

struct Network {
  std::string name;
  std::string description;
  std::string source;  // the file it was read from
  std::vector<ConvLayer> layers;

  std::int64_t total_macs() const;
  std::int64_t layers_with_macs() const;
};

// `name_or_path`: a file (YAML, or .csv in SCALE-Sim's format) or the name of a bundled network.
// Throws eyrie::Error with file, line and field on any problem; an empty network is an error.
Network load_network(const std::string& name_or_path);
Network load_network_yaml(const std::string& path);
Network load_network_yaml_text(const std::string& text, const std::string& origin);

// Names of the bundled networks, sorted.
std::vector<std::string> bundled_networks();

// The same network at another batch size.
Network with_batch(Network net, std::int64_t batch);

}  // namespace eyrie
