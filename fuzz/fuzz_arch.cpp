// Architecture files: parse, validate, resolve the energy and area tables they name.
#include "fuzz/fuzz_target.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  eyrie::fuzz::expect_value_or_error([&] {
    const eyrie::ArchSpec arch = eyrie::parse_arch_text(eyrie::fuzz::text_of(data, size), "fuzz.yaml");
    eyrie::load_energy_table(arch.energy_table);
    eyrie::load_area_table(arch.area_table);
    eyrie::to_yaml(arch);
  });
  return 0;
}
