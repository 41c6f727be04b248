#include "memory/mapping_file.h"

#include <cctype>
#include <sstream>
#include <stdexcept>

#include "sim/core/config_node.h"
#include "timeloop/tl_factors.h"

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

std::array<Dim, kDims> parse_permutation(const ConfigNode& n, const std::string& s) {
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

std::string lower(const std::string& t) {
  std::string s;
  for (char c : t) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// timeloopfe's fan-out levels (inter_PE_spatial, inter_PE_column_spatial): spatial loops into
// a container, holding nothing.
bool is_fan_out_name(const std::string& lowered) {
  const std::string tail = "_spatial";
  return lowered.rfind("inter_", 0) == 0 && lowered.size() > tail.size() &&
         lowered.compare(lowered.size() - tail.size(), tail.size(), tail) == 0;
}

// A Timeloop target: one of the level names exactly (any case); for the Eyeriss preset's three
// levels also the names Timeloop's example architectures use.
int timeloop_level(const ConfigNode& n, const std::vector<std::string>& names) {
  const std::string s = lower(n.as_string());
  for (std::size_t l = 0; l < names.size(); ++l)
    if (lower(names[l]) == s) return static_cast<int>(l);
  if (names.size() == static_cast<std::size_t>(kMapLevels)) {
    auto has = [&](const char* w) { return s.find(w) != std::string::npos; };
    // The fan-out into the PE array hangs under the preset's global buffer.
    if (is_fan_out_name(s)) return static_cast<int>(MapLevel::GlobalBuffer);
    if (has("dram") || has("mainmemory") || has("main_memory") || has("offchip")) return static_cast<int>(MapLevel::Dram);
    if (has("global") || has("glb") || has("shared") || has("buffer")) return static_cast<int>(MapLevel::GlobalBuffer);
    if (has("register") || has("rf") || has("spad") || has("scratchpad") || has("pe") || has("reg"))
      return static_cast<int>(MapLevel::RegisterFile);
    n.fail("cannot tell which eyrie level \"" + n.as_string() +
           "\" is (name it after DRAM/MainMemory, GlobalBuffer, or RegisterFile/spad)");
  }
  std::string list;
  for (auto it = names.rbegin(); it != names.rend(); ++it) list += (list.empty() ? "" : ", ") + *it;
  n.fail("no level named \"" + n.as_string() + "\" (the architecture has " + list + ")");
}

// "R=3 S=3 P=1 Q=1 C=2 K=4 N=1", "R3 S3", "R=3,S=3" (K is Timeloop's name for M), in
// Timeloop's grammar as timeloop/tl_factors reads it.
Factors parse_factor_string(const ConfigNode& n) {
  Factors f = kOnes;
  for (const tl::TlFactor& t : tl::parse_factors(n)) {
    Dim d;
    const std::string name = t.dim == "K" ? "M" : t.dim;
    if (name.size() != 1 || !dim_from_letter(name[0], &d))
      n.fail("unknown dimension \"" + t.dim + "\" (use R=3 S=3 P=.. Q=.. C=.. K=.. N=..)");
    if (t.value == 0 || t.residual != 0)
      n.fail("factor " + t.dim + ": write the whole factor; 0 (the rest) and imperfect factors (P=7,3) are not read here");
    f[static_cast<int>(d)] = t.value;
  }
  return f;
}

std::string timeloop_dims(const ConfigNode& n) {
  std::string s = n.as_string();
  for (char& c : s)
    if (c == 'K') c = 'M';
  return s;
}

PerOperand<bool> parse_timeloop_spaces(const ConfigNode& n, bool value, PerOperand<bool> r) {
  n.require_sequence();
  for (const auto& item : n.items()) {
    const std::string s = item.as_choice({"Weights", "Inputs", "Outputs"});
    r[s == "Weights" ? Operand::Weights : s == "Inputs" ? Operand::Inputs : Operand::Outputs] = value;
  }
  return r;
}

// Timeloop's mapping format: entries {target, type: temporal|spatial|bypass|datatype|dataspace,
// factors, permutation, split, keep, bypass}. A spatial entry's permutation lists X dims first;
// `split` is where Y begins (Timeloop's meaning), default all X.
// Several Timeloop levels may target one eyrie level (Eyeriss' ifmap/weights/psum spads fold
// into the register file, its inter_PE_* fan-outs into the global buffer's): spatial factors
// multiply per axis, kept data spaces unite, and a temporal entry whose factors are all 1
// contributes nothing (its permutation orders nothing). Loops of two Timeloop levels in one
// eyrie level have no order between them, so a second temporal entry with a factor above 1 for
// the same eyrie level is an error (eyrie run on the Timeloop architecture keeps the levels).
Mapping parse_timeloop(const ConfigNode& list, const std::vector<std::string>& names) {
  Mapping m;
  m.count = static_cast<int>(names.size());
  const int outer = m.count - 1;
  bool seen_keep[kMaxLevels] = {};
  std::string loops_from[kMaxLevels];  // the target whose temporal loops a level holds
  for (const auto& entry : list.items()) {
    entry.require_map();
    entry.allow_only({"target", "type", "factors", "permutation", "split", "keep", "bypass"});
    const int level = timeloop_level(entry.at("target"), names);
    const std::string target = entry.at("target").as_string();
    const std::string type = entry.at("type").as_choice({"temporal", "spatial", "bypass", "datatype", "dataspace"});
    LevelMapping& lv = m.levels[level];
    const int li = level;
    if (type == "temporal") {
      const Factors g = entry.has("factors") ? parse_factor_string(entry.at("factors")) : kOnes;
      std::array<Dim, kDims> order = lv.permutation;
      if (auto p = entry.find("permutation")) order = parse_permutation(*p, timeloop_dims(*p));
      if (product(g) == 1) continue;
      if (!loops_from[li].empty())
        entry.fail("the temporal loops of " + target + " and " + loops_from[li] + " both fall into eyrie level " + names[li] +
                   ", where their order is undefined; give that level one temporal entry with loops, or run the design "
                   "from its Timeloop architecture");
      loops_from[li] = target;
      lv.temporal = g;
      lv.permutation = order;
    } else if (type == "spatial") {
      const Factors f = entry.has("factors") ? parse_factor_string(entry.at("factors")) : kOnes;
      const std::string perm = entry.has("permutation") ? timeloop_dims(entry.at("permutation")) : "NMCPQRS";
      std::size_t split = perm.size();
      if (auto sp = entry.find("split")) split = static_cast<std::size_t>(sp->as_non_negative_int());
      Dim d;
      for (std::size_t i = 0; i < perm.size(); ++i)
        if (dim_from_letter(perm[i], &d)) (i < split ? lv.spatial_x : lv.spatial_y)[static_cast<int>(d)] *= f[static_cast<int>(d)];
      for (Dim dd : kAllDims)
        if (f[static_cast<int>(dd)] > 1 && perm.find(dim_letter(dd)) == std::string::npos)
          lv.spatial_x[static_cast<int>(dd)] *= f[static_cast<int>(dd)];
    } else if (names.size() == static_cast<std::size_t>(kMapLevels) && is_fan_out_name(lower(target))) {
      // A fan-out level holds nothing: its lists are checked and say nothing about the buffer.
      if (auto k = entry.find("keep")) parse_timeloop_spaces(*k, true, {false, false, false});
      if (auto b = entry.find("bypass")) parse_timeloop_spaces(*b, false, {true, true, true});
    } else {
      PerOperand<bool> keep = {true, true, true};
      if (auto k = entry.find("keep")) keep = parse_timeloop_spaces(*k, true, {false, false, false});
      if (auto b = entry.find("bypass")) keep = parse_timeloop_spaces(*b, false, keep);
      for (Operand op : kOperands) lv.keep[op] = (seen_keep[li] && lv.keep[op]) || keep[op];
      seen_keep[li] = true;
      if (level == outer)
        for (Operand op : kOperands)
          if (!lv.keep[op]) entry.fail(names[outer] + " holds every operand and cannot bypass " + to_string(op));
    }
  }
  return m;
}

Mapping parse(const ConfigNode& root, const std::vector<std::string>& given) {
  const std::vector<std::string> names = given.empty() ? default_level_names(kMapLevels) : given;
  root.require_map();
  root.allow_only({"mapping"});
  const ConfigNode list = root.at("mapping");
  list.require_sequence();
  const auto items = list.items();
  if (!items.empty() && items[0].is_map() && items[0].has("target")) return parse_timeloop(list, names);
  Mapping m;
  m.count = static_cast<int>(names.size());
  const int outer = m.count - 1;
  bool seen[kMaxLevels] = {};
  for (const auto& entry : list.items()) {
    entry.require_map();
    entry.allow_only({"level", "temporal", "permutation", "spatial_x", "spatial_y", "keep", "bypass"});
    const ConfigNode ln = entry.at("level");
    const std::string name = ln.as_string();
    int level = -1;
    for (int l = 0; l < m.count; ++l)
      if (names[l] == name) level = l;
    if (level < 0) {
      std::string list_text;
      for (int l = m.count - 1; l >= 0; --l) list_text += (l == m.count - 1 ? "" : ", ") + names[l];
      ln.fail("must be one of " + list_text + ", got \"" + name + "\"");
    }
    if (seen[level]) ln.fail("level \"" + name + "\" appears twice");
    seen[level] = true;
    LevelMapping& lv = m.levels[level];
    if (auto t = entry.find("temporal")) lv.temporal = parse_factors(*t);
    if (auto p = entry.find("permutation")) lv.permutation = parse_permutation(*p, p->as_string());
    if (auto sx = entry.find("spatial_x")) lv.spatial_x = parse_factors(*sx);
    if (auto sy = entry.find("spatial_y")) lv.spatial_y = parse_factors(*sy);
    if (entry.has("keep") && entry.has("bypass")) entry.at("bypass").fail("give keep or bypass, not both");
    if (auto k = entry.find("keep")) lv.keep = parse_operands(*k, true);
    if (auto b = entry.find("bypass")) {
      if (level == outer) b->fail(name + " holds every operand and cannot bypass");
      lv.keep = parse_operands(*b, false);
    }
    if (level == outer)
      for (Operand op : kOperands)
        if (!lv.keep[op]) entry.at("keep").fail(name + " holds every operand; keep must list " + to_string(op));
  }
  return m;
}

}  // namespace

Mapping load_mapping(const std::string& path, const std::vector<std::string>& level_names) {
  return parse(ConfigNode::load_file(path), level_names);
}
Mapping parse_mapping_text(const std::string& text, const std::string& origin, const std::vector<std::string>& level_names) {
  return parse(ConfigNode::parse(text, origin), level_names);
}

std::string mapping_file_stem(const std::string& layer_name) {
  static const char* const hex = "0123456789ABCDEF";
  std::string stem;
  for (std::size_t i = 0; i < layer_name.size(); ++i) {
    const auto c = static_cast<unsigned char>(layer_name[i]);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool plain = alnum || c == '-' || c == '_' || (c == '.' && i > 0);
    if (plain) {
      stem += static_cast<char>(c);
    } else {
      stem += '%';
      stem += hex[c >> 4];
      stem += hex[c & 15];
    }
  }
  return stem.empty() ? "%" : stem;  // "%" alone cannot come from a non-empty name
}

}  // namespace eyrie
