#include "sim/core/version.h"
#include "sim/sweep/sweep_run.h"

#include <algorithm>
#include <map>
#include <mutex>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "sim/timing/network_timing.h"


namespace eyrie {

namespace {

// The cost tables the points name, read once before the threads start.
struct CostTables {
  std::map<std::string, EnergyTable> energy;
  std::map<std::string, AreaTable> area;
};

CostTables load_tables(const SweepSpec& spec, const std::vector<SweepTask>& tasks) {
  CostTables t;
  for (const SweepTask& task : tasks) {
    const ArchSpec& a = spec.points[task.point].arch;
    if (!t.energy.count(a.energy_table)) t.energy.emplace(a.energy_table, load_energy_table(a.energy_table));
    if (!t.area.count(a.area_table)) t.area.emplace(a.area_table, load_area_table(a.area_table));
  }
  return t;
}

SweepRow run_task(const SweepSpec& spec, const SweepTask& task, const SweepSettings& settings,
                  const CostTables& tables, std::mutex& timing) {
  SweepRow row = row_header(spec, task, settings);
  const ArchSpec& arch = spec.points[task.point].arch;
  const AnalyticEngine engine(arch, tables.energy.at(arch.energy_table));
  row.energy_unit = engine.energy_model().unit();
  row.area = estimate_area(arch, tables.area.at(arch.area_table));
  try {
    RunOptions o;
    o.dataflow = task.dataflow;
    o.objective = objective_named(spec.objective);
    NetworkResult r = run_network(spec.network_models[task.network], engine, o);
    if (settings.timed) {
      const std::lock_guard<std::mutex> lock(timing);  // one SystemC kernel per process
      time_network(r, arch, spec.network_models[task.network]);
    }
    row.macs = r.total.macs;
    row.cycles = r.total.perf.cycles;
    if (r.total.timed) row.timed_cycles = r.total.timed->cycles;
    row.utilization = r.total.utilization;
    row.energy = r.total.energy.total();
    row.dram_bytes = r.total.dram_bytes;
  } catch (const Error& e) {
    row.status = e.what();
  }
  return row;
}

double objective_value(const std::string& objective, const SweepRow& r) {
  const double c = static_cast<double>(r.cycles);
  return objective == "energy" ? r.energy : objective == "cycles" ? c : r.energy * c;
}

// a dominates b: no worse in energy, cycles and area, better in one.
bool dominates(const SweepRow& a, const SweepRow& b) {
  const double aa = a.area.total_um2(), ba = b.area.total_um2();
  return a.energy <= b.energy && a.cycles <= b.cycles && aa <= ba &&
         (a.energy < b.energy || a.cycles < b.cycles || aa < ba);
}

// Marks the front of one network's mappable rows. In (energy, cycles, area) order a row's
// dominators all come before it, and a dominated dominator is itself dominated by a front
// row, so checking each row against the front so far suffices: O(rows x front).
void mark_pareto(std::vector<SweepRow*> rows) {
  std::sort(rows.begin(), rows.end(), [](const SweepRow* a, const SweepRow* b) {
    const double aa = a->area.total_um2(), ba = b->area.total_um2();
    if (a->energy != b->energy) return a->energy < b->energy;
    if (a->cycles != b->cycles) return a->cycles < b->cycles;
    if (aa != ba) return aa < ba;
    return a->task < b->task;
  });
  std::vector<const SweepRow*> front;
  for (SweepRow* r : rows) {
    const bool dominated = std::any_of(front.begin(), front.end(), [&](const SweepRow* f) { return dominates(*f, *r); });
    r->pareto = !dominated;
    if (!dominated) front.push_back(r);
  }
}

}  // namespace

SweepHeader header_of(const SweepSpec& spec) { return {spec.name, spec.objective, spec.parameters}; }

SweepRow row_header(const SweepSpec& spec, const SweepTask& task, const SweepSettings& settings) {
  const SweepPoint& point = spec.points[task.point];
  SweepRow row;
  row.task = task.index;
  row.point = task.point;
  for (const auto& o : point.overrides) row.values.push_back(o.value);
  row.network = spec.network_models[task.network].name;
  row.dataflow = task.dataflow;
  row.eyrie_version = eyrie_version();
  row.arch_file = spec.arch_path;
  row.arch_file_hash = spec.arch_file_hash;
  row.arch_hash = point.arch_hash;
  row.overrides = point.label();
  row.objective = spec.objective;
  row.batch = spec.batch;
  row.engine = settings.timed ? "systemc" : "analytic";
  return row;
}

std::vector<SweepRow> run_sweep_tasks(const SweepSpec& spec, const std::vector<SweepTask>& tasks,
                                      const SweepSettings& settings, const RowSink& sink) {
  objective_named(spec.objective);  // a bad objective is the sweep's error, not every row's
  const CostTables tables = load_tables(spec, tasks);
  std::vector<SweepRow> rows(tasks.size());
  std::mutex sink_lock, timing_lock;
  tbb::task_arena arena(settings.jobs > 0 ? settings.jobs : tbb::task_arena::automatic);
  arena.execute([&] {
    // Grain 1: a task is a whole network, long enough to be worth a steal.
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, tasks.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          for (std::size_t i = range.begin(); i != range.end(); ++i) {
            rows[i] = run_task(spec, tasks[i], settings, tables, timing_lock);
            if (sink) {
              const std::lock_guard<std::mutex> lock(sink_lock);
              sink(rows[i]);
            }
          }
        },
        tbb::simple_partitioner());
  });
  return rows;
}

void finish_sweep(SweepResult& result) {
  auto& rows = result.rows;
  std::stable_sort(rows.begin(), rows.end(), [](const SweepRow& a, const SweepRow& b) { return a.task < b.task; });
  std::map<std::string, std::vector<SweepRow*>> by_network;
  for (SweepRow& r : rows) {
    r.best = r.pareto = false;
    if (r.ok()) by_network[r.network].push_back(&r);
  }
  for (auto& [network, members] : by_network) {
    SweepRow* best = nullptr;
    for (SweepRow* r : members)  // serial order: a later row replaces only when strictly better
      if (!best || objective_value(result.header.objective, *r) < objective_value(result.header.objective, *best))
        best = r;
    best->best = true;
    mark_pareto(members);
  }
}

SweepResult run_sweep(const SweepSpec& spec, const SweepSettings& settings) {
  SweepResult out;
  out.header = header_of(spec);
  out.rows = run_sweep_tasks(spec, sweep_tasks(spec), settings);
  finish_sweep(out);
  return out;
}

}  // namespace eyrie
