#include <iostream>

#include "sim/app/cli.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"
#include "sim/core/error.h"
#include "sim/systolic/systolic_arch.h"

namespace eyrie::cli {

int cmd_validate(int argc, char** argv) {
  return run_guarded("validate", [&] {
    po::options_description opts("validate options");
    std::string arch_path;
    std::vector<std::string> sets;
    opts.add_options()
        ("arch,a", po::value(&arch_path)->required(), "architecture YAML file")
        ("set", po::value(&sets)->composing(), "override a field: --set pe_array.rows=16 (repeatable)");
    po::variables_map vm;
    if (!parse_options(argc, argv, "eyrie validate --arch FILE [--set KEY.PATH=VALUE ...]", opts, vm)) return 0;
    if (systolic::is_scalesim_cfg_path(arch_path)) {  // the systolic template (docs/SYSTOLIC.md)
      if (!sets.empty()) throw Error("--set: does not apply to a SCALE-Sim .cfg (the systolic template)");
      // Loaded before anything is printed: a bad file leaves stdout empty.
      const std::string resolved = systolic::to_cfg(systolic::load_scalesim_cfg(arch_path));
      std::cout << "# " << arch_path << ": valid (systolic template, SCALE-Sim v2)\n" << resolved;
      return 0;
    }
    std::vector<ConfigOverride> overrides;
    for (const auto& s : sets) overrides.push_back(parse_override(s));
    const ArchSpec arch = load_arch(arch_path, overrides);
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
