// A waveform is attached when the kernel is first built, so this test has a binary of its own.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "sim/timing/sc_engine.h"

using namespace eyrie;

TEST(ScTrace, WritesAVcdWithTheDramAndArraySignals) {
  const std::string path = "/tmp/eyrie_trace_" + std::to_string(::getpid()) + ".vcd";
  TilePhase t;
  t.dram_read_words = 10;
  t.compute_cycles = 20;
  TimingParams p;
  const TimedRun r = simulate_timed({LayerSchedule{"l", {t, t}}}, p, path);
  EXPECT_EQ(r.cycles, 10 + 2 * 20);
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path;
  std::stringstream s;
  s << in.rdbuf();
  const std::string vcd = s.str();
  for (const char* signal : {"dram_busy", "glb_read_busy", "glb_write_busy", "noc_busy", "array_busy", "tile"}) EXPECT_NE(vcd.find(signal), std::string::npos) << signal;
  EXPECT_NE(vcd.find("#50"), std::string::npos);  // the array's last edge, at cycle 50
  std::remove(path.c_str());
}
