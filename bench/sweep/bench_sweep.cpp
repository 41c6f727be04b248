// Sweep scaling, measured through the public APIs only (Mapper::search, run_sweep_tasks), so
// it keeps measuring whatever mapper and runner are built:
//  1. per-layer search time (wall and thread CPU), one thread, over --configs random
//     architectures (array rows and cols 4-64, global buffer 8 KiB-512 KiB, register files of
//     4-64 / 16-448 / 8-64 words), the five dataflows in turn, every MAC layer of --network
//     (AlexNet), under --max-evaluations (the mapper's default cap; 0: none); every search is
//     also run uncapped where it was capped (the gap) and as the former search
//     (SearchOptions::own_capacity_only, no cap: how many are cheaper or dearer, by how much);
//  2. the same over every point, network and dataflow of configs/sweeps/*.yaml;
//  3. --throughput random architectures x ResNet-50 under one --dataflow through the sweep
//     runner on --jobs threads: configurations per second, and the time per configuration.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/model/mapper.h"
#include "sim/core/content_hash.h"
#include "sim/sweep/sweep_run.h"

using namespace eyrie;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int configs = 200;
  int throughput = 1000;
  std::string network = "alexnet";
  std::string throughput_network = "resnet50";
  std::string dataflow = "rs";
  int jobs = 0;
  unsigned seed = 1;
  bool bundled = true;
  std::string base = "configs/eyeriss.yaml";
  std::int64_t max_evaluations = kDefaultMaxEvaluations;  // --max-evaluations N (0: no cap); the gap to uncapped is reported
};

struct CapStats {
  int capped = 0;
  double worst_gap = 0;  // capped cost / uncapped cost - 1, the largest
  std::string worst;
  void print(std::int64_t max_evaluations, std::size_t searches) const {
    if (max_evaluations > 0)
      fmt::print("capped at {} evaluations: {} of {} searches hit the cap; worst gap to the uncapped search {:.3f} % "
                 "({}); the uncapped reruns are not in the times\n",
                 max_evaluations, capped, searches, 100 * worst_gap, worst.empty() ? "-" : worst);
  }
};

// The search against the one before issue 11's rework (SearchOptions::own_capacity_only:
// maximal under each level's own capacity, widened when nothing fits), on every search.
struct GapStats {
  int compared = 0, better = 0, worse = 0;
  double worst_gap = 0;  // cost / former cost - 1, the largest (> 0: the former search was better)
  double best_gap = 0;   // the smallest (< 0: this search is better)
  std::string worst;
  double former_ms = 0, former_max_ms = 0;
  std::string former_slowest;
  std::vector<std::string> over_1pct;  // the searches more than 1 % dearer than the former
  void print() const {
    if (compared == 0) return;
    for (const std::string& o : over_1pct) fmt::print("  dearer than the former search by {}\n", o);
    fmt::print("against the former search (own capacity only): {} searches, {} cheaper, {} dearer; worst gap {:+.3f} % "
               "({}), best {:+.3f} %; the former took {:.1f} s in all, {:.1f} ms at most ({})\n",
               compared, better, worse, 100 * worst_gap, worst.empty() ? "-" : worst, 100 * best_gap, former_ms / 1e3,
               former_max_ms, former_slowest);
  }
};

struct Sample {
  double ms;
  std::string what;  // the configuration, dataflow and layer, for the slowest ones
  double cpu_ms = -1;  // the thread's CPU time (wall is inflated on a shared machine); -1: not measured
};

// This thread's CPU time in ms.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
}

void print_distribution(const std::string& title, std::vector<Sample> s) {
  if (s.empty()) return;
  std::sort(s.begin(), s.end(), [](const Sample& a, const Sample& b) { return a.ms < b.ms; });
  auto at = [&](const std::vector<double>& v, double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5))]; };
  std::vector<double> wall, cpu;
  for (const Sample& x : s) {
    wall.push_back(x.ms);
    if (x.cpu_ms >= 0) cpu.push_back(x.cpu_ms);
  }
  std::sort(cpu.begin(), cpu.end());
  const std::string cpu_cols = cpu.empty() ? fmt::format("{:>33}", "-")
                                           : fmt::format("{:>11.3f}{:>11.3f}{:>11.3f}", at(cpu, 0.5), at(cpu, 0.99), cpu.back());
  fmt::print("{:<34}{:>8}{:>11.3f}{:>11.3f}{:>11.3f}{}  {}\n", title, s.size(), at(wall, 0.5), at(wall, 0.99), wall.back(),
             cpu_cols, s.back().what);
}

void print_header() {
  fmt::print("{:<34}{:>8}{:>11}{:>11}{:>11}{:>11}{:>11}{:>11}  {}\n", "", "n", "p50 ms", "p99 ms", "max ms", "cpu p50",
             "cpu p99", "cpu max", "slowest (wall)");
}

// A random architecture: Eyeriss with the array, buffer and spads replaced. Draws again when
// the combination is not a valid architecture (counted).
std::vector<ConfigOverride> random_overrides(std::mt19937_64& rng) {
  auto pick = [&](std::initializer_list<long> v) { return std::vector<long>(v)[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
  std::uniform_int_distribution<int> dim(4, 64);
  return {{"pe_array.rows", std::to_string(dim(rng))},
          {"pe_array.cols", std::to_string(dim(rng))},
          {"global_buffer.size_bytes", std::to_string(pick({8192, 16384, 32768, 65536, 110592, 131072, 262144, 524288}))},
          {"register_file.ifmap_words", std::to_string(pick({4, 8, 12, 16, 32, 64}))},
          {"register_file.filter_words", std::to_string(pick({16, 32, 64, 128, 224, 448}))},
          {"register_file.psum_words", std::to_string(pick({8, 16, 24, 32, 64}))}};
}

std::string label(const std::vector<ConfigOverride>& o) {
  std::string s;
  for (const auto& x : o) s += (s.empty() ? "" : " ") + x.path.substr(x.path.find('.') + 1) + "=" + x.value;
  return s;
}

// Times Mapper::search on every MAC layer of `net`; appends to `all` and `by_dataflow`.
void time_searches(const ArchSpec& arch, const EnergyTable& table, const Network& net, const std::string& df,
                   const std::string& what, std::vector<Sample>& all, std::map<std::string, std::vector<Sample>>& by_df,
                   int& unmapped, GapStats& gap, std::int64_t max_evaluations, CapStats& cap) {
  const AnalyticEngine engine(arch, table);
  SearchOptions so;
  so.max_evaluations = max_evaluations;
  const Mapper mapper(engine, Objective::Edp, so);
  SearchOptions no_cap;
  no_cap.max_evaluations = 0;
  const Mapper uncapped(engine, Objective::Edp, no_cap);
  SearchOptions former_options = no_cap;  // the former search had no cap
  former_options.own_capacity_only = true;
  const Mapper former(engine, Objective::Edp, former_options);
  const Dataflow dataflow = dataflow_named(df);
  for (const auto& layer : net.layers) {
    if (!layer.has_macs()) continue;
    const LayerShape shape = shape_of(layer);
    const auto t0 = Clock::now();
    const double c0 = thread_cpu_ms();
    const SearchResult r = mapper.search(shape, dataflow);
    const double cpu = thread_cpu_ms() - c0;
    const double ms = 1e3 * std::chrono::duration<double>(Clock::now() - t0).count();
    unmapped += !r.found;
    Sample s{ms, what + " " + df + " " + net.name + "/" + layer.name, cpu};
    if (r.capped) {
      ++cap.capped;
      const SearchResult full = uncapped.search(shape, dataflow);
      const double gap = full.found && r.found ? r.cost / full.cost - 1 : 0;
      if (gap >= cap.worst_gap) cap.worst_gap = gap, cap.worst = s.what;
    }
    const auto t1 = Clock::now();
    const SearchResult f = former.search(shape, dataflow);
    const double former_ms = 1e3 * std::chrono::duration<double>(Clock::now() - t1).count();
    gap.former_ms += former_ms;
    if (former_ms >= gap.former_max_ms) gap.former_max_ms = former_ms, gap.former_slowest = s.what;
    if (f.found != r.found) throw Error(s.what + ": the former search " + (f.found ? "maps" : "does not map") + " it");
    if (f.found) {
      ++gap.compared;
      const double g = r.cost / f.cost - 1;
      gap.better += g < 0;
      gap.worse += g > 0;
      if (g > gap.worst_gap) gap.worst_gap = g, gap.worst = s.what;
      if (g > 0.01)
        gap.over_1pct.push_back(fmt::format("{:+.2f} % {}\n    this search: {}\n    the former:  {}", 100 * g, s.what,
                                            to_text(r.best, arch), to_text(f.best, arch)));
      gap.best_gap = std::min(gap.best_gap, g);
    }
    all.push_back(s);
    by_df[df].push_back(s);
  }
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw Error(a + ": needs a value");
      return argv[++i];
    };
    if (a == "--configs") o.configs = std::stoi(value());
    else if (a == "--throughput") o.throughput = std::stoi(value());
    else if (a == "--network") o.network = value();
    else if (a == "--throughput-network") o.throughput_network = value();
    else if (a == "--dataflow") o.dataflow = value();
    else if (a == "--jobs") o.jobs = std::stoi(value());
    else if (a == "--seed") o.seed = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--base") o.base = value();
    else if (a == "--no-bundled") o.bundled = false;
    else if (a == "--max-evaluations") o.max_evaluations = std::stoll(value());
    else throw Error(a + ": unknown option (see bench/sweep/CMakeLists.txt)");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options opt = parse(argc, argv);
    const ArchSpec base = load_arch(opt.base);
    const EnergyTable table = load_energy_table(base.energy_table);
    std::mt19937_64 rng(opt.seed);
    int rejected = 0;

    // 1. Random architectures, the five dataflows in turn.
    if (opt.configs > 0) {
      const Network net = load_network(opt.network);
      std::vector<Sample> all;
      std::map<std::string, std::vector<Sample>> by_df;
      int unmapped = 0;
      CapStats cap;
      GapStats gap;
      const auto t0 = Clock::now();
      for (int i = 0; i < opt.configs; ++i) {
        std::vector<ConfigOverride> o = random_overrides(rng);
        ArchSpec arch;
        try {
          arch = load_arch(opt.base, o);
        } catch (const Error&) {
          ++rejected, --i;
          continue;
        }
        time_searches(arch, table, net, kDataflowNames[i % 5], label(o), all, by_df, unmapped, gap, opt.max_evaluations,
                      cap);
      }
      fmt::print("1. Mapper::search per layer, one thread: {} random architectures x {} ({} searches, {} unmapped, "
                 "{} invalid draws redrawn, {:.1f} s)\n",
                 opt.configs, net.name, all.size(), unmapped, rejected,
                 std::chrono::duration<double>(Clock::now() - t0).count());
      print_header();
      print_distribution("all dataflows", all);
      for (const char* df : kDataflowNames) print_distribution(std::string("  ") + df, by_df[df]);
      gap.print();
      cap.print(opt.max_evaluations, all.size());
    }

    // 2. Every point of the bundled sweeps.
    if (opt.bundled) {
      std::vector<std::string> files;
      for (const auto& e : std::filesystem::directory_iterator("configs/sweeps"))
        if (e.path().extension() == ".yaml") files.push_back(e.path().string());
      std::sort(files.begin(), files.end());
      fmt::print("\n2. Mapper::search per layer, one thread: every point x network x dataflow of configs/sweeps\n");
      print_header();
      std::vector<Sample> every;
      GapStats gap;
      CapStats cap;
      for (const std::string& f : files) {
        const SweepSpec spec = load_sweep(f);
        std::vector<Sample> all;
        std::map<std::string, std::vector<Sample>> by_df;
        int unmapped = 0;
        for (const SweepPoint& p : spec.points)
          for (const Network& net : spec.network_models)
            for (const std::string& df : dataflows_at(spec, p))
              time_searches(p.arch, load_energy_table(p.arch.energy_table), net, df, p.label(), all, by_df, unmapped, gap,
                              opt.max_evaluations, cap);
        print_distribution(std::filesystem::path(f).filename().string(), all);
        every.insert(every.end(), all.begin(), all.end());
      }
      print_distribution("all bundled sweeps", every);
      gap.print();
      cap.print(opt.max_evaluations, every.size());
    }

    // 3. Throughput of the sweep runner.
    if (opt.throughput > 0) {
      SweepSpec spec;
      spec.name = "bench";
      spec.file = "(generated)";
      spec.arch_path = opt.base;
      spec.networks = {opt.throughput_network};
      spec.network_models = {load_network(opt.throughput_network)};
      spec.dataflows = {opt.dataflow};
      spec.parameters = {"pe_array.rows", "pe_array.cols", "global_buffer.size_bytes", "register_file.ifmap_words",
                         "register_file.filter_words", "register_file.psum_words"};
      while (spec.points.size() < static_cast<std::size_t>(opt.throughput)) {
        SweepPoint p;
        p.overrides = random_overrides(rng);
        try {
          p.arch = load_arch(opt.base, p.overrides);
        } catch (const Error&) {
          continue;
        }
        p.arch_hash = content_hash(to_yaml(p.arch));
        spec.points.push_back(std::move(p));
      }
      SweepSettings settings;
      settings.jobs = opt.jobs;
      // A row's time: since the same thread's previous row (or the start); TBB runs one task
      // at a time per thread, so that is the task's own time plus the sink's.
      std::mutex lock;
      std::map<std::thread::id, Clock::time_point> last;
      std::vector<Sample> per_config;
      const auto t0 = Clock::now();
      const std::vector<SweepRow> rows = run_sweep_tasks(spec, sweep_tasks(spec), settings, [&](const SweepRow& r) {
        const auto now = Clock::now();
        auto it = last.emplace(std::this_thread::get_id(), t0).first;
        per_config.push_back({1e3 * std::chrono::duration<double>(now - it->second).count(),
                              spec.points[r.point].label() + " " + r.dataflow});
        it->second = now;
      });
      const double s = std::chrono::duration<double>(Clock::now() - t0).count();
      std::size_t ok = 0;
      for (const SweepRow& r : rows) ok += r.ok();
      fmt::print("\n3. Sweep runner: {} random architectures x {} under {}, {} threads ({} hardware): {:.2f} s, "
                 "{:.1f} configurations/s ({} mapped, {} not)\n",
                 rows.size(), opt.throughput_network, opt.dataflow, last.size(), std::thread::hardware_concurrency(), s,
                 rows.size() / s, ok, rows.size() - ok);
      print_header();
      print_distribution("per configuration (whole network)", per_config);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sweep: %s\n", e.what());
    return 2;
  }
}
