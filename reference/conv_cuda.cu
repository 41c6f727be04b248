// See conv_cuda.h.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "reference/conv_cuda.h"

namespace eyrie::ref {

namespace {

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(e));
}

struct DevGeom {
  long long N, H, W, C, M, R, S, pad_top, pad_left;
};

DevGeom dev(const ConvGeometry& g) { return {g.N, g.H, g.W, g.C, g.M, g.R, g.S, g.pad_top, g.pad_left}; }

// Output index o = ((n*H + p)*W + q)*M + m, one thread each; weights as [r][s][c][M].
__global__ void conv_fp32_kernel(DevGeom g, const float* __restrict__ in, const float* __restrict__ w,
                                 float* __restrict__ out) {
  const long long o = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (o >= g.N * g.H * g.W * g.M) return;
  const long long m = o % g.M, q = (o / g.M) % g.W, p = (o / (g.M * g.W)) % g.H, n = o / (g.M * g.W * g.H);
  float acc = 0.0f;
  for (long long r = 0; r < g.R; ++r)
    for (long long s = 0; s < g.S; ++s) {
      const long long h = p + r - g.pad_top, x = q + s - g.pad_left;
      if (h < 0 || h >= g.H || x < 0 || x >= g.W) continue;
      const float* a = in + ((n * g.H + h) * g.W + x) * g.C;
      const float* k = w + (r * g.S + s) * g.C * g.M + m;
      for (long long c = 0; c < g.C; ++c) acc = __fadd_rn(acc, __fmul_rn(a[c], k[c * g.M]));
    }
  out[o] = acc;
}

__global__ void conv_int8_kernel(DevGeom g, const signed char* __restrict__ in, signed char pad,
                                 const signed char* __restrict__ w, int* __restrict__ out) {
  const long long o = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (o >= g.N * g.H * g.W * g.M) return;
  const long long m = o % g.M, q = (o / g.M) % g.W, p = (o / (g.M * g.W)) % g.H, n = o / (g.M * g.W * g.H);
  unsigned int acc = 0;  // wrapping 32-bit accumulator
  for (long long r = 0; r < g.R; ++r)
    for (long long s = 0; s < g.S; ++s) {
      const long long h = p + r - g.pad_top, x = q + s - g.pad_left;
      const bool inside = h >= 0 && h < g.H && x >= 0 && x < g.W;
      const signed char* a = in + ((n * g.H + (inside ? h : 0)) * g.W + (inside ? x : 0)) * g.C;
      const signed char* k = w + (r * g.S + s) * g.C * g.M + m;
      for (long long c = 0; c < g.C; ++c)
        acc += static_cast<unsigned int>(static_cast<int>(inside ? a[c] : pad) * static_cast<int>(k[c * g.M]));
    }
  out[o] = static_cast<int>(acc);
}

template <typename T>
struct DevBuf {
  T* p = nullptr;
  explicit DevBuf(std::size_t n) { check(cudaMalloc(&p, n * sizeof(T) + 1), "cudaMalloc"); }
  ~DevBuf() { cudaFree(p); }
  DevBuf(const DevBuf&) = delete;
  DevBuf& operator=(const DevBuf&) = delete;
};

template <typename T, typename Src>
std::vector<T> repack_weights(const ConvGeometry& g, const Src* kernel) {
  std::vector<T> w(static_cast<std::size_t>(g.R * g.S * g.C * g.M));
  for (std::int64_t r = 0; r < g.R; ++r)
    for (std::int64_t s = 0; s < g.S; ++s)
      for (std::int64_t m = 0; m < g.M; ++m)
        for (std::int64_t c = 0; c < g.C; ++c)
          w[static_cast<std::size_t>(((r * g.S + s) * g.C + c) * g.M + m)] = static_cast<T>(kernel[g.kernel_index(r, s, m, c)]);
  return w;
}

template <typename Launch>
double timed(Launch launch) {
  cudaEvent_t a, b;
  check(cudaEventCreate(&a), "cudaEventCreate");
  check(cudaEventCreate(&b), "cudaEventCreate");
  check(cudaEventRecord(a), "cudaEventRecord");
  launch();
  check(cudaGetLastError(), "kernel launch");
  check(cudaEventRecord(b), "cudaEventRecord");
  check(cudaEventSynchronize(b), "cudaEventSynchronize");
  float ms = 0;
  check(cudaEventElapsedTime(&ms, a, b), "cudaEventElapsedTime");
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  return ms / 1e3;
}

constexpr int kThreads = 256;

}  // namespace

bool cuda_device_available(std::string* why) {
  // The runtime says "CUDA driver version is insufficient for CUDA runtime version" both when
  // the driver is too old and when there is none at all (a machine without a GPU): tell them
  // apart by asking for the driver's version, 0 when no driver is loaded.
  int count = 0, driver = 0, runtime = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  auto version = [](int v) { return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10); };
  if (e == cudaErrorInsufficientDriver && driver == 0) {
    if (why) *why = "no GPU: no NVIDIA driver is installed or loaded on this machine";
    return false;
  }
  if (e == cudaErrorNoDevice || (e == cudaSuccess && count == 0)) {
    if (why) *why = "no GPU: the NVIDIA driver (CUDA " + version(driver) + ") sees no CUDA device";
    return false;
  }
  if (e == cudaErrorInsufficientDriver) {
    if (why)
      *why = "the NVIDIA driver supports CUDA " + version(driver) + ", older than the CUDA " + version(runtime) +
             " runtime eyrie was built with: update the driver";
    return false;
  }
  if (e != cudaSuccess) {
    if (why) *why = std::string("no usable GPU: cudaGetDeviceCount: ") + cudaGetErrorString(e);
    return false;
  }
  return true;
}

void conv_fp32_cuda(const ConvGeometry& g, const float* input, const float* kernel, float* output,
                    double* kernel_seconds) {
  const std::size_t in_n = static_cast<std::size_t>(g.N * g.H * g.W * g.C), out_n = static_cast<std::size_t>(g.N * g.H * g.W * g.M);
  const std::vector<float> w = repack_weights<float>(g, kernel);
  DevBuf<float> din(in_n), dw(w.size()), dout(out_n);
  check(cudaMemcpy(din.p, input, in_n * sizeof(float), cudaMemcpyHostToDevice), "cudaMemcpy");
  check(cudaMemcpy(dw.p, w.data(), w.size() * sizeof(float), cudaMemcpyHostToDevice), "cudaMemcpy");
  const unsigned blocks = static_cast<unsigned>((out_n + kThreads - 1) / kThreads);
  const double t = timed([&] { conv_fp32_kernel<<<blocks, kThreads>>>(dev(g), din.p, dw.p, dout.p); });
  check(cudaMemcpy(output, dout.p, out_n * sizeof(float), cudaMemcpyDeviceToHost), "cudaMemcpy");
  if (kernel_seconds) *kernel_seconds = t;
}

std::vector<std::int64_t> conv_int8_cuda(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                         const std::int32_t* kernel, double* kernel_seconds) {
  const std::size_t in_n = static_cast<std::size_t>(g.N * g.H * g.W * g.C), out_n = static_cast<std::size_t>(g.N * g.H * g.W * g.M);
  std::vector<signed char> in8(in_n);
  for (std::size_t i = 0; i < in_n; ++i) in8[i] = static_cast<signed char>(input[i]);
  const std::vector<signed char> w = repack_weights<signed char>(g, kernel);
  DevBuf<signed char> din(in_n), dw(w.size());
  DevBuf<int> dout(out_n);
  check(cudaMemcpy(din.p, in8.data(), in_n, cudaMemcpyHostToDevice), "cudaMemcpy");
  check(cudaMemcpy(dw.p, w.data(), w.size(), cudaMemcpyHostToDevice), "cudaMemcpy");
  const unsigned blocks = static_cast<unsigned>((out_n + kThreads - 1) / kThreads);
  const double t = timed([&] {
    conv_int8_kernel<<<blocks, kThreads>>>(dev(g), din.p, static_cast<signed char>(pad_value), dw.p, dout.p);
  });
  std::vector<int> out32(out_n);
  check(cudaMemcpy(out32.data(), dout.p, out_n * sizeof(int), cudaMemcpyDeviceToHost), "cudaMemcpy");
  if (kernel_seconds) *kernel_seconds = t;
  return std::vector<std::int64_t>(out32.begin(), out32.end());
}

}  // namespace eyrie::ref
