// Network YAML files: every layer read and validated, totals counted at two batch sizes.
#include "fuzz/fuzz_target.h"
#include "workloads/network.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  eyrie::fuzz::expect_value_or_error([&] {
    const eyrie::Network net = eyrie::load_network_yaml_text(eyrie::fuzz::text_of(data, size), "fuzz.yaml");
    net.total_macs();
    for (const auto& l : net.layers) static_cast<void>(l.input_words() + l.weight_words() + l.output_words());
    eyrie::with_batch(net, 1024).total_macs();
  });
  return 0;
}
