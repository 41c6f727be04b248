// The exam's problem 3: AVX2 + FMA kernels with threads. Built with -mavx2 -mfma (this file
// only) and entered only after avx2_available() said yes.
//
// All three kernels are the same register-blocked micro-kernel (the classic 6 x 16 GEMM tile):
// 6 neighbouring output pixels of one row times 16 output channels live in 12 ymm accumulators;
// the reduction runs over r, s, c with one input value (or pair) broadcast and two weight
// vectors loaded per step. The input is copied once into a padded buffer (SAME padding filled
// with the pad value) so the inner loop has no bounds checks, and the kernel is repacked with
// the output channel innermost (rounded up to the tile with zero weights; FP32 in panels of 16
// channels); both copies are part of the convolution time. FP32 1x1 layers read the input in
// place and take their own loop order (run_fp32_1x1). Threads take contiguous ranges of output
// rows (n, p).
//   fp32:  _mm256_fmadd_ps, 8 channels per vector.
//   int8/int16: operands widened to int16, channel pairs interleaved; _mm256_madd_epi16 gives
//          a0*w0 + a1*w1 exactly modulo 2^32 (its one overflow case, (-32768)^2 * 2, wraps to
//          the right residue), accumulated with _mm256_add_epi32: the wrapping 32-bit
//          accumulator, bit-exact with the scalar kernel.
//   int32: _mm256_mul_epi32 (signed 32 x 32 -> 64) and _mm256_add_epi64: the wrapping 64-bit
//          accumulator, 4 channels per vector.
#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "reference/conv_ref.h"

namespace eyrie::ref {

namespace {

constexpr std::int64_t kBlockQ = 6;

std::int64_t round_up(std::int64_t v, std::int64_t m) { return (v + m - 1) / m * m; }

// Offset of output pixel `pix` (row-major p, q) of image n in the padded input, at (r, s) = 0.
template <typename Job>
inline std::int64_t pixel_offset(const Job& j, std::int64_t n, std::int64_t pix) {
  const std::int64_t p = pix / j.g->W, q = pix % j.g->W;
  return ((n * j.Hp + p) * j.Wp + q) * j.Cp;
}

// The padded input: (N, H+R-1, W+S-1, Cp), pad positions = pad, channels >= C = 0.
template <typename T, typename Src>
std::vector<T> pad_input(const ConvGeometry& g, const Src* input, T pad, std::int64_t Cp) {
  const std::int64_t Hp = g.H + g.R - 1, Wp = g.W + g.S - 1;
  std::vector<T> out(static_cast<std::size_t>(g.N * Hp * Wp * Cp), T(0));
  for (std::int64_t n = 0; n < g.N; ++n)
    for (std::int64_t h = 0; h < Hp; ++h)
      for (std::int64_t w = 0; w < Wp; ++w) {
        T* dst = &out[static_cast<std::size_t>(((n * Hp + h) * Wp + w) * Cp)];
        const std::int64_t ih = h - g.pad_top, iw = w - g.pad_left;
        if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) {
          for (std::int64_t c = 0; c < g.C; ++c) dst[c] = pad;
        } else {
          const Src* src = input + g.input_index(n, ih, iw, 0);
          for (std::int64_t c = 0; c < g.C; ++c) dst[c] = static_cast<T>(src[c]);
        }
      }
  return out;
}

// ---------------------------------------------------------------- fp32
struct Fp32Job {
  const ConvGeometry* g;
  const float* in;  // padded
  const float* w;   // [Mp / 16][r][s][c][16]
  float* out;
  std::int64_t Hp, Wp, Mp, Cp;
};


// A tile of QB <= 6 pixels x 16 channels with its accumulators as named variables (GCC does not
// keep an accumulator array indexed by an unrolled loop in registers: it spills them every
// step); pixels >= QB are discarded at compile time.
#define EYRIE_EACH_PIXEL(X) X(0) X(1) X(2) X(3) X(4) X(5)
// Pieces every tile shares; they expect `offs`, `QB`, and for the integer tiles `first`,
// `sp` (an __m256i scratch) in scope. A tile of QB < 6 pixels still names all six offsets and
// accumulators (unused ones are dead and compiled away).
#define EYRIE_TILE_OFFSET(i) const std::int64_t off##i = offs[(i) < QB ? (i) : 0];
#define EYRIE_INT_TILE_LOAD(i)                                                                       \
  [[maybe_unused]] __m256i a##i##0 = first ? _mm256_setzero_si256() : _mm256_load_si256(sp + 2 * (i)); \
  [[maybe_unused]] __m256i a##i##1 = first ? _mm256_setzero_si256() : _mm256_load_si256(sp + 2 * (i) + 1);
#define EYRIE_INT_TILE_SPILL(i)                    \
  if constexpr ((i) < QB) {                        \
    _mm256_store_si256(sp + 2 * (i), a##i##0);     \
    _mm256_store_si256(sp + 2 * (i) + 1, a##i##1); \
  }

// Prefetch: also fetch the next panel's weights (1x1 only, where panels are used in order).
template <int QB, bool Prefetch = false>
void fp32_tile(const Fp32Job& j, std::int64_t n, std::int64_t pix0, std::int64_t m0, std::int64_t rs,
               const std::int64_t* offs, void* scratch, bool first, bool last) {
  const ConvGeometry& g = *j.g;
  float* const sp = static_cast<float*>(scratch);
#define DECL(i)                                                                            \
  [[maybe_unused]] __m256 a##i##0 = first ? _mm256_setzero_ps() : _mm256_load_ps(sp + 16 * (i)); \
  [[maybe_unused]] __m256 a##i##1 = first ? _mm256_setzero_ps() : _mm256_load_ps(sp + 16 * (i) + 8);
  EYRIE_EACH_PIXEL(DECL)
#undef DECL
  EYRIE_EACH_PIXEL(EYRIE_TILE_OFFSET)
  const std::int64_t C = g.C;
  {
    const std::int64_t r = rs / g.S, s = rs % g.S;
      const float* in = j.in + (r * j.Wp + s) * C;
      // This tile's panel of 16 output channels, tap (r, s): C x 16 contiguous floats.
      const float* w = j.w + ((m0 / 16) * g.R * g.S + r * g.S + s) * C * 16;
      // The next panel (m0 + 16) of a 1x1 layer starts right after this one; none after the last.
      const float* next = m0 + 16 < j.Mp ? w + C * 16 : w;
      for (std::int64_t c = 0; c < C; ++c) {
        const __m256 w0 = _mm256_loadu_ps(w + c * 16), w1 = _mm256_loadu_ps(w + c * 16 + 8);
        if constexpr (Prefetch) _mm_prefetch(reinterpret_cast<const char*>(next + c * 16), _MM_HINT_T0);
#define STEP(i)                                                   \
  if constexpr ((i) < QB) {                                                               \
    const __m256 b = _mm256_broadcast_ss(in + off##i + c);       \
    a##i##0 = _mm256_fmadd_ps(b, w0, a##i##0);                    \
    a##i##1 = _mm256_fmadd_ps(b, w1, a##i##1);                    \
  }
        EYRIE_EACH_PIXEL(STEP)
#undef STEP
      }
    }
  if (!last) {
#define SPILL(i)                              \
  if constexpr ((i) < QB) {                   \
    _mm256_store_ps(sp + 16 * (i), a##i##0);  \
    _mm256_store_ps(sp + 16 * (i) + 8, a##i##1); \
  }
    EYRIE_EACH_PIXEL(SPILL)
#undef SPILL
    return;
  }
  const std::int64_t valid = std::min<std::int64_t>(16, g.M - m0);
  alignas(32) float tmp[16];
#define STORE(i)                                                              \
  if constexpr ((i) < QB) {                                                                           \
    float* o = j.out + (n * g.H * g.W + pix0 + (i)) * g.M + m0;                    \
    if (valid == 16) {                                                        \
      _mm256_storeu_ps(o, a##i##0);                                           \
      _mm256_storeu_ps(o + 8, a##i##1);                                       \
    } else {                                                                  \
      _mm256_store_ps(tmp, a##i##0);                                          \
      _mm256_store_ps(tmp + 8, a##i##1);                                      \
      std::memcpy(o, tmp, static_cast<std::size_t>(valid) * sizeof(float));  \
    }                                                                         \
  }
  EYRIE_EACH_PIXEL(STORE)
#undef STORE
}

// ---------------------------------------------------------------- int32-accumulating tiles
// int8/int16 operands into 32-bit accumulators. One broadcast 32-bit group of input channels
// meets 16 output channels' weights per step; the lane policy says how:
//   Int16Pairs: 2 int16 channels, _mm256_madd_epi16 (int8 operands are widened to int16).
struct Int16Pairs {
  using In = std::int16_t;
  using W = std::int16_t;
  static constexpr std::int64_t kLanes = 2;
  static __m256i dot(__m256i b, __m256i w) { return _mm256_madd_epi16(b, w); }
};

//   Int8Quads: 4 channels, u8 x s8, used when every activation (and the pad value) is in
// [0, 127], as symmetric post-ReLU INT8 is: _mm256_maddubs_epi16 multiplies u8 x s8 and adds pairs into int16, exact because
// |a0*w0 + a1*w1| <= 2 * 127 * 128 = 32512 < 32767 (no saturation); _mm256_madd_epi16 with
// ones adds the pairs into int32: 4 channels per step, 32 MACs per instruction pair.
struct Int8Quads {
  using In = std::uint8_t;
  using W = std::int8_t;
  static constexpr std::int64_t kLanes = 4;
  static __m256i dot(__m256i b, __m256i w) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(b, w), _mm256_set1_epi16(1));
  }
};
constexpr std::int64_t kMaddubsMinChannels = 128;

template <class Lanes>
struct IntJob {
  const ConvGeometry* g;
  const typename Lanes::In* in;  // padded, Cp = C rounded up to kLanes
  const typename Lanes::W* w;    // [r][s][c/kLanes][Mp][kLanes]
  std::int64_t* out;
  std::int64_t Hp, Wp, Mp, Cp;
  int acc_bits;
};
using Int16Job = IntJob<Int16Pairs>;
using Int8Job = IntJob<Int8Quads>;

template <class Lanes, int QB>
void int32_tile(const IntJob<Lanes>& j, std::int64_t n, std::int64_t pix0, std::int64_t m0, std::int64_t rs,
                const std::int64_t* offs, void* scratch, bool first, bool last) {
  const ConvGeometry& g = *j.g;
  __m256i* const sp = static_cast<__m256i*>(scratch);
  EYRIE_EACH_PIXEL(EYRIE_INT_TILE_LOAD)
  EYRIE_EACH_PIXEL(EYRIE_TILE_OFFSET)
  constexpr std::int64_t L = Lanes::kLanes;
  const std::int64_t groups = j.Cp / L, Cp = j.Cp;
  {
    const std::int64_t r = rs / g.S, s = rs % g.S;
      const typename Lanes::In* in = j.in + (r * j.Wp + s) * Cp;
      const typename Lanes::W* w = j.w + ((r * g.S + s) * groups * j.Mp + m0) * L;
      for (std::int64_t cg = 0; cg < groups; ++cg) {
        // 16 output channels x L input channels of weights: two 32-byte vectors.
        const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + cg * j.Mp * L));
        const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + cg * j.Mp * L + 8 * L));
#define STEP(i)                                                        \
  if constexpr ((i) < QB) {                                                                    \
    std::int32_t group;                                                \
    std::memcpy(&group, in + off##i + L * cg, 4);                      \
    const __m256i b = _mm256_set1_epi32(group);                        \
    a##i##0 = _mm256_add_epi32(a##i##0, Lanes::dot(b, w0));            \
    a##i##1 = _mm256_add_epi32(a##i##1, Lanes::dot(b, w1));            \
  }
        EYRIE_EACH_PIXEL(STEP)
#undef STEP
      }
    }
  if (!last) {
    EYRIE_EACH_PIXEL(EYRIE_INT_TILE_SPILL)
    return;
  }
  const std::int64_t valid = std::min<std::int64_t>(16, g.M - m0);
  alignas(32) std::int32_t tmp[16];
#define STORE(i)                                                                           \
  if constexpr ((i) < QB) {                                                                                        \
    std::int64_t* o = j.out + (n * g.H * g.W + pix0 + (i)) * g.M + m0;                     \
    if (valid == 16 && j.acc_bits == 32) { /* sign-extend to the int64 output */            \
      __m256i* ov = reinterpret_cast<__m256i*>(o);                                          \
      _mm256_storeu_si256(ov, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(a##i##0)));      \
      _mm256_storeu_si256(ov + 1, _mm256_cvtepi32_epi64(_mm256_extracti128_si256(a##i##0, 1))); \
      _mm256_storeu_si256(ov + 2, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(a##i##1)));  \
      _mm256_storeu_si256(ov + 3, _mm256_cvtepi32_epi64(_mm256_extracti128_si256(a##i##1, 1))); \
    } else {                                                                                \
      _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), a##i##0);                         \
      _mm256_store_si256(reinterpret_cast<__m256i*>(tmp + 8), a##i##1);                     \
      for (std::int64_t k = 0; k < valid; ++k) o[k] = wrap_to_bits(tmp[k], j.acc_bits);     \
    }                                                                                       \
  }
  EYRIE_EACH_PIXEL(STORE)
#undef STORE
}

// ---------------------------------------------------------------- int32 (64-bit accumulator)
struct Int32Job {
  const ConvGeometry* g;
  const std::int32_t* in;  // padded
  const std::int64_t* w;   // [r][s][c][Mp], sign-extended
  std::int64_t* out;
  std::int64_t Hp, Wp, Mp, Cp;
  int acc_bits;
};


template <int QB>
void int32_tile(const Int32Job& j, std::int64_t n, std::int64_t pix0, std::int64_t m0, std::int64_t rs,
               const std::int64_t* offs, void* scratch, bool first, bool last) {
  const ConvGeometry& g = *j.g;
  __m256i* const sp = static_cast<__m256i*>(scratch);
  EYRIE_EACH_PIXEL(EYRIE_INT_TILE_LOAD)
  EYRIE_EACH_PIXEL(EYRIE_TILE_OFFSET)
  const std::int64_t C = g.C;
  {
    const std::int64_t r = rs / g.S, s = rs % g.S;
      const std::int32_t* in = j.in + (r * j.Wp + s) * C;
      const std::int64_t* w = j.w + (r * g.S + s) * C * j.Mp + m0;
      for (std::int64_t c = 0; c < C; ++c) {
        const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + c * j.Mp));
        const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + c * j.Mp + 4));
#define STEP(i)                                                       \
  if constexpr ((i) < QB) {                                                                   \
    const __m256i b = _mm256_set1_epi64x(in[off##i + c]);            \
    a##i##0 = _mm256_add_epi64(a##i##0, _mm256_mul_epi32(b, w0));     \
    a##i##1 = _mm256_add_epi64(a##i##1, _mm256_mul_epi32(b, w1));     \
  }
        EYRIE_EACH_PIXEL(STEP)
#undef STEP
      }
    }
  if (!last) {
    EYRIE_EACH_PIXEL(EYRIE_INT_TILE_SPILL)
    return;
  }
  const std::int64_t valid = std::min<std::int64_t>(8, g.M - m0);
  alignas(32) std::int64_t tmp[8];
#define STORE(i)                                                                           \
  if constexpr ((i) < QB) {                                                                                        \
    _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), a##i##0);                          \
    _mm256_store_si256(reinterpret_cast<__m256i*>(tmp + 4), a##i##1);                      \
    std::int64_t* o = j.out + (n * g.H * g.W + pix0 + (i)) * g.M + m0;                          \
    for (std::int64_t k = 0; k < valid; ++k) o[k] = wrap_to_bits(tmp[k], j.acc_bits);      \
  }
  EYRIE_EACH_PIXEL(STORE)
#undef STORE
}

// Work items are chunks of up to kChunkTiles tiles of 6 consecutive output pixels of one image
// (pixels run across row ends, so only an image's last tile is short). Within a chunk the loops
// are: output channel tile, then filter tap (r, s), then the chunk's tiles, each running the
// channel reduction c of that tap; a tile's accumulators wait in a small scratch (L1) between
// taps. So the C x 16 weights of one tap stay in L1 while every tile of the chunk uses them,
// and each output's sum still runs in the order r, s, c.
constexpr std::int64_t kChunkTiles = 8;

template <typename Job, std::int64_t MTile, void (*T1)(const Job&, std::int64_t, std::int64_t, std::int64_t, std::int64_t, const std::int64_t*, void*, bool, bool),
          void (*T2)(const Job&, std::int64_t, std::int64_t, std::int64_t, std::int64_t, const std::int64_t*, void*, bool, bool),
          void (*T3)(const Job&, std::int64_t, std::int64_t, std::int64_t, std::int64_t, const std::int64_t*, void*, bool, bool),
          void (*T4)(const Job&, std::int64_t, std::int64_t, std::int64_t, std::int64_t, const std::int64_t*, void*, bool, bool),
          void (*T5)(const Job&, std::int64_t, std::int64_t, std::int64_t, std::int64_t, const std::int64_t*, void*, bool, bool),
          void (*T6)(const Job&, std::int64_t, std::int64_t, std::int64_t, std::int64_t, const std::int64_t*, void*, bool, bool)>
void run_chunks(void* ctx, std::int64_t begin, std::int64_t end) {
  const Job& j = *static_cast<const Job*>(ctx);
  const ConvGeometry& g = *j.g;
  const std::int64_t pixels = g.H * g.W, chunk_pixels = kBlockQ * kChunkTiles;
  const std::int64_t chunks_per_image = (pixels + chunk_pixels - 1) / chunk_pixels;
  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t n = item / chunks_per_image, first = (item % chunks_per_image) * chunk_pixels;
    const std::int64_t last = std::min(pixels, first + chunk_pixels);
    alignas(32) unsigned char scratch[kChunkTiles][12 * 32];
    std::int64_t offs[kChunkTiles * kBlockQ];  // each pixel's offset in the padded input
    for (std::int64_t pix = first; pix < last; ++pix) offs[pix - first] = pixel_offset(j, n, pix);
    for (std::int64_t m0 = 0; m0 < g.M; m0 += MTile)
      for (std::int64_t rs = 0; rs < g.R * g.S; ++rs) {
        const bool first_rs = rs == 0, last_rs = rs == g.R * g.S - 1;
        std::int64_t pix0 = first, t = 0;
        for (; pix0 + kBlockQ <= last; pix0 += kBlockQ, ++t) T6(j, n, pix0, m0, rs, offs + t * kBlockQ, scratch[t], first_rs, last_rs);
        switch (last - pix0) {
          case 1: T1(j, n, pix0, m0, rs, offs + t * kBlockQ, scratch[t], first_rs, last_rs); break;
          case 2: T2(j, n, pix0, m0, rs, offs + t * kBlockQ, scratch[t], first_rs, last_rs); break;
          case 3: T3(j, n, pix0, m0, rs, offs + t * kBlockQ, scratch[t], first_rs, last_rs); break;
          case 4: T4(j, n, pix0, m0, rs, offs + t * kBlockQ, scratch[t], first_rs, last_rs); break;
          case 5: T5(j, n, pix0, m0, rs, offs + t * kBlockQ, scratch[t], first_rs, last_rs); break;
          default: break;
        }
      }
  }
}

// FP32 1x1 (R = S = 1): a GEMM (pixels x C) * (C x M) with a short reduction (C = 64 in
// conv2_x), so writing each tile's 96 outputs costs about as much as its 64 FMA steps unless
// the writes are cheap. In run_chunks' order (output channel panel outer, tiles inner) each
// 64-byte store goes to a different output row, 1 KB apart, and misses on its own. Here each
// 6-pixel tile runs over all the output channel panels in turn instead: its 6 output rows are
// written front to back (streams the hardware prefetcher follows), its 6 x C inputs stay in
// L1, and the packed weights ([M/16][C][16], contiguous) are read as one sequential stream
// from L2, with the next panel prefetched while the current one is used. Measured on Zen 3
// (conv2_x 1x1, one thread), with the panel packing below and this prefetch: 59 -> 71 GOP/s,
// 0.69x -> 0.83x oneDNN (0.84-0.86x in other runs). Blocking the panels in groups that fit L1,
// or running several tiles per panel, measured no better.
void run_fp32_1x1(void* ctx, std::int64_t begin, std::int64_t end) {
  const Fp32Job& j = *static_cast<const Fp32Job*>(ctx);
  const ConvGeometry& g = *j.g;
  const std::int64_t pixels = g.H * g.W, chunk_pixels = kBlockQ * kChunkTiles;
  const std::int64_t chunks_per_image = (pixels + chunk_pixels - 1) / chunk_pixels;
  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t n = item / chunks_per_image, first = (item % chunks_per_image) * chunk_pixels;
    const std::int64_t last = std::min(pixels, first + chunk_pixels);
    std::int64_t offs[kBlockQ];
    for (std::int64_t pix0 = first; pix0 < last; pix0 += kBlockQ) {
      const std::int64_t q = std::min(kBlockQ, last - pix0);
      for (std::int64_t i = 0; i < q; ++i) offs[i] = pixel_offset(j, n, pix0 + i);
      for (std::int64_t m0 = 0; m0 < g.M; m0 += 16) {
        switch (q) {
          case 6: fp32_tile<6, true>(j, n, pix0, m0, 0, offs, nullptr, true, true); break;
          case 5: fp32_tile<5, true>(j, n, pix0, m0, 0, offs, nullptr, true, true); break;
          case 4: fp32_tile<4, true>(j, n, pix0, m0, 0, offs, nullptr, true, true); break;
          case 3: fp32_tile<3, true>(j, n, pix0, m0, 0, offs, nullptr, true, true); break;
          case 2: fp32_tile<2, true>(j, n, pix0, m0, 0, offs, nullptr, true, true); break;
          default: fp32_tile<1, true>(j, n, pix0, m0, 0, offs, nullptr, true, true); break;
        }
      }
    }
  }
}

template <typename Job>
std::int64_t work_items(const Job& j) {
  const std::int64_t chunk_pixels = kBlockQ * kChunkTiles;
  return j.g->N * ((j.g->H * j.g->W + chunk_pixels - 1) / chunk_pixels);
}

void check_wrap(const IntFormat& fmt) {
  if (fmt.overflow != Overflow::Wrap)
    throw std::invalid_argument("AVX2 integer kernels implement the wrapping accumulator only");
}

}  // namespace

bool avx2_available() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// FP32 weights in panels of 16 output channels, [M/16][r][s][c][16]: a tile's C x 16 weights
// of one tap are contiguous. (Rows of the whole Mp, as the integer paths keep, put them 4 * Mp
// bytes apart: 1 KB at M = 256, which maps them all onto 4 of L1's 64 sets and evicts them
// while they are in use; conv4_x 3x3 measured 67 -> 79 GOP/s with panels.)
PackedKernel pack_fp32_avx2(const ConvGeometry& g, const float* kernel) {
  PackedKernel pk;
  pk.g = g;
  pk.fp32 = true;
  pk.Mp = round_up(g.M, 16);
  pk.Cp = g.C;
  pk.wf.assign(static_cast<std::size_t>(g.R * g.S * g.C * pk.Mp), 0.0f);
  for (std::int64_t r = 0; r < g.R; ++r)
    for (std::int64_t s = 0; s < g.S; ++s)
      for (std::int64_t m = 0; m < g.M; ++m)
        for (std::int64_t c = 0; c < g.C; ++c)
          pk.wf[static_cast<std::size_t>((((m / 16) * g.R * g.S + r * g.S + s) * g.C + c) * 16 + m % 16)] =
              kernel[g.kernel_index(r, s, m, c)];
  return pk;
}

PackedKernel pack_int_avx2(const ConvGeometry& g, const std::int32_t* kernel, const IntFormat& fmt) {
  check_wrap(fmt);
  PackedKernel pk;
  pk.g = g;
  pk.fmt = fmt;
  if (fmt.operand_bits <= 16) {
    if (fmt.accumulator_bits > 32) throw std::invalid_argument("AVX2 int8/int16 kernels accumulate in <= 32 bits");
    pk.Mp = round_up(g.M, 16);
    pk.Cp = round_up(g.C, 2);
    const std::int64_t pairs = pk.Cp / 2;
    if (fmt.operand_bits <= 8) {
      pk.Cp4 = round_up(g.C, 4);
      const std::int64_t quads = pk.Cp4 / 4;
      pk.w8.assign(static_cast<std::size_t>(g.R * g.S * quads * pk.Mp * 4), 0);
      for (std::int64_t r = 0; r < g.R; ++r)
        for (std::int64_t s = 0; s < g.S; ++s)
          for (std::int64_t m = 0; m < g.M; ++m)
            for (std::int64_t c = 0; c < g.C; ++c)
              pk.w8[static_cast<std::size_t>((((r * g.S + s) * quads + c / 4) * pk.Mp + m) * 4 + c % 4)] =
                  static_cast<std::int8_t>(kernel[g.kernel_index(r, s, m, c)]);
    }
    pk.w16.assign(static_cast<std::size_t>(g.R * g.S * pairs * pk.Mp * 2), 0);
    for (std::int64_t r = 0; r < g.R; ++r)
      for (std::int64_t s = 0; s < g.S; ++s)
        for (std::int64_t m = 0; m < g.M; ++m)
          for (std::int64_t c = 0; c < g.C; ++c)
            pk.w16[static_cast<std::size_t>((((r * g.S + s) * pairs + c / 2) * pk.Mp + m) * 2 + c % 2)] =
                static_cast<std::int16_t>(kernel[g.kernel_index(r, s, m, c)]);
    return pk;
  }
  pk.Mp = round_up(g.M, 8);
  pk.Cp = g.C;
  pk.w64.assign(static_cast<std::size_t>(g.R * g.S * g.C * pk.Mp), 0);
  for (std::int64_t r = 0; r < g.R; ++r)
    for (std::int64_t s = 0; s < g.S; ++s)
      for (std::int64_t m = 0; m < g.M; ++m)
        for (std::int64_t c = 0; c < g.C; ++c)
          pk.w64[static_cast<std::size_t>(((r * g.S + s) * g.C + c) * pk.Mp + m)] = kernel[g.kernel_index(r, s, m, c)];
  return pk;
}

void conv_fp32_avx2_packed(const PackedKernel& pk, const float* input, float* output, int threads) {
  const ConvGeometry& g = pk.g;
  Fp32Job j{&g, nullptr, pk.wf.data(), output, g.H + g.R - 1, g.W + g.S - 1, pk.Mp, g.C};
  std::vector<float> padded;
  if (g.R == 1 && g.S == 1) {
    j.in = input;  // 1x1: nothing to pad
  } else {
    padded = pad_input<float>(g, input, 0.0f, g.C);
    j.in = padded.data();
  }
  if (g.R == 1 && g.S == 1) {
    parallel_for(work_items(j), threads, run_fp32_1x1, &j);
    return;
  }
  parallel_for(work_items(j), threads,
               run_chunks<Fp32Job, 16, fp32_tile<1>, fp32_tile<2>, fp32_tile<3>, fp32_tile<4>, fp32_tile<5>, fp32_tile<6>>,
               &j);
}

std::vector<std::int64_t> conv_int_avx2_packed(const PackedKernel& pk, const std::int32_t* input,
                                               std::int32_t pad_value, int threads) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(pk.g.N * pk.g.H * pk.g.W * pk.g.M));
  conv_int_avx2_packed(pk, input, pad_value, out.data(), threads);
  return out;
}

void conv_int_avx2_packed(const PackedKernel& pk, const std::int32_t* input, std::int32_t pad_value,
                          std::int64_t* out, int threads) {
  const ConvGeometry& g = pk.g;
  // The u8 path pays a scan of the input and a madd by ones per step; measured on Zen 3 it wins
  // from about C = 128 (conv4_x: 1.4x the int16 path) and loses on short reductions (1x1, C = 64).
  if (!pk.w8.empty() && g.C >= kMaddubsMinChannels && pad_value >= 0 && pad_value <= 127) {
    const std::size_t n_in = static_cast<std::size_t>(g.N * g.H * g.W * g.C);
    bool unsigned7 = true;
    for (std::size_t i = 0; i < n_in && unsigned7; ++i) unsigned7 = input[i] >= 0 && input[i] <= 127;
    if (unsigned7) {
      Int8Job j{&g, nullptr, pk.w8.data(), out, g.H + g.R - 1, g.W + g.S - 1, pk.Mp, pk.Cp4, pk.fmt.accumulator_bits};
      const std::vector<std::uint8_t> in = pad_input<std::uint8_t>(g, input, static_cast<std::uint8_t>(pad_value), j.Cp);
      j.in = in.data();
      parallel_for(work_items(j), threads,
                   run_chunks<Int8Job, 16, int32_tile<Int8Quads, 1>, int32_tile<Int8Quads, 2>, int32_tile<Int8Quads, 3>,
                              int32_tile<Int8Quads, 4>, int32_tile<Int8Quads, 5>, int32_tile<Int8Quads, 6>>,
                   &j);
      return;
    }
  }
  if (!pk.w16.empty()) {
    Int16Job j{&g, nullptr, pk.w16.data(), out, g.H + g.R - 1, g.W + g.S - 1, pk.Mp, pk.Cp,
               pk.fmt.accumulator_bits};
    const std::vector<std::int16_t> in = pad_input<std::int16_t>(g, input, static_cast<std::int16_t>(pad_value), j.Cp);
    j.in = in.data();
    parallel_for(work_items(j), threads,
                 run_chunks<Int16Job, 16, int32_tile<Int16Pairs, 1>, int32_tile<Int16Pairs, 2>, int32_tile<Int16Pairs, 3>,
                          int32_tile<Int16Pairs, 4>, int32_tile<Int16Pairs, 5>, int32_tile<Int16Pairs, 6>>,
                 &j);
    return;
  }
  Int32Job j{&g, nullptr, pk.w64.data(), out, g.H + g.R - 1, g.W + g.S - 1, pk.Mp, g.C, pk.fmt.accumulator_bits};
  const std::vector<std::int32_t> in = pad_input<std::int32_t>(g, input, pad_value, g.C);
  j.in = in.data();
  parallel_for(work_items(j), threads,
               run_chunks<Int32Job, 8, int32_tile<1>, int32_tile<2>, int32_tile<3>, int32_tile<4>, int32_tile<5>,
                        int32_tile<6>>,
               &j);
}

void conv_fp32_avx2(const ConvGeometry& g, const float* input, const float* kernel, float* output, int threads) {
  conv_fp32_avx2_packed(pack_fp32_avx2(g, kernel), input, output, threads);
}

std::vector<std::int64_t> conv_int_avx2(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                        const std::int32_t* kernel, const IntFormat& fmt, int threads) {
  return conv_int_avx2_packed(pack_int_avx2(g, kernel, fmt), input, pad_value, threads);
}

TernaryAccumulators conv_ternary_avx2(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                      const std::int8_t* codes, const IntFormat& fmt, int threads) {
  // The two sums as two 0/1-weight convolutions on the int16 path: pos under +1, neg under -1.
  const std::size_t k = static_cast<std::size_t>(g.R * g.S * g.M * g.C);
  std::vector<std::int32_t> plus(k), minus(k);
  for (std::size_t i = 0; i < k; ++i) {
    plus[i] = codes[i] > 0;
    minus[i] = codes[i] < 0;
  }
  IntFormat f = fmt;
  f.operand_bits = std::min(f.operand_bits, 16);
  TernaryAccumulators out;
  out.pos = conv_int_avx2(g, input, pad_value, plus.data(), f, threads);
  out.neg = conv_int_avx2(g, input, pad_value, minus.data(), f, threads);
  return out;
}

}  // namespace eyrie::ref
