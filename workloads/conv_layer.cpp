#include "workloads/conv_layer.h"

#include <cstdint>

#include "sim/core/checked.h"
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
// Sizes arrive from files before validate() has looked at them: the geometry is computed in 128
// bits, so absurd values give absurd (not undefined) results for validate() to reject.
using wide = __int128;

std::int64_t clamp64(wide v) {
  const wide hi = INT64_MAX, lo = INT64_MIN;
  return static_cast<std::int64_t>(v > hi ? hi : v < lo ? lo : v);
}

std::int64_t out_size(std::int64_t in, std::int64_t pad, std::int64_t filter, std::int64_t stride,
                      std::int64_t dilation) {
  const wide span = wide{dilation} * (wide{filter} - 1) + 1;
  const wide padded = wide{in} + pad;
  if (padded < span || stride <= 0) return 0;
  return clamp64((padded - span) / stride + 1);
}
}  // namespace

std::int64_t ConvLayer::P() const {
  if (type == LayerType::Eltwise) return H;
  return out_size(H, clamp64(wide{pad.top} + pad.bottom), R, stride_h, dilation_h);
}

std::int64_t ConvLayer::Q() const {
  if (type == LayerType::Eltwise) return W;
  return out_size(W, clamp64(wide{pad.left} + pad.right), S, stride_w, dilation_w);
}

std::int64_t ConvLayer::macs() const {
  if (!has_macs()) return 0;
  return checked_product({N, M, P(), Q(), C_per_group(), R, S}, "MACs (N x M x P x Q x C/groups x R x S)");
}

std::int64_t ConvLayer::input_words() const {
  return checked_product({N, C, H, W}, "input words (N x C x H x W)");
}

std::int64_t ConvLayer::weight_words() const {
  if (!has_macs()) return 0;
  return checked_product({M, C_per_group(), R, S}, "weight words (M x C/groups x R x S)");
}

std::int64_t ConvLayer::output_words() const {
  return checked_product({N, has_macs() ? M : C, P(), Q()}, "output words (N x M x P x Q)");
}

Padding same_padding(std::int64_t H, std::int64_t W, std::int64_t R, std::int64_t S,
                     std::int64_t stride_h, std::int64_t stride_w, std::int64_t dilation_h,
                     std::int64_t dilation_w) {
  auto total = [](std::int64_t in, std::int64_t f, std::int64_t s, std::int64_t d) -> std::int64_t {
    if (s <= 0) return 0;  // validate() reports the stride
    const wide out = (wide{in} + s - 1) / s;
    const wide need = (out - 1) * s + wide{d} * (wide{f} - 1) + 1 - in;
    return need > 0 ? clamp64(need) : 0;
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
  auto counts_fit = [&] {
    try {
      l.input_words();
      l.output_words();
      l.weight_words();
      l.macs();
    } catch (const Error& e) {
      fail(e.what());
    }
  };
  positive("N", l.N);
  positive("C", l.C);
  positive("H", l.H);
  positive("W", l.W);
  if (l.type == LayerType::Eltwise) return counts_fit();
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
  // Sizes come from files as int64: the spans and padded sizes are checked like the counts.
  std::int64_t span_h = 0, span_w = 0, padded_h = 0, padded_w = 0;
  try {
    span_h = checked_add(checked_mul(l.dilation_h, l.R - 1, "dilation x (R - 1)"), 1, "filter rows");
    span_w = checked_add(checked_mul(l.dilation_w, l.S - 1, "dilation x (S - 1)"), 1, "filter cols");
    padded_h = checked_add(checked_add(l.H, l.pad.top, "padded H"), l.pad.bottom, "padded H");
    padded_w = checked_add(checked_add(l.W, l.pad.left, "padded W"), l.pad.right, "padded W");
  } catch (const Error& e) {
    fail(e.what());
  }
  if (span_h > padded_h || span_w > padded_w)
    fail("filter " + std::to_string(span_h) + "x" + std::to_string(span_w) +
         " is larger than the padded input " + std::to_string(padded_h) + "x" +
         std::to_string(padded_w));
  counts_fit();
}

}  // namespace eyrie
