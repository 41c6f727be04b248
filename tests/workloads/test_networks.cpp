// The bundled networks against the published MAC totals. The exact integers are the sums of
// N*M*P*Q*(C/groups)*R*S over the layers (scripts/network_macs.py prints the per-layer terms);
// each rounds to the figure the literature quotes, given beside it.
#include <gtest/gtest.h>

#include <cctype>

#include "sim/core/error.h"
#include "workloads/network.h"

using namespace eyrie;

namespace {
std::int64_t conv_macs(const Network& n) {
  std::int64_t s = 0;
  for (const auto& l : n.layers)
    if (l.type == LayerType::Conv) s += l.macs();
  return s;
}
}  // namespace

TEST(Networks, LeNet5MatchesTheSeedTable) {
  // Seed 000 quiz: 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520 (C3 fully connected).
  const Network n = load_network("lenet5");
  EXPECT_EQ(n.total_macs(), 416520);
  EXPECT_EQ(n.layers_with_macs(), 5);
  EXPECT_EQ(n.layers[0].macs(), 117600);
}

TEST(Networks, AlexNetGroupedConvIs666M) {
  // Eyeriss / Sze et al. Proc. IEEE 2017 Table III: 666 M conv MACs, 58.6 M FC.
  const Network n = load_network("alexnet");
  EXPECT_EQ(conv_macs(n), 665784864);
  EXPECT_EQ(n.total_macs() - conv_macs(n), 58621952);
}

TEST(Networks, Vgg16ConvIs15_35G) {
  const Network n = load_network("vgg16");
  EXPECT_EQ(conv_macs(n), 15346630656);
  EXPECT_EQ(n.total_macs(), 15470264320);  // seed 000: VGG16 I = 15,470,264,320 / ...
}

TEST(Networks, ResNet50V1Is3_86G) {
  const Network n = load_network("resnet50");
  EXPECT_EQ(conv_macs(n), 3855925248);
  EXPECT_EQ(n.total_macs(), 3857973248);
  EXPECT_EQ(n.layers_with_macs(), 54);  // 49 main-path convs + 4 projections + fc
}

TEST(Networks, ResNet50V1_5MovesTheStrideToThe3x3) {
  // Moving stride 2 from branch2a to branch2b makes res3a/res4a/res5a branch2a run at full
  // resolution: 3 * (102,760,448 - 25,690,112) = 231,211,008 more MACs.
  const Network v1 = load_network("resnet50");
  const Network v15 = load_network("resnet50_v1_5");
  EXPECT_EQ(v15.total_macs(), 4089184256);
  EXPECT_EQ(v15.total_macs() - v1.total_macs(), 231211008);
}

TEST(Networks, MobileNetV1Is568_7M) {
  // Seed 000: MobileNet 568,740,352 (incl. the 1,024,000-MAC classifier).
  const Network n = load_network("mobilenet_v1");
  EXPECT_EQ(n.total_macs(), 568740352);
  int depthwise = 0;
  for (const auto& l : n.layers) depthwise += l.is_depthwise();
  EXPECT_EQ(depthwise, 13);
}

TEST(Networks, BatchScalesEveryLayer) {
  const Network n = with_batch(load_network("lenet5"), 8);
  EXPECT_EQ(n.total_macs(), 8 * 416520);
  EXPECT_THROW(with_batch(n, 0), Error);
}

TEST(Networks, BundledNamesAreListed) {
  const auto names = bundled_networks();
  for (const char* want : {"alexnet", "lenet5", "mobilenet_v1", "resnet50", "resnet50_v1_5", "vgg16"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
}

TEST(Networks, UnknownNameListsTheBundledOnes) {
  try {
    load_network("resnet51");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown network 'resnet51'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("resnet50"), std::string::npos);
  }
}

// Bad network files: each message names the file, line and field.
struct BadNetwork {
  const char* what;
  const char* yaml;
  const char* expected;  // exact message, "<f>" stands for the origin name
};

void PrintTo(const BadNetwork& c, std::ostream* os) { *os << c.what; }

// Readable test names: "unknown key" -> unknown_key.
std::string case_name(const ::testing::TestParamInfo<BadNetwork>& info) {
  std::string n = info.param.what;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

class BadNetworkTest : public ::testing::TestWithParam<BadNetwork> {};

TEST_P(BadNetworkTest, GivesOneLineError) {
  const BadNetwork& c = GetParam();
  try {
    load_network_yaml_text(c.yaml, "<f>");
    FAIL() << c.what << ": no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), c.expected) << c.what;
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Workloads, BadNetworkTest,
    ::testing::Values(
        BadNetwork{"empty network", "network: x\nlayers: []\n", "<f>:2: layers: network has no layers"},
        BadNetwork{"missing layers", "network: x\n", "<f>:1: missing required key 'layers'"},
        BadNetwork{"filter larger than padded input",
                   "network: x\nlayers:\n  - {name: c, C: 3, M: 8, H: 4, W: 4, R: 7, S: 7}\n",
                   "<f>:3: layers[0]: filter 7x7 is larger than the padded input 4x4"},
        BadNetwork{"channels not divisible by groups",
                   "network: x\nlayers:\n  - {name: c, C: 30, M: 32, H: 8, W: 8, R: 3, S: 3, groups: 4}\n",
                   "<f>:3: layers[0]: groups: input channels C=30 not divisible by groups=4"},
        BadNetwork{"unknown layer key",
                   "network: x\nlayers:\n  - {name: c, C: 3, M: 8, H: 8, W: 8, R: 3, S: 3, strid: 2}\n",
                   "<f>:3: layers[0].strid: unknown key (did you mean 'stride'?)"},
        BadNetwork{"negative size",
                   "network: x\nlayers:\n  - {name: c, C: -3, M: 8, H: 8, W: 8, R: 3, S: 3}\n",
                   "<f>:3: layers[0].C: must be a positive integer, got -3"},
        BadNetwork{"unknown layer type",
                   "network: x\nlayers:\n  - {name: c, type: lstm, C: 3}\n",
                   "<f>:3: layers[0].type: must be one of conv | fc | pool | eltwise, got \"lstm\""},
        BadNetwork{"duplicate layer name",
                   "network: x\nlayers:\n  - {name: a, type: fc, C: 3, M: 2}\n  - {name: a, type: fc, C: 2, M: 2}\n",
                   "<f>:4: layers[1].name: duplicate layer name 'a'"},
        BadNetwork{"bad padding word",
                   "network: x\nlayers:\n  - {name: c, C: 3, M: 8, H: 8, W: 8, R: 3, S: 3, pad: full}\n",
                   "<f>:3: layers[0].pad: must be an integer, [h, w], [top, bottom, left, right], same or valid, got \"full\""},
        BadNetwork{"not YAML", "network: [x\n", "<f>:2: invalid YAML: end of sequence flow not found"}),
    case_name);

TEST(Networks, FileErrors) {
  EXPECT_THROW(load_network_yaml("/nonexistent/net.yaml"), Error);
  try {
    load_network_yaml("/tmp");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/tmp: cannot read: is a directory, expected a YAML file");
  }
}

TEST(Networks, ABatchWhoseCountsOverflowIsAnErrorNamingIt) {
  // LeNet-5's C1 input is 1x32x32; 9e18 of them is far past 2^53 words (it made negative MACs).
  try {
    with_batch(load_network("lenet5"), 9000000000000000000LL);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--batch 9000000000000000000: layer C1: input words (N x C x H x W): "
                           "9000000000000000000 x 1 x 32 x 32 exceeds 2^53 (the largest count eyrie keeps exact)");
  }
}
