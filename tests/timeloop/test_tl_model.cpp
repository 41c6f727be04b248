// The Timeloop designs lowered into eyrie's general form and counted by eyrie's model in its
// Timeloop mode, against the published numbers (tests/data/timeloop/reference.yaml): MACs and
// cycles, and at every level and operand the reads, fills and updates, identical (Timeloop
// prints them per instance; eyrie counts all instances); energy per level within 0.5 %.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/model/analytic_engine.h"
#include "tests/timeloop/tl_test_data.h"
#include "timeloop/lower/tl_lower.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::kTlCases;
using eyrie::testing::tl_data;
using eyrie::testing::tl_reference;

class TimeloopModel : public ::testing::TestWithParam<eyrie::testing::TlCase> {};

TEST_P(TimeloopModel, CountsAndEnergyMatchThePublishedStats) {
  const auto& c = GetParam();
  const TlArch arch = load_tl_arch(tl_data(c.arch));
  const TlProblem prob = load_tl_problem(tl_data(c.problem));
  const TlNest nest = resolve_nest(arch, prob, load_tl_mapping(tl_data(c.mapping)));
  const Ert ert = load_ert(tl_data(c.ert));
  const TlLowered low = lower(arch, prob, nest, &ert);
  const AnalyticEngine engine(low.arch, low.table);
  const LayerResult r = engine.evaluate(c.name, shape_of(low.layer), low.mapping);
  const ConfigNode ref = tl_reference(c.name);

  EXPECT_EQ(r.macs, ref.at("computes").as_int());
  EXPECT_NEAR(r.energy.mac, ref.at("compute_energy_pj").as_double(), 0.006 + 2e-6 * ref.at("compute_energy_pj").as_double());
  EXPECT_EQ(r.perf.cycles, ref.at("cycles").as_int());
  for (const ConfigNode& lv : ref.at("levels").items()) {
    const std::string name = lv.at("name").as_string();
    int e = -1;
    for (int l = 0; l < low.mapping.count; ++l)
      if (low.arch.storage[l].name == name) e = l;
    ASSERT_GE(e, 0) << name;
    double level_energy = 0, ref_energy = lv.at("leakage_energy_pj").as_double();
    for (int ds = 0; ds < static_cast<int>(prob.data_spaces.size()); ++ds) {
      const std::string dname = prob.data_spaces[ds].name;
      const Operand op = ds == low.view.weights ? Operand::Weights : ds == low.view.inputs ? Operand::Inputs : Operand::Outputs;
      const OperandAccesses& got = r.counts.levels[e][op];
      if (!lv.at("dataspaces").has(dname)) {
        EXPECT_EQ(got.total(), 0) << name << " " << dname;
        continue;
      }
      const ConfigNode d = lv.at("dataspaces").at(dname);
      const std::int64_t used = d.at("utilized_instances").as_int();
      EXPECT_EQ(got.reads, d.at("reads").as_int() * used) << name << " " << dname << " reads";
      EXPECT_EQ(got.fills, d.at("fills").as_int() * used) << name << " " << dname << " fills";
      EXPECT_EQ(got.updates, d.at("updates").as_int() * used) << name << " " << dname << " updates";
      // Blocks are rounded per used instance, as Timeloop rounds its per-instance counts, so
      // each data space's energy is Timeloop's to the printed precision, not only within 0.5 %.
      EXPECT_EQ(r.counts.used_instances[e], used) << name << " " << dname << " utilized instances";
      const double ref_ds = d.at("energy_pj").as_double();
      EXPECT_NEAR(r.energy.storage[e][op], ref_ds, 0.01 + 2e-6 * ref_ds) << name << " " << dname << " energy";
      level_energy += r.energy.storage[e][op];
      ref_energy += ref_ds;
    }
    level_energy += r.energy.storage_leakage[e];
    EXPECT_NEAR(level_energy, ref_energy, 0.005 * ref_energy + 0.01) << name << " energy";
  }
}

INSTANTIATE_TEST_SUITE_P(Tutorials, TimeloopModel, ::testing::ValuesIn(kTlCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace eyrie::tl
