#include <gtest/gtest.h>

#include "sim/core/arch_spec.h"
#include "sim/core/config_node.h"
#include "tests/support/error_of.h"
#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "sim/sweep/sweep_run.h"
#include "sim/sweep/sweep_spec.h"
#include "tests/support/run_command.h"

using namespace eyrie;
using eyrie::testing::error_of;
using eyrie::testing::temp_file;

namespace {
const std::string kEyeriss = std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml";

}  // namespace

TEST(Override, ReplacesNestedValuesAndValidatesThem) {
  const ArchSpec a = load_arch(kEyeriss, {parse_override("pe_array.rows=16"), parse_override("mac.precision=int8"),
                                          parse_override("word_bits=8")});
  EXPECT_EQ(a.pe_array.rows, 16);
  EXPECT_EQ(a.pe_array.cols, 14);  // untouched
  EXPECT_EQ(a.mac.precision, Precision::Int8);
  EXPECT_EQ(a.mac.operand_bits, 8);
  // The overridden value goes through the same checks as the file's.
  EXPECT_EQ(error_of([] { load_arch(kEyeriss, {parse_override("pe_array.rows=twelve")}); }),
            kEyeriss + ": --set pe_array.rows: must be a positive integer, got \"twelve\"");
}

TEST(Override, UnknownPathsAreErrorsNotNewKeys) {
  EXPECT_EQ(error_of([] { load_arch(kEyeriss, {parse_override("pe_array.rowz=16")}); }),
            kEyeriss + ": --set pe_array.rowz: unknown key (did you mean 'rows'?)");
  EXPECT_EQ(error_of([] { load_arch(kEyeriss, {parse_override("pe_aray.rows=16")}); }),
            "--set pe_aray.rows: " + kEyeriss + " has no section 'pe_aray'");
  EXPECT_EQ(error_of([] { parse_override("pe_array.rows"); }), "--set pe_array.rows: expected KEY.PATH=VALUE, e.g. pe_array.rows=16");
}

TEST(Override, DoesNotChangeTheOriginalTree) {
  const ConfigNode base = ConfigNode::parse("a: {b: 1, c: 2}\n", "x.yaml");
  const ConfigNode changed = base.with_override("a.b", "5");
  EXPECT_EQ(changed.at("a").at("b").as_int(), 5);
  EXPECT_EQ(changed.at("a").at("c").as_int(), 2);
  EXPECT_EQ(base.at("a").at("b").as_int(), 1);
}

TEST(Sweep, GridIsTheCartesianProductLastKeyFastest) {
  const SweepSpec s = load_sweep(std::string(EYRIE_SOURCE_DIR) + "/configs/sweeps/eyeriss-array-size.yaml");
  ASSERT_EQ(s.points.size(), 3u * 3u * 2u);
  EXPECT_EQ(s.parameters, (std::vector<std::string>{"pe_array.rows", "pe_array.cols", "global_buffer.size_bytes"}));
  EXPECT_EQ(s.points[0].arch.pe_array.rows, 8);
  EXPECT_EQ(s.points[0].arch.pe_array.cols, 8);
  EXPECT_EQ(s.points[0].arch.global_buffer.size_bytes, 65536);
  EXPECT_EQ(s.points[1].arch.global_buffer.size_bytes, 110592);  // last key varies fastest
  EXPECT_EQ(s.points[2].arch.pe_array.cols, 14);
  EXPECT_EQ(s.points[17].arch.pe_array.rows, 16);
  EXPECT_EQ(s.points[17].arch.pe_array.cols, 16);
  EXPECT_EQ(s.dataflows, (std::vector<std::string>{"rs", "ws"}));
  EXPECT_EQ(s.arch_path, std::string(EYRIE_SOURCE_DIR) + "/configs/eyeriss.yaml");
}

TEST(Sweep, ExplicitPoints) {
  const SweepSpec s = load_sweep(std::string(EYRIE_SOURCE_DIR) + "/configs/sweeps/precision.yaml");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[0].arch.mac.precision, Precision::Fp32);
  EXPECT_EQ(s.points[2].arch.word_bits, 8);
}

TEST(Sweep, BadSweepsNameTheFileAndThePoint) {
  const std::string head = "sweep: s\narch: " + kEyeriss + "\nnetworks: [alexnet]\n";
  auto err = [&](const std::string& body) {
    const std::string f = temp_file(head + body);
    return std::pair<std::string, std::string>(f, error_of([&] { load_sweep(f); }));
  };
  {
    auto [f, e] = err("grid:\n  pe_array.rows: [8, 0]\n");
    EXPECT_EQ(e, f + ":5: grid: point {pe_array.rows=0}: " + kEyeriss + ": --set pe_array.rows: must be a positive integer, got 0");
  }
  {
    auto [f, e] = err("dataflows: [rs, zz]\ngrid:\n  pe_array.rows: [8]\n");
    EXPECT_EQ(e, f + ":4: dataflows: must be among ws | os | is | rs | nlr, got \"zz\"");
  }
  {
    auto [f, e] = err("");
    EXPECT_EQ(e, f + ":1: give exactly one of 'grid' (a cartesian product) or 'points' (a list)");
  }
  {
    auto [f, e] = err("points:\n  - {pe_array.rows: 8}\n  - {pe_array.cols: 8}\n");
    EXPECT_EQ(e, f + ":6: points[1]: every point must set the same keys, in the same order, as the first");
  }
  {
    auto [f, e] = err("grid:\n  pe_array.rows: []\n");
    EXPECT_EQ(e, f + ":5: grid.pe_array.rows: must list at least one value");
  }
  {
    // A repeated key would silently drop one list of values: ConfigNode refuses it at the repeat.
    auto [f, e] = err("grid:\n  pe_array.rows: [8]\n  pe_array.cols: [8]\n  pe_array.rows: [16]\n");
    EXPECT_EQ(e, f + ":7: grid.pe_array.rows: duplicate key");
  }
  {
    auto [f, e] = err("points:\n  - {pe_array.rows: 8, pe_array.rows: 16}\n");
    EXPECT_EQ(e, f + ":5: points[0].pe_array.rows: duplicate key");
  }
  {
    auto [f, e] = err("dataflows: [rs, ws, rs]\ngrid:\n  pe_array.rows: [8]\n");
    EXPECT_EQ(e, f + ":4: dataflows: 'rs' is listed twice");
  }
}

TEST(Sweep, NetworksAreLoadedWithTheSweepAndErrorsNameItsLine) {
  const std::string head = "sweep: s\narch: " + kEyeriss + "\n";
  const std::string tail = "grid:\n  pe_array.rows: [8]\n";
  {
    const std::string f = temp_file(head + "networks: [lenet5, alexnetz]\n" + tail);
    const std::string e = error_of([&] { load_sweep(f); });
    EXPECT_EQ(e.rfind(f + ":3: networks[1]: unknown network 'alexnetz' (bundled: ", 0), 0u) << e;
  }
  {
    const std::string f = temp_file(head + "networks:\n  - lenet5\n  - lenet5\n" + tail);
    EXPECT_EQ(error_of([&] { load_sweep(f); }), f + ":5: networks[1]: network 'lenet5' is listed twice");
  }
  const std::string f = temp_file(head + "networks: lenet5\nbatch: 4\n" + tail);
  const SweepSpec s = load_sweep(f);
  ASSERT_EQ(s.network_models.size(), 1u);
  EXPECT_EQ(s.network_models[0].name, "lenet5");
  EXPECT_EQ(s.network_models[0].layers[0].N, 4);  // the batch applied once, at the edge
}

TEST(Sweep, NetworksNamedAlikeAreLabelledByTheirPaths) {
  // Two files whose networks share a name (here both `network: lenet5`, as a copy would), and
  // a bundled one: the two alike are told apart by the path given, the third keeps its name.
  const std::string net = eyrie::testing::slurp(eyrie::testing::source_path("workloads/networks/lenet5.yaml"));
  const std::string a = temp_file(net), b = temp_file(net);
  const SweepSpec s = load_sweep(temp_file("sweep: s\narch: " + kEyeriss + "\nnetworks: [" + a + ", " + b +
                                           ", alexnet]\ngrid:\n  pe_array.rows: [8]\n"));
  ASSERT_EQ(s.network_models.size(), 3u);
  EXPECT_EQ(s.network_models[0].name, a);
  EXPECT_EQ(s.network_models[1].name, b);
  EXPECT_EQ(s.network_models[2].name, "alexnet");
}

TEST(SweepRun, RowsMatchIndependentRunsAndUnmappablePointsAreRows) {
  // LeNet-5 at two points under rs and ws; at the second point the filter spad holds 2 words,
  // fewer than one 5-wide filter row, so rs has no legal mapping there.
  const std::string f = temp_file("sweep: s\narch: " + kEyeriss +
                                  "\nnetworks: [lenet5]\ndataflows: [rs, ws]\nobjective: energy\n"
                                  "points:\n  - {register_file.filter_words: 224}\n  - {register_file.filter_words: 2}\n");
  const SweepResult r = run_sweep(load_sweep(f));
  ASSERT_EQ(r.rows.size(), 4u);  // 2 points x 1 network x 2 dataflows, point-major
  EXPECT_EQ(r.rows[0].dataflow, "rs");
  EXPECT_EQ(r.rows[0].status, "ok");
  EXPECT_EQ(r.rows[0].macs, 416520);
  EXPECT_NE(r.rows[2].status.find("no legal mapping"), std::string::npos) << r.rows[2].status;
  EXPECT_EQ(r.rows[3].status, "ok");
  // Each row is what `eyrie run` gives for that architecture.
  const ArchSpec base = load_arch(kEyeriss);
  const AnalyticEngine engine(base, load_energy_table(base.energy_table));
  RunOptions o;
  o.dataflow = "ws";
  o.objective = Objective::Energy;
  const NetworkResult ws = run_network(load_network("lenet5"), engine, o);
  EXPECT_EQ(r.rows[1].cycles, ws.total.perf.cycles);
  EXPECT_DOUBLE_EQ(r.rows[1].energy, ws.total.energy.total());
  // Exactly one best row per network, the lowest energy among the mappable ones.
  int best = 0;
  for (const auto& row : r.rows) best += row.best;
  EXPECT_EQ(best, 1);
  for (const auto& row : r.rows) {
    if (row.status != "ok") continue;
    for (const auto& other : r.rows) {
      if (other.best) {
        EXPECT_LE(other.energy, row.energy);
      }
    }
  }
}

TEST(SweepRun, AreaFromTheAreaTable) {
  // Eyeriss with the 45 nm table: 168 int16 MACs x 1265 um2 = 212,520;
  // RF (12 + 224 + 24 words) x 16 bits x 5 um2/bit x 168 PEs = 3,494,400;
  // GLB 110,592 B x 8 x 0.7 um2/bit = 619,315.2. Total 4,326,235.2 um2.
  const ArchSpec a = load_arch(kEyeriss);
  const AreaBreakdown area = estimate_area(a, load_area_table(a.area_table));
  EXPECT_DOUBLE_EQ(area.mac_um2, 212520.0);
  EXPECT_DOUBLE_EQ(area.register_file_um2, 3494400.0);
  EXPECT_DOUBLE_EQ(area.global_buffer_um2, 619315.2);
  EXPECT_DOUBLE_EQ(area.total_um2(), 4326235.2);
}
