#include "sim/systolic/gemm_lowering.h"

#include "sim/core/error.h"

namespace eyrie::systolic {

IfmapAddressing::IfmapAddressing(const GemmLayer& l)
    : h_(static_cast<std::uint32_t>(l.H)), w_(static_cast<std::uint32_t>(l.W)) {
  for (std::int64_t p = 0; p < l.pixels(); ++p) {
    const std::int64_t y = (p / l.F) * l.stride_h - l.pad_top, x = (p % l.F) * l.stride_w - l.pad_left;
    pixel_.push_back({static_cast<std::int32_t>(y), static_cast<std::int32_t>(x), (y * l.W + x) * l.C});
  }
  for (std::int64_t j = 0; j < l.window(); ++j) {
    const std::int64_t dy = j / (l.S * l.C), dx = (j % (l.S * l.C)) / l.C;
    window_.push_back({static_cast<std::int32_t>(dy), static_cast<std::int32_t>(dx), (dy * l.W + dx) * l.C + j % l.C});
  }
}

GemmLayer scalesim_layer(const std::string& name, std::int64_t H, std::int64_t W, std::int64_t R,
                         std::int64_t S, std::int64_t C, std::int64_t K, std::int64_t stride_h,
                         std::int64_t stride_w) {
  GemmLayer g;
  g.name = name;
  g.H = H, g.W = W, g.C = C, g.R = R, g.S = S, g.K = K;
  g.stride_h = stride_h, g.stride_w = stride_w;
  // ceil((H - R + s) / s) for H >= R, written in integers.
  g.E = (H - R + stride_h + stride_h - 1) / stride_h;
  g.F = (W - S + stride_w + stride_w - 1) / stride_w;
  return g;
}

GemmLayer lower_to_gemm(const ConvLayer& l, const std::string& where, std::int64_t* copies) {
  if (!l.has_macs()) throw Error(located(where, l.name + ": a " + to_string(l.type) + " layer has no GEMM to run on the systolic array"));
  if (l.N != 1) throw Error(located(where, l.name + ": batch " + std::to_string(l.N) + ": the systolic template (SCALE-Sim v2) runs batch 1 only"));
  if (l.dilation_h != 1 || l.dilation_w != 1) throw Error(located(where, l.name + ": dilation: the systolic template (SCALE-Sim v2) has no dilated convolution"));
  if (l.groups != 1 && !copies)
    throw Error(located(where, l.name + ": groups " + std::to_string(l.groups) + ": lower it group by group"));
  if (copies) *copies = l.groups;
  GemmLayer g;
  g.name = l.name;
  g.H = l.H, g.W = l.W, g.C = l.C_per_group(), g.R = l.R, g.S = l.S, g.K = l.M_per_group();
  g.stride_h = l.stride_h, g.stride_w = l.stride_w;
  g.pad_top = l.pad.top, g.pad_left = l.pad.left;
  g.E = l.P(), g.F = l.Q();
  return g;
}

}  // namespace eyrie::systolic
