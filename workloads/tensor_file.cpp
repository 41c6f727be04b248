#include "workloads/tensor_file.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

#include "sim/core/error.h"
#include "sim/core/file_read.h"

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

std::int64_t checked_tensor_floats(const std::array<std::int64_t, 4>& d, const std::string& what) {
  const std::string shape = std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]) + "x" +
                            std::to_string(d[3]);
  for (std::int64_t v : d)
    if (v <= 0) throw Error(located(what, "tensor " + shape + ": every dimension must be positive"));
  std::int64_t floats = 0;
  try {
    floats = checked_product({d[0], d[1], d[2], d[3]}, "tensor " + shape + " floats");
  } catch (const Error& e) {
    throw Error(located(what, e.what()));
  }
  if (floats > kMaxTensorFloats)
    throw Error(located(what, "tensor " + shape + " = " + std::to_string(floats) + " floats = " +
                                  std::to_string(floats * 4) + " bytes, more than a tensor file may hold (" +
                                  size_text(kMaxTensorFileBytes) + ")"));
  return floats;
}

namespace {
// The index of a flat position in a tensor of `dims`, as "[n,h,w,c]".
std::string index_text(const std::array<std::int32_t, 4>& dims, std::int64_t i) {
  std::array<std::int64_t, 4> at{};
  for (int k = 3; k >= 0; --k) at[k] = i % dims[k], i /= dims[k];
  return "[" + std::to_string(at[0]) + "," + std::to_string(at[1]) + "," + std::to_string(at[2]) + "," +
         std::to_string(at[3]) + "]";
}
}  // namespace

namespace {
// The header's four dimensions, checked (positive, product below 2^53); `bytes` may hold more.
Tensor4 parse_tensor_header(const std::string& bytes, const std::string& origin) {
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
  // The header's product is checked before it is compared: four 65536s are 2^64 floats, which
  // wrapped to 0 in 64 bits would "match" an empty payload.
  const std::int64_t payload = static_cast<std::int64_t>(bytes.size()) - 16;
  try {
    t.size();
  } catch (const Error&) {
    throw Error(located(origin, "truncated: header says " + dims_string(t.dims) +
                                    " = more than 2^53 floats, file holds " + std::to_string(payload / 4) + " floats"));
  }
  return t;
}
}  // namespace

Tensor4 parse_tensor_bytes(const std::string& bytes, const std::string& origin) {
  Tensor4 t = parse_tensor_header(bytes, origin);
  const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::int64_t payload = static_cast<std::int64_t>(bytes.size()) - 16;
  const std::int64_t count = t.size();
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
  // Every later number (quantization scales, NRMSE) would be NaN or Inf without saying why.
  for (std::size_t i = 0; i < t.values.size(); ++i)
    if (!std::isfinite(t.values[i]))
      throw Error(located(origin, std::string(std::isnan(t.values[i]) ? "NaN" : "infinity") + " at value " +
                                      std::to_string(i) + " (index " + index_text(t.dims, static_cast<std::int64_t>(i)) +
                                      " of " + dims_string(t.dims) + "): tensor values must be finite"));
  return t;
}

Tensor4 read_tensor_file(const std::string& path) {
  InputFile f(path, "a tensor file");
  std::string bytes;
  if (f.size_bytes() < 0) {
    // A device or a pipe: the header says how much should follow, so read no more than that
    // plus one byte (an endless /dev/zero fails on its all-zero header at once).
    f.read_some(bytes, 16);
    const Tensor4 head = parse_tensor_header(bytes, path);
    const std::int64_t expected = 4 * std::min(head.size(), kMaxTensorFloats);
    if (f.read_some(bytes, expected + 1) && static_cast<std::int64_t>(bytes.size()) > 16 + expected)
      throw Error(located(path, "size disagrees with header: header says " + dims_string(head.dims) + " = " +
                                    std::to_string(head.size()) + " floats, the stream holds more"));
    return parse_tensor_bytes(bytes, path);
  }
  return parse_tensor_bytes(f.read_rest(std::move(bytes), kMaxTensorFileBytes), path);
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
  const std::string pair = input_path + " * " + kernel_path;
  checked_tensor_floats({input.dims[0], input.dims[1], input.dims[2], kernel.dims[2]}, pair + ": output");
  try {
    same_conv_geometry(input.dims, kernel.dims).macs();
  } catch (const Error& e) {
    throw Error(pair + ": " + e.what());
  }
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
