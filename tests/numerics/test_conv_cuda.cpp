// The CUDA kernels (exam problem 4) against the scalar reference, bit for bit. Skipped, with the
// reason, where the build has no CUDA or the machine no device.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "reference/conv_ref.h"
#ifdef EYRIE_HAVE_CUDA
#include "reference/conv_cuda.h"
#endif

using namespace eyrie;

TEST(ConvCuda, MatchesScalarBitForBit) {
#ifndef EYRIE_HAVE_CUDA
  GTEST_SKIP() << "built without CUDA: CMake found no usable nvcc";
#else
  std::string why;
  if (!ref::cuda_device_available(&why)) GTEST_SKIP() << "no CUDA device: " << why;
  // Odd sizes: 3x3 SAME on 7x9 with C = 5, M = 19.
  const ConvGeometry g = same_conv_geometry({2, 7, 9, 5}, {3, 3, 19, 5});
  std::mt19937 rng(3);
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::uniform_int_distribution<int> q(-128, 127);
  const std::size_t in_n = 2 * 7 * 9 * 5, k_n = 3 * 3 * 19 * 5, out_n = 2 * 7 * 9 * 19;
  std::vector<float> fin(in_n), fk(k_n), want(out_n), got(out_n);
  std::vector<std::int32_t> iin(in_n), ik(k_n);
  for (auto& v : fin) v = d(rng);
  for (auto& v : fk) v = d(rng);
  for (auto& v : iin) v = q(rng);
  for (auto& v : ik) v = q(rng);
  ref::conv_fp32_scalar(g, fin.data(), fk.data(), want.data());
  ref::conv_fp32_cuda(g, fin.data(), fk.data(), got.data());
  EXPECT_EQ(std::memcmp(want.data(), got.data(), out_n * sizeof(float)), 0);
  EXPECT_EQ(ref::conv_int8_cuda(g, iin.data(), -7, ik.data()),
            ref::conv_int_scalar(g, iin.data(), -7, ik.data(), default_int_format(Precision::Int8)));
#endif
}
