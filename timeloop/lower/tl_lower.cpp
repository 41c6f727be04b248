#include "timeloop/lower/tl_lower.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"
#include "timeloop/tl_energy.h"

namespace eyrie::tl {

namespace {

// A fan-out level folds into its parent when the parent fans out to nothing else and the
// fan-out level does nothing in time (timeloopfe pins its temporal factors to 1).
bool folds(const TlArch& a, const TlNest& n, int i, int parent) {
  if (!a.levels[i].holds_nothing || parent < 0) return false;
  if (a.levels[parent].instances != a.levels[i].instances) return false;
  for (const TlLoop& l : n.levels[parent].spatial)
    if (l.end > 1) return false;
  for (const TlLoop& l : n.levels[i].temporal)
    if (l.end > 1) return false;
  return true;
}

// The report column a level sums into: DRAM; the storage next to the MACs (the innermost level
// and the !Parallel group it belongs to, e.g. Eyeriss's three spads) as the register file;
// everything between as the global buffer.
StorageLevel column_of(const TlArch& a, int i) {
  if (a.levels[i].is_dram) return StorageLevel::Dram;
  const TlLevel& innermost = a.levels[a.storage_levels() - 1];
  const bool next_to_macs = i == static_cast<int>(a.storage_levels()) - 1 ||
                            (innermost.parallel_group >= 0 && a.levels[i].parallel_group == innermost.parallel_group);
  return next_to_macs ? StorageLevel::RegisterFile : StorageLevel::GlobalBuffer;
}

Operand operand_of(const TlConvView& v, int ds) {
  return ds == v.weights ? Operand::Weights : ds == v.inputs ? Operand::Inputs : Operand::Outputs;
}

Dim dim_of_role(char role) {
  Dim d = Dim::N;
  dim_from_letter(role, &d);
  return d;
}

int int_of(std::int64_t v, const std::string& where, const char* what) {
  if (v > (1 << 30)) throw Error(where + ": " + what + " " + std::to_string(v) + " is too large for eyrie's storage form");
  return static_cast<int>(v);
}

}  // namespace

TlLowered lower(const TlArch& a, const TlProblem& p, const TlNest& n, const Ert* ert) {
  TlLowered out;
  out.view = to_conv_layer(p);
  out.layer = out.view.layer;
  const int storage = static_cast<int>(a.storage_levels());

  // Which Timeloop levels become eyrie levels, outermost first, and who takes whose spatial loops.
  std::vector<int> kept;
  std::vector<std::vector<TlLoop>> spatial(storage);
  for (int i = 0; i < storage; ++i) {
    if (folds(a, n, i, kept.empty() ? -1 : kept.back())) {
      spatial[kept.back()] = n.levels[i].spatial;
      continue;
    }
    kept.push_back(i);
    spatial[i] = n.levels[i].spatial;
  }
  if (static_cast<int>(kept.size()) > kMaxLevels)
    throw Error(a.file + ": " + std::to_string(kept.size()) + " storage levels after folding fan-out levels; eyrie's mapping holds at most " +
                std::to_string(kMaxLevels));

  ArchSpec& arch = out.arch;
  arch.name = a.file;
  arch.file = a.file;
  arch.counting = CountingMode::Timeloop;
  const TlLevel& mac = a.compute();
  arch.mac.precision = mac.klass.find("fp") != std::string::npos ? Precision::Fp32 : Precision::Int16;
  arch.word_bits = static_cast<int>(a.levels[0].word_bits);
  if (mac.global_cycle_seconds) arch.clock_mhz = 1e-6 / *mac.global_cycle_seconds;
  arch.pe_array.rows = int_of(mac.mesh_y, mac.where, "meshY");
  arch.pe_array.cols = int_of(mac.mesh_x, mac.where, "meshX");
  out.table.name = ert ? ert->file : "none";
  out.table.unit = "pJ";
  out.table.source = ert ? "Accelergy ERT " + ert->file : "no ERT: energies are 0";
  out.table.file = out.table.name;
  if (ert) {
    const ErtTable* t = ert->find(mac.name);
    const auto e = t ? t->action_pj("compute") : std::nullopt;
    if (!e) throw Error(ert->file + ": no compute action for " + mac.name + " (the architecture's compute unit)");
    out.table.mac[arch.mac.precision] = *e;
  } else {
    out.table.mac[arch.mac.precision] = 0;
  }

  Mapping& m = out.mapping;
  m.count = static_cast<int>(kept.size());
  arch.storage.resize(kept.size());
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const int i = kept[k];
    const int e = m.count - 1 - static_cast<int>(k);  // eyrie: innermost first
    out.tl_level.insert(out.tl_level.begin(), i);
    const TlLevel& L = a.levels[i];
    const TlLevel* parent = k == 0 ? nullptr : &a.levels[kept[k - 1]];
    StorageLevelSpec& s = arch.storage[e];
    s.name = L.name;
    const std::int64_t cap = L.holds_nothing ? 0 : L.size_words ? *L.size_words : -1;
    s.capacity_words = {cap, cap, cap};
    s.shared = true;
    const int bits = int_of(L.word_bits, L.where, "datawidth");
    s.word_bits = {bits, bits, bits};
    s.block_words = int_of(L.block_size, L.where, "block_size");
    s.mesh_x = int_of(parent ? L.mesh_x / parent->mesh_x : L.mesh_x, L.where, "meshX");
    s.mesh_y = int_of(parent ? L.mesh_y / parent->mesh_y : L.mesh_y, L.where, "meshY");
    if (L.shared_bandwidth) {
      if (L.read_bandwidth || L.write_bandwidth)
        throw Error(L.where + ": shared_bandwidth with read/write_bandwidth is not lowered to eyrie");
      s.read_words_per_cycle = *L.shared_bandwidth;
      s.shared_port = true;
    } else {
      s.read_words_per_cycle = L.read_bandwidth.value_or(0);
      s.write_words_per_cycle = L.write_bandwidth.value_or(0);
    }
    if (L.multiple_buffering != std::floor(L.multiple_buffering))
      throw Error(L.where + ": multiple_buffering " + std::to_string(L.multiple_buffering) + " is not a whole number of buffers");
    s.buffering = static_cast<int>(L.multiple_buffering);
    s.banks = 0;  // Timeloop's n_banks shapes only its built-in energy model, never bandwidth
    s.network.multicast = Multicast::Any;
    s.network.spatial_reduction = true;
    s.network.words_per_cycle = 0;
    s.network.energy_per_word = 0;
    s.table_entry = column_of(a, i);
    s.explicit_energy = true;
    if (ert && !L.holds_nothing) {
      const TlStorageCosts c = storage_costs(*ert, L.name);
      const std::int64_t used = n.utilized_instances(i);
      const double cluster_scale = static_cast<double>(utilized_clusters(L, used)) / static_cast<double>(used);
      for (Operand op : kOperands) {
        s.energy.read[op] = c.read_pj * cluster_scale;
        s.energy.fill[op] = c.fill_pj * cluster_scale;
        s.energy.update[op] = c.update_pj * cluster_scale;
      }
      s.energy.leakage_per_cycle = c.leak_pj * static_cast<double>(used) / static_cast<double>(L.instances);
      s.explicit_leakage = true;
    }

    // The level's loops: temporal factors and order (innermost first), the fan-out below it.
    LevelMapping& lm = m.levels[e];
    lm.temporal = kOnes;
    lm.spatial_x = kOnes;
    lm.spatial_y = kOnes;
    std::array<bool, kDims> placed{};
    int pos = 0;
    for (const TlLoop& l : n.levels[i].temporal) {
      if (l.residual != l.end)
        throw Error(L.where + ": the imperfect factor " + p.dims[l.dim] + "=" + std::to_string(l.end) + "," +
                    std::to_string(l.residual) + " is not lowered to eyrie (its factors are ceilings without residuals)");
      const Dim d = dim_of_role(out.view.role[l.dim]);
      lm.temporal[static_cast<int>(d)] = l.end;
      lm.permutation[pos++] = d;
      placed[static_cast<int>(d)] = true;
    }
    for (Dim d : kAllDims)
      if (!placed[static_cast<int>(d)]) lm.permutation[pos++] = d;
    for (const TlLoop& l : spatial[i]) {
      if (l.residual != l.end) throw Error(L.where + ": an imperfect spatial factor is not lowered to eyrie");
      const int d = static_cast<int>(dim_of_role(out.view.role[l.dim]));
      (l.space == TlLoop::Space::X ? lm.spatial_x : lm.spatial_y)[d] *= l.end;
    }
    for (int ds = 0; ds < static_cast<int>(p.data_spaces.size()); ++ds) lm.keep[operand_of(out.view, ds)] = n.levels[i].keep[ds];
  }
  const TlLevel& inner = a.levels[kept.back()];
  arch.compute.mesh_x = int_of(mac.mesh_x / inner.mesh_x, mac.where, "meshX");
  arch.compute.mesh_y = int_of(mac.mesh_y / inner.mesh_y, mac.where, "meshY");

  const std::string why = check_mapping(m, shape_of(out.layer), arch);
  if (!why.empty()) throw Error(a.file + ": the lowered mapping does not fit: " + why);
  return out;
}

TlDesign load_design(const std::string& arch_path, const std::string& problem_path, const std::string& mapping_path,
                     const std::string& ert_path) {
  if (problem_path.empty() || mapping_path.empty())
    throw Error("a Timeloop design runs from its architecture, problem (--network) and mapping (--mapping) files");
  const TlArch arch = load_tl_arch(arch_path);
  const TlProblem problem = load_tl_problem(problem_path);
  const TlNest nest = resolve_nest(arch, problem, load_tl_mapping(mapping_path));
  std::optional<Ert> ert;
  if (!ert_path.empty()) ert = load_ert(ert_path);
  TlDesign d;
  d.lowered = lower(arch, problem, nest, ert ? &*ert : nullptr);
  d.network.name = problem.shape_name.empty() ? "timeloop" : problem.shape_name;
  d.network.source = problem_path;
  d.network.layers = {d.lowered.layer};
  if (d.network.layers[0].name.empty()) d.network.layers[0].name = d.network.name;
  return d;
}

}  // namespace eyrie::tl
