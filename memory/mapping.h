#pragma once
// A mapping of one conv layer onto the storage hierarchy, in Timeloop's terms: for every storage
// level (register file, global buffer, DRAM) the temporal loop factors and their order, the
// operands the level keeps, and the spatial factors across the PE array's X (columns) and Y
// (rows), which live at the global buffer -> PE fan-out. Plain data: built by the mapper or read
// from a mapping file, validated once (validate_mapping), then counted (access_counts.h).
//
// The loop nest it describes, outermost first (one group; groups are an outer loop):
//   DRAM temporal loops    (permutation of the DRAM level, outermost first)
//   GLB temporal loops
//   spatial Y loops, spatial X loops   (one PE per point, all at the same time)
//   RF temporal loops
//   MAC
// A dimension's index is mixed-radix in that order: d = ((d_dram*F_glb + d_glb)*F_y + d_y)*F_x ...
#include <array>
#include <cstdint>
#include <string>

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

// The storage levels a mapping names, innermost first; the index into Mapping::levels.
enum class MapLevel { RegisterFile = 0, GlobalBuffer = 1, Dram = 2 };
inline constexpr int kMapLevels = 3;
const char* to_string(MapLevel l);

struct LevelMapping {
  Factors temporal = kOnes;
  // Loop order, innermost first (as in Timeloop's mapping files: "permutation: SRQPCMN").
  std::array<Dim, kDims> permutation = {Dim::S, Dim::R, Dim::Q, Dim::P, Dim::C, Dim::M, Dim::N};
  PerOperand<bool> keep = {true, true, true};
};

struct Mapping {
  std::array<LevelMapping, kMapLevels> levels;  // RF, GLB, DRAM
  Factors spatial_x = kOnes;                    // across PE columns
  Factors spatial_y = kOnes;                    // across PE rows

  LevelMapping& at(MapLevel l) { return levels[static_cast<int>(l)]; }
  const LevelMapping& at(MapLevel l) const { return levels[static_cast<int>(l)]; }
  std::int64_t active_pes() const { return product(spatial_x) * product(spatial_y); }
  // Product of all factors of one dimension.
  std::int64_t total(Dim d) const;
};

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
  // Input rows/cols some MAC reads: the distinct p*stride + r*dilation (a strided 1x1 conv skips
  // every other row; a dilated filter may too). At most input_rows()/input_cols().
  std::int64_t touched_input_rows() const;
  std::int64_t touched_input_cols() const;
  // Words of each tensor (all groups) that the layer touches, each moved once: the compulsory
  // traffic.
  PerOperand<std::int64_t> tensor_words() const;
};
LayerShape shape_of(const ConvLayer& layer);

// Checks a mapping against a layer and an architecture: factor products equal the layer's
// dims, the spatial fan-out fits the array, DRAM keeps everything, every kept tile fits its
// level (register file per operand; the global buffer shared and halved when double
// buffered). Returns "" when legal, else the reason naming level, operand and numbers.
std::string check_mapping(const Mapping& m, const LayerShape& shape, const ArchSpec& arch);

// Words of an operand's tile held by one instance of `level` (all loops inside it).
std::int64_t tile_words(const Mapping& m, const LayerShape& shape, MapLevel level, Operand op);
PerOperand<std::int64_t> tile_words(const Mapping& m, const LayerShape& shape, MapLevel level);

// Compact one-line text, Timeloop's loop-nest style: "DRAM[M4 C2] GLB[Q7 P7] X[M8] Y[C4] RF[S3]".
std::string to_text(const Mapping& m);
// The mapping as a mapping file (YAML) that load_mapping reads back.
std::string to_yaml(const Mapping& m);

}  // namespace eyrie
