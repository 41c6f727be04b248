#pragma once
// Timeloop problem files (v0.3/v0.4 `problem:` with `shape` and `instance`), read unchanged:
//   shape: {name, dimensions: [C, M, R, S, N, P, Q], coefficients: [{name: Wstride, default: 1}],
//           data_spaces: [{name: Inputs, projection: [[[N]], [[C]], [[R, Wdilation], [P, Wstride]], ...]}]}
//   instance: {C: 128, M: 256, ..., Wstride: 2}
// A projection lists one entry per tensor axis; an axis is a sum of terms, each a dimension
// times an optional coefficient (named, or a number). Then `to_conv_layer` recognizes the
// convolution in it: every dimension plays one of eyrie's roles N, M, C, P, Q, R, S (Timeloop
// names M "K" in its 1-D tutorials; the role comes from where a dimension appears, not its name).
// A GEMM (no summed axis, data spaces not named Weights/Inputs) is a 1x1 convolution whose first
// listed operand is the inputs: Z[m,n] += A[m,k] * B[n,k] has N = m, C = k, M = n.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/conv_layer.h"

namespace eyrie::tl {

struct TlTerm {
  int dim = 0;                 // index into TlProblem::dims
  std::string coefficient;     // name as written, "" for none
  std::int64_t coefficient_value = 1;
};

struct TlDataSpace {
  std::string name;
  std::vector<std::vector<TlTerm>> projection;  // per tensor axis, a sum of terms
  bool read_write = false;                      // the output (partial sums are read and written)
  std::string where;
};

struct TlProblem {
  std::string file;
  std::string shape_name;
  std::vector<std::string> dims;         // in the file's order
  std::vector<std::int64_t> bounds;      // per dim
  std::vector<TlDataSpace> data_spaces;  // in the file's order
  std::string where;                     // of `problem`, for errors found later
  // timeloopfe's layer shapes may state the unpadded input size and padding of an axis
  // (instance keys H, W, Hpad, Wpad); Timeloop ignores them, eyrie takes them for the
  // ConvLayer's input size and checks them against the output size.
  struct Annotation {
    std::string key;
    std::int64_t value = 0;
    std::string where;
  };
  std::vector<Annotation> annotations;

  int dim_index(const std::string& name) const;         // -1 when absent
  int data_space_index(const std::string& name) const;  // -1 when absent
  std::int64_t operations() const;                      // product of all bounds: the MACs
  // Words of data space `ds` over a box of per-dim extents (each axis: sum over its terms of
  // coefficient * (extent - 1), plus 1), the size Timeloop gives a tile.
  std::int64_t tile_words(int ds, const std::vector<std::int64_t>& extents) const;
};

TlProblem load_tl_problem(const std::string& path);
TlProblem parse_tl_problem_text(const std::string& text, const std::string& origin);

// The convolution a problem describes. role[d] is eyrie's letter for problem dim d
// (N, M, C, P, Q, R, S); weights/inputs/outputs index data_spaces. Shapes that are not a
// convolution (a tensor axis eyrie cannot name, a dimension in no role) are errors naming why.
struct TlConvView {
  ConvLayer layer;
  std::vector<char> role;
  int weights = 0, inputs = 1, outputs = 2;
};
TlConvView to_conv_layer(const TlProblem& problem);

}  // namespace eyrie::tl
