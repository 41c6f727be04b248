// The SCALE-Sim .cfg reader: configparser's syntax, SCALE-Sim's keys, one-line errors.
#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/systolic/systolic_arch.h"

using namespace eyrie::systolic;

namespace {

const std::string kGood =
    "[general]\nrun_name = eyeriss\n\n[architecture_presets]\nArrayHeight:    12\nArrayWidth:     14\n"
    "IfmapSramSzkB:    36\nFilterSramSzkB:   36\nOfmapSramSzkB:    36\nIfmapOffset:    0\nFilterOffset:   10000000\n"
    "OfmapOffset:    20000000\nDataflow : ws\nBandwidth : 10\nMemoryBanks: 1\n\n[run_presets]\nInterfaceBandwidth: CALC\n";

std::string error_of(const std::string& text) {
  try {
    parse_scalesim_cfg(text, "x.cfg");
  } catch (const eyrie::Error& e) {
    return e.what();
  }
  return "no error";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  return s.replace(s.find(from), from.size(), to);
}

}  // namespace

TEST(ScaleSimCfg, ReadsScaleSimsEyerissConfig) {
  // scale-sim-v2 configs/eyeriss.cfg, verbatim.
  const SystolicArch a = parse_scalesim_cfg(kGood, "eyeriss.cfg");
  EXPECT_EQ(a.run_name, "eyeriss");
  EXPECT_EQ(a.rows, 12);
  EXPECT_EQ(a.cols, 14);
  EXPECT_EQ(a.ifmap_sram_kb, 36);
  EXPECT_EQ(a.filter_offset, 10000000);
  EXPECT_EQ(a.dataflow, Dataflow::WeightStationary);
  EXPECT_EQ(a.mode, BandwidthMode::Calc);
  EXPECT_EQ(a.bandwidth_words, 0);  // Bandwidth is read in USER mode only
}

TEST(ScaleSimCfg, UserModeTakesTheFirstBandwidth) {
  const SystolicArch a = parse_scalesim_cfg(
      replace(replace(kGood, "Bandwidth : 10", "Bandwidth : 6, 12"), "InterfaceBandwidth: CALC", "InterfaceBandwidth: USER"), "x.cfg");
  EXPECT_EQ(a.mode, BandwidthMode::User);
  EXPECT_EQ(a.bandwidth_words, 6);
}

TEST(ScaleSimCfg, NetworkPresetsNameTheTopology) {
  const SystolicArch a = parse_scalesim_cfg(kGood + "[network_presets]\nTopologyCsvLoc: \"topologies/x.csv\"\n", "x.cfg");
  EXPECT_EQ(a.topology_path, "topologies/x.csv");
}

TEST(ScaleSimCfg, BadInputIsOneLineNamingFileLineAndKey) {
  EXPECT_EQ(error_of(replace(kGood, "Dataflow : ws", "Dataflow : WS")),
            "x.cfg:13: architecture_presets.dataflow: must be os, ws or is, got \"WS\"");
  EXPECT_EQ(error_of(replace(kGood, "ArrayWidth:     14", "ArrayWidth:     14x")),
            "x.cfg:6: architecture_presets.arraywidth: must be an integer, got \"14x\"");
  EXPECT_EQ(error_of(replace(kGood, "ArrayWidth:     14", "ArrayWidth:     100000")),
            "x.cfg:6: architecture_presets.arraywidth: must be <= 65536, got 100000");
  EXPECT_EQ(error_of(replace(kGood, "IfmapSramSzkB:    36\n", "")),
            "x.cfg: architecture_presets.ifmapsramszkb: missing (SCALE-Sim requires it)");
  EXPECT_EQ(error_of(replace(kGood, "MemoryBanks: 1", "MemoryBanks: 4")),
            "x.cfg:15: architecture_presets.memorybanks: only 1 bank is modelled (scale-sim-v2 ignores this key), got 4");
  EXPECT_EQ(error_of(replace(kGood, "InterfaceBandwidth: CALC", "InterfaceBandwidth: AUTO")),
            "x.cfg:18: run_presets.interfacebandwidth: must be CALC or USER, got \"AUTO\"");
  EXPECT_EQ(error_of(kGood + "[extras]\na = 1\n"),
            "x.cfg: [extras]: unknown section (SCALE-Sim reads general, architecture_presets, run_presets, network_presets)");
  EXPECT_EQ(error_of(replace(kGood, "ArrayWidth:     14\n", "ArrayWidth:     14\narraywidth: 3\n")),
            "x.cfg:7: architecture_presets.arraywidth: duplicate key");
  EXPECT_EQ(error_of("just text\n"), "x.cfg:1: expected 'key: value' or 'key = value', got 'just text'");
}
