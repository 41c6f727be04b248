#include "memory/mapping_file.h"

#include "sim/core/config_node.h"

namespace eyrie {

namespace {

Factors parse_factors(const ConfigNode& n) {
  n.require_map();
  Factors f = kOnes;
  for (const auto& key : n.keys()) {
    Dim d;
    if (key.size() != 1 || !dim_from_letter(key[0], &d))
      n.at(key).fail("unknown dimension \"" + key + "\" (use N, M, C, P, Q, R, S)");
    f[static_cast<int>(d)] = n.at(key).as_positive_int();
  }
  return f;
}

std::array<Dim, kDims> parse_permutation(const ConfigNode& n) {
  const std::string s = n.as_string();
  std::array<Dim, kDims> p{};
  bool seen[kDims] = {};
  int k = 0;
  for (char c : s) {
    Dim d;
    if (!dim_from_letter(c, &d)) n.fail(std::string("unknown dimension '") + c + "' (use N, M, C, P, Q, R, S)");
    if (seen[static_cast<int>(d)]) n.fail(std::string("dimension '") + c + "' appears twice");
    seen[static_cast<int>(d)] = true;
    p[k++] = d;
  }
  for (Dim d : {Dim::S, Dim::R, Dim::Q, Dim::P, Dim::C, Dim::M, Dim::N})
    if (!seen[static_cast<int>(d)]) p[k++] = d;
  return p;
}

PerOperand<bool> parse_operands(const ConfigNode& n, bool value) {
  n.require_sequence();
  PerOperand<bool> r = {!value, !value, !value};
  for (const auto& item : n.items()) {
    const std::string s = item.as_choice({"weights", "inputs", "outputs"});
    r[s == "weights" ? Operand::Weights : s == "inputs" ? Operand::Inputs : Operand::Outputs] = value;
  }
  return r;
}

Mapping parse(const ConfigNode& root) {
  root.require_map();
  root.allow_only({"mapping"});
  const ConfigNode list = root.at("mapping");
  list.require_sequence();
  Mapping m;
  bool seen[kMapLevels] = {};
  for (const auto& entry : list.items()) {
    entry.require_map();
    entry.allow_only({"level", "temporal", "permutation", "spatial_x", "spatial_y", "keep", "bypass"});
    const std::string name = entry.at("level").as_choice({"dram", "global_buffer", "register_file"});
    const MapLevel level = name == "dram" ? MapLevel::Dram
                           : name == "global_buffer" ? MapLevel::GlobalBuffer : MapLevel::RegisterFile;
    if (seen[static_cast<int>(level)]) entry.at("level").fail("level \"" + name + "\" appears twice");
    seen[static_cast<int>(level)] = true;
    LevelMapping& lv = m.at(level);
    if (auto t = entry.find("temporal")) lv.temporal = parse_factors(*t);
    if (auto p = entry.find("permutation")) lv.permutation = parse_permutation(*p);
    for (const char* key : {"spatial_x", "spatial_y"}) {
      auto s = entry.find(key);
      if (!s) continue;
      if (level != MapLevel::GlobalBuffer)
        s->fail("spatial factors belong to global_buffer, where data fans out to the PEs");
      (std::string(key) == "spatial_x" ? m.spatial_x : m.spatial_y) = parse_factors(*s);
    }
    if (entry.has("keep") && entry.has("bypass")) entry.at("bypass").fail("give keep or bypass, not both");
    if (auto k = entry.find("keep")) lv.keep = parse_operands(*k, true);
    if (auto b = entry.find("bypass")) {
      if (level == MapLevel::Dram) b->fail("dram holds every operand and cannot bypass");
      lv.keep = parse_operands(*b, false);
    }
    if (level == MapLevel::Dram)
      for (Operand op : kOperands)
        if (!lv.keep[op]) entry.at("keep").fail(std::string("dram holds every operand; keep must list ") + to_string(op));
  }
  return m;
}

}  // namespace

Mapping load_mapping(const std::string& path) { return parse(ConfigNode::load_file(path)); }
Mapping parse_mapping_text(const std::string& text, const std::string& origin) {
  return parse(ConfigNode::parse(text, origin));
}

}  // namespace eyrie
