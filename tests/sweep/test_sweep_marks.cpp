// The parts of a sweep that need no model run: Pareto and best marks, the row log's round
// trip, the content hash, shards.
#include <gtest/gtest.h>

#include "sim/core/content_hash.h"
#include "sim/sweep/sweep_row.h"
#include "sim/sweep/sweep_run.h"
#include "sim/sweep/sweep_task.h"
#include "tests/support/error_of.h"

using namespace eyrie;
using eyrie::testing::error_of;

namespace {

SweepRow row(std::size_t task, const std::string& network, double energy, std::int64_t cycles, double area_um2) {
  SweepRow r;
  r.task = task;
  r.point = task;
  r.network = network;
  r.energy = energy;
  r.cycles = cycles;
  r.area.mac_um2 = area_um2;
  return r;
}

}  // namespace

TEST(SweepMarks, ParetoFrontPerNetworkOverEnergyCyclesArea) {
  SweepResult r;
  r.header.objective = "edp";
  SweepRow failed = row(4, "a", 0, 0, 0.1);
  failed.status = "layer conv1: dataflow rs: no legal mapping: ...";
  // Given out of order: finish_sweep puts them in task order.
  r.rows = {row(7, "a", 11, 95, 0.6), row(1, "a", 12, 90, 1), row(0, "a", 10, 100, 1), failed,
            row(2, "a", 12, 100, 1),  row(3, "a", 10, 100, 1), row(5, "a", 9, 200, 2), row(6, "a", 11, 95, 0.5),
            row(8, "b", 50, 50, 5)};
  finish_sweep(r);
  std::vector<bool> pareto, best;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    EXPECT_EQ(r.rows[i].task, i);
    pareto.push_back(r.rows[i].pareto);
    best.push_back(r.rows[i].best);
  }
  // 0: front. 1: fewest cycles. 2: dominated by 0. 3: equal to 0, so not dominated.
  // 4: did not map. 5: least energy. 6: least area. 7: dominated by 6. 8: alone in network b.
  EXPECT_EQ(pareto, (std::vector<bool>{true, true, false, true, false, true, true, false, true}));
  // EDP: 0 and 3 tie at 1000 (less than 6's 1045): the earlier task is best; b's only row is its best.
  EXPECT_EQ(best, (std::vector<bool>{true, false, false, false, false, false, false, false, true}));
  r.header.objective = "energy";
  finish_sweep(r);
  EXPECT_TRUE(r.rows[5].best);
  EXPECT_FALSE(r.rows[0].best);
}

TEST(SweepMarks, RowLogRoundTripsBitForBit) {
  SweepRow r = row(12, "resnet50", 1.0 / 3.0, 123456789012345, 4326235.2);
  r.values = {"12", "a, \"quoted\" value"};
  r.dataflow = "ws";
  r.utilization = 0.1 + 0.2;  // 0.30000000000000004
  r.timed_cycles = 42;
  r.energy_unit = "pJ";
  r.area.register_file_um2 = 1e-300;
  r.eyrie_version = "0.1.0";
  r.arch_file = "configs/eyeriss.yaml";
  r.arch_hash = "0123456789abcdef";
  r.overrides = "pe_array.rows=12";
  r.objective = "edp";
  r.batch = 4;
  r.engine = "systemc";
  const std::string line = row_to_json_line(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const SweepRow back = row_from_json_line(line, "x");
  EXPECT_EQ(row_to_json_line(back), line);
  EXPECT_EQ(back.utilization, 0.1 + 0.2);
  EXPECT_EQ(back.energy, 1.0 / 3.0);
  EXPECT_EQ(back.area.register_file_um2, 1e-300);
  EXPECT_EQ(back.timed_cycles, std::optional<std::int64_t>(42));
  EXPECT_EQ(resume_key(back), resume_key(r));
  EXPECT_EQ(error_of([] { row_from_json_line("{\"task\": 1}", "f:3"); }).rfind("f:3: not a sweep row: ", 0), 0u);
}

TEST(SweepMarks, ResumeKeyChangesWithWhatChangesAResult) {
  const SweepRow a = row(0, "alexnet", 1, 1, 1);
  for (auto change : std::vector<void (*)(SweepRow&)>{
           [](SweepRow& r) { r.arch_hash = "x"; }, [](SweepRow& r) { r.objective = "energy"; },
           [](SweepRow& r) { r.batch = 2; }, [](SweepRow& r) { r.engine = "systemc"; },
           [](SweepRow& r) { r.dataflow = "ws"; }, [](SweepRow& r) { r.point = 1; },
           [](SweepRow& r) { r.eyrie_version = "9"; }}) {
    SweepRow b = a;
    change(b);
    EXPECT_NE(resume_key(a), resume_key(b));
  }
}

TEST(SweepMarks, ContentHashIsFnv1a64) {
  // The published FNV-1a 64-bit test vectors (Fowler, Noll, Vo: isthe.com/chongo/tech/comp/fnv).
  EXPECT_EQ(content_hash(""), "cbf29ce484222325");
  EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(content_hash("foobar"), "85944171f73967e8");
}

TEST(SweepMarks, ShardsAreRoundRobinSlices) {
  const Shard s = parse_shard("2/3");
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 3u);
  std::vector<std::size_t> held;
  for (std::size_t t = 0; t < 8; ++t)
    if (s.holds(t)) held.push_back(t);
  EXPECT_EQ(held, (std::vector<std::size_t>{1, 4, 7}));
  for (const char* bad : {"0/3", "4/3", "3", "1/0", "a/b", "1/3x", "-1/3", ""})
    EXPECT_EQ(error_of([&] { parse_shard(bad); }),
              std::string("--shard: expected I/N with 1 <= I <= N, e.g. 2/8, got \"") + bad + "\"");
}
