#include "sim/sweep/sweep_spec.h"

#include <filesystem>

#include "sim/core/config_node.h"
#include "sim/core/error.h"
#include "sim/core/content_hash.h"

namespace eyrie {

namespace {

std::vector<std::string> string_list(const ConfigNode& n) {
  std::vector<std::string> out;
  if (n.is_scalar()) return {n.as_string()};
  for (const ConfigNode& item : n.items()) out.push_back(item.as_string());
  if (out.empty()) n.fail("must list at least one entry");
  return out;
}

// Loads the point's architecture; an error names the sweep file, the point and the cause.
SweepPoint make_point(const SweepSpec& spec, const ConfigNode& where, std::vector<ConfigOverride> overrides) {
  SweepPoint p;
  p.overrides = std::move(overrides);
  try {
    p.arch = load_arch(spec.arch_path, p.overrides);
  } catch (const Error& e) {
    where.fail("point {" + p.label() + "}: " + e.what());
  }
  p.arch_hash = content_hash(to_yaml(p.arch));
  return p;
}

// Loads the networks at the edge; an error names the sweep file's line, not a --network option.
void load_networks(SweepSpec& spec, const ConfigNode& node) {
  std::vector<ConfigNode> items;
  if (node.is_sequence()) items = node.items();
  else items.push_back(node);
  for (std::size_t i = 0; i < spec.networks.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j)
      if (spec.networks[j] == spec.networks[i]) items[i].fail("network '" + spec.networks[i] + "' is listed twice");
    try {
      spec.network_models.push_back(with_batch(load_network(spec.networks[i]), spec.batch));
    } catch (const Error& e) {
      std::string why = e.what();
      const std::string option = "--network: ";  // load_network speaks to the command line
      if (why.rfind(option, 0) == 0) why = why.substr(option.size());
      items[i].fail(why);
    }
  }
  // Two files may name their networks alike (same `network:` or file stem): such networks are
  // labelled by the path as given, so rows, best marks and Pareto fronts keep them apart.
  std::vector<bool> shared(spec.network_models.size(), false);
  for (std::size_t i = 0; i < shared.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (spec.network_models[i].name == spec.network_models[j].name) shared[i] = shared[j] = true;
  for (std::size_t i = 0; i < shared.size(); ++i)
    if (shared[i]) spec.network_models[i].name = spec.networks[i];
}

}  // namespace

SweepSpec load_sweep(const std::string& path) {
  const ConfigNode root = ConfigNode::load_file(path);
  root.require_map();
  root.allow_only({"sweep", "arch", "networks", "dataflows", "objective", "batch", "grid", "points"});
  SweepSpec spec;
  spec.file = path;
  spec.file_hash = file_hash(path);
  spec.name = root.get_string("sweep");
  const ConfigNode arch = root.at("arch");
  std::filesystem::path arch_path(arch.as_string());
  if (arch_path.is_relative()) arch_path = std::filesystem::path(path).parent_path() / arch_path;
  spec.arch_path = arch_path.lexically_normal().string();
  try {
    spec.arch_file_hash = file_hash(spec.arch_path);
  } catch (const Error& e) {
    arch.fail(e.what());
  }
  spec.networks = string_list(root.at("networks"));
  spec.dataflows = root.has("dataflows") ? string_list(root.at("dataflows")) : std::vector<std::string>{};
  for (std::size_t i = 0; i < spec.dataflows.size(); ++i) {
    bool known = false;
    for (const char* d : kDataflowNames) known |= spec.dataflows[i] == d;
    if (!known) root.at("dataflows").fail("must be among ws | os | is | rs | nlr, got \"" + spec.dataflows[i] + "\"");
    for (std::size_t j = 0; j < i; ++j)
      if (spec.dataflows[j] == spec.dataflows[i]) root.at("dataflows").fail("'" + spec.dataflows[i] + "' is listed twice");
  }
  if (auto o = root.find("objective")) spec.objective = o->as_choice({"energy", "cycles", "edp"});
  if (auto b = root.find("batch")) spec.batch = b->as_positive_int();
  load_networks(spec, root.at("networks"));
  if (root.has("grid") == root.has("points")) root.fail("give exactly one of 'grid' (a cartesian product) or 'points' (a list)");

  if (auto grid = root.find("grid")) {
    grid->require_map();
    std::vector<std::vector<std::string>> values;
    std::size_t count = 1;
    for (const std::string& key : grid->keys()) {
      const ConfigNode list = grid->at(key);
      list.require_sequence();
      if (list.size() == 0) list.fail("must list at least one value");
      std::vector<std::string> v;
      for (const ConfigNode& item : list.items()) v.push_back(item.as_string());
      count *= v.size();
      if (count > kMaxSweepPoints)
        grid->fail("more than " + std::to_string(kMaxSweepPoints) + " points; split the sweep");
      spec.parameters.push_back(key);
      values.push_back(std::move(v));
    }
    // Odometer over the value lists, the last parameter fastest.
    std::vector<std::size_t> index(values.size(), 0);
    for (std::size_t n = 0; n < count; ++n) {
      std::vector<ConfigOverride> overrides;
      for (std::size_t k = 0; k < values.size(); ++k) overrides.push_back({spec.parameters[k], values[k][index[k]]});
      spec.points.push_back(make_point(spec, *grid, std::move(overrides)));
      for (std::size_t k = values.size(); k-- > 0;) {
        if (++index[k] < values[k].size()) break;
        index[k] = 0;
      }
    }
  } else {
    const ConfigNode points = root.at("points");
    if (points.size() == 0 || !points.is_sequence()) points.fail("must be a non-empty list of {key.path: value} mappings");
    if (points.size() > kMaxSweepPoints) points.fail("more than " + std::to_string(kMaxSweepPoints) + " points; split the sweep");
    for (const ConfigNode& point : points.items()) {
      point.require_map();
      const auto keys = point.keys();
      if (spec.parameters.empty()) spec.parameters = keys;
      if (keys != spec.parameters) point.fail("every point must set the same keys, in the same order, as the first");
      std::vector<ConfigOverride> overrides;
      for (const std::string& key : keys) overrides.push_back({key, point.at(key).as_string()});
      spec.points.push_back(make_point(spec, point, std::move(overrides)));
    }
  }
  return spec;
}

std::string SweepPoint::label() const {
  std::string s;
  for (const auto& o : overrides) s += (s.empty() ? "" : " ") + o.path + "=" + o.value;
  return s;
}

std::vector<std::string> dataflows_at(const SweepSpec& spec, const SweepPoint& point) {
  if (!spec.dataflows.empty()) return spec.dataflows;
  return {point.arch.dataflow.empty() ? "rs" : point.arch.dataflow};
}

}  // namespace eyrie
