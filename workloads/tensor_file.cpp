#include "workloads/tensor_file.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "sim/core/error.h"

namespace eyrie {

static_assert(sizeof(float) == 4, "FP32 values are 4 bytes");

namespace {

bool host_is_little_endian() {
  const std::uint32_t one = 1;
  unsigned char b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

std::uint32_t load_le32(const unsigned char* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}

void store_le32(std::uint32_t v, char* p) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

std::string dims_string(const std::array<std::int32_t, 4>& d) {
  std::ostringstream s;
  s << d[0] << "x" << d[1] << "x" << d[2] << "x" << d[3];
  return s.str();
}

Tensor4 parse_tensor_bytes(const std::string& bytes, const std::string& origin) {
  if (bytes.size() < 16)
    throw Error(located(origin, "truncated: " + std::to_string(bytes.size()) +
                                    " bytes, the header alone needs 16 (four int32)"));
  Tensor4 t;
  const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
  for (int i = 0; i < 4; ++i) t.dims[i] = static_cast<std::int32_t>(load_le32(raw + 4 * i));
  for (int i = 0; i < 4; ++i)
    if (t.dims[i] <= 0)
      throw Error(located(origin, "header dimension " + std::to_string(i) + " is " + std::to_string(t.dims[i]) +
                                      " (header " + dims_string(t.dims) + "): every dimension must be positive"));
  const std::int64_t count = t.size();
  const std::int64_t payload = static_cast<std::int64_t>(bytes.size()) - 16;
  if (payload % 4 != 0 || payload / 4 != count) {
    const std::string held = payload % 4 == 0 ? std::to_string(payload / 4) + " floats"
                                              : std::to_string(payload) + " bytes (not a whole number of floats)";
    throw Error(located(origin, std::string(payload / 4 < count ? "truncated" : "size disagrees with header") +
                                    ": header says " + dims_string(t.dims) + " = " + std::to_string(count) +
                                    " floats, file holds " + held));
  }
  t.values.resize(static_cast<std::size_t>(count));
  if (host_is_little_endian()) {
    std::memcpy(t.values.data(), bytes.data() + 16, static_cast<std::size_t>(count) * 4);
  } else {
    for (std::int64_t i = 0; i < count; ++i) {
      const std::uint32_t bits = load_le32(raw + 16 + 4 * i);
      std::memcpy(&t.values[static_cast<std::size_t>(i)], &bits, 4);
    }
  }
  return t;
}

Tensor4 read_tensor_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(located(path, "cannot open"));
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) throw Error(located(path, "cannot read"));
  std::string bytes = s.str();
  if (bytes.empty()) {
    // A directory opens but reads nothing; say which.
    std::ifstream probe(path + "/.");
    if (probe.good()) throw Error(located(path, "cannot read: is a directory"));
  }
  return parse_tensor_bytes(bytes, path);
}

std::string serialize_tensor(const Tensor4& t) {
  std::string out(16 + t.values.size() * 4, '\0');
  for (int i = 0; i < 4; ++i) store_le32(static_cast<std::uint32_t>(t.dims[i]), &out[4 * i]);
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &t.values[i], 4);
    store_le32(bits, &out[16 + 4 * i]);
  }
  return out;
}

void check_conv_pair(const Tensor4& input, const std::string& input_path, const Tensor4& kernel,
                     const std::string& kernel_path) {
  if (kernel.dims[3] != input.dims[3])
    throw Error(kernel_path + ": kernel IC = " + std::to_string(kernel.dims[3]) + " (kernel " +
                dims_string(kernel.dims) + ") but input C = " + std::to_string(input.dims[3]) + " (" +
                input_path + " " + dims_string(input.dims) + ")");
}

ConvGeometry same_conv_geometry(const std::array<std::int32_t, 4>& in, const std::array<std::int32_t, 4>& k) {
  ConvGeometry g;
  g.N = in[0], g.H = in[1], g.W = in[2], g.C = in[3];
  g.R = k[0], g.S = k[1], g.M = k[2];
  // SAME, stride 1: R - 1 rows of padding in all, the odd one at the bottom (TensorFlow).
  g.pad_top = (g.R - 1) / 2;
  g.pad_left = (g.S - 1) / 2;
  return g;
}

ConvLayer conv_layer_of(const ConvGeometry& g, const std::string& name) {
  ConvLayer l;
  l.name = name;
  l.N = g.N, l.C = g.C, l.M = g.M, l.H = g.H, l.W = g.W, l.R = g.R, l.S = g.S;
  l.pad = Padding{g.pad_top, g.R - 1 - g.pad_top, g.pad_left, g.S - 1 - g.pad_left};
  return l;
}

}  // namespace eyrie
