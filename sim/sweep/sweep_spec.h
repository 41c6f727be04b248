#pragma once
// A design-space sweep: one base architecture, a set of parameter values (a cartesian grid or
// an explicit list of points), the networks and dataflows to evaluate at every point.
//
//   sweep: eyeriss-array-size
//   arch: ../eyeriss.yaml                 # relative to this file
//   networks: [alexnet]
//   dataflows: [rs, ws]
//   objective: edp                        # energy | cycles | edp
//   grid:                                 # cartesian product, the last key varies fastest
//     pe_array.rows: [8, 12, 16]
//     global_buffer.size_bytes: [65536, 110592]
//   # or: points: [{pe_array.rows: 8, pe_array.cols: 8}, {pe_array.rows: 16, pe_array.cols: 16}]
//
// Each parameter is a `--set`-style override of the base architecture; every point is loaded
// and validated when the sweep is loaded, so an impossible point fails before anything runs.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/arch_spec.h"

namespace eyrie {

struct SweepPoint {
  std::vector<ConfigOverride> overrides;  // one per parameter, in parameter order
  ArchSpec arch;                          // the base with the overrides applied, validated
};

struct SweepSpec {
  std::string name;
  std::string file;
  std::string arch_path;
  std::vector<std::string> networks;
  std::vector<std::string> dataflows;
  std::string objective = "edp";
  std::int64_t batch = 1;
  std::vector<std::string> parameters;  // dotted key paths, in file order
  std::vector<SweepPoint> points;
};

inline constexpr std::size_t kMaxSweepPoints = 100000;

SweepSpec load_sweep(const std::string& path);

}  // namespace eyrie
