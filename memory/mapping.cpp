#include "memory/mapping.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace eyrie {

char dim_letter(Dim d) { return "NMCPQRS"[static_cast<int>(d)]; }

bool dim_from_letter(char c, Dim* out) {
  const std::string letters = "NMCPQRS";
  const auto pos = letters.find(c);
  if (pos == std::string::npos) return false;
  *out = static_cast<Dim>(pos);
  return true;
}

bool is_relevant(Operand op, Dim d) {
  switch (op) {
    case Operand::Weights: return d == Dim::M || d == Dim::C || d == Dim::R || d == Dim::S;
    case Operand::Inputs: return d != Dim::M;  // P,R index rows and Q,S cols of the input
    case Operand::Outputs: return d == Dim::N || d == Dim::M || d == Dim::P || d == Dim::Q;
  }
  return false;
}

const char* to_string(MapLevel l) {
  switch (l) {
    case MapLevel::RegisterFile: return "register_file";
    case MapLevel::GlobalBuffer: return "global_buffer";
    case MapLevel::Dram: return "dram";
  }
  return "?";
}

std::int64_t Mapping::total(Dim d) const {
  const int i = static_cast<int>(d);
  std::int64_t t = 1;
  for (int l = 0; l < count; ++l) t *= levels[l].temporal[i] * levels[l].spatial_x[i] * levels[l].spatial_y[i];
  return t;
}

std::int64_t Mapping::active_pes() const {
  std::int64_t n = 1;
  for (int l = 0; l < count; ++l) n *= product(levels[l].spatial_x) * product(levels[l].spatial_y);
  return n;
}

Mapping mapping_for(const ArchSpec& arch) {
  Mapping m;
  m.count = arch.levels();
  return m;
}

std::int64_t LayerShape::input_rows() const {
  return ((*this)[Dim::P] - 1) * stride_h + ((*this)[Dim::R] - 1) * dilation_h + 1;
}
std::int64_t LayerShape::input_cols() const {
  return ((*this)[Dim::Q] - 1) * stride_w + ((*this)[Dim::S] - 1) * dilation_w + 1;
}

PerOperand<std::int64_t> LayerShape::tensor_words() const {
  const auto& s = *this;
  PerOperand<std::int64_t> w;
  w.weights = groups * s[Dim::M] * s[Dim::C] * s[Dim::R] * s[Dim::S];
  w.inputs = groups * s[Dim::N] * s[Dim::C] * input_rows() * input_cols();
  w.outputs = groups * s[Dim::N] * s[Dim::M] * s[Dim::P] * s[Dim::Q];
  return w;
}

LayerShape shape_of(const ConvLayer& l) {
  LayerShape s;
  s.dims = {l.N, l.M_per_group(), l.C_per_group(), l.P(), l.Q(), l.R, l.S};
  s.groups = l.groups;
  s.stride_h = l.stride_h;
  s.stride_w = l.stride_w;
  s.dilation_h = l.dilation_h;
  s.dilation_w = l.dilation_w;
  return s;
}

namespace {

// Extent of each dim over the loops inside `level` (its temporal and spatial loops and all
// below), clipped to the layer: the largest tile an instance holds.
Factors inner_extents(const Mapping& m, const LayerShape& shape, int level) {
  Factors e = kOnes;
  for (int d = 0; d < kDims; ++d) {
    for (int l = 0; l <= level; ++l) e[d] *= m.levels[l].temporal[d] * m.levels[l].spatial_x[d] * m.levels[l].spatial_y[d];
    e[d] = std::min(e[d], shape.dims[d]);
  }
  return e;
}

PerOperand<std::int64_t> tiles_of(const Factors& e, const LayerShape& shape) {
  auto at = [&](Dim d) { return e[static_cast<int>(d)]; };
  // Timeloop's input tile: the bounding box of the rows/cols the P,R (Q,S) loops touch.
  const std::int64_t h = (at(Dim::P) - 1) * shape.stride_h + (at(Dim::R) - 1) * shape.dilation_h + 1;
  const std::int64_t w = (at(Dim::Q) - 1) * shape.stride_w + (at(Dim::S) - 1) * shape.dilation_w + 1;
  return {at(Dim::M) * at(Dim::C) * at(Dim::R) * at(Dim::S), at(Dim::N) * at(Dim::C) * h * w,
          at(Dim::N) * at(Dim::M) * at(Dim::P) * at(Dim::Q)};
}

std::string level_label(const ArchSpec& arch, int l) { return arch.storage[l].name; }

}  // namespace

PerOperand<std::int64_t> tile_words(const Mapping& m, const LayerShape& shape, int level) {
  return tiles_of(inner_extents(m, shape, level), shape);
}
PerOperand<std::int64_t> tile_words(const Mapping& m, const LayerShape& shape, MapLevel level) {
  return tile_words(m, shape, static_cast<int>(level));
}
std::int64_t tile_words(const Mapping& m, const LayerShape& shape, MapLevel level, Operand op) {
  return tile_words(m, shape, static_cast<int>(level))[op];
}

std::string check_factors(const Mapping& m, const LayerShape& shape) {
  for (Dim d : kAllDims) {
    const int i = static_cast<int>(d);
    const std::int64_t D = shape[d];
    if (m.total(d) < D) {
      std::ostringstream o;
      o << "factors of " << dim_letter(d) << " multiply to " << m.total(d) << ", the layer has " << D;
      return o.str();
    }
    // A factor longer than the dimension only adds iterations that do not exist.
    for (int l = 0; l < m.count; ++l)
      for (const std::int64_t f : {m.levels[l].spatial_x[i], m.levels[l].spatial_y[i], m.levels[l].temporal[i]})
        if (f > D) {
          std::ostringstream o;
          o << "a factor " << f << " of " << dim_letter(d) << " exceeds the layer's " << D;
          return o.str();
        }
  }
  return "";
}

std::string check_mapping(const Mapping& m, const LayerShape& shape, const ArchSpec& arch) {
  if (m.count != arch.levels())
    return "the mapping has " + std::to_string(m.count) + " levels, the architecture " + std::to_string(arch.levels());
  if (const std::string f = check_factors(m, shape); !f.empty()) return f;
  for (int l = 0; l < m.count; ++l) {
    const int mx = l == 0 ? arch.compute.mesh_x : arch.storage[l - 1].mesh_x;
    const int my = l == 0 ? arch.compute.mesh_y : arch.storage[l - 1].mesh_y;
    const std::string below = l == 0 ? "MACs" : arch.storage[l - 1].name + " instances";
    // The Eyeriss preset's words, which its users know: the array's columns and rows.
    const bool preset_array = arch.eyeriss_preset && l == static_cast<int>(MapLevel::GlobalBuffer);
    if (product(m.levels[l].spatial_x) > mx)
      return preset_array ? "spatial_x fan-out " + std::to_string(product(m.levels[l].spatial_x)) + " exceeds the array's " +
                                std::to_string(mx) + " columns"
                          : level_label(arch, l) + ": spatial_x fan-out " + std::to_string(product(m.levels[l].spatial_x)) +
                                " exceeds the mesh of " + std::to_string(mx) + " " + below + " along X";
    if (product(m.levels[l].spatial_y) > my)
      return preset_array ? "spatial_y fan-out " + std::to_string(product(m.levels[l].spatial_y)) + " exceeds the array's " +
                                std::to_string(my) + " rows"
                          : level_label(arch, l) + ": spatial_y fan-out " + std::to_string(product(m.levels[l].spatial_y)) +
                                " exceeds the mesh of " + std::to_string(my) + " " + below + " along Y";
  }
  const int outer = m.count - 1;
  for (Operand op : kOperands)
    if (!m.levels[outer].keep[op]) return level_label(arch, outer) + " must keep " + to_string(op);
  for (int l = 0; l < m.count; ++l) {
    const StorageLevelSpec& lv = arch.storage[l];
    const auto tiles = tile_words(m, shape, l);
    const std::string half = lv.buffering == 2   ? " (half, double buffered)"
                             : lv.buffering > 2 ? " (1/" + std::to_string(lv.buffering) + ", multiple buffered)"
                                                : "";
    if (lv.shared) {
      if (lv.usable_words(Operand::Weights) < 0) continue;
      std::int64_t words = 0;
      for (Operand op : kOperands)
        if (m.levels[l].keep[op]) words += tiles[op];
      if (words > lv.usable_words(Operand::Weights))
        return lv.name + ": tiles of the kept operands need " + std::to_string(words) + " words, capacity is " +
               std::to_string(lv.usable_words(Operand::Weights)) + " words" + half;
    } else {
      for (Operand op : kOperands) {
        if (!m.levels[l].keep[op] || lv.usable_words(op) < 0) continue;
        if (tiles[op] > lv.usable_words(op))
          return lv.name + ": " + to_string(op) + " tile of " + std::to_string(tiles[op]) +
                 " words exceeds its capacity of " + std::to_string(lv.usable_words(op)) + " words" + half;
      }
    }
  }
  return "";
}

namespace {
void factors_text(std::ostringstream& o, const Factors& f, const std::array<Dim, kDims>& order_inner_first) {
  bool first = true;
  for (int i = kDims - 1; i >= 0; --i) {  // print outermost first
    const Dim d = order_inner_first[i];
    if (f[static_cast<int>(d)] == 1) continue;
    if (!first) o << ' ';
    o << dim_letter(d) << f[static_cast<int>(d)];
    first = false;
  }
}
constexpr std::array<Dim, kDims> kCanonicalInnerFirst = {Dim::S, Dim::R, Dim::Q, Dim::P, Dim::C, Dim::M, Dim::N};
}  // namespace

namespace {
std::string text_of(const Mapping& m, const std::vector<std::string>& names) {
  std::ostringstream o;
  bool first_level = true;
  for (int l = m.count - 1; l >= 0; --l) {
    const LevelMapping& lv = m.levels[l];
    o << (first_level ? "" : " ") << names[l] << "[";
    factors_text(o, lv.temporal, lv.permutation);
    o << "]";
    first_level = false;
    if (product(lv.spatial_y) > 1 || product(lv.spatial_x) > 1 || (m.count == kMapLevels && l == 1)) {
      o << " Y[";
      factors_text(o, lv.spatial_y, kCanonicalInnerFirst);
      o << "] X[";
      factors_text(o, lv.spatial_x, kCanonicalInnerFirst);
      o << "]";
    }
  }
  return o.str();
}
}  // namespace

std::vector<std::string> level_names(const ArchSpec& arch) {
  std::vector<std::string> names;
  for (const auto& lv : arch.storage) names.push_back(lv.name);
  return names;
}

std::vector<std::string> default_level_names(int count) {
  if (count == kMapLevels) return {"register_file", "global_buffer", "dram"};
  std::vector<std::string> names;
  for (int l = 0; l < count; ++l) names.push_back("level" + std::to_string(l));
  return names;
}

std::string to_text(const Mapping& m) {
  // The preset's short names, as the reports have always printed them.
  std::vector<std::string> names = m.count == kMapLevels ? std::vector<std::string>{"RF", "GLB", "DRAM"}
                                                         : default_level_names(m.count);
  return text_of(m, names);
}
std::string to_text(const Mapping& m, const ArchSpec& arch) { return text_of(m, level_names(arch)); }

std::string to_yaml(const Mapping& m, const std::vector<std::string>& names) {
  std::ostringstream o;
  auto factors = [&](const char* key, const Factors& f) {
    o << "    " << key << ": {";
    for (int d = 0; d < kDims; ++d) o << (d ? ", " : "") << dim_letter(static_cast<Dim>(d)) << ": " << f[d];
    o << "}\n";
  };
  o << "mapping:\n";
  for (int l = m.count - 1; l >= 0; --l) {
    const auto& lv = m.levels[l];
    o << "  - level: " << names[l] << "\n";
    factors("temporal", lv.temporal);
    o << "    permutation: ";
    for (Dim d : lv.permutation) o << dim_letter(d);
    o << "\n";
    if (product(lv.spatial_x) > 1 || product(lv.spatial_y) > 1) {
      factors("spatial_x", lv.spatial_x);
      factors("spatial_y", lv.spatial_y);
    }
    o << "    keep: [";
    bool first = true;
    for (Operand op : kOperands)
      if (lv.keep[op]) {
        o << (first ? "" : ", ") << to_string(op);
        first = false;
      }
    o << "]\n";
  }
  return o.str();
}
std::string to_yaml(const Mapping& m) { return to_yaml(m, default_level_names(m.count)); }
std::string to_yaml(const Mapping& m, const ArchSpec& arch) { return to_yaml(m, level_names(arch)); }

}  // namespace eyrie
