#pragma once
// Realistic stand-ins for the exam's ResNet-50 tensors (which are not distributed): an input of
// post-ReLU activations (half-normal, about half exact zeros, as after BatchNorm + ReLU) and
// He-initialized weights ~ N(0, sqrt(2 / (KH*KW*IC))). Deterministic for a seed on every
// platform: the generator is splitmix64 + Box-Muller written out here, not <random>'s
// implementation-defined distributions.
#include <cstdint>
#include <string>

#include "workloads/conv_layer.h"
#include "workloads/tensor_file.h"

namespace eyrie {

struct TensorPair {
  Tensor4 input;   // N,H,W,C
  Tensor4 kernel;  // KH,KW,OC,IC
};

// The layer's N, H, W, C, M, R, S are used (the exam's stride-1 SAME conv); groups must be 1.
// Errors (groups, a tensor too large for a tensor file) are prefixed by `what` (the option or
// layer the shape came from), checked before anything is allocated.
TensorPair generate_tensors(const ConvLayer& layer, std::uint64_t seed, const std::string& what = "");

// Parses "H=56,W=56,C=64,M=64,R=3,S=3[,N=1]" (keys in any order, R/S default 1, N 1).
// Throws eyrie::Error naming `option` and the bad part.
ConvLayer parse_layer_spec(const std::string& spec, const std::string& option);

}  // namespace eyrie
