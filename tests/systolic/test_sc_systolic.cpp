// The SystemC systolic engine against the replay and scale-sim-v2's numbers: cycles read off
// the SystemC clock after the array process has stepped every fold, stalls included.
#include <gtest/gtest.h>

#include "sim/systolic/systolic_sim.h"
#include "sim/timing/sc_systolic.h"
#include "workloads/scalesim_topology.h"

using namespace eyrie;

namespace {
const std::string kData = std::string(EYRIE_SOURCE_DIR) + "/tests/data/";
}

TEST(ScSystolic, GoldenTraceCyclesOnTheSystemCClock) {
  const auto arch = systolic::load_scalesim_cfg(kData + "scalesim_golden/scale.cfg");
  const auto r = simulate_systolic_timed(load_scalesim_topology(kData + "scalesim_golden/alexnet_part.csv"), arch);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].cycles, 112283);  // scale-sim-v2's golden COMPUTE_REPORT
  EXPECT_EQ(r[0].stall_cycles, 0);
  EXPECT_EQ(r[0].dram_words[0], 1805023);
  EXPECT_EQ(r[0].dram_words[2], 3484831);
}

TEST(ScSystolic, UserModeStallsMatchScaleSim) {
  // tests/data/scalesim_reference/user_8x8_1k_bw4_ws/COMPUTE_REPORT.csv (scale-sim-v2's run):
  // cycles 10515, 3611, 59896, 1403; stalls 6592, 2104, 57022, 264.
  const auto arch = systolic::load_scalesim_cfg(kData + "scalesim_reference/user_8x8_1k_bw4_ws/scale.cfg");
  const auto r = simulate_systolic_timed(load_scalesim_topology(kData + "scalesim_reference/small.csv"), arch);
  ASSERT_EQ(r.size(), 4u);
  const std::int64_t cycles[] = {10515, 3611, 59896, 1403}, stalls[] = {6592, 2104, 57022, 264};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r[static_cast<std::size_t>(i)].cycles, cycles[i]) << i;
    EXPECT_EQ(r[static_cast<std::size_t>(i)].stall_cycles, stalls[i]) << i;
    const auto& by = r[static_cast<std::size_t>(i)].stalls_by;
    EXPECT_EQ(by[0] + by[1] + by[2], stalls[i]) << i;
  }
}
