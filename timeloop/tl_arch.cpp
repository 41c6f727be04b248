#include "timeloop/tl_arch.h"

#include <cmath>

#include "sim/core/config_node.h"
#include "sim/core/error.h"
#include "timeloop/tl_checked.h"
#include "timeloop/tl_factors.h"

namespace eyrie::tl {

namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// Timeloop's class tests (model/topology.hpp): substring matches, storage checked first.
bool is_storage_class(const std::string& c) {
  return contains(c, "DRAM") || contains(c, "SRAM") || contains(c, "regfile") || contains(c, "smartbuffer") ||
         contains(c, "storage");
}
bool is_compute_class(const std::string& c) { return contains(c, "mac") || contains(c, "compute"); }

// Every attribute a component or container may carry: Timeloop's own keys
// (BufferLevel/ArithmeticUnits::ParseSpecs) and the Accelergy keys the shipped component classes
// take, which only shape the ERT (eyrie reads the ERT instead).
#define EYRIE_TL_ATTRIBUTES                                                                                   \
  {"depth", "memory_depth", "data_storage_depth", "entries", "sizeKB", "width", "memory_width",               \
   "data_storage_width", "datawidth", "word_bits", "word_width", "block_size", "n_words", "cluster_size",      \
   "read_bandwidth", "write_bandwidth", "shared_bandwidth", "bandwidth", "multiple_buffering",                \
   "min_utilization", "allow_overbooking", "instances", "meshX", "meshY", "n_banks", "num_banks", "num_ports", \
   "n_ports", "reduction_supported", "technology", "global_cycle_seconds", "has_power_gating",                \
   "power_gated_at", "version", "type", "n_rdwr_ports", "nports", "update_fifo_depth", "multiplier_width",   \
   "adder_width", "latency", "voltage"}

// A component's attributes and, behind them, those of the containers (or v0.3 subtrees) around
// it, innermost first: timeloopfe hands a container's attributes down as defaults. Placement
// (meshX, meshY, instances) is the node's own and never inherited.
class Attrs {
 public:
  std::vector<ConfigNode> layers;
  std::optional<ConfigNode> find(const char* key) const {
    for (const ConfigNode& l : layers)
      if (auto n = l.find(key)) return n;
    return std::nullopt;
  }
  bool has(const char* key) const { return find(key).has_value(); }
  // The first layer that gives any of `keys` (synonyms) must give only one of them.
  std::optional<ConfigNode> first_of(std::initializer_list<const char*> keys) const {
    for (const ConfigNode& l : layers) {
      std::optional<ConfigNode> found;
      for (const char* k : keys)
        if (auto n = l.find(k)) {
          if (found) n->fail(std::string("give one of ") + *keys.begin() + " and its synonyms, not several");
          found = n;
        }
      if (found) return found;
    }
    return std::nullopt;
  }
};

// What the enclosing containers / subtrees pass down.
struct Scope {
  std::int64_t mesh_x = 1, mesh_y = 1;
  std::int64_t multiplication = 1;  // v0.3 subtree replication ("PE[0..167]")
  std::vector<ConfigNode> inherited;  // container attributes, outermost first
};

// Sparseloop's metadata and compression attributes describe compressed tensors.
void reject_sparse_attributes(const ConfigNode& attrs) {
  for (const std::string& k : attrs.keys())
    if (k.rfind("metadata_", 0) == 0 || k.find("compression") != std::string::npos ||
        k == "concordant_compressed_tile_traversal" || k == "tile_partition_supported")
      attrs.at(k).fail("compressed-tensor attributes (Sparseloop) are not modelled by eyrie");
}

void add_scope_attributes(const ConfigNode& attrs, Scope* s) {
  attrs.require_map();
  reject_sparse_attributes(attrs);
  attrs.allow_only(EYRIE_TL_ATTRIBUTES);
  for (const char* placement : {"meshX", "meshY", "instances"})
    if (auto n = attrs.find(placement)) n->fail("belongs to a component (a container spreads with `spatial`)");
  s->inherited.push_back(attrs);
}

Attrs attrs_of(const std::optional<ConfigNode>& own, const Scope& scope) {
  Attrs a;
  if (own) a.layers.push_back(*own);
  a.layers.insert(a.layers.end(), scope.inherited.rbegin(), scope.inherited.rend());
  return a;
}

// Sparseloop's extensions change what is stored and moved; reading past them would be wrong.
void reject_sparse(const ConfigNode& node) {
  if (auto n = node.find("sparse_optimizations"))
    n->fail("sparse optimizations (Sparseloop) are not modelled by eyrie; remove them for the dense design");
}

void read_common(const Attrs& a, TlLevel* lv) {
  if (auto t = a.find("technology")) lv->technology = t->as_string();
  if (auto g = a.find("global_cycle_seconds")) lv->global_cycle_seconds = g->as_positive_double();
  if (auto p = a.find("has_power_gating"))
    if (p->as_bool()) p->fail("power gating is not modelled by eyrie");
}

std::vector<TlConstraint> read_constraints(const ConfigNode& c, bool missing_dims_first) {
  c.require_map();
  c.allow_only({"temporal", "spatial", "dataspace"});
  std::vector<TlConstraint> out;
  for (const char* type : {"temporal", "spatial", "dataspace"}) {
    auto n = c.find(type);
    if (!n) continue;
    n->require_map();
    TlConstraint k;
    k.type = type;
    k.where = n->where();
    k.missing_dims_first = missing_dims_first;
    if (k.type == "dataspace") {
      n->allow_only({"keep", "bypass"});
    } else if (k.type == "temporal") {
      n->allow_only({"factors", "permutation"});
    } else {
      n->allow_only({"factors", "permutation", "split"});
    }
    if (auto f = n->find("factors")) k.factors = parse_factors(*f);
    if (auto p = n->find("permutation")) k.permutation = parse_permutation(*p);
    if (auto s = n->find("split")) k.split = s->as_non_negative_int();
    if (auto kp = n->find("keep")) k.keep = parse_name_list(*kp);
    if (auto b = n->find("bypass")) k.bypass = parse_name_list(*b);
    out.push_back(k);
  }
  return out;
}

// The mesh of a level from its instances and the meshX/meshY it may state (Timeloop's
// BufferLevel::ValidateTopology): a missing side is derived, contradictions are errors.
// mx, my: 0 when not stated.
void settle_mesh(const ConfigNode& node, std::int64_t mx, std::int64_t my, TlLevel* lv) {
  const std::int64_t n = lv->instances;
  if (mx && my) {
    if (mx * my != n)
      node.fail("meshX " + std::to_string(mx) + " x meshY " + std::to_string(my) + " is not the " +
                std::to_string(n) + " instances");
  } else if (mx) {
    if (n % mx != 0) node.fail("meshX " + std::to_string(mx) + " does not divide the " + std::to_string(n) + " instances");
    my = n / mx;
  } else if (my) {
    if (n % my != 0) node.fail("meshY " + std::to_string(my) + " does not divide the " + std::to_string(n) + " instances");
    mx = n / my;
  } else {
    mx = n;
    my = 1;
  }
  lv->mesh_x = mx;
  lv->mesh_y = my;
}

// One component (a storage or compute level). `scope` gives the fan-out it sits under.
TlLevel read_component(const ConfigNode& node, const Scope& scope, bool flattened_mesh) {
  node.require_map();
  reject_sparse(node);
  node.allow_only({"name", "class", "subclass", "attributes", "constraints", "required_actions", "enabled"});
  TlLevel lv;
  lv.where = node.where();
  const ConfigNode name = node.at("name");
  lv.name = base_name(name.as_string());
  if (lv.name.empty()) name.fail("must not be empty");
  lv.klass = node.at("class").as_string();
  if (auto sc = node.find("subclass")) lv.subclass = sc->as_string();  // Accelergy's class behind `storage`
  if (is_storage_class(lv.klass)) {
    lv.holds_nothing = lv.klass == "dummy_storage";
  } else if (is_compute_class(lv.klass)) {
    lv.is_compute = true;
  } else {
    node.at("class").fail("class \"" + lv.klass + "\" is neither storage (DRAM, SRAM, regfile, smartbuffer*, *storage) "
                          "nor compute (intmac, fpmac, *mac, compute); networks are not read by eyrie yet");
  }
  const std::int64_t count = element_count(name.as_string(), name.where());
  lv.instances = checked_mul(checked_mul(scope.multiplication, count, node.where(), "instances"),
                             checked_mul(scope.mesh_x, scope.mesh_y, node.where(), "instances"), node.where(), "instances");
  // v0.4 nodes: the containers' meshes lay the instances out; the flattened tree states meshX.
  std::int64_t mesh_x = 0, mesh_y = 0;
  if (!flattened_mesh && count == 1) mesh_x = scope.mesh_x, mesh_y = scope.mesh_y;
  if (auto c = node.find("constraints")) lv.constraints = read_constraints(*c, !flattened_mesh);
  if (auto r = node.find("required_actions")) parse_name_list(*r);  // Accelergy's action list

  const std::optional<ConfigNode> own = node.find("attributes");
  if (own) {
    own->require_map();
    reject_sparse_attributes(*own);
    own->allow_only(EYRIE_TL_ATTRIBUTES);
  }
  const Attrs a = attrs_of(own, scope);
  read_common(a, &lv);
  if (own) {
    if (auto i = own->find("instances")) lv.instances = i->as_positive_int();
    if (own->has("meshX") || own->has("meshY")) {
      mesh_x = mesh_y = 0;
      if (auto x = own->find("meshX")) mesh_x = x->as_positive_int();
      if (auto y = own->find("meshY")) mesh_y = y->as_positive_int();
    }
  }
  settle_mesh(own ? *own : node, mesh_x, mesh_y, &lv);
  if (auto w = a.first_of({"datawidth", "word_bits", "word_width"})) lv.word_bits = w->as_positive_int();

  if (lv.is_compute) {
    // Only its own: a container's storage defaults reach the MACs in timeloopfe too, unused.
    for (const char* k : {"depth", "memory_depth", "entries", "sizeKB", "block_size", "read_bandwidth", "write_bandwidth",
                          "multiple_buffering"})
      if (auto n = own ? own->find(k) : std::nullopt) n->fail("is a storage attribute; class " + lv.klass + " is a compute unit");
    return lv;
  }

  std::optional<std::int64_t> block, cluster;
  if (auto b = a.first_of({"block_size", "n_words"})) block = b->as_positive_int();
  if (auto c = a.find("cluster_size")) cluster = c->as_positive_int();
  lv.block_size = block.value_or(1);
  lv.cluster_size = cluster.value_or(1);
  if (auto w = a.first_of({"width", "memory_width", "data_storage_width"})) {
    const std::int64_t width = w->as_positive_int();
    if (width % (lv.word_bits * lv.block_size) != 0)
      w->fail("width " + std::to_string(width) + " is not a multiple of word bits " + std::to_string(lv.word_bits) +
              " x block_size " + std::to_string(lv.block_size));
    if (block && cluster) {
      if (*block * lv.word_bits * *cluster != width) w->fail("block_size x word bits x cluster_size must equal width");
    } else if (cluster) {
      if (width % (*cluster * lv.word_bits) != 0)
        w->fail("width " + std::to_string(width) + " is not a multiple of cluster_size x word bits");
      lv.block_size = width / *cluster / lv.word_bits;
    } else if (block) {
      lv.cluster_size = width / (lv.word_bits * *block);
    } else {
      lv.block_size = width / lv.word_bits;  // a row of the storage is one vector access
    }
  }
  if (auto e = a.find("entries")) {
    if (a.first_of({"depth", "memory_depth", "data_storage_depth"}) || a.has("sizeKB"))
      e->fail("give entries, depth or sizeKB, not several");
    lv.size_words = e->as_non_negative_int();
  } else if (auto d = a.first_of({"depth", "memory_depth", "data_storage_depth"})) {
    if (a.has("sizeKB")) d->fail("give depth or sizeKB, not both");
    lv.size_words = checked_mul(d->as_non_negative_int(), lv.block_size, d->where(), "depth x block_size");
  } else if (auto k = a.find("sizeKB")) {
    lv.size_words = checked_mul(k->as_non_negative_int(), 8192, k->where(), "sizeKB in bits") / lv.word_bits;
  }
  lv.is_dram = contains(lv.klass, "DRAM") || lv.technology == "DRAM";
  if (lv.is_dram && lv.cluster_size != 1) node.fail("a DRAM level has cluster_size 1 in Timeloop");
  if (!lv.size_words && !lv.is_dram) node.fail("a storage level other than DRAM needs depth, entries or sizeKB");
  if (auto p = a.first_of({"num_ports", "n_ports"})) {
    lv.num_ports = p->as_positive_int();
    if (lv.num_ports > 2) p->fail("must be 1 or 2 (Timeloop's storage model)");
  }
  if (auto b = a.first_of({"n_banks", "num_banks"})) lv.n_banks = b->as_positive_int();
  if (auto r = a.find("reduction_supported")) lv.reduction_supported = r->as_bool();
  if (auto b = a.find("bandwidth")) {
    if (a.has("read_bandwidth") || a.has("write_bandwidth")) b->fail("give bandwidth or read/write_bandwidth, not both");
    lv.read_bandwidth = lv.write_bandwidth = b->as_positive_double() / 2;  // Timeloop splits it evenly
  }
  if (auto r = a.find("read_bandwidth")) lv.read_bandwidth = r->as_positive_double();
  if (auto w = a.find("write_bandwidth")) lv.write_bandwidth = w->as_positive_double();
  if (auto s = a.find("shared_bandwidth")) lv.shared_bandwidth = s->as_positive_double();
  if (auto m = a.find("multiple_buffering")) {
    lv.multiple_buffering = m->as_positive_double();
    if (lv.multiple_buffering < 1) m->fail("must be at least 1");
  }
  if (lv.size_words)
    lv.effective_size_words = static_cast<std::int64_t>(std::floor(static_cast<double>(*lv.size_words) / lv.multiple_buffering));
  if (auto u = a.find("min_utilization")) {
    lv.min_utilization = u->as_non_negative_double();
    if (lv.min_utilization > 1) u->fail("must lie in 0..1");
  }
  if (auto o = a.find("allow_overbooking")) lv.allow_overbooking = o->as_bool();
  return lv;
}

void walk_nodes(const ConfigNode& list, Scope* scope, TlArch* arch, bool in_parallel) {
  list.require_sequence();
  const std::size_t group_begin = arch->levels.size();
  std::vector<TlConstraint> around;  // a !Nothing's data spaces pass the whole !Parallel group by
  for (const ConfigNode& node : list.items()) {
    node.require_map();
    const std::string tag = node.tag();
    if (tag == "!Nothing") {
      // timeloopfe's empty branch of a !Parallel group: the data spaces it keeps take no buffer
      // of the group, i.e. every sibling must bypass them.
      if (!in_parallel) node.fail("!Nothing is a branch of a !Parallel group");
      node.allow_only({"constraints"});
      if (auto c = node.find("constraints"))
        for (TlConstraint k : read_constraints(*c, true)) {
          if (k.type != "dataspace" || !k.bypass.empty() || !k.factors.empty())
            c->fail("a !Nothing constrains only which data spaces it keeps (they bypass the group)");
          k.bypass = k.keep;
          k.keep.clear();
          around.push_back(k);
        }
    } else if (tag == "!Component") {
      arch->levels.push_back(read_component(node, *scope, false));
      if (node.has("enabled") && !node.at("enabled").as_bool()) arch->levels.pop_back();
    } else if (tag == "!Container") {
      if (in_parallel) node.fail("a !Parallel group holds !Component nodes only");
      reject_sparse(node);
      node.allow_only({"name", "attributes", "spatial", "constraints"});
      const std::string name = node.at("name").as_string();
      if (auto a = node.find("attributes")) add_scope_attributes(*a, scope);
      if (auto s = node.find("spatial")) {
        s->require_map();
        s->allow_only({"meshX", "meshY"});
        const std::int64_t mx = s->has("meshX") ? s->at("meshX").as_positive_int() : 1;
        const std::int64_t my = s->has("meshY") ? s->at("meshY").as_positive_int() : 1;
        // The fan-out point Timeloop's front end inserts: a level that keeps nothing, at the
        // instances above the container, whose spatial loops spread over the container's mesh.
        TlLevel fan;
        fan.name = "inter_" + name + "_spatial";
        fan.klass = "dummy_storage";
        fan.holds_nothing = true;
        fan.container = name;
        fan.instances = scope->mesh_x * scope->mesh_y;
        fan.mesh_x = scope->mesh_x;
        fan.mesh_y = scope->mesh_y;
        fan.word_bits = fan.block_size = 1;
        fan.size_words = fan.effective_size_words = 1;
        read_common(attrs_of(std::nullopt, *scope), &fan);
        fan.where = node.where();
        if (auto c = node.find("constraints")) fan.constraints = read_constraints(*c, true);
        arch->levels.push_back(fan);
        scope->mesh_x = checked_mul(scope->mesh_x, mx, s->where(), "meshX of the enclosing containers");
        scope->mesh_y = checked_mul(scope->mesh_y, my, s->where(), "meshY of the enclosing containers");
      } else if (auto c = node.find("constraints")) {
        c->fail("constraints on a container belong to its spatial fan-out; this container has no `spatial`");
      }
    } else if (tag == "!Parallel" || tag == "!Hierarchical") {
      node.allow_only({"nodes"});
      const std::size_t first = arch->levels.size();
      walk_nodes(node.at("nodes"), scope, arch, tag == "!Parallel");
      if (tag == "!Parallel")
        for (std::size_t i = first; i < arch->levels.size(); ++i) arch->levels[i].parallel_group = static_cast<int>(first);
    } else {
      node.fail(tag.empty() ? "a v0.4 node needs a tag: !Container, !Component, !Parallel or !Hierarchical"
                            : "unknown node tag " + tag + " (use !Container, !Component, !Parallel, !Hierarchical, !Nothing)");
    }
  }
  for (std::size_t i = group_begin; i < arch->levels.size(); ++i)
    for (const TlConstraint& k : around) arch->levels[i].constraints.push_back(k);
}

// The v0.3 tree (and Timeloop's own flattened dump): one subtree per level, `local` lists the
// components outermost first, instance ranges in names multiply.
void walk_tree(const ConfigNode& node, Scope scope, TlArch* arch) {
  node.require_map();
  node.allow_only({"name", "attributes", "local", "subtree"});
  const ConfigNode name = node.at("name");
  scope.multiplication = checked_mul(scope.multiplication, element_count(name.as_string(), name.where()), name.where(), "instances");
  if (auto a = node.find("attributes")) add_scope_attributes(*a, &scope);
  if (auto local = node.find("local")) {
    local->require_sequence();
    for (const ConfigNode& c : local->items()) {
      arch->levels.push_back(read_component(c, scope, true));
      if (c.has("enabled") && !c.at("enabled").as_bool()) arch->levels.pop_back();
    }
  }
  if (auto sub = node.find("subtree")) {
    sub->require_sequence();
    const auto items = sub->items();
    if (items.size() != 1) sub->fail("Timeloop reads exactly one subtree per level, got " + std::to_string(items.size()));
    walk_tree(items[0], scope, arch);
  }
}

void check_levels(const ConfigNode& where, const TlArch& a) {
  if (a.levels.empty() || !a.levels.back().is_compute)
    where.fail("the innermost component must be the compute unit (class intmac, fpmac, mac or compute)");
  if (a.levels.size() < 2) where.fail("needs at least one storage level above the compute unit");
  for (std::size_t i = 0; i + 1 < a.levels.size(); ++i) {
    const TlLevel& outer = a.levels[i];
    const TlLevel& inner = a.levels[i + 1];
    auto fail_at_inner = [&](const std::string& why) { throw Error(inner.where + ": " + why); };
    if (outer.is_compute) throw Error(outer.where + ": only one compute unit, and it must be the innermost component");
    if (inner.instances % outer.instances != 0 || inner.mesh_x % outer.mesh_x != 0 || inner.mesh_y % outer.mesh_y != 0)
      fail_at_inner(std::to_string(inner.mesh_x) + "x" + std::to_string(inner.mesh_y) + " instances do not fan out evenly from " +
                    outer.name + "'s " + std::to_string(outer.mesh_x) + "x" + std::to_string(outer.mesh_y));
    for (std::size_t j = 0; j < i + 1; ++j)
      if (a.levels[j].name == inner.name) fail_at_inner("a second level named " + inner.name);
  }
}

TlArch parse(const ConfigNode& root) {
  root.require_map();
  if (auto v = root.find("variables"))
    v->fail("timeloopfe's variables (Python expressions) are not evaluated by eyrie: write the values into the attributes");
  root.allow_only({"architecture"});
  const ConfigNode arch = root.at("architecture");
  arch.require_map();
  arch.allow_only({"version", "nodes", "subtree"});
  TlArch out;
  out.file = root.file();
  if (auto v = arch.find("version")) {
    out.version = v->as_string();
    if (out.version != "0.3" && out.version != "0.4") v->fail("eyrie reads Timeloop architecture versions 0.3 and 0.4");
  }
  Scope scope;
  if (arch.has("nodes") == arch.has("subtree")) arch.fail("give `nodes` (v0.4) or `subtree` (v0.3), exactly one");
  if (auto n = arch.find("nodes")) {
    walk_nodes(*n, &scope, &out, false);
  } else {
    const ConfigNode sub = arch.at("subtree");
    sub.require_sequence();
    const auto items = sub.items();
    if (items.size() != 1) sub.fail("Timeloop reads exactly one top-level subtree, got " + std::to_string(items.size()));
    walk_tree(items[0], scope, &out);
  }
  check_levels(arch, out);
  return out;
}

}  // namespace

std::string base_name(const std::string& name) { return name.substr(0, name.find('[')); }

std::int64_t element_count(const std::string& name, const std::string& where) {
  const auto open = name.find('[');
  if (open == std::string::npos) return 1;
  const auto dots = name.find("..", open);
  const auto close = name.find(']', open);
  auto bad = [&] { throw Error(where + ": \"" + name + "\": an instance range is written name[first..last], e.g. PE[0..167]"); };
  if (dots == std::string::npos || close == std::string::npos || dots > close || close + 1 != name.size()) bad();
  auto number = [&](const std::string& s) {
    if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) bad();
    return std::stoll(s);
  };
  const std::int64_t first = number(name.substr(open + 1, dots - open - 1));
  const std::int64_t last = number(name.substr(dots + 2, close - dots - 2));
  if (last < first) bad();
  return last - first + 1;
}

int TlArch::find_target(const std::string& target) const {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i].name == target) return static_cast<int>(i);
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (!levels[i].container.empty() && levels[i].container == target) return static_cast<int>(i);
  return -1;
}

TlArch load_tl_arch(const std::string& path) { return parse(ConfigNode::load_file(path)); }
TlArch parse_tl_arch_text(const std::string& text, const std::string& origin) {
  return parse(ConfigNode::parse(text, origin));
}

}  // namespace eyrie::tl
