#include "sim/report/run_report.h"

#include <fmt/format.h>

#include "sim/report/text_table.h"

namespace eyrie {

std::string energy_key_suffix(const std::string& energy_unit) {
  std::string s;
  for (char c : energy_unit) s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

namespace {

using json = nlohmann::ordered_json;

json roofline_json(const Roofline& r) {
  return json{{"peak_macs_per_s", r.peak_macs_per_s},
              {"bandwidth_bytes_per_s", r.bandwidth_bytes_per_s},
              {"oi_macs_per_byte", r.oi_macs_per_byte},
              {"oi_min_macs_per_byte", r.oi_min_macs_per_byte},
              {"bound_macs_per_s", r.bound_macs_per_s},
              {"bound", r.memory_bound ? "memory" : "compute"},
              {"achieved_macs_per_s", r.achieved_macs_per_s}};
}

json layer_json(const LayerResult& l, bool with_mapping, const std::vector<std::string>& names,
               const std::string& energy_unit) {
  json j;
  j["name"] = l.name;
  j["macs"] = l.macs;
  j["cycles"] = l.perf.cycles;
  j["compute_cycles"] = l.perf.compute_cycles;
  j["stall_cycles"] = l.perf.stall_cycles();
  j["bound_by"] = to_string(l.perf.bound);
  j["utilization"] = l.utilization;
  json e;
  e["total"] = l.energy.total();
  e["mac"] = l.energy.mac;
  for (int i = 0; i < kEnergyLevelCount; ++i) e[to_string(kEnergyLevels[i])] = l.energy.level_total(i);
  // The key names its unit (`energy_pj` only when it is pJ), as does `energy_unit`.
  const std::string suffix = energy_key_suffix(energy_unit);
  j["energy_" + suffix] = e;
  json eo;
  for (int i = 0; i < kEnergyLevelCount; ++i)
    for (Operand op : kOperands) eo[to_string(kEnergyLevels[i])][to_string(op)] = l.energy.by_level[i][op];
  j["energy_by_operand_" + suffix] = eo;
  json a;
  const int levels = static_cast<int>(names.size());
  for (int lv = 0; lv < levels; ++lv)
    for (Operand op : kOperands) {
      const auto& c = l.counts.levels[lv][op];
      a[names[lv]][to_string(op)] = {{"reads", c.reads}, {"fills", c.fills}, {"updates", c.updates}};
    }
  j["accesses"] = a;
  // Levels as data, innermost first: what each level and the network below it did.
  json per_level = json::array();
  for (int lv = 0; lv < levels; ++lv) {
    json r;
    r["name"] = names[lv];
    for (Operand op : kOperands) {
      const auto& c = l.counts.levels[lv][op];
      r["accesses"][to_string(op)] = {{"reads", c.reads}, {"fills", c.fills}, {"updates", c.updates}};
      r["network"][to_string(op)] = {{"child_words", l.counts.network_child_words[lv][op]},
                                     {"level_words", l.counts.network_level_words[lv][op]}};
      r["energy"][to_string(op)] = l.energy.storage[lv][op];
      r["network_energy"][to_string(op)] = l.energy.network[lv][op];
    }
    r["leakage_energy"] = l.energy.storage_leakage[lv];
    // A layer's mapping addresses these instances (Timeloop's utilized instances); a total
    // over layers has no one figure.
    if (with_mapping) r["used_instances"] = l.counts.used_instances[lv];
    r["cycles"] = l.perf.level_cycles[lv];
    r["network_cycles"] = l.perf.network_cycles[lv];
    per_level.push_back(r);
  }
  j["levels"] = per_level;
  if (l.perf.bound_level >= 0 && l.perf.bound_level < levels)
    j["bound_level"] = names[l.perf.bound_level] + (l.perf.bound_by_network ? ".network" : "");
  json noc;
  for (Operand op : kOperands) noc[to_string(op)] = {{"pe_words", l.counts.noc_pe_words[op]}, {"buffer_words", l.counts.noc_buffer_words[op]}};
  j["noc"] = noc;
  j["dram_bytes"] = l.dram_bytes;
  j["roofline"] = roofline_json(l.dram_roofline);
  j["roofline_global_buffer"] = roofline_json(l.glb_roofline);
  if (l.timed) {
    j["timed"] = {{"engine", "systemc"},
                  {"cycles", l.timed->cycles},
                  {"stall_cycles", l.timed->stall_cycles},
                  {"tiles", l.timed->tiles}};
  }
  if (with_mapping) {
    j["mapping"] = to_text(l.mapping, names);
    j["mappings_evaluated"] = l.mappings_evaluated;
    j["search_capped"] = l.search_capped;
    if (!l.search_same_as.empty()) j["search_same_as"] = l.search_same_as;
  }
  return j;
}

bool normalized(const NetworkResult& r) { return r.energy_unit != "pJ"; }

std::string energy_text(const NetworkResult& r, double e) {
  return normalized(r) ? fmt::format("{:.4g}", e) : fmt::format("{:.3f}", e / 1e6);  // uJ
}

}  // namespace

json run_json(const NetworkResult& r) {
  json j;
  j["network"] = r.network;
  j["arch"] = r.arch;
  j["dataflow"] = r.dataflow;
  j["objective"] = r.objective;
  j["energy_unit"] = r.energy_unit;
  j["engine"] = r.total.timed ? "analytic+systemc" : "analytic";
  if (r.provenance.set) {
    const auto& p = r.provenance;
    j["provenance"] = {{"eyrie_version", p.eyrie_version}, {"arch_file", p.arch_file},
                       {"arch_file_hash", p.arch_file_hash}, {"overrides", p.overrides},
                       {"network", p.network}, {"network_file_hash", p.network_file_hash},
                       {"batch", p.batch}, {"dataflow", r.dataflow}, {"objective", r.objective},
                       {"engine", p.engine}};
  }
  j["layers"] = json::array();
  for (const auto& l : r.layers) j["layers"].push_back(layer_json(l, true, r.level_names, r.energy_unit));
  json t = layer_json(r.total, false, r.level_names, r.energy_unit);
  t.erase("name");
  t["mappings_evaluated"] = r.total.mappings_evaluated;
  j["total"] = t;
  return j;
}

std::string run_layers_csv(const NetworkResult& r) {
  // Energy columns end in their unit; numbers are written in full (shortest round-trip).
  const std::string u = energy_key_suffix(r.energy_unit);
  std::string out = fmt::format(
      "name,macs,cycles,compute_cycles,stall_cycles,bound_by,utilization,dram_bytes,energy_total_{0},energy_mac_{0},"
      "energy_register_file_{0},energy_array_{0},energy_global_buffer_{0},energy_dram_{0},energy_per_mac_{0},"
      "oi_macs_per_byte,roofline_bound,mapping\n",
      u);
  auto row = [&](const LayerResult& l) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       csv_cell(l.name), l.macs, l.perf.cycles, l.perf.compute_cycles, l.perf.stall_cycles(),
                       to_string(l.perf.bound),
                       l.utilization, l.dram_bytes, l.energy.total(), l.energy.mac, l.energy.level_total(0),
                       l.energy.level_total(1), l.energy.level_total(2), l.energy.level_total(3),
                       l.macs ? l.energy.total() / l.macs : 0, l.dram_roofline.oi_macs_per_byte,
                       l.dram_roofline.memory_bound ? "memory" : "compute",
                       csv_cell(l.name == "total" ? "" : to_text(l.mapping, r.level_names)));
  };
  for (const auto& l : r.layers) row(l);
  row(r.total);
  return out;
}

std::string compare_layers_csv(const std::vector<NetworkResult>& runs) {
  std::string out;
  for (const auto& r : runs) {
    const std::string rows = run_layers_csv(r);
    std::size_t start = rows.find('\n') + 1;
    if (out.empty()) out = "dataflow," + rows.substr(0, start);
    for (std::size_t end; (end = rows.find('\n', start)) != std::string::npos; start = end + 1)
      out += csv_cell(r.dataflow) + "," + rows.substr(start, end + 1 - start);
  }
  return out;
}

std::string run_report(const NetworkResult& r, Format format) {
  if (format == Format::Json) return run_json(r).dump(2) + "\n";
  if (format == Format::Csv) return run_layers_csv(r);
  const bool norm = normalized(r);
  TextTable t;
  t.add_column("layer", TextTable::Align::Left);
  for (const char* h : {"MACs", "cycles", "stalls", "util", "DRAM MB"}) t.add_column(h);
  t.add_column(norm ? "energy (MAC=1)" : "energy uJ");
  t.add_column(norm ? "E/MAC" : "pJ/MAC");
  t.add_column("bound", TextTable::Align::Left);
  const bool timed = r.total.timed.has_value();
  if (timed) {
    t.add_column("SystemC cycles");
    t.add_column("vs analytic");
  }
  auto row = [&](const LayerResult& l) {
    std::vector<std::string> cells = {
        l.name, with_commas(l.macs), with_commas(l.perf.cycles), with_commas(l.perf.stall_cycles()),
        fmt::format("{:.1f}%", 100 * l.utilization), fmt::format("{:.3f}", l.dram_bytes / 1e6),
        energy_text(r, l.energy.total()), fmt::format("{:.3f}", l.macs ? l.energy.total() / l.macs : 0),
        std::string(to_string(l.perf.bound)) + (l.dram_roofline.memory_bound ? " (roofline: memory)" : "")};
    if (timed && l.timed) {
      cells.push_back(with_commas(l.timed->cycles));
      cells.push_back(fmt::format("{:+.1f}%", l.perf.cycles ? 100.0 * (l.timed->cycles - l.perf.cycles) / l.perf.cycles : 0.0));
    }
    t.add_row(cells);
  };
  for (const auto& l : r.layers) row(l);
  t.add_separator();
  row(r.total);
  std::string out = fmt::format("network {} on {}, dataflow {}, objective {}\n", r.network, r.arch, r.dataflow, r.objective);
  out += t.render();
  const auto& tot = r.total;
  out += fmt::format("energy per level{}: MAC {:.3f}, RF {:.3f}, array {:.3f}, GLB {:.3f}, DRAM {:.3f} per MAC\n",
                     norm ? " (MAC=1)" : " (pJ)", tot.energy.mac / tot.macs, tot.energy.level_total(0) / tot.macs,
                     tot.energy.level_total(1) / tot.macs, tot.energy.level_total(2) / tot.macs,
                     tot.energy.level_total(3) / tot.macs);
  out += fmt::format("roofline (DRAM): peak {:.3g} MAC/s, {:.3g} B/s; OI of this mapping's DRAM traffic {:.2f} MAC/B "
                     "(compulsory: {:.2f} MAC/B, each touched word moved once); bound {:.3g} MAC/s ({}), achieved {:.3g} MAC/s\n",
                     tot.dram_roofline.peak_macs_per_s, tot.dram_roofline.bandwidth_bytes_per_s,
                     tot.dram_roofline.oi_macs_per_byte, tot.dram_roofline.oi_min_macs_per_byte,
                     tot.dram_roofline.bound_macs_per_s, tot.dram_roofline.memory_bound ? "memory" : "compute",
                     tot.dram_roofline.achieved_macs_per_s);
  // A capped search is never silent: its layers are named.
  std::string capped;
  int n_capped = 0;
  for (const auto& l : r.layers)
    if (l.search_capped) capped += (n_capped++ ? ", " : "") + l.name;
  if (n_capped > 0)
    out += fmt::format("note: the mapping search of {} layer{} ({}) stopped at its cap of {} evaluations: each such "
                       "mapping is the best of the candidates evaluated, best-first (search_capped in the JSON)\n",
                       n_capped, n_capped == 1 ? "" : "s", capped, r.search_cap);
  return out;
}

std::size_t best_run(const std::vector<NetworkResult>& runs, const std::string& objective) {
  std::size_t best = 0;
  auto key = [&](const NetworkResult& r) {
    const double e = r.total.energy.total(), c = static_cast<double>(r.total.perf.cycles);
    return objective == "energy" ? e : objective == "cycles" ? c : e * c;
  };
  for (std::size_t i = 1; i < runs.size(); ++i)
    if (key(runs[i]) < key(runs[best])) best = i;
  return best;
}

std::string compare_report(const std::vector<NetworkResult>& runs, const std::string& objective, Format format,
                           const std::vector<Unmappable>& unmappable) {
  if (runs.empty()) return "";
  const std::size_t best = best_run(runs, objective);
  if (format == Format::Json) {
    json j;
    j["network"] = runs[0].network;
    j["arch"] = runs[0].arch;
    j["objective"] = objective;
    j["best"] = runs[best].dataflow;
    j["dataflows"] = json::object();
    for (const auto& r : runs) j["dataflows"][r.dataflow] = run_json(r);
    j["unmappable"] = json::object();
    for (const auto& u : unmappable) j["unmappable"][u.dataflow] = u.reason;
    return j.dump(2) + "\n";
  }
  const bool norm = normalized(runs[0]);
  if (format == Format::Csv) {
    // Energy columns end in their unit (per MAC where they say so); numbers in full.
    std::string out = fmt::format(
        "dataflow,energy_total_{0},energy_per_mac_{0},mac_{0}_per_mac,register_file_{0}_per_mac,array_{0}_per_mac,"
        "global_buffer_{0}_per_mac,dram_{0}_per_mac,dram_accesses_per_mac,cycles,utilization,best\n",
        energy_key_suffix(runs[0].energy_unit));
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const auto& t = runs[i].total;
      const double m = static_cast<double>(t.macs);
      std::int64_t dram = 0;
      for (Operand op : kOperands) dram += t.counts.at(t.counts.level_count - 1)[op].total();
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", runs[i].dataflow,
                         t.energy.total(), t.energy.total() / m, t.energy.mac / m, t.energy.level_total(0) / m,
                         t.energy.level_total(1) / m, t.energy.level_total(2) / m, t.energy.level_total(3) / m,
                         dram / m, t.perf.cycles, t.utilization, i == best ? 1 : 0);
    }
    return out;
  }
  TextTable t;
  t.add_column("dataflow", TextTable::Align::Left);
  t.add_column(norm ? "energy/MAC" : "pJ/MAC");
  for (const char* h : {"MAC", "RF", "array", "GLB", "DRAM", "DRAM acc/MAC", "cycles", "util"}) t.add_column(h);
  t.add_column("", TextTable::Align::Left);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& tot = runs[i].total;
    const double m = static_cast<double>(tot.macs);
    std::int64_t dram = 0;
    for (Operand op : kOperands) dram += tot.counts.at(tot.counts.level_count - 1)[op].total();
    t.add_row({runs[i].dataflow, fmt::format("{:.3f}", tot.energy.total() / m), fmt::format("{:.3f}", tot.energy.mac / m),
               fmt::format("{:.3f}", tot.energy.level_total(0) / m), fmt::format("{:.3f}", tot.energy.level_total(1) / m),
               fmt::format("{:.3f}", tot.energy.level_total(2) / m), fmt::format("{:.3f}", tot.energy.level_total(3) / m),
               fmt::format("{:.4f}", dram / m), with_commas(tot.perf.cycles), fmt::format("{:.1f}%", 100 * tot.utilization),
               i == best ? "<- best (" + objective + ")" : ""});
  }
  std::string out = fmt::format("network {} on {}: energy per MAC by level{}\n", runs[0].network, runs[0].arch,
                                norm ? " (normalized, MAC=1)" : " (pJ)") +
                    t.render();
  for (const auto& u : unmappable) out += fmt::format("{}: not compared: {}\n", u.dataflow, u.reason);
  return out;
}

}  // namespace eyrie
