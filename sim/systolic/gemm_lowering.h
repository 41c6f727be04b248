#pragma once
// A convolution lowered to the GEMM SCALE-Sim v2 runs on a systolic array (operand_matrix.py):
//   ifmap  operand: E*F rows (output pixels, row-major) x R*S*C columns (the window, ordered
//                   filter row, filter column, channel);
//   filter operand: R*S*C rows x K columns (one per filter);
//   ofmap  operand: E*F rows x K columns.
// E = ceil((H - R + s) / s) with no padding: a window running past the input's bottom or right
// edge reads nothing there (address -1, a "null request"). Addresses are word offsets inside
// each operand (the cfg's base offsets only label trace files, see systolic_arch.h).
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/conv_layer.h"

namespace eyrie::systolic {

struct GemmLayer {
  std::string name;
  std::int64_t H = 1, W = 1, C = 1;  // the input that exists in memory
  std::int64_t R = 1, S = 1, K = 1;  // filter rows, cols, number of filters
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t pad_top = 0, pad_left = 0;  // window positions above/left of the input read nothing
  std::int64_t E = 1, F = 1;               // output rows, cols

  std::int64_t pixels() const { return E * F; }
  std::int64_t window() const { return R * S * C; }
  std::int64_t ifmap_words() const { return H * W * C; }
  std::int64_t filter_words() const { return window() * K; }
  std::int64_t ofmap_words() const { return pixels() * K; }
  std::int64_t macs() const { return pixels() * K * window(); }

  // The ifmap word output pixel `pixel` multiplies at window position `j`, or -1 where the
  // window hangs over the input's edge.
  std::int64_t ifmap_addr(std::int64_t pixel, std::int64_t j) const {
    const std::int64_t y = (pixel / F) * stride_h + j / (S * C) - pad_top;
    const std::int64_t x = (pixel % F) * stride_w + (j % (S * C)) / C - pad_left;
    if (y < 0 || y >= H || x < 0 || x >= W) return -1;
    return (y * W + x) * C + j % C;
  }
  std::int64_t filter_addr(std::int64_t j, std::int64_t k) const { return k * window() + j; }
  std::int64_t ofmap_addr(std::int64_t pixel, std::int64_t k) const { return K * pixel + k; }
};

// ifmap_addr() without a division per word: per output pixel its window's top-left input
// position, per window position its row/col/channel offset (built once per layer).
class IfmapAddressing {
 public:
  explicit IfmapAddressing(const GemmLayer& layer);
  std::int64_t operator()(std::int64_t pixel, std::int64_t j) const {
    const Point& p = pixel_[static_cast<std::size_t>(pixel)];
    const Point& w = window_[static_cast<std::size_t>(j)];
    if (static_cast<std::uint32_t>(p.y + w.y) >= h_ || static_cast<std::uint32_t>(p.x + w.x) >= w_) return -1;
    return p.offset + w.offset;
  }

 private:
  struct Point {
    std::int32_t y, x;    // input row and column (window: relative to its top-left)
    std::int64_t offset;  // word offset of that position (window: plus the channel)
  };
  std::uint32_t h_, w_;
  std::vector<Point> pixel_, window_;
};

// SCALE-Sim's own layer (a topology row): E and F by its ceiling rule.
GemmLayer scalesim_layer(const std::string& name, std::int64_t H, std::int64_t W, std::int64_t R,
                         std::int64_t S, std::int64_t C, std::int64_t K, std::int64_t stride_h,
                         std::int64_t stride_w);

// An eyrie layer: E, F are its P, Q; padded positions read nothing, as SCALE-Sim's overhanging
// windows do (a SCALE-Sim topology imports as bottom/right padding, so it lowers unchanged).
// A grouped layer is `groups` GEMMs of C/groups channels and M/groups filters, each its own
// layer over its own channels (as SCALE-Sim runs its 'DP' rows); `copies` receives how many.
// Batch and dilation have no SCALE-Sim equivalent and are an eyrie::Error naming `where`.
GemmLayer lower_to_gemm(const ConvLayer& layer, const std::string& where, std::int64_t* copies = nullptr);

}  // namespace eyrie::systolic
