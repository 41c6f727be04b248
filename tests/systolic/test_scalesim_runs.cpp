// Cases produced by running scale-sim-v2 (commit 22f88b17f1dd3160e18bff5df165035bf8146e83,
// Debian 12: Python 3.11.2, numpy 1.24.2) on tests/data/scalesim_reference/small.csv with the
// scale.cfg in each case folder: `python3 scalesim/scale.py -c scale.cfg -t small.csv -p out`.
// The three report files it wrote sit beside each cfg, verbatim (docs/SYSTOLIC.md, "Reference
// runs"). Every field must match as text, except Mapping Efficiency % and Compute Util %:
// those are means over folds, and Python 3.11's sum() (used for these runs) rounds them
// differently from 3.12's compensated sum() that eyrie follows (and the golden trace was
// regenerated with), so they are compared to 1e-12 relative.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "sim/systolic/scalesim_report.h"
#include "sim/systolic/systolic_sim.h"
#include "workloads/scalesim_topology.h"

using namespace eyrie::systolic;

namespace {

const std::string kDir = std::string(EYRIE_SOURCE_DIR) + "/tests/data/scalesim_reference/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::vector<std::string>> fields(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) row.push_back(cell);
    rows.push_back(row);
  }
  return rows;
}

void expect_same(const std::string& ours, const std::string& theirs, const std::string& what, bool averages) {
  const auto a = fields(ours), b = fields(theirs);
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t r = 0; r < a.size(); ++r) {
    ASSERT_EQ(a[r].size(), b[r].size()) << what << " row " << r;
    for (std::size_t c = 0; c < a[r].size(); ++c) {
      if (averages && r > 0 && (c == 4 || c == 5)) {
        const double x = std::stod(a[r][c]), y = std::stod(b[r][c]);
        EXPECT_NEAR(x, y, 1e-12 * std::fabs(y)) << what << " row " << r << " col " << c;
      } else {
        EXPECT_EQ(a[r][c], b[r][c]) << what << " row " << r << " col " << c;
      }
    }
  }
}

class ScaleSimRun : public ::testing::TestWithParam<const char*> {};

TEST_P(ScaleSimRun, ReportsMatchScaleSim) {
  const std::string dir = kDir + GetParam() + "/";
  const SystolicArch arch = load_scalesim_cfg(dir + "scale.cfg");
  // A case with its own topology.csv ran that one; the others ran small.csv.
  const bool own = std::ifstream(dir + "topology.csv").good();
  const auto layers = simulate_network(eyrie::load_scalesim_topology(own ? dir + "topology.csv" : kDir + "small.csv"), arch);
  ASSERT_EQ(layers.size() + 1, fields(slurp(dir + "COMPUTE_REPORT.csv")).size());  // one row per layer
  expect_same(compute_report_csv(layers), slurp(dir + "COMPUTE_REPORT.csv"), "COMPUTE_REPORT", true);
  expect_same(bandwidth_report_csv(layers), slurp(dir + "BANDWIDTH_REPORT.csv"), "BANDWIDTH_REPORT", false);
  expect_same(detailed_access_report_csv(layers), slurp(dir + "DETAILED_ACCESS_REPORT.csv"), "DETAILED_ACCESS_REPORT", false);
}

INSTANTIATE_TEST_SUITE_P(Cases, ScaleSimRun,
                         ::testing::Values("calc_8x8_1k_os", "calc_8x8_1k_ws", "calc_8x8_1k_is", "calc_16x4_2k_os",
                                           "calc_16x4_2k_ws", "calc_16x4_2k_is", "calc_32x32_64k_os", "calc_32x32_64k_ws",
                                           "calc_32x32_64k_is", "user_8x8_1k_bw4_os", "user_8x8_1k_bw4_ws",
                                           "user_8x8_1k_bw4_is", "user_12x14_2k_bw2_os", "user_12x14_2k_bw2_ws",
                                           "user_12x14_2k_bw2_is", "resnet50_part_32x32_ws", "gemm_calc_8x8_1k_os",
                                           "gemm_calc_8x8_1k_ws", "gemm_calc_8x8_1k_is", "gemm_user_8x8_1k_bw4_os",
                                           "gemm_user_8x8_1k_bw4_ws", "gemm_user_8x8_1k_bw4_is", "dp_calc_8x8_1k_ws",
                                           "wrap_calc_8x8_1k_ws"));

}  // namespace
