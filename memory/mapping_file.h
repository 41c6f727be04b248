#pragma once
// Mapping files, in the spirit of Timeloop's: one entry per storage level, outermost first.
//   mapping:
//     - level: dram
//       temporal: {M: 4, C: 2}          # dims not named are 1
//       permutation: QPNSRCM            # innermost first; dims not named go outermost
//     - level: global_buffer
//       temporal: {P: 7}
//       spatial_x: {M: 8}               # the fan-out to the PE array sits below this level
//       spatial_y: {C: 4}
//       keep: [weights, inputs, outputs]   # or bypass: [...]; default keeps all
//     - level: register_file
//       temporal: {S: 3}
// Timeloop's own format is read too (entries with `target` and `type: temporal|spatial|bypass`,
// `factors: "R=3 S=3 ... K=4 N=1"`, `permutation` innermost first, `split` where a spatial
// entry's Y dims begin, `keep`/`bypass` of Weights/Inputs/Outputs); target names are the
// architecture's level names (for the preset also DRAM/MainMemory, GlobalBuffer,
// RegisterFile/spad). Spatial factors belong to the level whose fan-out they spread over.
// Parsed through ConfigNode: errors are "m.yaml:7: mapping[1].temporal.C: <reason>".
// Whether the factors fit a given layer and architecture is check_mapping's job.
#include <string>
#include <vector>

#include "memory/mapping.h"

namespace eyrie {

// Level names innermost first (level_names(arch)); empty = the Eyeriss preset's three.
Mapping load_mapping(const std::string& path, const std::vector<std::string>& level_names = {});
Mapping parse_mapping_text(const std::string& text, const std::string& origin,
                           const std::vector<std::string>& level_names = {});

}  // namespace eyrie
