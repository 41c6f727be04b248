// Timeloop problem files and the convolution eyrie recognizes in them.
#include <gtest/gtest.h>

#include "tests/support/error_of.h"
#include "tests/timeloop/tl_test_data.h"
#include "timeloop/tl_problem.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::error_of;
using eyrie::testing::tl_data;

// VGG02 layer 5 (tutorial 06): C 128, M 256, 56 x 56 outputs, 3 x 3 filters, stride 1.
// Inputs: 128 x (56 + 3 - 1)^2 = 430592 words, Timeloop's DRAM "Utilized capacity" for Inputs.
TEST(TlProblem, Vgg02Layer5IsAConvLayer) {
  const TlProblem p = load_tl_problem(tl_data("06/VGG02_layer5.yaml"));
  EXPECT_EQ(p.shape_name, "CNN_Layer");
  EXPECT_EQ(p.dims, (std::vector<std::string>{"C", "M", "R", "S", "N", "P", "Q"}));
  EXPECT_EQ(p.operations(), 924844032);
  const TlConvView v = to_conv_layer(p);
  EXPECT_EQ(v.role, (std::vector<char>{'C', 'M', 'R', 'S', 'N', 'P', 'Q'}));
  EXPECT_EQ(p.data_spaces[v.inputs].name, "Inputs");
  EXPECT_EQ(p.data_spaces[v.weights].name, "Weights");
  EXPECT_EQ(p.data_spaces[v.outputs].name, "Outputs");
  EXPECT_EQ(v.layer.C, 128);
  EXPECT_EQ(v.layer.M, 256);
  EXPECT_EQ(v.layer.H, 58);
  EXPECT_EQ(v.layer.P(), 56);
  EXPECT_EQ(v.layer.Q(), 56);
  EXPECT_EQ(v.layer.macs(), 924844032);
  EXPECT_EQ(p.tile_words(v.inputs, p.bounds), 430592);
  EXPECT_EQ(p.tile_words(v.weights, p.bounds), 294912);
  EXPECT_EQ(p.tile_words(v.outputs, p.bounds), 802816);
}

// The 1-D tutorials: Conv1D (R, P) and Conv1D_OC (K, R, P; K is the output channel).
TEST(TlProblem, Conv1dShapesMapToConvRoles) {
  const TlConvView a = to_conv_layer(load_tl_problem(tl_data("00/conv1d.prob.yaml")));
  EXPECT_EQ(a.role, (std::vector<char>{'R', 'P'}));
  EXPECT_EQ(a.layer.H, 18);  // 16 outputs + 3 taps - 1
  EXPECT_EQ(a.layer.macs(), 48);
  const TlConvView b = to_conv_layer(load_tl_problem(tl_data("04/conv1d+oc+ic.prob.yaml")));
  EXPECT_EQ(b.role, (std::vector<char>{'C', 'M', 'R', 'P'}));
  EXPECT_EQ(b.layer.macs(), 32 * 32 * 3 * 16);
}

// timeloopfe's layer shapes state the unpadded input and its padding (H, W, Hpad, Wpad, named
// after the stride coefficients); eyrie takes them for the ConvLayer and checks them.
TEST(TlProblem, InputSizeAndPaddingAnnotations) {
  const TlConvView v = to_conv_layer(load_tl_problem(tl_data("simba_like/default_problem.yaml")));
  EXPECT_EQ(v.layer.H, 224);  // W, Wpad and Wstride go with the first summed axis (R, P)
  EXPECT_EQ(v.layer.pad.top, 1);
  EXPECT_EQ(v.layer.pad.bottom, 1);
  EXPECT_EQ(v.layer.stride_h, 2);
  EXPECT_EQ(v.layer.P(), 112);  // (224 + 2 - 3) / 2 + 1
  EXPECT_EQ(v.layer.Q(), 112);
}

// A GEMM is a 1x1 convolution; its first operand is the inputs.
TEST(TlProblem, GemmIsAOneByOneConv) {
  const TlConvView v = to_conv_layer(parse_tl_problem_text(R"(problem:
  shape:
    name: gemm
    dimensions: [M, N, K]
    data_spaces:
      - {name: A, projection: [[[M]], [[K]]]}
      - {name: B, projection: [[[N]], [[K]]]}
      - {name: Z, projection: [[[M]], [[N]]], read_write: true}
  instance: {M: 512, N: 256, K: 1024}
)", "g.yaml"));
  EXPECT_EQ(v.role, (std::vector<char>{'N', 'M', 'C'}));
  EXPECT_EQ(v.inputs, 0);
  EXPECT_EQ(v.weights, 1);
  EXPECT_EQ(v.layer.macs(), 512LL * 256 * 1024);
}

const char* kStrided = R"(problem:
  shape:
    name: Strided
    dimensions: [R, P]
    coefficients: [{name: Wstride, default: 1}, {name: Wdilation, default: 1}]
    data_spaces:
      - name: Weights
        projection: [[[R]]]
      - name: Inputs
        projection: [[[R, Wdilation], [Wstride, P]]]
      - name: Outputs
        projection: [[[P]]]
        read_write: true
  instance: {R: 3, P: 10, Wstride: 2, Wdilation: 3}
)";

// Stride and dilation come from the coefficients (instance values over defaults; a coefficient
// may stand before or after its dimension): H = (10-1)*2 + (3-1)*3 + 1 = 25.
TEST(TlProblem, CoefficientsGiveStrideAndDilation) {
  const TlProblem p = parse_tl_problem_text(kStrided, "s.yaml");
  const TlConvView v = to_conv_layer(p);
  EXPECT_EQ(v.layer.stride_h, 2);
  EXPECT_EQ(v.layer.dilation_h, 3);
  EXPECT_EQ(v.layer.H, 25);
  EXPECT_EQ(v.layer.P(), 10);
  EXPECT_EQ(p.tile_words(v.inputs, p.bounds), 25);
  EXPECT_EQ(p.tile_words(v.inputs, {1, 4}), 7);  // 4 outputs of one tap: rows 0, 2, 4, 6
}

std::string problem_error(std::string text) {
  return error_of([&] { to_conv_layer(parse_tl_problem_text(text, "p.yaml")); });
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST(TlProblem, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(problem_error(replaced(kStrided, "R: 3, ", "")), "p.yaml:14: problem.instance: missing the bound of dimension R");
  EXPECT_EQ(problem_error(replaced(kStrided, "P: 10", "P: 0")), "p.yaml:14: problem.instance.P: must be a positive integer, got 0");
  EXPECT_EQ(problem_error(replaced(kStrided, "[Wstride, P]", "[Hstride, P]")),
            "p.yaml:10: problem.shape.data_spaces[1].projection[0][1][0]: \"Hstride\" is neither a dimension nor a coefficient of this shape");
  EXPECT_EQ(problem_error(replaced(kStrided, "Wdilation: 3}", "Wdilation: 3, Q: 2}")),
            "p.yaml:14: problem.instance.Q: unknown key: not a dimension or coefficient of shape Strided");
  EXPECT_EQ(problem_error(replaced(kStrided, "        read_write: true\n", "")),
            "p.yaml:2: problem: eyrie models convolution layers: expected three data spaces, weights, inputs and one read_write output");
  EXPECT_EQ(problem_error(replaced(kStrided, "Wdilation: 3}", "Wdilation: 3, W: 20, Wpad: 1}")),
            "p.yaml:14: problem.instance.W: W 20 with Wpad 1 gives 8 outputs along the axis of Wstride, the problem has 10");
  EXPECT_EQ(problem_error(replaced(kStrided, "Wdilation: 3}", "Wdilation: 3, H: 24}")),
            "p.yaml:14: problem.instance.H: H names no input axis (its stride coefficient is Hstride)");
  // Sizes past 2^53 are errors, not wrapped counts.
  EXPECT_EQ(problem_error(replaced(kStrided, "P: 10", "P: 4000000000000000")),
            "p.yaml:14: problem.instance: the product of the bounds (operations) exceeds 2^53");
  EXPECT_EQ(problem_error(replaced(kStrided, "Wstride: 2", "Wstride: 4000000000000000")),
            "p.yaml:9: problem.shape.data_spaces[1]: a tensor axis exceeds 2^53");
  // A dimension in every data space is a group dimension.
  EXPECT_EQ(problem_error(R"(problem:
  shape:
    dimensions: [G, R, P]
    data_spaces:
      - {name: Weights, projection: [[[G]], [[R]]]}
      - {name: Inputs, projection: [[[G]], [[R], [P]]]}
      - {name: Outputs, projection: [[[G]], [[P]]], read_write: true}
  instance: {G: 2, R: 3, P: 4}
)"),
            "p.yaml:2: problem: eyrie models convolution layers: G indexes every data space (groups): give one group's shape");
}

}  // namespace
}  // namespace eyrie::tl
