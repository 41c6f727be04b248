#include "workloads/conv_layer.h"

#include "sim/core/error.h"

namespace eyrie {

const char* to_string(LayerType t) {
  switch (t) {
    case LayerType::Conv: return "conv";
    case LayerType::FullyConnected: return "fc";
    case LayerType::Pool: return "pool";
    case LayerType::Eltwise: return "eltwise";
  }
  return "?";
}

namespace {
std::int64_t out_size(std::int64_t in, std::int64_t pad, std::int64_t filter, std::int64_t stride,
                      std::int64_t dilation) {
  const std::int64_t span = dilation * (filter - 1) + 1;
  const std::int64_t padded = in + pad;
  if (padded < span || stride <= 0) return 0;
  return (padded - span) / stride + 1;
}
}  // namespace

std::int64_t ConvLayer::P() const {
  if (type == LayerType::Eltwise) return H;
  return out_size(H, pad.top + pad.bottom, R, stride_h, dilation_h);
}

std::int64_t ConvLayer::Q() const {
  if (type == LayerType::Eltwise) return W;
  return out_size(W, pad.left + pad.right, S, stride_w, dilation_w);
}

std::int64_t ConvLayer::macs() const {
  if (!has_macs()) return 0;
  return N * M * P() * Q() * C_per_group() * R * S;
}

Padding same_padding(std::int64_t H, std::int64_t W, std::int64_t R, std::int64_t S,
                     std::int64_t stride_h, std::int64_t stride_w, std::int64_t dilation_h,
                     std::int64_t dilation_w) {
  auto total = [](std::int64_t in, std::int64_t f, std::int64_t s, std::int64_t d) {
    const std::int64_t out = (in + s - 1) / s;
    const std::int64_t need = (out - 1) * s + d * (f - 1) + 1 - in;
    return need > 0 ? need : 0;
  };
  const std::int64_t th = total(H, R, stride_h, dilation_h);
  const std::int64_t tw = total(W, S, stride_w, dilation_w);
  return Padding{th / 2, th - th / 2, tw / 2, tw - tw / 2};
}

void validate(const ConvLayer& l, const std::string& where) {
  auto fail = [&](const std::string& what) { throw Error(located(where, what)); };
  auto positive = [&](const char* name, std::int64_t v) {
    if (v <= 0) fail(std::string(name) + ": must be a positive integer, got " + std::to_string(v));
  };
  positive("N", l.N);
  positive("C", l.C);
  positive("H", l.H);
  positive("W", l.W);
  if (l.type == LayerType::Eltwise) return;
  positive("R", l.R);
  positive("S", l.S);
  positive("stride", l.stride_h);
  positive("stride", l.stride_w);
  positive("dilation", l.dilation_h);
  positive("dilation", l.dilation_w);
  if (l.pad.top < 0 || l.pad.bottom < 0 || l.pad.left < 0 || l.pad.right < 0)
    fail("pad: must be non-negative");
  if (l.has_macs()) {
    positive("M", l.M);
    positive("groups", l.groups);
    if (l.C % l.groups != 0)
      fail("groups: input channels C=" + std::to_string(l.C) + " not divisible by groups=" +
           std::to_string(l.groups));
    if (l.M % l.groups != 0)
      fail("groups: output channels M=" + std::to_string(l.M) + " not divisible by groups=" +
           std::to_string(l.groups));
  }
  const std::int64_t span_h = l.dilation_h * (l.R - 1) + 1;
  const std::int64_t span_w = l.dilation_w * (l.S - 1) + 1;
  const std::int64_t padded_h = l.H + l.pad.top + l.pad.bottom;
  const std::int64_t padded_w = l.W + l.pad.left + l.pad.right;
  if (span_h > padded_h || span_w > padded_w)
    fail("filter " + std::to_string(span_h) + "x" + std::to_string(span_w) +
         " is larger than the padded input " + std::to_string(padded_h) + "x" +
         std::to_string(padded_w));
}

}  // namespace eyrie
