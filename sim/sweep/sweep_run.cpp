#include "sim/sweep/sweep_run.h"

#include <limits>
#include <map>

#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "sim/timing/network_timing.h"

namespace eyrie {

SweepResult run_sweep(const SweepSpec& spec, bool timed) {
  SweepResult out;
  out.spec = spec;
  std::vector<Network> networks;
  for (const auto& n : spec.networks) networks.push_back(with_batch(load_network(n), spec.batch));
  const Objective objective = objective_named(spec.objective);
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    const ArchSpec& arch = spec.points[p].arch;
    const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
    out.energy_unit = engine.energy_model().unit();
    const AreaBreakdown area = estimate_area(arch, load_area_table(arch.area_table));
    std::vector<std::string> dataflows = spec.dataflows;
    if (dataflows.empty()) dataflows.push_back(arch.dataflow.empty() ? "rs" : arch.dataflow);
    for (const Network& net : networks) {
      for (const std::string& df : dataflows) {
        SweepRow row;
        row.point = p;
        row.network = net.name;
        row.dataflow = df;
        row.area = area;
        try {
          RunOptions o;
          o.dataflow = df;
          o.objective = objective;
          NetworkResult r = run_network(net, engine, o);
          if (timed) time_network(r, arch);
          row.macs = r.total.macs;
          row.cycles = r.total.perf.cycles;
          row.timed_cycles = r.total.timed ? r.total.timed->cycles : 0;
          row.utilization = r.total.utilization;
          row.energy = r.total.energy.total();
          row.dram_bytes = r.total.dram_bytes;
        } catch (const Error& e) {
          row.status = e.what();
        }
        out.rows.push_back(std::move(row));
      }
    }
  }
  // The best row of each network under the objective.
  std::map<std::string, std::size_t> best;
  auto key = [&](const SweepRow& r) {
    const double c = static_cast<double>(r.cycles);
    return spec.objective == "energy" ? r.energy : spec.objective == "cycles" ? c : r.energy * c;
  };
  for (std::size_t i = 0; i < out.rows.size(); ++i) {
    const SweepRow& r = out.rows[i];
    if (r.status != "ok") continue;
    auto it = best.find(r.network);
    if (it == best.end() || key(r) < key(out.rows[it->second])) best[r.network] = i;
  }
  for (const auto& [network, i] : best) out.rows[i].best = true;
  return out;
}

}  // namespace eyrie
