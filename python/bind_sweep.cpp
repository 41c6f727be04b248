// Sweeps for Python: a sweep file's points run on `jobs` threads (the GIL released), progress
// reported to a Python callable as points finish, the result built by the CLI's sweep report
// (JSON) so a DataFrame holds the values `eyrie sweep --format json` prints.
//
// Each point runs as a one-point sweep through run_sweep, the same code `eyrie sweep` runs; the
// rows are put back in point order and the best of each network marked over all of them, so
// the result does not depend on `jobs`; finish_sweep marks best and Pareto rows over all of
// them. (run_sweep_tasks now has its own parallel runner with a row sink; this file still
// splits by point to report progress per point.)
#include <atomic>
#include <condition_variable>
#include <exception>
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
        SweepSettings settings;
        settings.timed = timed;
        settings.jobs = 1;  // the points are the parallelism here
        if (timed) {
          std::lock_guard<std::mutex> lock(systemc_mutex());
          parts[i] = run_sweep(one, settings);
        } else {
          parts[i] = run_sweep(one, settings);
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
  merged.header = header_of(spec);
  for (std::size_t i = 0; i < runner.parts.size(); ++i) {
    // A one-point sweep numbers its point 0 and its tasks from 0: renumber into the whole
    // sweep's serial order (point-major), which finish_sweep sorts by.
    const std::size_t first_task = merged.rows.size();
    for (SweepRow& row : runner.parts[i].rows) {
      row.point = i;
      row.task += first_task;
      merged.rows.push_back(std::move(row));
    }
  }
  finish_sweep(merged);  // best and Pareto marks over all points, as `eyrie sweep` makes them
  return to_python(nlohmann::ordered_json::parse(sweep_report(merged, Format::Json)));
}

}  // namespace

void bind_sweep(py::module_& m) {
  m.def("sweep", &sweep, py::arg("path"), py::arg("engine"), py::arg("jobs"), py::arg("progress").none(true));
}

}  // namespace eyrie::python
