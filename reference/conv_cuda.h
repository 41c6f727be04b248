#pragma once
// The exam's problem 4: the convolution on a CUDA GPU, hand-written kernels (no cuBLAS/cuDNN).
// Built only when CMake finds nvcc (EYRIE_HAVE_CUDA is then defined for users of
// eyrie_reference_cuda); every entry point needs cuda_device_available() first.
//   fp32: one thread per output, fl(acc + fl(a*w)) with __fmul_rn / __fadd_rn (never fused) in
//         the order r, s, c: bit for bit the scalar FP32 kernel.
//   int8: int8 operands, products summed in a wrapping 32-bit accumulator (IntFormat of int8):
//         bit for bit the scalar and AVX2 integer kernels.
// Threads of a block take consecutive output channels, so weight reads (repacked with the
// channel innermost) are coalesced and the input value is a broadcast.
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/tensor_file.h"

namespace eyrie::ref {

// True when a CUDA device can be used; otherwise `why` says what is missing.
bool cuda_device_available(std::string* why);
// Kernel time in seconds (device events, excluding transfers) through `kernel_seconds` when given.
void conv_fp32_cuda(const ConvGeometry& g, const float* input, const float* kernel, float* output,
                    double* kernel_seconds = nullptr);
std::vector<std::int64_t> conv_int8_cuda(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                         const std::int32_t* kernel, double* kernel_seconds = nullptr);

}  // namespace eyrie::ref
