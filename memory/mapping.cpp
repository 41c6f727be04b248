#include "memory/mapping.h"

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
  std::int64_t t = spatial_x[i] * spatial_y[i];
  for (const auto& l : levels) t *= l.temporal[i];
  return t;
}

std::int64_t LayerShape::input_rows() const {
  return ((*this)[Dim::P] - 1) * stride_h + ((*this)[Dim::R] - 1) * dilation_h + 1;
}
std::int64_t LayerShape::input_cols() const {
  return ((*this)[Dim::Q] - 1) * stride_w + ((*this)[Dim::S] - 1) * dilation_w + 1;
}

namespace {
// Distinct values of i*a + j*b for i < ni, j < nj (a, b >= 1), by marking them: the range is an
// input extent, so the bitmap is at most one bit per input row.
std::int64_t distinct_offsets(std::int64_t ni, std::int64_t a, std::int64_t nj, std::int64_t b) {
  if (ni == 1 || a == 0) return nj;
  if (nj == 1 || b == 0) return ni;
  std::vector<bool> seen(static_cast<std::size_t>((ni - 1) * a + (nj - 1) * b + 1));
  std::int64_t n = 0;
  for (std::int64_t i = 0; i < ni; ++i)
    for (std::int64_t j = 0; j < nj; ++j) {
      auto bit = seen[static_cast<std::size_t>(i * a + j * b)];
      if (!bit) ++n;
      bit = true;
    }
  return n;
}
}  // namespace

std::int64_t LayerShape::touched_input_rows() const {
  return distinct_offsets((*this)[Dim::P], stride_h, (*this)[Dim::R], dilation_h);
}
std::int64_t LayerShape::touched_input_cols() const {
  return distinct_offsets((*this)[Dim::Q], stride_w, (*this)[Dim::S], dilation_w);
}

PerOperand<std::int64_t> LayerShape::tensor_words() const {
  const auto& s = *this;
  PerOperand<std::int64_t> w;
  w.weights = groups * s[Dim::M] * s[Dim::C] * s[Dim::R] * s[Dim::S];
  w.inputs = groups * s[Dim::N] * s[Dim::C] * touched_input_rows() * touched_input_cols();
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

// Extent of each dim over the loops inside `level` (that level's temporal loops and all
// below; the spatial loops count for the global buffer and DRAM, not for the per-PE RF).
Factors inner_extents(const Mapping& m, MapLevel level) {
  Factors e = kOnes;
  for (int d = 0; d < kDims; ++d) {
    for (int l = 0; l <= static_cast<int>(level); ++l) e[d] *= m.levels[l].temporal[d];
    if (level != MapLevel::RegisterFile) e[d] *= m.spatial_x[d] * m.spatial_y[d];
  }
  return e;
}

}  // namespace

PerOperand<std::int64_t> tile_words(const Mapping& m, const LayerShape& shape, MapLevel level) {
  const Factors e = inner_extents(m, level);
  auto at = [&](Dim d) { return e[static_cast<int>(d)]; };
  const std::int64_t h = (at(Dim::P) - 1) * shape.stride_h + (at(Dim::R) - 1) * shape.dilation_h + 1;
  const std::int64_t w = (at(Dim::Q) - 1) * shape.stride_w + (at(Dim::S) - 1) * shape.dilation_w + 1;
  return {at(Dim::M) * at(Dim::C) * at(Dim::R) * at(Dim::S), at(Dim::N) * at(Dim::C) * h * w,
          at(Dim::N) * at(Dim::M) * at(Dim::P) * at(Dim::Q)};
}

std::int64_t tile_words(const Mapping& m, const LayerShape& shape, MapLevel level, Operand op) {
  const Factors e = inner_extents(m, level);
  auto at = [&](Dim d) { return e[static_cast<int>(d)]; };
  switch (op) {
    case Operand::Weights: return at(Dim::M) * at(Dim::C) * at(Dim::R) * at(Dim::S);
    case Operand::Outputs: return at(Dim::N) * at(Dim::M) * at(Dim::P) * at(Dim::Q);
    case Operand::Inputs: {
      // Timeloop's input tile: the bounding box of the rows/cols the P,R (Q,S) loops touch.
      const std::int64_t h = (at(Dim::P) - 1) * shape.stride_h + (at(Dim::R) - 1) * shape.dilation_h + 1;
      const std::int64_t w = (at(Dim::Q) - 1) * shape.stride_w + (at(Dim::S) - 1) * shape.dilation_w + 1;
      return at(Dim::N) * at(Dim::C) * h * w;
    }
  }
  return 0;
}

std::string check_mapping(const Mapping& m, const LayerShape& shape, const ArchSpec& arch) {
  for (Dim d : kAllDims) {
    if (m.total(d) != shape[d]) {
      std::ostringstream o;
      o << "factors of " << dim_letter(d) << " multiply to " << m.total(d) << ", the layer has " << shape[d];
      return o.str();
    }
  }
  if (product(m.spatial_x) > arch.pe_array.cols)
    return "spatial_x fan-out " + std::to_string(product(m.spatial_x)) + " exceeds the array's " +
           std::to_string(arch.pe_array.cols) + " columns";
  if (product(m.spatial_y) > arch.pe_array.rows)
    return "spatial_y fan-out " + std::to_string(product(m.spatial_y)) + " exceeds the array's " +
           std::to_string(arch.pe_array.rows) + " rows";
  for (Operand op : kOperands)
    if (!m.at(MapLevel::Dram).keep[op]) return std::string("dram must keep ") + to_string(op);
  // Register file: one capacity per operand.
  const PerOperand<std::int64_t> rf_cap = {arch.register_file.filter_words, arch.register_file.ifmap_words,
                                           arch.register_file.psum_words};
  for (Operand op : kOperands) {
    if (!m.at(MapLevel::RegisterFile).keep[op]) continue;
    const std::int64_t t = tile_words(m, shape, MapLevel::RegisterFile, op);
    if (t > rf_cap[op])
      return std::string("register_file: ") + to_string(op) + " tile of " + std::to_string(t) +
             " words exceeds its capacity of " + std::to_string(rf_cap[op]) + " words";
  }
  // Global buffer: one capacity shared by the kept operands, half of it when double buffered.
  std::int64_t glb = 0;
  for (Operand op : kOperands)
    if (m.at(MapLevel::GlobalBuffer).keep[op]) glb += tile_words(m, shape, MapLevel::GlobalBuffer, op);
  const std::int64_t cap = arch.global_buffer_words() / (arch.global_buffer.double_buffered ? 2 : 1);
  if (glb > cap)
    return "global_buffer: tiles of the kept operands need " + std::to_string(glb) + " words, capacity is " +
           std::to_string(cap) + " words" + (arch.global_buffer.double_buffered ? " (half, double buffered)" : "");
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

std::string to_text(const Mapping& m) {
  std::ostringstream o;
  o << "DRAM[";
  factors_text(o, m.at(MapLevel::Dram).temporal, m.at(MapLevel::Dram).permutation);
  o << "] GLB[";
  factors_text(o, m.at(MapLevel::GlobalBuffer).temporal, m.at(MapLevel::GlobalBuffer).permutation);
  o << "] Y[";
  factors_text(o, m.spatial_y, kCanonicalInnerFirst);
  o << "] X[";
  factors_text(o, m.spatial_x, kCanonicalInnerFirst);
  o << "] RF[";
  factors_text(o, m.at(MapLevel::RegisterFile).temporal, m.at(MapLevel::RegisterFile).permutation);
  o << "]";
  return o.str();
}

std::string to_yaml(const Mapping& m) {
  std::ostringstream o;
  auto factors = [&](const char* key, const Factors& f) {
    o << "    " << key << ": {";
    for (int d = 0; d < kDims; ++d) o << (d ? ", " : "") << dim_letter(static_cast<Dim>(d)) << ": " << f[d];
    o << "}\n";
  };
  o << "mapping:\n";
  for (int l = kMapLevels - 1; l >= 0; --l) {
    const auto& lv = m.levels[l];
    o << "  - level: " << to_string(static_cast<MapLevel>(l)) << "\n";
    factors("temporal", lv.temporal);
    o << "    permutation: ";
    for (Dim d : lv.permutation) o << dim_letter(d);
    o << "\n";
    if (l == static_cast<int>(MapLevel::GlobalBuffer)) {
      factors("spatial_x", m.spatial_x);
      factors("spatial_y", m.spatial_y);
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

}  // namespace eyrie
