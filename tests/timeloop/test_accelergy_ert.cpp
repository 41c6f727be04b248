// Accelergy energy reference tables, read as Timeloop reads them.
#include <gtest/gtest.h>

#include "tests/support/error_of.h"
#include "tests/timeloop/tl_test_data.h"
#include "timeloop/accelergy_ert.h"
#include "timeloop/tl_energy.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::error_of;
using eyrie::testing::tl_data;

// Tutorial 06's ERT (32 nm): the per-operand spads of one PE cost very differently per access.
TEST(AccelergyErt, EyerissTablePerActionAndOperand) {
  const Ert e = load_ert(tl_data("06/timeloop-mapper.ERT.yaml"));
  EXPECT_EQ(e.version, "0.4");
  ASSERT_EQ(e.tables.size(), 6u);
  const ErtTable* w = e.find("weights_spad");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->full_name, "system_top_level.weights_spad[1..168]");
  EXPECT_EQ(w->instances, 168);
  const TlStorageCosts c = storage_costs(e, "weights_spad");
  EXPECT_DOUBLE_EQ(c.read_pj, 1.976602);
  EXPECT_DOUBLE_EQ(c.fill_pj, 1.881657);  // no fill action: Timeloop falls back to write
  EXPECT_DOUBLE_EQ(c.update_pj, 1.881657);
  EXPECT_DOUBLE_EQ(c.leak_pj, 0.001592);
  EXPECT_DOUBLE_EQ(storage_costs(e, "ifmap_spad").read_pj, 0.202442);
  EXPECT_DOUBLE_EQ(storage_costs(e, "psum_spad").read_pj, 0.2513);
  EXPECT_DOUBLE_EQ(*e.find("mac")->action_pj("compute"), 0.207692);
  EXPECT_EQ(e.find("inter_PE_spatial"), nullptr);
}

// Several argument variants of one action: Timeloop keeps the most expensive.
TEST(AccelergyErt, ArgumentVariantsTakeTheLargestEnergy) {
  const Ert e = parse_ert_text(R"(ERT:
  version: 0.3
  tables:
    - name: sys.chip.glb
      actions:
        - {name: read, arguments: {data_delta: 0, address_delta: 0}, energy: 1.5}
        - {name: read, arguments: {data_delta: 1, address_delta: 1}, energy: 7.25}
        - {name: write, arguments: {data_delta: 1}, energy: 6.0}
        - {name: random_fill, energy: 5.0}
)", "e.yaml");
  const ErtTable& t = e.tables.at(0);
  EXPECT_EQ(t.level, "glb");
  EXPECT_EQ(t.instances, 1);
  EXPECT_EQ(t.actions.at(1).arguments.at(1).first, "address_delta");
  EXPECT_DOUBLE_EQ(*t.storage_op_pj("read"), 7.25);
  EXPECT_DOUBLE_EQ(*t.storage_op_pj("fill"), 5.0);    // random_fill before write
  EXPECT_DOUBLE_EQ(*t.storage_op_pj("update"), 6.0);  // update falls back to write
  EXPECT_FALSE(t.storage_op_pj("leak").has_value());
  EXPECT_DOUBLE_EQ(t.max_action_pj(), 7.25);
  EXPECT_DOUBLE_EQ(storage_costs(e, "glb").leak_pj, 0.0);
}

// Vector accesses: a transfer of w words at block size b is ceil(w / b) accesses.
TEST(AccelergyErt, BlockAccessesRoundUp) {
  EXPECT_EQ(vector_accesses(18, 8), 3);
  EXPECT_EQ(vector_accesses(16, 8), 2);
  EXPECT_EQ(vector_accesses(0, 8), 0);
  const TlStorageCosts c{2.0, 1.0, 3.0, 0.5};
  TlLevel l;
  l.block_size = 8;
  l.instances = 4;
  // 18 reads -> 3 vectors, 8 fills -> 1, 1 update -> 1, on 2 instances: (6 + 1 + 3) * 2.
  EXPECT_DOUBLE_EQ(dataspace_energy_pj(c, l, 18, 8, 1, 2), 20.0);
  EXPECT_DOUBLE_EQ(leakage_energy_pj(c, 100, 4), 200.0);
  // Clusters of 2 instances share an access: 4 instances are 2 clusters, both used.
  l.cluster_size = 2;
  EXPECT_EQ(utilized_clusters(l, 3), 2);
  EXPECT_DOUBLE_EQ(dataspace_energy_pj(c, l, 18, 8, 1, 3), 20.0);
  EXPECT_EQ(utilized_clusters(l, 1), 1);
}

std::string ert_error(const std::string& body) {
  return error_of([&] { parse_ert_text("ERT:\n  version: 0.4\n  tables:\n" + body, "e.yaml"); });
}

TEST(AccelergyErt, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(ert_error("    - name: a.b\n      actions:\n        - {name: read}\n"),
            "e.yaml:6: ERT.tables[0].actions[0]: missing required key 'energy'");
  EXPECT_EQ(ert_error("    - name: a.b\n      actions:\n        - {name: read, energy: -1}\n"),
            "e.yaml:6: ERT.tables[0].actions[0].energy: must be a non-negative number, got -1");
  EXPECT_EQ(ert_error("    - name: a.b[1..2]\n      actions: []\n    - name: c.b\n      actions: []\n"),
            "e.yaml:6: ERT.tables[1].name: a second table for b");
  EXPECT_EQ(error_of([] { parse_ert_text("ERT:\n  version: 0.2\n  tables: []\n", "e.yaml"); }),
            "e.yaml:2: ERT.version: eyrie reads ERT versions 0.3 and 0.4");
  EXPECT_EQ(error_of([] { storage_costs(parse_ert_text("ERT:\n  version: 0.4\n  tables: []\n", "e.yaml"), "glb"); }),
            "e.yaml: no table for level glb");
  EXPECT_EQ(error_of([] {
              storage_costs(parse_ert_text("ERT:\n  version: 0.4\n  tables:\n    - {name: x.glb, actions: [{name: read, energy: 1}]}\n", "e.yaml"), "glb");
            }),
            "e.yaml:4: ERT.tables[0]: x.glb has no action for fill");
}

}  // namespace
}  // namespace eyrie::tl
