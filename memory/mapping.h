#pragma once
// A mapping of one conv layer onto the storage hierarchy, in Timeloop's terms: for every storage
// level the temporal loop factors and their order, the operands the level keeps, and the
// spatial factors of the fan-out below it. Plain data: built by the mapper or read from a
// mapping file, validated once (check_mapping), then counted (access_counts.h).
//
// The loop nest it describes, outermost first (one group; groups are an outer loop):
//   for each level, outermost first:
//     its temporal loops        (its permutation, outermost first)
//     its spatial Y, then X loops (one child instance per point, all at the same time)
//   MAC
// A dimension's index is mixed-radix in that order (d = ((d_outer*F_next + d_next)*...)); with
// imperfect factors the points past the dimension's end are skipped.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "memory/memory_level.h"
#include "workloads/conv_layer.h"

namespace eyrie {

enum class Dim { N = 0, M, C, P, Q, R, S };
inline constexpr int kDims = 7;
inline constexpr Dim kAllDims[] = {Dim::N, Dim::M, Dim::C, Dim::P, Dim::Q, Dim::R, Dim::S};
char dim_letter(Dim d);
bool dim_from_letter(char c, Dim* out);

using Factors = std::array<std::int64_t, kDims>;  // indexed by Dim
inline constexpr Factors kOnes = {1, 1, 1, 1, 1, 1, 1};
inline std::int64_t product(const Factors& f) {
  std::int64_t p = 1;
  for (auto v : f) p *= v;
  return p;
}

// Which operands a dimension indexes (Timeloop's projection): a loop over an irrelevant
// dimension reuses the operand's tile.
bool is_relevant(Operand op, Dim d);

// A mapping has one entry per storage level of the architecture, innermost first (index 0
// feeds the MACs), at most kMaxLevels. The Eyeriss preset's three levels have names:
inline constexpr int kMaxLevels = 8;
enum class MapLevel { RegisterFile = 0, GlobalBuffer = 1, Dram = 2 };
inline constexpr int kMapLevels = 3;  // levels of the Eyeriss preset
const char* to_string(MapLevel l);

struct LevelMapping {
  Factors temporal = kOnes;
  // Loop order, innermost first (as in Timeloop's mapping files: "permutation: SRQPCMN").
  std::array<Dim, kDims> permutation = {Dim::S, Dim::R, Dim::Q, Dim::P, Dim::C, Dim::M, Dim::N};
  // The fan-out below this level: across the mesh of the next inner level's instances (or of
  // the MACs, at level 0). X runs along a mesh row, Y down a column.
  Factors spatial_x = kOnes;
  Factors spatial_y = kOnes;
  PerOperand<bool> keep = {true, true, true};
};

// Imperfect factors: a dimension's factors may multiply to more than the dimension (a factor
// is the ceiling of what is left); iterations past the end do not exist, so the last
// iteration of a loop may be partial. check_mapping states the rule.
struct Mapping {
  std::array<LevelMapping, kMaxLevels> levels;  // innermost first; [0, count) used
  int count = kMapLevels;

  LevelMapping& at(MapLevel l) { return levels[static_cast<int>(l)]; }
  const LevelMapping& at(MapLevel l) const { return levels[static_cast<int>(l)]; }
  // MAC instances the spatial factors address (all levels' fan-outs); partial folds may leave
  // some of them idle part of the time (AccessCounts::utilization says how much).
  std::int64_t active_pes() const;
  // Product of all factors of one dimension (at least the layer's dimension).
  std::int64_t total(Dim d) const;
};

// An empty mapping (all factors 1, everything kept) with one entry per level of `arch`.
Mapping mapping_for(const ArchSpec& arch);

// The 7 loop bounds of one group of a layer, plus what maps output to input coordinates.
struct LayerShape {
  Factors dims = kOnes;  // N M C P Q R S (C and M per group)
  std::int64_t groups = 1;
  std::int64_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  std::int64_t operator[](Dim d) const { return dims[static_cast<int>(d)]; }
  std::int64_t macs() const { return product(dims) * groups; }
  // Input rows/cols the mapping touches (padding included): (P-1)*stride + (R-1)*dilation + 1.
  std::int64_t input_rows() const;
  std::int64_t input_cols() const;
  // Words of each tensor (all groups), each moved once: the compulsory traffic.
  PerOperand<std::int64_t> tensor_words() const;
};
LayerShape shape_of(const ConvLayer& layer);

// Checks a mapping against a layer and an architecture: one entry per storage level; each
// dimension's factors cover it (product >= the dimension; iterations past its end do not
// exist, so a fold may be partial or, for some outer indices, empty) and none exceeds it; each
// level's spatial fan-out fits the mesh below it; the outermost level keeps everything; every
// kept tile fits its level (per operand, or the sum in a shared level, over the buffering).
// Returns "" when legal, else the reason naming level, operand and numbers.
std::string check_mapping(const Mapping& m, const LayerShape& shape, const ArchSpec& arch);

// Words of an operand's largest tile held by one instance of `level` (all loops inside it,
// clipped to the layer).
std::int64_t tile_words(const Mapping& m, const LayerShape& shape, MapLevel level, Operand op);
PerOperand<std::int64_t> tile_words(const Mapping& m, const LayerShape& shape, MapLevel level);
PerOperand<std::int64_t> tile_words(const Mapping& m, const LayerShape& shape, int level);
// The factor rules of check_mapping alone (no architecture): "" or the reason.
std::string check_factors(const Mapping& m, const LayerShape& shape);

// Compact one-line text, Timeloop's loop-nest style, outermost level first; a level's spatial
// factors follow it: "L2[M4 C2] L1[Q7 P7] Y[C4] X[M8] L0[S3]". With level names (an
// architecture's), "dram[...] global_buffer[...] ...".
std::string to_text(const Mapping& m);
std::string to_text(const Mapping& m, const ArchSpec& arch);
// The mapping as a mapping file (YAML) that load_mapping reads back; level names from arch.
std::string to_yaml(const Mapping& m, const ArchSpec& arch);
std::string to_yaml(const Mapping& m, const std::vector<std::string>& level_names);
std::string to_yaml(const Mapping& m);  // the preset's names for 3 levels, else level0..
// Level names innermost first: the architecture's, or the defaults to_yaml(m) writes.
std::vector<std::string> level_names(const ArchSpec& arch);
std::vector<std::string> default_level_names(int count);

}  // namespace eyrie
