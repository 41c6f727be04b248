#pragma once
// `eyrie run --arch file.cfg`: the systolic template (SCALE-Sim v2's model, sim/systolic).
#include <string>

namespace eyrie::cli {

struct SystolicRunRequest {
  std::string arch_path;  // a SCALE-Sim .cfg
  std::string network;    // bundled name, .yaml or SCALE-Sim .csv; "" takes the cfg's TopologyCsvLoc
  std::string dataflow;   // "" keeps the cfg's; os | ws | is
  std::string format;     // table | csv | json | scalesim
  std::string out_dir;    // "" writes nothing
  std::string engine = "analytic";  // analytic | systemc (adds the SystemC engine's cycles)
  bool sram_traces = false;  // also write SCALE-Sim's layer<i>/*_SRAM_TRACE.csv under out_dir
};

// Prints the per-layer results; with out_dir also writes SCALE-Sim's COMPUTE_REPORT.csv,
// BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv and eyrie's layers.csv there, and with
// sram_traces its per-layer SRAM traces (the only output the cfg's base offsets appear in).
int run_systolic(const SystolicRunRequest& request);

}  // namespace eyrie::cli
