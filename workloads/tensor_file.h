#pragma once
// The exam's tensor files: a 16-byte header of four little-endian int32 (input N,H,W,C; kernel
// KH,KW,OC,IC; output N,H,W,OC), then the FP32 values, row-major (the last dimension fastest).
// Readers validate everything a user can get wrong and throw one eyrie::Error line naming the
// file and the numbers; nothing here writes files (the CLI writes serialize_tensor()'s bytes
// through write_file_atomically).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/checked.h"
#include "workloads/conv_layer.h"

namespace eyrie {

// The largest tensor file eyrie reads or writes: 2 GiB, 512 Mi floats (the exam's largest
// ResNet-50 activation at batch 256 is 0.8 GB). Checked before anything is allocated.
inline constexpr std::int64_t kMaxTensorFileBytes = std::int64_t{1} << 31;
inline constexpr std::int64_t kMaxTensorFloats = (kMaxTensorFileBytes - 16) / 4;

struct Tensor4 {
  std::array<std::int32_t, 4> dims{0, 0, 0, 0};
  std::vector<float> values;
  std::int64_t size() const {
    return checked_product({dims[0], dims[1], dims[2], dims[3]}, "tensor floats");
  }
};

// The number of floats in a tensor of `dims`, or eyrie::Error "what: ..." when a dimension is
// not positive or the tensor would not fit in a tensor file (kMaxTensorFileBytes). Readers and
// generators call it before allocating.
std::int64_t checked_tensor_floats(const std::array<std::int64_t, 4>& dims, const std::string& what);

// Reads a tensor file.
Tensor4 read_tensor_file(const std::string& path);
// Parses the bytes of a tensor file; `origin` names it in errors. Every value must be finite:
// a NaN or an infinity is an error naming the first one's index.
Tensor4 parse_tensor_bytes(const std::string& bytes, const std::string& origin);
// The file's bytes for a tensor (header then values), little-endian.
std::string serialize_tensor(const Tensor4& t);

// Checks that an input (N,H,W,C) and a kernel (KH,KW,OC,IC) can be convolved: IC == C, the
// output (N,H,W,OC) fits in a tensor file, the MACs below 2^53.
void check_conv_pair(const Tensor4& input, const std::string& input_path, const Tensor4& kernel,
                     const std::string& kernel_path);

// The exam's convolution of an input N,H,W,C with a kernel KH,KW,OC,IC: stride 1, SAME padding
// (TensorFlow's: the extra row/col at the bottom/right), output N,H,W,OC. Index helpers give the
// row-major positions of the three tensors.
struct ConvGeometry {
  std::int64_t N = 1, H = 1, W = 1, C = 1, M = 1, R = 1, S = 1;
  std::int64_t pad_top = 0, pad_left = 0;
  std::int64_t P() const { return H; }
  std::int64_t Q() const { return W; }
  std::int64_t reduction() const { return R * S * C; }  // products per output
  std::int64_t macs() const { return checked_product({N, H, W, M, R, S, C}, "MACs (N x H x W x OC x KH x KW x C)"); }
  std::int64_t input_index(std::int64_t n, std::int64_t h, std::int64_t w, std::int64_t c) const {
    return ((n * H + h) * W + w) * C + c;
  }
  std::int64_t kernel_index(std::int64_t r, std::int64_t s, std::int64_t m, std::int64_t c) const {
    return ((r * S + s) * M + m) * C + c;
  }
  std::int64_t output_index(std::int64_t n, std::int64_t p, std::int64_t q, std::int64_t m) const {
    return ((n * H + p) * W + q) * M + m;
  }
  std::array<std::int32_t, 4> output_dims() const {
    return {static_cast<std::int32_t>(N), static_cast<std::int32_t>(H), static_cast<std::int32_t>(W),
            static_cast<std::int32_t>(M)};
  }
};
ConvGeometry same_conv_geometry(const std::array<std::int32_t, 4>& input_dims,
                                const std::array<std::int32_t, 4>& kernel_dims);
// The same convolution as a layer of eyrie's model (stride 1, SAME padding), for the mapper.
ConvLayer conv_layer_of(const ConvGeometry& g, const std::string& name = "conv");

// "1x56x56x64"
std::string dims_string(const std::array<std::int32_t, 4>& dims);

}  // namespace eyrie
