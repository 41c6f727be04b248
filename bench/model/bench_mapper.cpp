// Mapper speed: every layer of a network searched under each dataflow, single thread.
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sim/core/data_paths.h"
#include "sim/model/network_run.h"

using namespace eyrie;

int main(int argc, char** argv) {
  try {
    const std::string arch_path = argc > 1 ? argv[1] : "configs/eyeriss.yaml";
    const std::string network = argc > 2 ? argv[2] : "resnet50";
    const ArchSpec arch = load_arch(arch_path);
    const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
    const Network net = load_network(network);
    using clock = std::chrono::steady_clock;
    fmt::print("{} on {}, objective edp, one thread\n", net.name, arch.name);
    fmt::print("{:<9}{:>10}{:>8}{:>16}{:>14}{:>14}\n", "dataflow", "seconds", "layers", "ms/layer search", "evaluations", "evals/s");
    double all_s = 0;
    long long all_evals = 0;
    std::vector<std::pair<LayerShape, Mapping>> chosen;  // for the evaluation-only rate
    for (const std::string df : {"ws", "os", "is", "rs", "nlr"}) {
      RunOptions o;
      o.dataflow = df;
      const auto t0 = clock::now();
      const NetworkResult r = run_network(net, engine, o);
      const double s = std::chrono::duration<double>(clock::now() - t0).count();
      std::size_t k = 0;
      for (const auto& l : net.layers)
        if (l.has_macs()) chosen.emplace_back(shape_of(l), r.layers[k++].mapping);
      const long long evals = r.total.mappings_evaluated;
      all_s += s;
      all_evals += evals;
      fmt::print("{:<9}{:>10.3f}{:>8}{:>16.3f}{:>14}{:>14.3g}\n", df, s, r.layers.size(), 1e3 * s / r.layers.size(), evals, evals / s);
    }
    fmt::print("{:<9}{:>10.3f}{:>8}{:>16}{:>14}{:>14.3g}\n", "all", all_s, "", "", all_evals, all_evals / all_s);
    // The evaluation alone (count accesses, price energy and cycles), without the enumeration:
    // the chosen mappings of every layer and dataflow, evaluated over and over.
    const Mapper mapper(engine, Objective::Edp);
    const int rounds = 200;
    double sink = 0;
    const auto t0 = clock::now();
    for (int i = 0; i < rounds; ++i)
      for (const auto& [shape, m] : chosen) sink += mapper.cost(count_accesses(m, shape));
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    const double n = static_cast<double>(rounds) * chosen.size();
    fmt::print("evaluation only: {:.0f} evaluations in {:.3f} s = {:.3g} evals/s (checksum {:.6g})\n", n, s, n / s, sink);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_mapper: %s\n", e.what());
    return 2;
  }
}
