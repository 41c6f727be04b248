#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "sim/core/checked.h"
#include "sim/core/error.h"
#include "workloads/conv_layer.h"

using namespace eyrie;

namespace {
ConvLayer conv(std::int64_t C, std::int64_t M, std::int64_t H, std::int64_t R, std::int64_t stride = 1,
               std::int64_t pad = 0, std::int64_t groups = 1) {
  ConvLayer l;
  l.name = "l";
  l.C = C, l.M = M, l.H = l.W = H, l.R = l.S = R, l.stride_h = l.stride_w = stride, l.groups = groups;
  l.pad = Padding{pad, pad, pad, pad};
  return l;
}
}  // namespace

TEST(ConvLayer, OutputSizeAndMacsOfResNetConv1) {
  // 224x224x3, 7x7 s2 p3 -> 112x112x64: (224 + 6 - 7) / 2 + 1 = 112.
  const ConvLayer l = conv(3, 64, 224, 7, 2, 3);
  EXPECT_EQ(l.P(), 112);
  EXPECT_EQ(l.Q(), 112);
  EXPECT_EQ(l.macs(), 64LL * 112 * 112 * 3 * 7 * 7);  // 118,013,952
}

TEST(ConvLayer, DepthwiseCountsOneInputChannelPerGroup) {
  const ConvLayer l = conv(32, 32, 112, 3, 1, 1, 32);
  EXPECT_TRUE(l.is_depthwise());
  EXPECT_EQ(l.P(), 112);
  EXPECT_EQ(l.macs(), 32LL * 112 * 112 * 1 * 9);  // 3,612,672
  EXPECT_EQ(l.weight_words(), 32 * 9);
}

TEST(ConvLayer, GroupedConvOfAlexNetConv2) {
  // 27x27x96, 5x5 pad 2, 256 filters in 2 groups: 256 * 27*27 * 48 * 25 = 223,948,800.
  const ConvLayer l = conv(96, 256, 27, 5, 1, 2, 2);
  EXPECT_EQ(l.P(), 27);
  EXPECT_EQ(l.macs(), 223948800);
}

TEST(ConvLayer, FullyConnectedIsOneByOneConv) {
  ConvLayer fc;
  fc.type = LayerType::FullyConnected;
  fc.C = 4096;
  fc.M = 1000;
  EXPECT_EQ(fc.P(), 1);
  EXPECT_EQ(fc.macs(), 4096000);
}

TEST(ConvLayer, BatchMultipliesMacs) {
  ConvLayer l = conv(16, 8, 10, 3);
  const auto one = l.macs();
  l.N = 4;
  EXPECT_EQ(l.macs(), 4 * one);
}

TEST(ConvLayer, PoolAndEltwiseCarryNoMacs) {
  ConvLayer pool = conv(64, 64, 112, 3, 2, 1);
  pool.type = LayerType::Pool;
  EXPECT_EQ(pool.P(), 56);
  EXPECT_EQ(pool.macs(), 0);
  ConvLayer add = conv(256, 256, 56, 1);
  add.type = LayerType::Eltwise;
  EXPECT_EQ(add.P(), 56);
  EXPECT_EQ(add.macs(), 0);
}

TEST(ConvLayer, SamePaddingKeepsSizeAtStrideOne) {
  const Padding p = same_padding(56, 56, 3, 3, 1, 1);
  EXPECT_EQ(p.top, 1);
  EXPECT_EQ(p.bottom, 1);
  // Even filter: TensorFlow puts the extra row at the bottom.
  const Padding q = same_padding(8, 8, 4, 4, 1, 1);
  EXPECT_EQ(q.top, 1);
  EXPECT_EQ(q.bottom, 2);
  // Stride 2 on 224 with a 3x3: out 112, need (112-1)*2+3-224 = 1 -> 0 top, 1 bottom.
  const Padding r = same_padding(224, 224, 3, 3, 2, 2);
  EXPECT_EQ(r.top, 0);
  EXPECT_EQ(r.bottom, 1);
}

TEST(ConvLayer, DilationWidensTheFilter) {
  ConvLayer l = conv(8, 8, 16, 3);
  l.dilation_h = l.dilation_w = 2;  // span 5
  EXPECT_EQ(l.P(), 12);
}

TEST(ConvLayer, ValidateRejectsImpossibleLayers) {
  EXPECT_THROW(validate(conv(3, 8, 4, 7), "x"), Error);            // filter larger than input
  EXPECT_THROW(validate(conv(30, 32, 8, 3, 1, 0, 4), "x"), Error); // C not divisible by groups
  EXPECT_THROW(validate(conv(32, 30, 8, 3, 1, 0, 4), "x"), Error); // M not divisible by groups
  EXPECT_THROW(validate(conv(0, 8, 8, 3), "x"), Error);            // zero channels
  EXPECT_NO_THROW(validate(conv(3, 8, 4, 5, 1, 1), "x"));          // fits once padded
  try {
    validate(conv(3, 8, 4, 7), "net.yaml:3: layers[0]");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "net.yaml:3: layers[0]: filter 7x7 is larger than the padded input 4x4");
  }
}

namespace {
std::string validate_error(const ConvLayer& l) {
  try {
    validate(l, "net.yaml:3: layers[0]");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(ConvLayer, CountsPast2To53AreErrorsNamingTheCount) {
  // C = M = H = W = 1e6, 1x1: the input alone is 10^18 words > 2^53 = 9,007,199,254,740,992
  // (and the MACs, 10^24, wrapped to 4.8e17 before).
  EXPECT_EQ(validate_error(conv(1000000, 1000000, 1000000, 1)),
            "net.yaml:3: layers[0]: input words (N x C x H x W): 1 x 1000000 x 1000000 x 1000000 exceeds 2^53 "
            "(the largest count eyrie keeps exact)");
  // Tensors that fit, MACs that do not: 2^20 x 2^20 channels on 2^7 x 2^7 pixels, 1x1:
  // input 2^34 words, weights 2^40, output 2^34, MACs 2^54.
  ConvLayer l = conv(1 << 20, 1 << 20, 1 << 7, 1);
  EXPECT_EQ(validate_error(l),
            "net.yaml:3: layers[0]: MACs (N x M x P x Q x C/groups x R x S): 1 x 1048576 x 128 x 128 x 1048576 x 1 x 1 "
            "exceeds 2^53 (the largest count eyrie keeps exact)");
  l.H = l.W = 1 << 6;  // MACs 2^52: fits
  EXPECT_EQ(validate_error(l), "no error");
  EXPECT_EQ(l.macs(), std::int64_t{1} << 52);
  // A batch that overflows is caught by the same products.
  l.N = 3;
  EXPECT_EQ(validate_error(l).find("net.yaml:3: layers[0]: MACs (N x M x P x Q x C/groups x R x S): 3 x "), 0u);
}

TEST(ConvLayer, AbsurdGeometryIsRejectedNotWrapped) {
  // Padding and dilation near 2^63 used to overflow before any check (undefined behaviour).
  ConvLayer l = conv(1, 1, 4, 3);
  l.pad = Padding{INT64_MAX, INT64_MAX, 0, 0};
  EXPECT_EQ(validate_error(l).find("net.yaml:3: layers[0]: padded H: "), 0u) << validate_error(l);
  ConvLayer d = conv(1, 1, 4, 3);
  d.dilation_h = INT64_MAX / 2;
  EXPECT_EQ(validate_error(d).find("net.yaml:3: layers[0]: dilation x (R - 1): "), 0u) << validate_error(d);
  // SAME padding of an absurd stride or size stays defined: no padding needed for stride >= size.
  EXPECT_EQ(same_padding(INT64_MAX, 4, 1, 1, INT64_MAX, 1).bottom, 0);
}

TEST(CheckedArithmetic, ProductsSumsAndDoublesStopAt2To53) {
  EXPECT_EQ(checked_mul(std::int64_t{1} << 26, std::int64_t{1} << 27, "words"), std::int64_t{1} << 53);
  EXPECT_THROW(checked_mul((std::int64_t{1} << 26) + 1, std::int64_t{1} << 27, "words"), Error);
  EXPECT_THROW(checked_mul(INT64_MAX, 2, "words"), Error);  // wraps in 64 bits, caught
  EXPECT_EQ(checked_add(kMaxCount - 1, 1, "total"), kMaxCount);
  EXPECT_THROW(checked_add(kMaxCount, 1, "total"), Error);
  try {
    checked_product({1000, 1000, 1000, 1000, 1000, 1000}, "MACs");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "MACs: 1000 x 1000 x 1000 x 1000 x 1000 x 1000 exceeds 2^53 (the largest count eyrie keeps exact)");
  }
  // Cycles from a division round up; NaN, negative and 1e300 are errors, not casts.
  EXPECT_EQ(checked_count(10.0, "cycles"), 10);
  EXPECT_EQ(checked_count(10.25, "cycles"), 11);
  try {
    checked_count(1e300, "cycles");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "cycles: 1e+300 is not a count below 2^53 (the largest eyrie keeps exact)");
  }
  EXPECT_THROW(checked_count(-1.0, "cycles"), Error);
  EXPECT_THROW(checked_count(std::nan(""), "cycles"), Error);
}
