#pragma once
// One layer of a network as the 7-D convolution loop nest eyrie maps onto hardware.
// Dimension names follow Timeloop: N batch, M output channels, C input channels, P x Q output
// rows x cols, R x S filter rows x cols; groups are an outer loop, so one group convolves
// C/groups input channels into M/groups output channels. FC is a 1x1 conv over a 1x1 input;
// pool and element-wise layers are listed for completeness and carry no MACs.
#include <cstdint>
#include <string>

namespace eyrie {

enum class LayerType { Conv, FullyConnected, Pool, Eltwise };
const char* to_string(LayerType t);

struct Padding {
  std::int64_t top = 0, bottom = 0, left = 0, right = 0;
};

struct ConvLayer {
  std::string name;
  LayerType type = LayerType::Conv;
  std::int64_t N = 1;  // batch
  std::int64_t C = 1;  // input channels (all groups)
  std::int64_t M = 1;  // output channels (all groups)
  std::int64_t H = 1;  // input rows, before padding
  std::int64_t W = 1;  // input cols, before padding
  std::int64_t R = 1;  // filter rows
  std::int64_t S = 1;  // filter cols
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t dilation_h = 1, dilation_w = 1;
  std::int64_t groups = 1;
  Padding pad;

  std::int64_t P() const;  // output rows
  std::int64_t Q() const;  // output cols
  std::int64_t C_per_group() const { return C / groups; }
  std::int64_t M_per_group() const { return M / groups; }
  bool has_macs() const { return type == LayerType::Conv || type == LayerType::FullyConnected; }
  bool is_depthwise() const { return groups > 1 && groups == C && groups == M; }

  // N * M * P * Q * (C/groups) * R * S for conv and FC, 0 otherwise.
  // Tensor sizes in words: the compulsory traffic of a layer (each tensor moved once).
  // All four are checked products (sim/core/checked.h): a layer whose counts pass 2^53 throws
  // eyrie::Error naming the count; validate() calls them, so a validated layer never throws.
  std::int64_t macs() const;
  std::int64_t input_words() const;
  std::int64_t weight_words() const;
  std::int64_t output_words() const;
};

// SAME padding as TensorFlow computes it (extra row/col at the bottom/right), for stride 1 the
// output keeps the input's size; the exam's convolution uses it.
Padding same_padding(std::int64_t H, std::int64_t W, std::int64_t R, std::int64_t S,
                     std::int64_t stride_h, std::int64_t stride_w,
                     std::int64_t dilation_h = 1, std::int64_t dilation_w = 1);

// Checks that the layer is a convolution that can exist: positive sizes, channels divisible
// by groups, a filter no larger than the padded input, every count (MACs, words) below 2^53.
// Throws eyrie::Error prefixed by `where`.
void validate(const ConvLayer& layer, const std::string& where);

}  // namespace eyrie
