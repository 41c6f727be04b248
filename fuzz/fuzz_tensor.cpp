// Tensor files (the exam's format): header, size, values; a parsed pair is checked for a
// convolution with itself as the kernel and, when small, convolved.
#include "fuzz/fuzz_target.h"
#include "reference/conv_ref.h"
#include "workloads/tensor_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  eyrie::fuzz::expect_value_or_error([&] {
    const eyrie::Tensor4 t = eyrie::parse_tensor_bytes(eyrie::fuzz::text_of(data, size), "fuzz.bin");
    eyrie::Tensor4 k;  // a 1x1 kernel over t's channels
    k.dims = {1, 1, 2, t.dims[3]};
    k.values.assign(static_cast<std::size_t>(k.size()), 0.5f);
    eyrie::check_conv_pair(t, "fuzz.bin", k, "k.bin");
    const eyrie::ConvGeometry g = eyrie::same_conv_geometry(t.dims, k.dims);
    if (g.macs() > 100000) return;
    std::vector<float> out(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
    eyrie::ref::conv_fp32_scalar(g, t.values.data(), k.values.data(), out.data());
  });
  return 0;
}
