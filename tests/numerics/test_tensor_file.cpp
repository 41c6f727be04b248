// The exam's tensor format: round trip, byte layout, and every bad file.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>

#include "sim/core/error.h"
#include "workloads/tensor_file.h"
#include "workloads/tensor_gen.h"

using namespace eyrie;

namespace {
std::string header(std::int32_t a, std::int32_t b, std::int32_t c, std::int32_t d) {
  std::string s(16, '\0');
  const std::int32_t v[4] = {a, b, c, d};
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 4; ++k) s[4 * i + k] = static_cast<char>((static_cast<std::uint32_t>(v[i]) >> (8 * k)) & 0xff);
  return s;
}

std::string error_of(const std::string& bytes) {
  try {
    parse_tensor_bytes(bytes, "t.bin");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(TensorFile, RoundTripAndLittleEndianLayout) {
  Tensor4 t;
  t.dims = {1, 2, 1, 3};
  t.values = {1.0f, -2.5f, 0.0f, 3.25f, -0.0f, 1e-30f};
  const std::string bytes = serialize_tensor(t);
  ASSERT_EQ(bytes.size(), 16u + 6 * 4);
  // Header int32 1 = 01 00 00 00; the first value 1.0f = 0x3F800000 -> 00 00 80 3F.
  EXPECT_EQ(bytes.substr(0, 4), std::string("\x01\x00\x00\x00", 4));
  EXPECT_EQ(bytes.substr(16, 4), std::string("\x00\x00\x80\x3f", 4));
  const Tensor4 back = parse_tensor_bytes(bytes, "x");
  EXPECT_EQ(back.dims, t.dims);
  ASSERT_EQ(back.values.size(), t.values.size());
  EXPECT_EQ(std::memcmp(back.values.data(), t.values.data(), 24), 0);  // bit for bit, -0.0 included
}

TEST(TensorFile, EveryBadFileIsOneLineNamingTheNumbers) {
  EXPECT_EQ(error_of("abc"), "t.bin: truncated: 3 bytes, the header alone needs 16 (four int32)");
  // 1x2x2x1 = 4 floats, 3 present.
  EXPECT_EQ(error_of(header(1, 2, 2, 1) + std::string(12, '\0')),
            "t.bin: truncated: header says 1x2x2x1 = 4 floats, file holds 3 floats");
  EXPECT_EQ(error_of(header(1, 2, 2, 1) + std::string(20, '\0')),
            "t.bin: size disagrees with header: header says 1x2x2x1 = 4 floats, file holds 5 floats");
  EXPECT_EQ(error_of(header(1, 2, 2, 1) + std::string(14, '\0')),
            "t.bin: truncated: header says 1x2x2x1 = 4 floats, file holds 14 bytes (not a whole number of floats)");
  EXPECT_EQ(error_of(header(1, 0, 2, 1)),
            "t.bin: header dimension 1 is 0 (header 1x0x2x1): every dimension must be positive");
  EXPECT_EQ(error_of(header(1, 2, -3, 1)),
            "t.bin: header dimension 2 is -3 (header 1x2x-3x1): every dimension must be positive");
  // 2^30 * 4 floats would overflow 32 bits; the 64-bit count is reported.
  EXPECT_EQ(error_of(header(1024, 1024, 1024, 4)),
            "t.bin: truncated: header says 1024x1024x1024x4 = 4294967296 floats, file holds 0 floats");
}

TEST(TensorFile, ChannelMismatchNamesBothFiles) {
  Tensor4 in, k;
  in.dims = {1, 4, 4, 3};
  k.dims = {3, 3, 8, 5};
  try {
    check_conv_pair(in, "in.bin", k, "k.bin");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "k.bin: kernel IC = 5 (kernel 3x3x8x5) but input C = 3 (in.bin 1x4x4x3)");
  }
  k.dims[3] = 3;
  EXPECT_NO_THROW(check_conv_pair(in, "in.bin", k, "k.bin"));
}

TEST(TensorFile, SameGeometryPadsLikeTensorFlow) {
  // 3x3: one row/col each side; 2x2: none on top/left, one at the bottom/right; 1x1 none.
  const ConvGeometry g3 = same_conv_geometry({1, 5, 7, 3}, {3, 3, 4, 3});
  EXPECT_EQ(g3.pad_top, 1);
  EXPECT_EQ(g3.pad_left, 1);
  EXPECT_EQ(g3.macs(), 1 * 5 * 7 * 4 * 3 * 3 * 3);
  const ConvGeometry g2 = same_conv_geometry({1, 5, 7, 3}, {2, 4, 4, 3});
  EXPECT_EQ(g2.pad_top, 0);
  EXPECT_EQ(g2.pad_left, 1);  // (4 - 1) / 2 = 1 left, 2 right
}

TEST(TensorGen, DeterministicRealisticAndParsed) {
  const ConvLayer l = parse_layer_spec("H=8,W=9,C=16,M=4,R=3,S=3", "--layer");
  EXPECT_EQ(l.N, 1);
  EXPECT_EQ(l.W, 9);
  const TensorPair a = generate_tensors(l, 7), b = generate_tensors(l, 7), c = generate_tensors(l, 8);
  EXPECT_EQ(serialize_tensor(a.input), serialize_tensor(b.input));
  EXPECT_EQ(serialize_tensor(a.kernel), serialize_tensor(b.kernel));
  EXPECT_NE(serialize_tensor(a.input), serialize_tensor(c.input));
  EXPECT_EQ(a.input.dims, (std::array<std::int32_t, 4>{1, 8, 9, 16}));
  EXPECT_EQ(a.kernel.dims, (std::array<std::int32_t, 4>{3, 3, 4, 16}));
  // Post-ReLU: no negatives, a good share of exact zeros (P(N(-0.1,1) <= 0) = 0.54).
  std::size_t zeros = 0;
  for (float v : a.input.values) {
    EXPECT_GE(v, 0.0f);
    zeros += v == 0.0f;
  }
  EXPECT_GT(zeros, a.input.values.size() * 4 / 10);
  EXPECT_LT(zeros, a.input.values.size() * 7 / 10);
  EXPECT_THROW(parse_layer_spec("H=8,W=9,C=16", "--layer"), Error);
  EXPECT_THROW(parse_layer_spec("H=8,W=9,C=16,M=0", "--layer"), Error);
  EXPECT_THROW(parse_layer_spec("H=8,W=9,C=16,M=4,K=3", "--layer"), Error);
}

TEST(TensorFile, HeaderProductsAreCheckedNotWrapped) {
  // 65536^4 = 2^64 wrapped to 0 in 64 bits and "matched" an empty payload; eyrie conv then
  // convolved a tensor it had never allocated.
  EXPECT_EQ(error_of(header(65536, 65536, 65536, 65536)),
            "t.bin: truncated: header says 65536x65536x65536x65536 = more than 2^53 floats, file holds 0 floats");
  EXPECT_EQ(error_of(header(2147483647, 2147483647, 2, 1) + std::string(8, '\0')),
            "t.bin: truncated: header says 2147483647x2147483647x2x1 = more than 2^53 floats, file holds 2 floats");
}

TEST(TensorFile, NaNAndInfinityNameTheFirstIndex) {
  Tensor4 t;
  t.dims = {1, 2, 2, 3};
  t.values.assign(12, 1.0f);
  t.values[7] = std::numeric_limits<float>::infinity();  // [0, 1, 0, 1]: 7 = (1 * 2 + 0) * 3 + 1
  t.values[9] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(error_of(serialize_tensor(t)), "t.bin: infinity at value 7 (index [0,1,0,1] of 1x2x2x3): tensor values must be finite");
  t.values[7] = 0.0f;
  EXPECT_EQ(error_of(serialize_tensor(t)), "t.bin: NaN at value 9 (index [0,1,1,0] of 1x2x2x3): tensor values must be finite");
}

TEST(TensorFile, FilesAreReadWithASizeBound) {
  // A device is read header first, then no more than the header promises: /dev/zero fails at
  // once on its header instead of filling memory.
  try {
    read_tensor_file("/dev/zero");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/dev/zero: header dimension 0 is 0 (header 0x0x0x0): every dimension must be positive");
  }
  // A regular file past the limit is refused from its size, before reading (sparse here).
  const std::string big = "/tmp/eyrie_big_" + std::to_string(::getpid()) + ".bin";
  {
    std::ofstream out(big);
    out.seekp(std::int64_t{1} << 31);
    out << "x";
  }
  try {
    read_tensor_file(big);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what(), big + ": too large for a tensor file: 2147483649 bytes, the limit is 2 GiB");
  }
  std::remove(big.c_str());
}

TEST(TensorFile, ConvPairOutputAndMacsMustFit) {
  // Input 1x2^14x2^14x1 (2^28 floats, 1 GiB) and kernel 1x1x4x1: the output 1x2^14x2^14x4 holds
  // 2^30 floats, 4 GiB, more than a tensor file may hold.
  Tensor4 in, k;
  in.dims = {1, 1 << 14, 1 << 14, 1};
  k.dims = {1, 1, 4, 1};
  try {
    check_conv_pair(in, "in.bin", k, "k.bin");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "in.bin * k.bin: output: tensor 1x16384x16384x4 = 1073741824 floats = 4294967296 bytes, "
                           "more than a tensor file may hold (2 GiB)");
  }
  // Small tensors, too many MACs: 2^13 x 2^13 pixels, a 2^13 x 2^13 kernel, 1 channel: 2^52
  // MACs fit; 2 output channels with 2 input channels is 2^54.
  in.dims = {1, 1 << 13, 1 << 13, 2};
  k.dims = {1 << 13, 1 << 13, 2, 2};
  try {
    check_conv_pair(in, "in.bin", k, "k.bin");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("in.bin * k.bin: MACs (N x H x W x OC x KH x KW x C): ", 0), 0u) << e.what();
  }
}

TEST(TensorGen, ShapesTooLargeAreRefusedBeforeAllocating) {
  const ConvLayer l = parse_layer_spec("H=100000,W=100000,C=64,M=2", "--layer");
  try {
    generate_tensors(l, 1, "--layer H=100000,W=100000,C=64,M=2");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--layer H=100000,W=100000,C=64,M=2: input N,H,W,C: tensor 1x100000x100000x64 = "
                           "640000000000 floats = 2560000000000 bytes, more than a tensor file may hold (2 GiB)");
  }
}
