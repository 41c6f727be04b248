#pragma once
// Timeloop mapping files, in every form Timeloop reads and writes (src/mapping/parser.cpp):
//   mapping:
//     - target: shared_glb          # a level name, a container name, or a level number
//       type: temporal              # temporal | spatial | datatype (alias: bypass, dataspace)
//       factors: C4 M2 P8           # or "C=4 M=2 P=8", "C=4,M=2,P=8", a list; "P=7,3": imperfect
//       permutation: PCM            # innermost first; dimensions left out go outermost
//     - target: inter_PE_spatial
//       type: spatial
//       factors: M4 S3
//       permutation: SM
//       split: 0                    # permutation[0..split) spread over X, the rest over Y
//     - target: shared_glb
//       type: datatype
//       keep: [Inputs, Outputs]
//       bypass: [Weights]
// `load_tl_mapping` reads the syntax; `resolve_nest` checks it against an architecture and a
// problem and gives the loop nest per level. Errors are "map.yaml:7: mapping[3].factors: ...".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "timeloop/tl_arch.h"
#include "timeloop/tl_problem.h"

namespace eyrie::tl {

struct TlMapEntry {
  std::string target;              // as written ("" when given as a number)
  std::optional<std::int64_t> target_index;  // Timeloop storage level number, 0 = innermost
  std::string type;                // temporal | spatial | datatype
  std::vector<TlFactor> factors;
  std::vector<std::string> permutation;  // innermost first
  std::optional<std::int64_t> split;
  std::vector<std::string> keep, bypass;
  std::string where;
};

struct TlMapping {
  std::string file;
  std::vector<TlMapEntry> entries;
};

TlMapping load_tl_mapping(const std::string& path);
TlMapping parse_tl_mapping_text(const std::string& text, const std::string& origin);

// One loop of the resolved nest.
struct TlLoop {
  int dim = 0;               // problem dimension index
  std::int64_t end = 1;      // iterations
  std::int64_t residual = 1;  // iterations of the last pass of the loop above (imperfect); = end when perfect
  enum class Space { Time, X, Y } space = Space::Time;
};

// A storage level's share of the mapping, in the arch's level order (outermost first).
struct TlLevelNest {
  std::vector<TlLoop> temporal;  // innermost first, every problem dim once (factor 1 included)
  std::vector<TlLoop> spatial;   // innermost first; the fan-out to the next inner level
  std::vector<bool> keep;        // per data space
};

struct TlNest {
  std::vector<TlLevelNest> levels;  // one per storage level of the arch

  // Per problem dim, the extent of the tile one instance of storage level `li` holds: its own
  // temporal and spatial loops and every loop inside (Timeloop's "Utilized capacity" is
  // TlProblem::tile_words of it). Imperfect loops count their full `end`.
  std::vector<std::int64_t> tile_extents(int li, std::size_t dims) const;
  // Instances of level `li` the spatial loops above it reach (Timeloop's "Utilized instances").
  std::int64_t utilized_instances(int li) const;
  // Iterations of all temporal loops: the compute cycles when no bandwidth throttles.
  std::int64_t temporal_steps() const;
};

// Checks the mapping as Timeloop does (every target exists, spatial entries sit above a
// fan-out and fit its mesh, factors multiply to each dimension's bound, data-space names exist,
// levels that hold nothing keep nothing) and the architecture's constraints, then builds the nest.
// Unlike Timeloop, a second entry of the same target and type is an error, not a silent override.
TlNest resolve_nest(const TlArch& arch, const TlProblem& problem, const TlMapping& mapping);

}  // namespace eyrie::tl
