#include "timeloop/tl_describe.h"

#include <iomanip>
#include <sstream>

#include "sim/core/config_node.h"
#include "sim/core/error.h"
#include "timeloop/tl_energy.h"

namespace eyrie::tl {

namespace {

std::string num(double v) {
  std::ostringstream s;
  s << std::setprecision(10) << v;
  return s.str();
}

std::string loops_text(const TlProblem& p, const std::vector<TlLoop>& loops, bool spatial) {
  std::string out;
  for (const TlLoop& l : loops) {
    if (l.end == 1) continue;
    out += (out.empty() ? "" : " ") + p.dims[l.dim] + std::to_string(l.end);
    if (l.residual != l.end) out += "," + std::to_string(l.residual);
    if (spatial) out += l.space == TlLoop::Space::X ? "(X)" : "(Y)";
  }
  return out;
}

}  // namespace

std::string describe(const TlArch& a) {
  std::ostringstream o;
  o << "timeloop_architecture:  # version " << (a.version.empty() ? "?" : a.version) << ", levels outermost first\n";
  for (const TlLevel& l : a.levels) {
    o << "  - {name: " << l.name << ", class: " << l.klass << (l.subclass.empty() ? "" : ", subclass: " + l.subclass) << ", instances: " << l.instances << ", mesh: " << l.mesh_x << "x"
      << l.mesh_y;
    if (l.is_compute) {
      o << ", compute: true, word_bits: " << l.word_bits << "}\n";
      continue;
    }
    if (l.holds_nothing) {
      o << ", holds_nothing: true" << (l.container.empty() ? "" : ", fan_out_of: " + l.container) << "}\n";
      continue;
    }
    o << ", word_bits: " << l.word_bits << ", block_size: " << l.block_size
      << ", size_words: " << (l.size_words ? std::to_string(*l.size_words) : std::string("unbounded"));
    if (l.multiple_buffering != 1) o << ", effective_size_words: " << *l.effective_size_words;
    if (l.read_bandwidth) o << ", read_words_per_cycle: " << num(*l.read_bandwidth);
    if (l.write_bandwidth) o << ", write_words_per_cycle: " << num(*l.write_bandwidth);
    if (l.shared_bandwidth) o << ", shared_words_per_cycle: " << num(*l.shared_bandwidth);
    if (!l.technology.empty()) o << ", technology: \"" << l.technology << "\"";
    if (!l.constraints.empty()) o << ", constraints: " << l.constraints.size();
    o << "}\n";
  }
  return o.str();
}

std::string describe(const TlProblem& p) {
  const TlConvView v = to_conv_layer(p);
  const ConvLayer& L = v.layer;
  std::ostringstream o;
  o << "timeloop_problem:\n  shape: " << p.shape_name << "\n  dims: {";
  for (std::size_t d = 0; d < p.dims.size(); ++d) o << (d ? ", " : "") << p.dims[d] << ": " << p.bounds[d];
  o << "}\n  conv_roles: {";
  for (std::size_t d = 0; d < p.dims.size(); ++d) o << (d ? ", " : "") << p.dims[d] << ": " << v.role[d];
  o << "}\n  conv_layer: {N: " << L.N << ", M: " << L.M << ", C: " << L.C << ", P: " << L.P() << ", Q: " << L.Q() << ", R: " << L.R
    << ", S: " << L.S << ", H: " << L.H << ", W: " << L.W << ", stride: [" << L.stride_h << ", " << L.stride_w
    << "], dilation: [" << L.dilation_h << ", " << L.dilation_w << "]}\n  macs: " << L.macs() << "\n";
  return o.str();
}

std::string describe(const TlArch& a, const TlProblem& p, const TlNest& n) {
  std::ostringstream o;
  o << "timeloop_mapping:  # loops innermost first; tile_words per instance\n";
  for (std::size_t li = 0; li < n.levels.size(); ++li) {
    const TlLevelNest& ln = n.levels[li];
    o << "  - {level: " << a.levels[li].name << ", temporal: \"" << loops_text(p, ln.temporal, false) << "\"";
    if (!ln.spatial.empty()) o << ", spatial: \"" << loops_text(p, ln.spatial, true) << "\"";
    o << ", keep: [";
    bool first = true;
    for (std::size_t ds = 0; ds < p.data_spaces.size(); ++ds)
      if (ln.keep[ds]) o << (first ? "" : ", ") << p.data_spaces[ds].name, first = false;
    o << "]";
    if (!first) {
      o << ", tile_words: {";
      const auto ext = n.tile_extents(static_cast<int>(li), p.dims.size());
      first = true;
      for (std::size_t ds = 0; ds < p.data_spaces.size(); ++ds)
        if (ln.keep[ds]) o << (first ? "" : ", ") << p.data_spaces[ds].name << ": " << p.tile_words(static_cast<int>(ds), ext), first = false;
      o << "}";
    }
    o << ", utilized_instances: " << n.utilized_instances(static_cast<int>(li)) << "}\n";
  }
  o << "  compute_utilized_instances: " << n.utilized_instances(static_cast<int>(n.levels.size())) << "\n"
    << "  temporal_steps: " << n.temporal_steps() << "  # cycles when no level throttles\n";
  return o.str();
}

std::string describe(const TlArch& a, const Ert& e) {
  std::ostringstream o;
  o << "accelergy_ert:  # pJ per action; a storage action moves one block\n";
  for (const TlLevel& l : a.levels) {
    if (l.holds_nothing) continue;
    if (l.is_compute) {
      const ErtTable* t = e.find(l.name);
      const auto c = t ? t->action_pj("compute") : std::nullopt;
      if (!c) throw Error(e.file + ": no compute action for " + l.name + " (the architecture's compute unit)");
      o << "  - {level: " << l.name << ", compute: " << num(*c) << "}\n";
      continue;
    }
    const TlStorageCosts c = storage_costs(e, l.name);
    o << "  - {level: " << l.name << ", read: " << num(c.read_pj) << ", fill: " << num(c.fill_pj) << ", update: " << num(c.update_pj)
      << ", leak_per_cycle: " << num(c.leak_pj) << ", block_size: " << l.block_size << "}\n";
  }
  return o.str();
}

bool is_timeloop_architecture(const std::string& path) {
  const ConfigNode root = ConfigNode::load_file(path);
  return root.is_map() && root.has("architecture");
}

std::string validate_design(const std::string& arch_path, const std::string& problem_path, const std::string& mapping_path,
                            const std::string& ert_path) {
  if (!mapping_path.empty() && problem_path.empty())
    throw Error("--mapping: a Timeloop mapping is checked against its problem; give --network PROBLEM.yaml too");
  const TlArch arch = load_tl_arch(arch_path);
  std::string out = "# " + arch_path + ": valid Timeloop architecture\n" + describe(arch);
  if (!problem_path.empty()) {
    const TlProblem problem = load_tl_problem(problem_path);
    out += describe(problem);
    if (!mapping_path.empty()) out += describe(arch, problem, resolve_nest(arch, problem, load_tl_mapping(mapping_path)));
  }
  if (!ert_path.empty()) out += describe(arch, load_ert(ert_path));
  return out;
}

}  // namespace eyrie::tl
