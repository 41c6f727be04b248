#include <iostream>

#include "sim/app/cli.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"
#include "sim/core/error.h"
#include "sim/systolic/systolic_arch.h"
#include "timeloop/tl_describe.h"

namespace eyrie::cli {

int cmd_validate(int argc, char** argv) {
  return run_guarded("validate", [&] {
    po::options_description opts("validate options");
    std::string arch_path;
    std::vector<std::string> sets;
    std::string network_path, mapping_path, energy_path;  // Timeloop designs only
    opts.add_options()
        ("arch,a", po::value(&arch_path)->required(), "architecture YAML file (eyrie's, or Timeloop's)")
        ("set", po::value(&sets)->composing(), "override a field: --set pe_array.rows=16 (repeatable)")
        ("network,n", po::value(&network_path), "with a Timeloop architecture: its problem file")
        ("mapping,m", po::value(&mapping_path), "with a Timeloop architecture: its mapping file")
        ("energy,e", po::value(&energy_path), "with a Timeloop architecture: Accelergy's ERT.yaml");
    po::variables_map vm;
    if (!parse_options(argc, argv, "eyrie validate --arch FILE [--set KEY.PATH=VALUE ...] | --arch FILE.cfg | --arch TIMELOOP_ARCH [--network PROBLEM --mapping MAP --energy ERT]", opts, vm)) return 0;
    if (systolic::is_scalesim_cfg_path(arch_path)) {  // the systolic template (docs/SYSTOLIC.md)
      if (!sets.empty()) throw Error("--set: does not apply to a SCALE-Sim .cfg (the systolic template)");
      // Loaded before anything is printed: a bad file leaves stdout empty.
      const std::string resolved = systolic::to_cfg(systolic::load_scalesim_cfg(arch_path));
      std::cout << "# " << arch_path << ": valid (systolic template, SCALE-Sim v2)\n" << resolved;
      return 0;
    }
    if (tl::is_timeloop_architecture(arch_path)) {
      if (!sets.empty()) throw Error("--set: overrides apply to eyrie architecture files, " + arch_path + " is Timeloop's");
      std::cout << tl::validate_design(arch_path, network_path, mapping_path, energy_path);
      return 0;
    }
    if (!network_path.empty() || !mapping_path.empty() || !energy_path.empty())
      throw Error("--network, --mapping and --energy are checked with a Timeloop architecture; " + arch_path + " is eyrie's");
    std::vector<ConfigOverride> overrides;
    for (const auto& s : sets) overrides.push_back(parse_override(s));
    const ArchSpec arch = load_arch(arch_path, overrides);
    // The tables are loaded too, so a broken table is reported now rather than mid-run.
    const EnergyTable energy = load_energy_table(arch.energy_table);
    const AreaTable area = load_area_table(arch.area_table);
    std::cout << "# " << arch_path << ": valid\n"
              << "# energy table " << energy.name << " (" << energy.unit << "): " << energy.source << "\n";
    for (StorageLevel entry : {StorageLevel::RegisterFile, StorageLevel::GlobalBuffer, StorageLevel::Dram})
      if (!energy.storage(entry).source.empty())
        std::cout << "#   " << to_string(entry) << ": " << energy.storage(entry).source << "\n";
    std::cout << "# area table " << area.name << " (" << area.unit << "): " << area.source << "\n" << to_yaml(arch);
    return 0;
  });
}

}  // namespace eyrie::cli
