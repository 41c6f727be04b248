// The pruned search (lower bound per spatial spread, best-first) against the exhaustive one,
// and the reported cap. Layers small enough that the exhaustive search runs in the test.
#include <gtest/gtest.h>

#include "sim/core/data_paths.h"
#include "sim/model/network_run.h"
#include "tests/model/model_fixtures.h"

using namespace eyrie;
using namespace eyrie::testing;

namespace {

AnalyticEngine engine_for(const ArchSpec& a) { return AnalyticEngine(a, load_energy_table(a.energy_table)); }

LayerShape small_conv(std::int64_t c, std::int64_t m, std::int64_t pq, std::int64_t rs) {
  LayerShape s;
  s.dims = {1, m, c, pq, pq, rs, rs};  // N M C P Q R S
  return s;
}

}  // namespace

// Every dataflow and objective on small layers, over the 2x2 test array and Eyeriss with a
// small array and buffer: the pruned search returns the exhaustive search's cost and mapping
// (the bound only skips spreads that cannot be strictly better, and ties go to the first in
// the exhaustive order), and evaluates no more candidates.
TEST(MapperSearch, PrunedEqualsExhaustiveOnSmallLayers) {
  std::vector<ArchSpec> archs = {arch_2x2(),
                                 load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml",
                                           {{"pe_array.rows", "6"}, {"pe_array.cols", "5"},
                                            {"global_buffer.size_bytes", "8192"}})};
  const std::vector<LayerShape> layers = {small_conv(3, 4, 5, 3), small_conv(8, 6, 4, 1), small_conv(2, 5, 7, 2)};
  std::int64_t pruned = 0, cases = 0;
  for (const ArchSpec& arch : archs) {
    const AnalyticEngine engine = engine_for(arch);
    for (const Objective obj : {Objective::Energy, Objective::Cycles, Objective::Edp}) {
      const Mapper fast(engine, obj);
      SearchOptions all;
      all.exhaustive = true;
      const Mapper full(engine, obj, all);
      for (const LayerShape& shape : layers)
        for (const char* df : kDataflowNames) {
          const SearchResult a = fast.search(shape, dataflow_named(df));
          const SearchResult b = full.search(shape, dataflow_named(df));
          SCOPED_TRACE(std::string(df) + " " + to_string(obj) + " on " + arch.name);
          ASSERT_EQ(a.found, b.found);
          if (!b.found) continue;
          ++cases;
          EXPECT_FALSE(a.capped);
          EXPECT_EQ(b.pruned, 0);
          EXPECT_EQ(a.cost, b.cost);
          EXPECT_EQ(to_text(a.best), to_text(b.best));
          EXPECT_LE(a.evaluated, b.evaluated);
          // The bound holds at the best mapping's own spread: the product over dims of the
          // passes its spatial factors leave.
          std::int64_t iterations = 1;
          for (int d = 0; d < kDims; ++d) {
            std::int64_t spatial = 1;
            for (int l = 0; l < b.best.count; ++l) spatial *= b.best.levels[l].spatial_x[d] * b.best.levels[l].spatial_y[d];
            iterations *= (shape.dims[d] + spatial - 1) / spatial;
          }
          EXPECT_LE(fast.cost_lower_bound(shape, dataflow_named(df), iterations), b.cost);
          EXPECT_GT(fast.cost_lower_bound(shape, dataflow_named(df), iterations), 0.0);
          pruned += a.pruned;
        }
    }
  }
  EXPECT_GT(cases, 60);
  EXPECT_GT(pruned, 0);  // the bound does skip spreads (the cycles objective at least)
}

// A cap is never silent: the result says it stopped, and counts what it evaluated.
TEST(MapperSearch, CapIsReported) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  const AnalyticEngine engine = engine_for(arch);
  const LayerShape shape = small_conv(16, 16, 13, 3);
  const SearchResult free = Mapper(engine, Objective::Edp).search(shape, dataflow_named("rs"));
  ASSERT_TRUE(free.found);
  EXPECT_FALSE(free.capped);
  ASSERT_GT(free.evaluated, 3);
  SearchOptions o;
  o.max_evaluations = 3;
  const SearchResult capped = Mapper(engine, Objective::Edp, o).search(shape, dataflow_named("rs"));
  ASSERT_TRUE(capped.found);
  EXPECT_TRUE(capped.capped);
  EXPECT_EQ(capped.evaluated, 3);
  EXPECT_GE(capped.cost, free.cost);
  // A cap above what the search needs changes nothing.
  o.max_evaluations = free.evaluated + 1;
  const SearchResult roomy = Mapper(engine, Objective::Edp, o).search(shape, dataflow_named("rs"));
  EXPECT_FALSE(roomy.capped);
  EXPECT_EQ(roomy.cost, free.cost);
  EXPECT_EQ(to_text(roomy.best), to_text(free.best));
}
