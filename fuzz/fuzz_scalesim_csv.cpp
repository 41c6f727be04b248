// SCALE-Sim topology CSV files (conv and GEMM forms).
#include "fuzz/fuzz_target.h"
#include "workloads/scalesim_topology.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  eyrie::fuzz::expect_value_or_error([&] {
    const eyrie::Network net = eyrie::parse_scalesim_topology(eyrie::fuzz::text_of(data, size), "fuzz.csv");
    net.total_macs();
  });
  return 0;
}
