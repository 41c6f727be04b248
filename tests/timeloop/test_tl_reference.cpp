// The Timeloop tutorial designs read from their own files, checked against the numbers of
// their published ref-output (tests/data/timeloop/reference.yaml, SOURCE.md): what the readers
// and the resolved loop nest determine on their own (MACs, cycles without throttling, instances,
// sizes, block sizes, tile sizes, which level keeps what), and Timeloop's pricing rule applied
// to the reference's own counts with the ERT (energy per data space, leakage, compute). The
// access counts themselves are the model's (issue 8); eyrie run compares them (see TIMELOOP.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/timeloop/tl_test_data.h"
#include "timeloop/accelergy_ert.h"
#include "timeloop/tl_arch.h"
#include "timeloop/tl_energy.h"
#include "timeloop/tl_mapping.h"
#include "timeloop/tl_problem.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::kTlCases;
using eyrie::testing::tl_data;
using eyrie::testing::tl_reference;

// Timeloop prints energies rounded to 0.01 pJ and the ERT keeps 6 decimals.
void expect_energy(double got, const ConfigNode& ref, const std::string& what) {
  const double want = ref.as_double();
  EXPECT_NEAR(got, want, 0.006 + 2e-6 * want) << what;
}

class TimeloopReference : public ::testing::TestWithParam<eyrie::testing::TlCase> {};

TEST_P(TimeloopReference, ReadersAndNestReproduceThePublishedNumbers) {
  const auto& c = GetParam();
  const TlArch arch = load_tl_arch(tl_data(c.arch));
  const TlProblem prob = load_tl_problem(tl_data(c.problem));
  const TlNest nest = resolve_nest(arch, prob, load_tl_mapping(tl_data(c.mapping)));
  const Ert ert = load_ert(tl_data(c.ert));
  const ConfigNode ref = tl_reference(c.name);

  EXPECT_EQ(prob.operations(), ref.at("computes").as_int());
  EXPECT_EQ(to_conv_layer(prob).layer.macs(), ref.at("computes").as_int());
  EXPECT_EQ(nest.temporal_steps(), ref.at("cycles").as_int());
  EXPECT_EQ(arch.compute().instances, ref.at("compute_instances").as_int());
  const int storage = static_cast<int>(arch.storage_levels());
  EXPECT_EQ(nest.utilized_instances(storage), ref.at("utilized_compute_instances").as_int());
  const ErtTable* mac = ert.find(arch.compute().name);
  ASSERT_NE(mac, nullptr);
  expect_energy(*mac->action_pj("compute") * static_cast<double>(prob.operations()), ref.at("compute_energy_pj"),
                "compute energy");

  const std::int64_t cycles = ref.at("cycles").as_int();
  int levels_seen = 0;
  for (const ConfigNode& lv : ref.at("levels").items()) {
    const std::string name = lv.at("name").as_string();
    SCOPED_TRACE(name);
    const int li = arch.find_target(name);
    ASSERT_GE(li, 0);
    ++levels_seen;
    const TlLevel& L = arch.levels[li];
    EXPECT_EQ(L.instances, lv.at("instances").as_int());
    EXPECT_EQ(L.word_bits, lv.at("word_bits").as_int());
    EXPECT_EQ(L.block_size, lv.at("block_size").as_int());
    if (lv.at("size").is_null())
      EXPECT_FALSE(L.size_words.has_value());
    else
      EXPECT_EQ(L.size_words.value_or(-1), lv.at("size").as_int());

    const ErtTable* table = ert.find(name);
    ASSERT_NE(table, nullptr);
    // Timeloop's "vector access energy": the dearest action over the cluster (simba's weight registers: 64).
    EXPECT_NEAR(table->max_action_pj() / static_cast<double>(L.cluster_size), lv.at("vector_access_energy_pj").as_double(), 0.005);
    const TlStorageCosts costs = storage_costs(ert, name);

    const ConfigNode spaces = lv.at("dataspaces");
    std::int64_t max_utilized = 0;
    for (int ds = 0; ds < static_cast<int>(prob.data_spaces.size()); ++ds) {
      const std::string dname = prob.data_spaces[ds].name;
      // Timeloop lists exactly the data spaces a level keeps.
      ASSERT_EQ(nest.levels[li].keep[ds], spaces.has(dname)) << dname;
      if (!spaces.has(dname)) continue;
      const ConfigNode d = spaces.at(dname);
      EXPECT_EQ(prob.tile_words(ds, nest.tile_extents(li, prob.dims.size())), d.at("utilized_capacity").as_int()) << dname;
      const std::int64_t utilized = nest.utilized_instances(li);
      EXPECT_EQ(utilized, d.at("utilized_instances").as_int()) << dname;
      max_utilized = std::max(max_utilized, utilized);
      expect_energy(dataspace_energy_pj(costs, L, d.at("reads").as_int(), d.at("fills").as_int(), d.at("updates").as_int(),
                                        utilized),
                    d.at("energy_pj"), dname + " energy");
    }
    expect_energy(leakage_energy_pj(costs, cycles, max_utilized), lv.at("leakage_energy_pj"), "leakage");
  }
  // Every storage level that holds data appears in the stats; fan-out points do not.
  const auto holding = std::count_if(arch.levels.begin(), arch.levels.end() - 1, [](const TlLevel& l) { return !l.holds_nothing; });
  EXPECT_EQ(levels_seen, holding);
}

INSTANTIATE_TEST_SUITE_P(Tutorials, TimeloopReference, ::testing::ValuesIn(kTlCases),
                         [](const auto& info) { return std::string(info.param.name); });

// Today's 04 architecture (PE container below one shared GlobalBuffer) with the same mapping:
// one GlobalBuffer, the 16-way fan-out under it, so its tile grows 16x in the spread dimension.
TEST(TimeloopReference, Tutorial04CurrentTopologySharesOneGlobalBuffer) {
  const TlArch now = load_tl_arch(tl_data("04/3levelspatial.arch.yaml"));
  const TlArch ref = load_tl_arch(tl_data("04/3levelspatial.ref-topology.arch.yaml"));
  EXPECT_EQ(now.levels[now.find_target("GlobalBuffer")].instances, 1);
  EXPECT_EQ(ref.levels[ref.find_target("GlobalBuffer")].instances, 16);
  const TlProblem prob = load_tl_problem(tl_data("04/conv1d+oc+ic.prob.yaml"));
  const TlNest nest = resolve_nest(now, prob, load_tl_mapping(tl_data("04/conv1d+oc+ic-3levelspatial-cp-ws.map.yaml")));
  const int glb = now.find_target("GlobalBuffer");
  // Weights tile: C 2 (temporal) x 16 (spatial below) x K 32 x R 3 = 3072, the whole tensor.
  EXPECT_EQ(prob.tile_words(prob.data_space_index("Weights"), nest.tile_extents(glb, prob.dims.size())), 3072);
  EXPECT_EQ(nest.utilized_instances(now.find_target("RegisterFile")), 16);
}

}  // namespace
}  // namespace eyrie::tl
