// The pruned search (lower bound per spatial spread, best-first) against the exhaustive one,
// and the reported cap. Layers small enough that the exhaustive search runs in the test.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/core/data_paths.h"
#include "sim/model/network_run.h"
#include "sim/report/run_report.h"
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

// One AlexNet layer searched on configs/eyeriss.yaml with these overrides, by the default
// search and by the former one (own capacity only, uncapped).
struct AgainstFormer {
  SearchResult now, old;
};
AgainstFormer against_former(const std::vector<ConfigOverride>& overrides, const std::string& layer, const std::string& df) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml", overrides);
  const AnalyticEngine engine = engine_for(arch);
  LayerShape shape;
  for (const auto& l : load_network("alexnet").layers)
    if (l.name == layer) shape = shape_of(l);
  SearchOptions former;
  former.own_capacity_only = true;
  former.max_evaluations = 0;
  AgainstFormer r{Mapper(engine, Objective::Edp).search(shape, dataflow_named(df)),
                  Mapper(engine, Objective::Edp, former).search(shape, dataflow_named(df))};
  EXPECT_TRUE(r.now.found && r.old.found);
  return r;
}

}  // namespace

// Every dataflow and objective on small layers, over the 2x2 test array and Eyeriss with a
// small array and buffer: the pruned search returns the exhaustive search's cost and mapping
// (the bound only skips spreads that cannot be strictly better, and ties go to the first in
// the exhaustive order), and evaluates no more candidates.
// The Eyeriss arch is small enough that the levels above constrain the factors (the ladder's
// lower rungs run), its 6 x 5 array folds the 7-wide and 5-wide dims imperfectly, and the
// Simba-like hierarchy has four levels with fan-outs at two of them.
TEST(MapperSearch, PrunedEqualsExhaustiveOnSmallLayers) {
  std::vector<ArchSpec> archs = {arch_2x2(),
                                 load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml",
                                           {{"pe_array.rows", "6"}, {"pe_array.cols", "5"},
                                            {"global_buffer.size_bytes", "8192"}}),
                                 load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml",
                                           {{"pe_array.rows", "6"}, {"pe_array.cols", "5"},
                                            {"global_buffer.size_bytes", "512"}}),
                                 load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/simba-like.yaml")};
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
          // The bound holds at the best mapping's own spread, and is more than the MACs.
          EXPECT_LE(fast.cost_lower_bound(shape, b.best), b.cost);
          EXPECT_GT(fast.cost_lower_bound(shape, b.best), 0.0);
          pruned += a.pruned;
        }
    }
  }
  EXPECT_GT(cases, 120);
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

// Factors maximal under the capacities of the levels above too, with the ladder's lower rungs:
// where each level's own capacity alone left no maximal mapping (ws, 16 KiB buffer) and the
// former search fell back to every innermost factor (conv2: over 40,000 candidates), and where
// the ladder's empty register-file tile beats rung 0 (conv1, conv5), the default search finds
// a mapping at least as good within its cap (bench_sweep measures the same over its sample).
TEST(MapperSearch, NoFallbackCliffOnASmallBuffer) {
  struct Case {
    const char* df;
    const char* layer;
    std::vector<ConfigOverride> arch;
  };
  const std::vector<Case> cases = {
      {"ws", "conv2", {{"pe_array.rows", "9"}, {"pe_array.cols", "4"}, {"global_buffer.size_bytes", "16384"},
                       {"register_file.ifmap_words", "8"}, {"register_file.filter_words", "448"}, {"register_file.psum_words", "24"}}},
      {"ws", "conv1", {{"pe_array.rows", "13"}, {"pe_array.cols", "64"}, {"global_buffer.size_bytes", "16384"},
                       {"register_file.ifmap_words", "32"}, {"register_file.filter_words", "448"}, {"register_file.psum_words", "16"}}},
      {"ws", "conv5", {{"pe_array.rows", "16"}, {"pe_array.cols", "16"}, {"global_buffer.size_bytes", "65536"}}}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.df) + " " + c.layer);
    const auto [now, old] = against_former(c.arch, c.layer, c.df);
    EXPECT_LE(now.cost, old.cost * (1 + 1e-12));
    EXPECT_LE(now.evaluated, kDefaultMaxEvaluations);
    if (std::string(c.layer) == "conv2") {
      EXPECT_GT(old.evaluated, 40000);  // the cliff
    }
  }
}

// Spreads maximal in X and Y together: on a 16 KiB buffer over 37 x 50 PEs, is on AlexNet
// CONV1 spreads Q5 over X and C3 x P11 over Y, where Q could grow to 11 with Y at its base but
// not with P11 beside it (the buffer's input tile). The X-first maximal spreads missed it (4.2 %
// dearer than the former search, whose every-spatial-factor fallback found it); the joint
// spreads find that mapping, at the same cost, within the cap.
TEST(MapperSearch, SpreadsMaximalInXAndYTogether) {
  const auto [now, old] = against_former({{"pe_array.rows", "37"}, {"pe_array.cols", "50"}, {"global_buffer.size_bytes", "16384"},
                                          {"register_file.ifmap_words", "32"}, {"register_file.filter_words", "224"},
                                          {"register_file.psum_words", "24"}},
                                         "conv1", "is");
  EXPECT_FALSE(now.capped);
  EXPECT_LE(now.cost, old.cost * (1 + 1e-12));
  const LevelMapping& glb = now.best.levels[1];
  EXPECT_EQ(glb.spatial_x[static_cast<int>(Dim::Q)], 5);
  EXPECT_EQ(glb.spatial_y[static_cast<int>(Dim::C)], 3);
  EXPECT_EQ(glb.spatial_y[static_cast<int>(Dim::P)], 11);
}

// The spread ladder steps by 3/2 and 4/3, not by halves: ws on AlexNet CONV4 over 61 x 49 PEs
// with an 8 KiB buffer keeps a P13 loop in the buffer only with X at M24, a spread maximal
// when the buffer keeps 2/3 of its room (M32 fills it; at 1/2 the maximal spread is M16).
// With halving rungs the search missed it (25.9 % dearer than the former search, whose
// every-spatial-factor fallback found X[M24] Y[C16 R3]).
TEST(MapperSearch, SpreadLadderReachesTwoThirdsOfTheBuffer) {
  const auto [now, old] = against_former({{"pe_array.rows", "61"}, {"pe_array.cols", "49"}, {"global_buffer.size_bytes", "8192"},
                                          {"register_file.ifmap_words", "12"}, {"register_file.filter_words", "224"},
                                          {"register_file.psum_words", "16"}},
                                         "conv4", "ws");
  EXPECT_LE(now.cost, old.cost * (1 + 1e-12));
  const LevelMapping& glb = now.best.levels[1];
  EXPECT_EQ(glb.spatial_x[static_cast<int>(Dim::M)], 24) << to_text(now.best);
  EXPECT_EQ(glb.spatial_y[static_cast<int>(Dim::C)], 16) << to_text(now.best);
  EXPECT_EQ(glb.temporal[static_cast<int>(Dim::P)], 13) << to_text(now.best);
}

// The temporal ladder steps the same way: ws on AlexNet CONV4 and CONV5 over 6 x 21 PEs with
// an 8 KiB buffer, where the former search's every-innermost fallback found Y[C2 R3] X[M16]
// RF[C4 S3], a register-file tile between two halving rungs (with them this search was 4.0 % and
// 5.7 % dearer than the former).
TEST(MapperSearch, TemporalLadderReachesBetweenHalves) {
  for (const char* layer : {"conv4", "conv5"}) {
    SCOPED_TRACE(layer);
    const auto [now, old] = against_former({{"pe_array.rows", "6"}, {"pe_array.cols", "21"}, {"global_buffer.size_bytes", "8192"},
                                            {"register_file.ifmap_words", "16"}, {"register_file.filter_words", "128"},
                                            {"register_file.psum_words", "32"}},
                                           layer, "ws");
    EXPECT_LE(now.cost, old.cost * (1 + 1e-12)) << to_text(now.best) << " against " << to_text(old.best);
  }
}

// Layers of one shape share one search: the later ones say whose, evaluate nothing, and get
// the mapping and counts the first one got.
TEST(MapperSearch, RepeatedShapesReuseTheSearch) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  const AnalyticEngine engine = engine_for(arch);
  Network net = load_network("resnet50");
  const NetworkResult r = run_network(net, engine, RunOptions());
  std::int64_t searched = 0, reused = 0, evaluations = 0;
  for (std::size_t i = 0; i < r.layers.size(); ++i) {
    const LayerResult& l = r.layers[i];
    evaluations += l.mappings_evaluated;
    if (l.search_same_as.empty()) {
      ++searched;
      EXPECT_GT(l.mappings_evaluated, 0) << l.name;
      continue;
    }
    ++reused;
    EXPECT_EQ(l.mappings_evaluated, 0) << l.name;
    const auto first = std::find_if(r.layers.begin(), r.layers.end(), [&](const LayerResult& x) { return x.name == l.search_same_as; });
    ASSERT_NE(first, r.layers.end());
    ASSERT_LT(first - r.layers.begin(), static_cast<std::ptrdiff_t>(i));
    EXPECT_EQ(to_text(first->mapping), to_text(l.mapping)) << l.name;
    EXPECT_EQ(first->energy.total(), l.energy.total()) << l.name;
    EXPECT_EQ(first->perf.cycles, l.perf.cycles) << l.name;
  }
  // ResNet-50's 54 MAC layers have 21 distinct shapes: conv1, fc1000, and per stage five
  // (the projection, the strided or first 1x1 reduce, the 3x3, the 1x1 expand, the later
  // blocks' 1x1 reduce), except conv2_x, whose projection (64 -> 256, 1x1, 56x56) is its
  // expand's shape: 2 + 4 + 5 + 5 + 5.
  EXPECT_EQ(searched, 21);
  EXPECT_EQ(reused, 33);
  EXPECT_EQ(r.total.mappings_evaluated, evaluations);
  // A reused layer is exactly what its own search finds.
  const Mapper mapper(engine, Objective::Edp);
  for (const auto& layer : net.layers)
    if (layer.name == "res2c_branch2b") {
      const SearchResult own = mapper.search(shape_of(layer), dataflow_named("rs"));
      for (const auto& l : r.layers)
        if (l.name == layer.name) {
          EXPECT_EQ(l.search_same_as, "res2a_branch2b");
          EXPECT_EQ(to_text(own.best), to_text(l.mapping));
        }
    }
}

// A capped run says so: per layer in the JSON (search_capped) and in a note of the text
// report naming the capped layers and the cap; an uncapped run has neither.
TEST(MapperSearch, CapIsReportedInTheRunOutputs) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
  const AnalyticEngine engine = engine_for(arch);
  Network net = load_network("alexnet");
  RunOptions capped;
  capped.search.max_evaluations = 5;
  const NetworkResult c = run_network(net, engine, capped);
  const auto j = run_json(c);
  ASSERT_EQ(j["layers"].size(), 8u);
  for (const auto& l : j["layers"]) {
    EXPECT_TRUE(l["search_capped"].get<bool>()) << l["name"];
    EXPECT_EQ(l["mappings_evaluated"].get<std::int64_t>(), 5) << l["name"];
  }
  const std::string text = run_report(c, Format::Table);
  EXPECT_NE(text.find("note: the mapping search of 8 layers (conv1, conv2, conv3, conv4, conv5, fc6, fc7, fc8) stopped "
                      "at its cap of 5 evaluations"),
            std::string::npos)
      << text;
  const NetworkResult free = run_network(net, engine, RunOptions());
  for (const auto& l : run_json(free)["layers"]) EXPECT_FALSE(l["search_capped"].get<bool>()) << l["name"];
  EXPECT_EQ(run_report(free, Format::Table).find("note: the mapping search"), std::string::npos);
}
