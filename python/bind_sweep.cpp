// Sweeps for Python: a sweep file's points run on `jobs` threads (the GIL released), progress
// reported to a Python callable as points finish, the result built by the CLI's sweep report
// (JSON) so a DataFrame holds the values `eyrie sweep --format json` prints.
//
// Each point runs as a one-point sweep through run_sweep, the same code `eyrie sweep` runs; the
// rows are put back in point order and the best of each network marked over all of them, so
// the result does not depend on `jobs`. (When run_sweep gains its own parallel runner and
// progress, issue 11, this file should call it instead of splitting.)
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <thread>

#include "python/bindings.h"
#include "python/json_to_python.h"
#include "sim/core/error.h"
#include "sim/report/format.h"
#include "sim/sweep/sweep_report.h"
#include "sim/sweep/sweep_run.h"

namespace eyrie::python {

namespace py = pybind11;

namespace {

// run_sweep's rule over the merged rows: the lowest objective among a network's mapped rows,
// the first on ties.
void mark_best(SweepResult& r) {
  auto key = [&](const SweepRow& row) {
    const double c = static_cast<double>(row.cycles);
    return r.spec.objective == "energy" ? row.energy : r.spec.objective == "cycles" ? c : row.energy * c;
  };
  std::map<std::string, std::size_t> best;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    SweepRow& row = r.rows[i];
    row.best = false;
    if (row.status != "ok") continue;
    auto it = best.find(row.network);
    if (it == best.end() || key(row) < key(r.rows[it->second])) best[row.network] = i;
  }
  for (const auto& [network, i] : best) r.rows[i].best = true;
}

struct PointRunner {
  PointRunner(const SweepSpec& base_spec, const std::vector<SweepPoint>& all) : base(base_spec), points(all) {}
  SweepSpec base;  // the spec without its points
  const std::vector<SweepPoint>& points;
  bool timed = false;
  std::vector<SweepResult> parts;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> cancelled{false};
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t done = 0;
  std::exception_ptr error;

  void work() {
    for (std::size_t i; !cancelled && (i = next++) < points.size();) {
      try {
        SweepSpec one = base;
        one.points = {points[i]};
        if (timed) {
          std::lock_guard<std::mutex> lock(systemc_mutex());
          parts[i] = run_sweep(one, true);
        } else {
          parts[i] = run_sweep(one, false);
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
        cancelled = true;
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++done;
      changed.notify_all();
    }
  }
};

py::object sweep(const std::string& path, const std::string& engine, int jobs, const py::object& progress) {
  if (engine != "analytic" && engine != "systemc")
    throw Error("engine: must be analytic or systemc, got \"" + engine + "\"");
  if (jobs < 1 || jobs > 1024) throw Error("jobs: must be between 1 and 1024, got " + std::to_string(jobs));
  if (!progress.is_none() && !PyCallable_Check(progress.ptr())) throw Error("progress: must be callable (done, total)");
  SweepSpec spec;
  {
    py::gil_scoped_release release;
    spec = load_sweep(path);
  }
  std::vector<SweepPoint> points = std::move(spec.points);
  spec.points.clear();
  PointRunner runner(spec, points);
  runner.timed = engine == "systemc";
  runner.parts.resize(points.size());
  const std::size_t total = points.size();
  std::vector<std::thread> threads;
  std::size_t reported = 0;
  try {
    {
      py::gil_scoped_release release;
      for (int t = 0; t < jobs && static_cast<std::size_t>(t) < total; ++t) threads.emplace_back([&] { runner.work(); });
    }
    // The calling thread reports progress and lets Ctrl-C through while the workers run.
    for (;;) {
      std::size_t now;
      {
        py::gil_scoped_release release;
        std::unique_lock<std::mutex> lock(runner.mutex);
        runner.changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return runner.done != reported; });
        now = runner.done;
      }
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      while (reported < now) {  // one call per finished point, in order
        ++reported;
        if (!progress.is_none()) progress(reported, total);
      }
      if (reported == total) break;
      std::lock_guard<std::mutex> lock(runner.mutex);
      if (runner.error) break;  // the workers stop taking points; the join below waits for the rest
    }
  } catch (...) {
    runner.cancelled = true;
    py::gil_scoped_release release;
    for (auto& t : threads) t.join();
    throw;
  }
  {
    py::gil_scoped_release release;
    for (auto& t : threads) t.join();
  }
  if (runner.error) std::rethrow_exception(runner.error);

  SweepResult merged;
  merged.spec = std::move(spec);
  merged.spec.points = std::move(points);
  for (std::size_t i = 0; i < runner.parts.size(); ++i) {
    SweepResult& part = runner.parts[i];
    if (!part.energy_unit.empty()) merged.energy_unit = part.energy_unit;
    for (SweepRow& row : part.rows) {
      row.point = i;
      merged.rows.push_back(std::move(row));
    }
  }
  mark_best(merged);
  return to_python(nlohmann::ordered_json::parse(sweep_report(merged, Format::Json)));
}

}  // namespace

void bind_sweep(py::module_& m) {
  m.def("sweep", &sweep, py::arg("path"), py::arg("engine"), py::arg("jobs"), py::arg("progress").none(true));
}

}  // namespace eyrie::python
