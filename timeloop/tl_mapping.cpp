#include "timeloop/tl_mapping.h"

#include <algorithm>
#include <map>

#include "sim/core/config_node.h"
#include "sim/core/error.h"
#include "timeloop/tl_checked.h"
#include "timeloop/tl_factors.h"

namespace eyrie::tl {

namespace {

TlMapping parse(const ConfigNode& root) {
  root.require_map();
  root.allow_only({"mapping"});
  const ConfigNode list = root.at("mapping");
  list.require_sequence();
  TlMapping m;
  m.file = root.file();
  for (const ConfigNode& e : list.items()) {
    e.require_map();
    // Timeloop's reuse switches change its counts; silently dropping them would be wrong.
    for (const char* k : {"no_link_transfer", "no_multicast_no_reduction", "no_reuse", "no_temporal_reuse",
                          "rmw_first_update", "no_coalesce", "modulo", "terms"})
      if (auto n = e.find(k)) n->fail(std::string("Timeloop's ") + k + " is not modelled by eyrie");
    e.allow_only({"target", "type", "factors", "permutation", "split", "keep", "bypass"});
    TlMapEntry x;
    x.where = e.where();
    const ConfigNode target = e.at("target");
    const std::string t = target.as_string();
    if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos)
      x.target_index = target.as_non_negative_int();
    else
      x.target = t;
    const ConfigNode type = e.at("type");
    if (type.is_scalar() && type.as_string() == "skew") type.fail("Timeloop's skew directive is not modelled by eyrie");
    x.type = type.as_choice({"temporal", "spatial", "datatype", "bypass", "dataspace"});
    if (x.type == "bypass" || x.type == "dataspace") x.type = "datatype";
    const bool loops = x.type != "datatype";
    for (const char* k : {"factors", "permutation"})
      if (!loops && e.has(k)) e.at(k).fail("belongs to a temporal or spatial entry, this one is " + type.as_string());
    for (const char* k : {"keep", "bypass"})
      if (loops && e.has(k)) e.at(k).fail("belongs to a datatype entry, this one is " + x.type);
    if (x.type != "spatial" && e.has("split")) e.at("split").fail("belongs to a spatial entry");
    if (auto f = e.find("factors")) {
      x.factors = parse_factors(*f);
      for (const TlFactor& g : x.factors)
        if (g.bound != TlFactor::Bound::Exact) f->fail("a mapping gives each factor exactly; <= and >= belong to constraints");
    }
    if (auto p = e.find("permutation")) x.permutation = parse_permutation(*p);
    if (auto s = e.find("split")) x.split = s->as_non_negative_int();
    if (auto k = e.find("keep")) x.keep = parse_name_list(*k);
    if (auto b = e.find("bypass")) x.bypass = parse_name_list(*b);
    m.entries.push_back(x);
  }
  return m;
}

[[noreturn]] void fail_at(const std::string& where, const std::string& why) { throw Error(where + ": " + why); }

int dim_of(const TlProblem& p, const std::string& name, const std::string& where) {
  const int d = p.dim_index(name);
  if (d < 0) {
    std::string dims;
    for (const auto& n : p.dims) dims += " " + n;
    fail_at(where, "dimension " + name + " is not in problem shape " + p.shape_name + " (dimensions:" + dims + ")");
  }
  return d;
}

int space_of(const TlProblem& p, const std::string& name, const std::string& where) {
  const int s = p.data_space_index(name);
  if (s < 0) fail_at(where, "data space " + name + " is not in problem shape " + p.shape_name);
  return s;
}

// Loops of one entry, innermost first: the permutation, then the dimensions it leaves out
// (Timeloop appends them, i.e. outermost); factors not given are 1, 0 is the whole bound.
std::vector<TlLoop> loops_of(const TlProblem& p, const std::vector<TlFactor>& factors,
                             const std::vector<std::string>& permutation, const std::string& where) {
  std::vector<int> order;
  for (const std::string& d : permutation) order.push_back(dim_of(p, d, where));
  for (int d = 0; d < static_cast<int>(p.dims.size()); ++d)
    if (std::find(order.begin(), order.end(), d) == order.end()) order.push_back(d);
  std::vector<TlLoop> out;
  for (int d : order) {
    TlLoop l;
    l.dim = d;
    for (const TlFactor& f : factors)
      if (dim_of(p, f.dim, where) == d) {
        l.end = f.value == 0 ? p.bounds[d] : f.value;
        l.residual = f.residual == 0 ? l.end : f.residual;
      }
    if (l.end == 1 || l.residual == 0) l.residual = l.end;
    out.push_back(l);
  }
  return out;
}

std::int64_t factor_at(const std::vector<TlLoop>& loops, int dim) {
  for (const TlLoop& l : loops)
    if (l.dim == dim) return l.end;
  return 1;
}

// The architecture's constraints are the design's mapspace; a mapping outside it is an error.
void check_constraints(const TlArch& arch, const TlProblem& p, int li, const TlLevelNest& ln,
                       const std::map<std::string, std::string>& entry_where, const std::string& file) {
  for (const TlConstraint& c : arch.levels[li].constraints) {
    const auto entry = entry_where.find(c.type == "dataspace" ? "datatype" : c.type);
    auto violate = [&](const std::string& why) {
      fail_at(entry == entry_where.end() ? file : entry->second,
              arch.levels[li].name + ": " + why + " (constraint at " + c.where + ")");
    };
    if (c.type == "dataspace") {
      for (const std::string& k : c.keep)
        if (!ln.keep[space_of(p, k, c.where)]) violate("must keep " + k);
      for (const std::string& b : c.bypass)
        if (ln.keep[space_of(p, b, c.where)]) violate("must bypass " + b);
      continue;
    }
    const std::vector<TlLoop>& loops = c.type == "temporal" ? ln.temporal : ln.spatial;
    for (const TlFactor& f : c.factors) {
      const std::int64_t got = factor_at(loops, dim_of(p, f.dim, c.where));
      const bool ok = f.bound == TlFactor::Bound::AtMost    ? got <= f.value
                      : f.bound == TlFactor::Bound::AtLeast ? got >= f.value
                                                            : f.value == 0 || got == f.value;
      const char* rel = f.bound == TlFactor::Bound::AtMost ? "at most " : f.bound == TlFactor::Bound::AtLeast ? "at least " : "";
      if (!ok)
        violate(c.type + " factor " + f.dim + " must be " + rel + std::to_string(f.value) + ", the mapping gives " + std::to_string(got));
    }
    // Order (and for spatial, the axis) among the loops that do something.
    std::vector<int> want;
    for (const std::string& d : c.permutation) want.push_back(dim_of(p, d, c.where));
    // Where the listed dimensions sit in the completed permutation (the split counts there).
    const int offset = c.missing_dims_first ? static_cast<int>(p.dims.size() - want.size()) : 0;
    int last = -1;
    for (const TlLoop& l : loops) {
      if (l.end == 1) continue;
      const auto it = std::find(want.begin(), want.end(), l.dim);
      if (it == want.end()) continue;
      const int pos = static_cast<int>(it - want.begin());
      if (c.type == "spatial" && c.split) {
        const TlLoop::Space axis = offset + pos < *c.split ? TlLoop::Space::X : TlLoop::Space::Y;
        if (axis != l.space) violate("dimension " + p.dims[l.dim] + " must spread over " + (axis == TlLoop::Space::X ? "X" : "Y"));
      }
      if (c.type == "temporal" && pos < last) violate("loop order must follow the permutation constraint");
      last = std::max(last, pos);
    }
  }
}

}  // namespace

TlMapping load_tl_mapping(const std::string& path) { return parse(ConfigNode::load_file(path)); }
TlMapping parse_tl_mapping_text(const std::string& text, const std::string& origin) {
  return parse(ConfigNode::parse(text, origin));
}

TlNest resolve_nest(const TlArch& arch, const TlProblem& p, const TlMapping& m) {
  const int storage = static_cast<int>(arch.storage_levels());
  const int spaces = static_cast<int>(p.data_spaces.size());
  TlNest nest;
  nest.levels.resize(storage);
  // Where each level's entries are, by type, for errors found after reading them all.
  std::vector<std::map<std::string, std::string>> where(storage);
  for (int li = 0; li < storage; ++li) {
    nest.levels[li].keep.assign(spaces, !arch.levels[li].holds_nothing);
    nest.levels[li].temporal = loops_of(p, {}, {}, "");
  }
  std::map<std::pair<int, std::string>, std::string> seen;
  for (const TlMapEntry& e : m.entries) {
    int li = -1;
    if (e.target_index) {
      if (*e.target_index >= storage) fail_at(e.where, "target level " + std::to_string(*e.target_index) + " does not exist (0.." + std::to_string(storage - 1) + ", 0 innermost)");
      li = storage - 1 - static_cast<int>(*e.target_index);
    } else {
      li = arch.find_target(e.target);
      if (li < 0) {
        std::string names;
        for (int i = 0; i < storage; ++i) names += " " + arch.levels[i].name;
        fail_at(e.where, "no storage level named " + e.target + " in " + arch.file + " (levels:" + names + ")");
      }
      if (li >= storage) fail_at(e.where, e.target + " is the compute unit; mappings target storage levels");
    }
    const auto key = std::make_pair(li, e.type);
    if (seen.count(key))
      fail_at(e.where, "a second " + e.type + " entry for " + arch.levels[li].name + " (the first is at " + seen[key] + ")");
    seen[key] = e.where;
    where[li][e.type] = e.where;
    TlLevelNest& ln = nest.levels[li];
    if (e.type == "temporal") {
      ln.temporal = loops_of(p, e.factors, e.permutation, e.where);
    } else if (e.type == "spatial") {
      const TlLevel& outer = arch.levels[li];
      const TlLevel& inner = arch.levels[li + 1];
      const std::int64_t fx = inner.mesh_x / outer.mesh_x, fy = inner.mesh_y / outer.mesh_y;
      if (fx * fy == 1)
        fail_at(e.where, outer.name + " has no spatial fan-out: " + inner.name + " has as many instances as it");
      ln.spatial = loops_of(p, e.factors, e.permutation, e.where);
      const std::size_t split = e.split ? static_cast<std::size_t>(*e.split) : ln.spatial.size();
      std::int64_t x = 1, y = 1;
      for (std::size_t i = 0; i < ln.spatial.size(); ++i) {
        ln.spatial[i].space = i < split ? TlLoop::Space::X : TlLoop::Space::Y;
        std::int64_t& axis = i < split ? x : y;
        axis = checked_mul(axis, ln.spatial[i].end, e.where, "the spatial factors");
      }
      if (x > fx || y > fy)
        fail_at(e.where, "spatial factors " + std::to_string(x) + " (X) x " + std::to_string(y) + " (Y) exceed the " +
                             std::to_string(fx) + " x " + std::to_string(fy) + " fan-out below " + outer.name);
    } else {
      std::vector<int> kept(spaces, -1);
      for (const std::string& k : e.keep) kept[space_of(p, k, e.where)] = 1;
      for (const std::string& b : e.bypass) {
        const int s = space_of(p, b, e.where);
        if (kept[s] == 1) fail_at(e.where, b + " is both kept and bypassed");
        kept[s] = 0;
      }
      for (int s = 0; s < spaces; ++s)
        if (kept[s] >= 0) ln.keep[s] = kept[s] == 1;
    }
  }
  for (int li = 0; li < storage; ++li)
    for (int s = 0; s < spaces; ++s) {
      if (arch.levels[li].holds_nothing && nest.levels[li].keep[s])
        fail_at(where[li].count("datatype") ? where[li]["datatype"] : arch.levels[li].where,
                arch.levels[li].name + " is a fan-out point and holds no data; it cannot keep " + p.data_spaces[s].name);
      if (li == 0 && !nest.levels[0].keep[s])
        fail_at(where[0].count("datatype") ? where[0]["datatype"] : arch.levels[0].where,
                "the outermost level " + arch.levels[0].name + " must keep every data space, it bypasses " + p.data_spaces[s].name);
    }
  // Timeloop's check that the factors cover each dimension: over the tiling levels from the
  // innermost out (at each storage level its spatial loops, then its temporal loops), each loop
  // makes the reachable index prod*end + residual - 1.
  for (int d = 0; d < static_cast<int>(p.dims.size()); ++d) {
    std::int64_t prod = 0;
    for (int li = storage - 1; li >= 0; --li)
      for (const auto* loops : {&nest.levels[li].spatial, &nest.levels[li].temporal})
        for (const TlLoop& l : *loops)
          if (l.dim == d) prod = checked_add(checked_mul(prod, l.end, m.file, "the factors of " + p.dims[d]), l.residual - 1, m.file, "the factors of " + p.dims[d]);
    if (prod + 1 != p.bounds[d])
      fail_at(m.file, "the factors of dimension " + p.dims[d] + " multiply to " + std::to_string(prod + 1) +
                          ", the problem's bound is " + std::to_string(p.bounds[d]));
  }
  for (int li = 0; li < storage; ++li) check_constraints(arch, p, li, nest.levels[li], where[li], m.file);
  return nest;
}

std::vector<std::int64_t> TlNest::tile_extents(int li, std::size_t dims) const {
  std::vector<std::int64_t> ext(dims, 1);
  for (std::size_t l = static_cast<std::size_t>(li); l < levels.size(); ++l)
    for (const auto* loops : {&levels[l].temporal, &levels[l].spatial})
      for (const TlLoop& loop : *loops) ext[loop.dim] = checked_mul(ext[loop.dim], loop.end, "mapping", "a tile extent");
  return ext;
}

std::int64_t TlNest::utilized_instances(int li) const {
  std::int64_t n = 1;
  for (int l = 0; l < li; ++l)
    for (const TlLoop& loop : levels[l].spatial) n = checked_mul(n, loop.end, "mapping", "the utilized instances");
  return n;
}

std::int64_t TlNest::temporal_steps() const {
  std::int64_t n = 1;
  for (const TlLevelNest& l : levels)
    for (const TlLoop& loop : l.temporal) n = checked_mul(n, loop.end, "mapping", "the temporal steps");
  return n;
}

}  // namespace eyrie::tl
