#include "timeloop/accelergy_ert.h"

#include <algorithm>
#include <map>

#include "sim/core/config_node.h"
#include "sim/core/error.h"
#include "timeloop/tl_arch.h"

namespace eyrie::tl {

namespace {

// "system_top_level.weights_spad[1..168]" -> "weights_spad": the range goes first, then the
// path up to the last dot (the range may itself hold dots).
std::string level_of(const std::string& full) {
  const std::string plain = base_name(full);
  const auto dot = plain.rfind('.');
  return dot == std::string::npos ? plain : plain.substr(dot + 1);
}

Ert parse(const ConfigNode& root) {
  root.require_map();
  root.allow_only({"ERT"});
  const ConfigNode ert = root.at("ERT");
  ert.require_map();
  ert.allow_only({"version", "tables"});
  Ert out;
  out.file = root.file();
  const ConfigNode v = ert.at("version");
  out.version = v.as_string();
  if (out.version != "0.3" && out.version != "0.4") v.fail("eyrie reads ERT versions 0.3 and 0.4");
  const ConfigNode tables = ert.at("tables");
  tables.require_sequence();
  for (const ConfigNode& t : tables.items()) {
    t.require_map();
    t.allow_only({"name", "actions"});
    ErtTable table;
    table.where = t.where();
    const ConfigNode name = t.at("name");
    table.full_name = name.as_string();
    table.level = level_of(table.full_name);
    if (table.level.empty()) name.fail("names no component");
    table.instances = element_count(table.full_name.substr(table.full_name.rfind('.', table.full_name.find('[')) + 1), name.where());
    if (out.find(table.level)) name.fail("a second table for " + table.level);
    const ConfigNode actions = t.at("actions");
    actions.require_sequence();
    for (const ConfigNode& a : actions.items()) {
      a.require_map();
      a.allow_only({"name", "arguments", "energy"});
      ErtAction act;
      act.name = a.at("name").as_string();
      act.energy_pj = a.at("energy").as_non_negative_double();
      if (auto args = a.find("arguments"); args && !args->is_null()) {
        args->require_map();
        for (const std::string& k : args->keys()) act.arguments.emplace_back(k, args->at(k).as_string());
      }
      table.actions.push_back(act);
    }
    out.tables.push_back(table);
  }
  return out;
}

}  // namespace

std::optional<double> ErtTable::action_pj(const std::string& action) const {
  std::optional<double> best;
  for (const ErtAction& a : actions)
    if (a.name == action) best = std::max(best.value_or(0.0), a.energy_pj);
  return best;
}

std::optional<double> ErtTable::storage_op_pj(const std::string& op) const {
  static const std::map<std::string, std::vector<std::string>> fallbacks = {
      {"read", {"random_read", "read"}},
      {"fill", {"random_fill", "random_write", "fill", "write"}},
      {"update", {"random_update", "random_write", "update", "write"}},
      {"leak", {"leak"}},
  };
  const auto it = fallbacks.find(op);
  if (it == fallbacks.end()) return action_pj(op);
  for (const std::string& a : it->second)
    if (auto e = action_pj(a)) return e;
  return std::nullopt;
}

double ErtTable::max_action_pj() const {
  double m = 0;
  for (const ErtAction& a : actions) m = std::max(m, a.energy_pj);
  return m;
}

const ErtTable* Ert::find(const std::string& level) const {
  for (const ErtTable& t : tables)
    if (t.level == level) return &t;
  return nullptr;
}

Ert load_ert(const std::string& path) { return parse(ConfigNode::load_file(path)); }
Ert parse_ert_text(const std::string& text, const std::string& origin) { return parse(ConfigNode::parse(text, origin)); }

}  // namespace eyrie::tl
