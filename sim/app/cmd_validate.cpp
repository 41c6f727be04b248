#include <iostream>

#include "sim/app/cli.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

namespace eyrie::cli {

int cmd_validate(int argc, char** argv) {
  return run_guarded("validate", [&] {
    po::options_description opts("validate options");
    std::string arch_path;
    opts.add_options()("arch,a", po::value(&arch_path)->required(), "architecture YAML file");
    po::variables_map vm;
    if (!parse_options(argc, argv, "eyrie validate --arch FILE", opts, vm)) return 0;
    const ArchSpec arch = load_arch(arch_path);
    // The tables are loaded too, so a broken table is reported now rather than mid-run.
    const EnergyTable energy = load_energy_table(arch.energy_table);
    const AreaTable area = load_area_table(arch.area_table);
    std::cout << "# " << arch_path << ": valid\n"
              << "# energy table " << energy.name << " (" << energy.unit << "): " << energy.source << "\n"
              << "# area table " << area.name << " (" << area.unit << "): " << area.source << "\n"
              << to_yaml(arch);
    return 0;
  });
}

}  // namespace eyrie::cli
