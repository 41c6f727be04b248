#pragma once
// Paths of the Timeloop tutorial files under tests/data/timeloop (see SOURCE.md there) and the
// reference table extracted from their published ref-output.
#include <ostream>
#include <string>

#include "sim/core/config_node.h"

namespace eyrie::testing {

inline std::string tl_data(const std::string& rel) { return std::string(EYRIE_SOURCE_DIR) + "/tests/data/timeloop/" + rel; }

// One case of reference.yaml (cases.<name>).
inline ConfigNode tl_reference(const std::string& name) {
  return ConfigNode::load_file(tl_data("reference.yaml")).at("cases").at(name);
}

// The files each reference case was produced from (SOURCE.md).
struct TlCase {
  const char* name;
  const char* arch;
  const char* problem;
  const char* mapping;
  const char* ert;
};

inline void PrintTo(const TlCase& c, std::ostream* os) { *os << c.name; }

inline const TlCase kTlCases[] = {
    {"00_1level", "00/1level.arch.yaml", "00/conv1d.prob.yaml", "00/conv1d-1level.map.yaml", "00/timeloop-model.ERT.yaml"},
    {"01_os", "01/2level.arch.yaml", "01/conv1d.prob.yaml", "01/conv1d-2level-os.map.yaml", "01/timeloop-model.ERT.yaml"},
    {"01_ws", "01/2level.arch.yaml", "01/conv1d.prob.yaml", "01/conv1d-2level-ws.map.yaml", "01/timeloop-model.ERT.yaml"},
    {"02_no_tiling", "02/2level.arch.yaml", "02/conv1d+oc.prob.yaml", "02/conv1d+oc-2level-os.map.yaml", "02/timeloop-model.ERT.yaml"},
    {"02_tiling", "02/2level.arch.yaml", "02/conv1d+oc.prob.yaml", "02/conv1d+oc-2level-os-tiled.map.yaml", "02/timeloop-model.ERT.yaml"},
    {"03_no_bypass", "03/3level.arch.yaml", "03/conv1d+oc.prob.yaml", "03/conv1d+oc-3level.map.yaml", "03/timeloop-model.ERT.yaml"},
    {"03_bypass", "03/3level.arch.yaml", "03/conv1d+oc.prob.yaml", "03/conv1d+oc-3level-bypass.map.yaml", "03/timeloop-model.ERT.yaml"},
    // The 04 refs were generated before the PE container moved below GlobalBuffer (SOURCE.md).
    {"04_cp", "04/3levelspatial.ref-topology.arch.yaml", "04/conv1d+oc+ic.prob.yaml", "04/conv1d+oc+ic-3levelspatial-cp-ws.map.yaml", "04/timeloop-model.ERT.yaml"},
    {"04_kp", "04/3levelspatial.ref-topology.arch.yaml", "04/conv1d+oc+ic.prob.yaml", "04/conv1d+oc+ic-3levelspatial-kp-ws.map.yaml", "04/timeloop-model.ERT.yaml"},
    {"06_eyeriss", "06/eyeriss_like.yaml", "06/VGG02_layer5.yaml", "06/timeloop-mapper.map.yaml", "06/timeloop-mapper.ERT.yaml"},
    // The Simba-like example design: two per-PE levels in !Parallel, three fan-outs, clusters.
    {"simba_like", "simba_like/arch.yaml", "simba_like/default_problem.yaml", "simba_like/timeloop-mapper.map.yaml",
     "simba_like/timeloop-mapper.ERT.yaml"},
    // The other dense example designs on the same problem (their mapper outputs).
    {"eyeriss_like", "eyeriss_like/arch.yaml", "simba_like/default_problem.yaml", "eyeriss_like/timeloop-mapper.map.yaml",
     "eyeriss_like/timeloop-mapper.ERT.yaml"},
    {"simple_output_stationary", "simple_output_stationary/arch.yaml", "simba_like/default_problem.yaml",
     "simple_output_stationary/timeloop-mapper.map.yaml", "simple_output_stationary/timeloop-mapper.ERT.yaml"},
    {"simple_weight_stationary", "simple_weight_stationary/arch.yaml", "simba_like/default_problem.yaml",
     "simple_weight_stationary/timeloop-mapper.map.yaml", "simple_weight_stationary/timeloop-mapper.ERT.yaml"},
};

}  // namespace eyrie::testing
