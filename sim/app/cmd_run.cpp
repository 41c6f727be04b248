#include <iostream>
#include <optional>

#include "memory/mapping_file.h"
#include "sim/app/cli.h"
#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "sim/report/run_report.h"
#include "sim/timing/network_timing.h"
#include "timeloop/lower/tl_lower.h"
#include "timeloop/tl_describe.h"

namespace eyrie::cli {

int cmd_run(int argc, char** argv) {
  return run_guarded("run", [&] {
    po::options_description opts("run options");
    std::string arch_path, network, dataflow, mapping, objective, format, out_dir, engine, trace, energy;
    std::vector<std::string> sets;
    std::int64_t batch = 1;
    opts.add_options()
        ("arch,a", po::value(&arch_path)->required(), "architecture YAML")
        ("network,n", po::value(&network)->required(), "bundled network name or a .yaml / SCALE-Sim .csv file")
        ("dataflow,d", po::value(&dataflow), "ws | os | is | rs | nlr (default: the arch's, else rs)")
        ("mapping,m", po::value(&mapping), "explicit mapping file (YAML) used for every layer instead of a search")
        ("batch", po::value(&batch)->default_value(1), "batch size N")
        ("objective", po::value(&objective)->default_value("edp"), "energy | cycles | edp")
        ("format,f", po::value(&format)->default_value("table"), "table | csv | json")
        ("out,o", po::value(&out_dir), "also write layers.csv, summary.json and mappings/<layer>.yaml here")
        ("engine", po::value(&engine)->default_value("analytic"),
         "analytic | systemc: systemc also plays the chosen mappings out in the cycle-approximate SystemC model")
        ("trace", po::value(&trace), "with --engine systemc: write a VCD waveform to this file")
        ("set", po::value(&sets)->composing(), "override an arch field: --set pe_array.rows=16 (repeatable)")
        ("energy,e", po::value(&energy), "with a Timeloop architecture (and its problem and mapping): Accelergy's ERT.yaml");
    po::variables_map vm;
    if (!parse_options(argc, argv,
                       "eyrie run --arch FILE --network NAME|FILE [--dataflow ws|os|is|rs|nlr] [--mapping FILE] "
                       "[--batch N] [--objective energy|cycles|edp] [--format table|csv|json] [--out DIR] "
                       "[--engine analytic|systemc] [--trace FILE.vcd] [--set KEY.PATH=VALUE ...]",
                       opts, vm))
      return 0;
    const Format fmt = parse_format(format);
    if (engine != "analytic" && engine != "systemc")
      throw Error("--engine: must be analytic or systemc, got \"" + engine + "\"");
    if (!trace.empty() && engine != "systemc") throw Error("--trace: needs --engine systemc");
    std::vector<ConfigOverride> overrides;
    for (const auto& s : sets) overrides.push_back(parse_override(s));
    // A Timeloop design (docs/TIMELOOP.md) runs from its own files, lowered into eyrie's form.
    std::optional<tl::TlDesign> design;
    if (tl::is_timeloop_architecture(arch_path)) {
      if (!sets.empty() || !dataflow.empty() || batch != 1)
        throw Error("--set, --dataflow and --batch apply to eyrie architectures; " + arch_path + " is a Timeloop design");
      design = tl::load_design(arch_path, network, mapping, energy);
    } else if (!energy.empty()) {
      throw Error("--energy: an ERT prices a Timeloop architecture; " + arch_path + " is eyrie's (its energy table is named inside)");
    }
    const ArchSpec arch = design ? design->lowered.arch : load_arch(arch_path, overrides);
    RunOptions o;
    o.objective = objective_named(objective);
    o.dataflow = !dataflow.empty() ? dataflow : !arch.dataflow.empty() ? arch.dataflow : "rs";
    dataflow_named(o.dataflow);  // reject a bad name before any work
    if (design) {
      o.mapping = design->lowered.mapping;
      o.mapping_file = mapping;
    } else if (!mapping.empty()) {
      o.mapping = load_mapping(mapping, level_names(arch));
      o.mapping_file = mapping;
    }
    const Network net = design ? design->network : with_batch(load_network(network), batch);
    const AnalyticEngine model(arch, design ? design->lowered.table : load_energy_table(arch.energy_table));
    NetworkResult r = run_network(net, model, o);
    if (engine == "systemc") time_network(r, arch, trace);
    if (!out_dir.empty()) {
      write_file_atomically(out_dir + "/layers.csv", run_layers_csv(r));
      write_file_atomically(out_dir + "/summary.json", run_json(r).dump(2) + "\n");
      for (const auto& l : r.layers) {
        std::string file = l.name;  // a layer name from a user's file may hold path characters
        for (char& c : file)
          if (c == '/' || c == '\\' || c == ' ') c = '_';
        write_file_atomically(out_dir + "/mappings/" + file + ".yaml", to_yaml(l.mapping, arch));
      }
    }
    std::cout << run_report(r, fmt);
    return 0;
  });
}

}  // namespace eyrie::cli
