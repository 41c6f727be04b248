// scripts/slurm-sweep.sh on a real single-node Slurm: slurm_cluster.sh starts munged,
// slurmctld and slurmd on localhost in a temporary directory, the sweep runs as a 3-task job
// array plus a merge job, and the merged files must equal one local process's, byte for byte.
// Skips (saying why) only where Slurm or munge is not installed or will not start.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/run_command.h"

using namespace eyrie::testing;
namespace fs = std::filesystem;

namespace {

struct Cluster {
  std::string dir;
  ~Cluster() { run_command(source_path("tests/sweep/slurm_cluster.sh") + " stop " + dir); }
};

}  // namespace

TEST(SweepSlurm, JobArrayThenMergeEqualsOneProcess) {
  const std::string root = "/tmp/eyrie_slurm_test_" + std::to_string(::getpid());
  fs::remove_all(root);
  fs::create_directories(root);
  const std::string sweep = temp_file("sweep: slurm-grid\narch: " + source_path("configs/eyeriss.yaml") +
                                      "\nnetworks: [lenet5]\ndataflows: [rs, ws]\ngrid:\n"
                                      "  pe_array.rows: [4, 8, 12]\n  pe_array.cols: [8, 14]\n");
  const auto local = run_command(eyrie_cmd("sweep " + sweep + " --quiet --out " + root + "/local"));
  ASSERT_EQ(local.status, 0) << local.err;

  Cluster cluster{root + "/cluster"};
  const auto up = run_command(source_path("tests/sweep/slurm_cluster.sh") + " start " + cluster.dir);
  if (up.status == 77) {
    std::string why = up.err;  // one line, so scripts/test.sh's list of skips shows it
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    for (char& c : why)
      if (c == '\n') c = ' ';
    GTEST_SKIP() << why;
  }
  ASSERT_EQ(up.status, 0) << up.err;
  const std::string env = "SLURM_CONF=" + cluster.dir + "/slurm.conf EYRIE=" + EYRIE_BINARY + " ";
  const auto run = run_command(env + source_path("scripts/slurm-sweep.sh") + " --wait " + sweep + " " + root +
                               "/slurm 3 --time=5");
  ASSERT_EQ(run.status, 0) << run.err;
  for (int i = 1; i <= 3; ++i) {
    const std::string shard = root + "/slurm/shard-" + std::to_string(i);
    EXPECT_EQ(count_lines(slurp(shard + "/rows.jsonl")), 4) << shard;  // 12 rows, round-robin over 3
    EXPECT_NE(slurp(shard + "/manifest.json").find("\"shard\": \"" + std::to_string(i) + "/3\""), std::string::npos);
  }
  EXPECT_EQ(slurp(root + "/slurm/sweep.csv"), slurp(root + "/local/sweep.csv"));
  EXPECT_EQ(slurp(root + "/slurm/sweep.json"), slurp(root + "/local/sweep.json"));
  EXPECT_EQ(count_lines(slurp(root + "/slurm/sweep.csv")), 1 + 12);
}
