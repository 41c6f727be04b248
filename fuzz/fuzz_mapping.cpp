// Mapping files (eyrie's and Timeloop's forms): parsed, then checked against and evaluated on
// one small layer of the bundled Eyeriss architecture, so the counter sees whatever the parser
// lets through.
#include "fuzz/fuzz_target.h"
#include "memory/mapping_file.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"
#include "sim/core/data_paths.h"
#include "sim/model/network_run.h"

namespace {
const eyrie::AnalyticEngine& engine() {
  static const eyrie::ArchSpec arch = eyrie::load_arch(eyrie::data_dir() + "/configs/eyeriss.yaml");
  static const eyrie::AnalyticEngine model(arch, eyrie::load_energy_table(arch.energy_table));
  return model;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  eyrie::fuzz::expect_value_or_error([&] {
    eyrie::RunOptions o;
    o.mapping = eyrie::parse_mapping_text(eyrie::fuzz::text_of(data, size), "fuzz.yaml");
    o.mapping_file = "fuzz.yaml";
    // LeNet-5's C1 as a one-layer network: 1 -> 6 channels, 32x32, 5x5.
    const eyrie::Network net = eyrie::load_network_yaml_text(
        "network: one\nlayers:\n  - {name: c1, C: 1, M: 6, H: 32, W: 32, R: 5, S: 5}\n", "one.yaml");
    eyrie::run_network(net, engine(), o);
  });
  return 0;
}
