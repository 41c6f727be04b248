#include "pe_array/functional_array.h"

#include <stdexcept>

namespace eyrie {

std::int64_t ArrayRunStats::total_macs() const {
  std::int64_t t = 0;
  for (auto m : macs_per_pe) t += m;
  return t;
}

double ArrayRunStats::utilization() const {
  const double slots = static_cast<double>(cycles) * rows * cols;
  return slots > 0 ? static_cast<double>(total_macs()) / slots : 0.0;
}

FunctionalArray::FunctionalArray(PeArraySpec dims, ArrayLoopOrder order) : m_dims(dims), m_order(order) {
  if (dims.rows < 1 || dims.cols < 1) throw std::invalid_argument("FunctionalArray: rows and cols must be >= 1");
  if (order.rows == order.cols) throw std::invalid_argument("FunctionalArray: rows and cols must map different dimensions");
}

// One pass over the whole layer. Acc is the per-PE accumulator; step(acc, n, h, w, inside, c,
// r, s, m) performs one MAC; drain(acc, out_index) stores a finished output.
template <typename Acc, typename Init, typename Step, typename Drain>
void FunctionalArray::run(const ConvGeometry& g, Init init, Step step, Drain drain) {
  const std::int64_t pixels = g.N * g.H * g.W, channels = g.M;
  const bool pixel_rows = m_order.rows == ArrayLoopOrder::Spatial::OutputPixel;
  const std::int64_t row_extent = pixel_rows ? pixels : channels, col_extent = pixel_rows ? channels : pixels;
  const std::int64_t R = m_dims.rows, Cc = m_dims.cols;
  m_stats = ArrayRunStats{};
  m_stats.rows = m_dims.rows;
  m_stats.cols = m_dims.cols;
  m_stats.macs_per_pe.assign(static_cast<std::size_t>(R * Cc), 0);
  std::vector<Acc> acc(static_cast<std::size_t>(R * Cc));
  // Which PEs hold a real output in this tile, and their (pixel, channel).
  std::vector<std::int64_t> pe_pixel(static_cast<std::size_t>(R * Cc)), pe_channel(pe_pixel.size());
  std::vector<char> active(pe_pixel.size());
  const std::int64_t red = g.reduction();
  for (std::int64_t row0 = 0; row0 < row_extent; row0 += R)
    for (std::int64_t col0 = 0; col0 < col_extent; col0 += Cc) {
      ++m_stats.tiles;
      m_stats.cycles += red;
      for (std::int64_t i = 0; i < R; ++i)
        for (std::int64_t j = 0; j < Cc; ++j) {
          const std::size_t pe = static_cast<std::size_t>(i * Cc + j);
          const std::int64_t a = row0 + i, b = col0 + j;
          active[pe] = a < row_extent && b < col_extent;
          pe_pixel[pe] = pixel_rows ? a : b;
          pe_channel[pe] = pixel_rows ? b : a;
          acc[pe] = init();
        }
      // The reduction steps in lockstep across the array.
      for (std::int64_t k = 0; k < red; ++k) {
        std::int64_t r, s, c;
        if (m_order.reduction == ArrayLoopOrder::Reduction::RSC) {
          r = k / (g.S * g.C), s = (k / g.C) % g.S, c = k % g.C;
        } else {
          c = k / (g.R * g.S), r = (k / g.S) % g.R, s = k % g.S;
        }
        for (std::size_t pe = 0; pe < acc.size(); ++pe) {
          if (!active[pe]) continue;
          const std::int64_t pix = pe_pixel[pe];
          const std::int64_t n = pix / (g.H * g.W), p = (pix / g.W) % g.H, q = pix % g.W;
          const std::int64_t h = p + r - g.pad_top, w = q + s - g.pad_left;
          const bool inside = h >= 0 && h < g.H && w >= 0 && w < g.W;
          acc[pe] = step(acc[pe], inside ? g.input_index(n, h, w, c) : -1, g.kernel_index(r, s, pe_channel[pe], c));
          ++m_stats.macs_per_pe[pe];
        }
      }
      for (std::size_t pe = 0; pe < acc.size(); ++pe) {
        if (!active[pe]) continue;
        const std::int64_t pix = pe_pixel[pe];
        drain(acc[pe], pix * g.M + pe_channel[pe]);  // N,P,Q flattened then M: the output index
      }
    }
}

std::vector<std::int64_t> FunctionalArray::conv_int(const ConvGeometry& g, const std::int32_t* input,
                                                    std::int32_t pad_value, const std::int32_t* kernel,
                                                    const MacUnit& unit) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
  run<std::int64_t>(
      g, [] { return std::int64_t{0}; },
      [&](std::int64_t acc, std::int64_t in_index, std::int64_t k_index) {
        return unit.mac(acc, in_index >= 0 ? input[in_index] : pad_value, kernel[k_index]);
      },
      [&](std::int64_t acc, std::int64_t o) { out[static_cast<std::size_t>(o)] = acc; });
  return out;
}

ArrayTernaryResult FunctionalArray::conv_ternary(const ConvGeometry& g, const std::int32_t* input,
                                                 std::int32_t pad_value, const std::int8_t* codes,
                                                 const TernaryMacUnit& unit) {
  ArrayTernaryResult out;
  out.pos.resize(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
  out.neg.resize(out.pos.size());
  run<TernaryAccumulator>(
      g, [] { return TernaryAccumulator{}; },
      [&](TernaryAccumulator acc, std::int64_t in_index, std::int64_t k_index) {
        return unit.accumulate(acc, in_index >= 0 ? input[in_index] : pad_value,
                               TernaryMacUnit::encode(codes[k_index]));
      },
      [&](const TernaryAccumulator& acc, std::int64_t o) {
        out.pos[static_cast<std::size_t>(o)] = acc.pos;
        out.neg[static_cast<std::size_t>(o)] = acc.neg;
      });
  return out;
}

std::vector<float> FunctionalArray::conv_fp32(const ConvGeometry& g, const float* input, const float* kernel) {
  std::vector<float> out(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
  run<float>(
      g, [] { return 0.0f; },
      [&](float acc, std::int64_t in_index, std::int64_t k_index) {
        return Fp32MacUnit::mac(acc, in_index >= 0 ? input[in_index] : 0.0f, kernel[k_index]);
      },
      [&](float acc, std::int64_t o) { out[static_cast<std::size_t>(o)] = acc; });
  return out;
}

}  // namespace eyrie
