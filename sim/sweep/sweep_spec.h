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
// and validated when the sweep is loaded, and every network too, so an impossible point or an
// unknown network fails before anything runs, naming the sweep file and line. A key given
// twice (in the grid or in one point) is an error, not a silent "last one wins".
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/arch_spec.h"
#include "workloads/network.h"

namespace eyrie {

struct SweepPoint {
  std::vector<ConfigOverride> overrides;  // one per parameter, in parameter order
  ArchSpec arch;                          // the base with the overrides applied, validated
  std::string arch_hash;                  // content_hash(to_yaml(arch)): the resolved architecture
  std::string label() const;              // "pe_array.rows=8 pe_array.cols=14"
};

struct SweepSpec {
  std::string name;
  std::string file;
  std::string file_hash;                 // of the sweep file's bytes
  std::string arch_path;
  std::string arch_file_hash;            // of the base architecture file's bytes
  std::vector<std::string> networks;     // as the file names them
  std::vector<Network> network_models;   // loaded, batch applied; parallel to `networks`
  std::vector<std::string> dataflows;
  std::string objective = "edp";
  std::int64_t batch = 1;
  std::vector<std::string> parameters;  // dotted key paths, in file order
  std::vector<SweepPoint> points;
};

inline constexpr std::size_t kMaxSweepPoints = 100000;

SweepSpec load_sweep(const std::string& path);

// The dataflows evaluated at a point: the sweep's list, else the architecture's preferred one
// (else rs).
std::vector<std::string> dataflows_at(const SweepSpec& spec, const SweepPoint& point);

}  // namespace eyrie
