#include <filesystem>
#include <iostream>
#include <optional>

#include "memory/mapping_file.h"
#include "sim/app/cli.h"
#include "sim/app/systolic_run.h"
#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "sim/report/output_files.h"
#include "sim/report/provenance.h"
#include "sim/report/run_report.h"
#include "sim/systolic/systolic_arch.h"
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
        ("arch,a", po::value(&arch_path)->required(), "architecture YAML, or a SCALE-Sim .cfg (the systolic template)")
        ("network,n", po::value(&network), "bundled network name or a .yaml / SCALE-Sim .csv file (a .cfg may name its own)")
        ("dataflow,d", po::value(&dataflow), "ws | os | is | rs | nlr (default: the arch's, else rs)")
        ("mapping,m", po::value(&mapping), "explicit mapping instead of a search: a file (YAML) used for every layer, or a directory of per-layer files as --out writes them")
        ("batch", po::value(&batch)->default_value(1), "batch size N")
        ("objective", po::value(&objective)->default_value("edp"), "energy | cycles | edp")
        ("format,f", po::value(&format)->default_value("table"), "table | csv | json")
        ("out,o", po::value(&out_dir), "also write layers.csv, summary.json and mappings/<layer>.yaml here")
        ("engine", po::value(&engine)->default_value("analytic"),
         "analytic | systemc: systemc also plays the chosen mappings out in the cycle-approximate SystemC model")
        ("trace", po::value(&trace), "with --engine systemc: write a VCD waveform to this file")
        ("sram-traces", "with a SCALE-Sim .cfg and --out: also write its per-layer SRAM traces")
        ("set", po::value(&sets)->composing(), "override an arch field: --set pe_array.rows=16 (repeatable)")
        ("energy,e", po::value(&energy), "with a Timeloop architecture (and its problem and mapping): Accelergy's ERT.yaml");
    po::variables_map vm;
    if (!parse_options(argc, argv,
                       "eyrie run --arch FILE --network NAME|FILE [--dataflow ws|os|is|rs|nlr] [--mapping FILE] "
                       "[--batch N] [--objective energy|cycles|edp] [--format table|csv|json] [--out DIR] "
                       "[--engine analytic|systemc] [--trace FILE.vcd] [--set KEY.PATH=VALUE ...]",
                       opts, vm))
      return 0;
    if (systolic::is_scalesim_cfg_path(arch_path)) {
      for (const char* o : {"mapping", "set", "trace"})
        if (vm.count(o)) throw Error(std::string("--") + o + ": does not apply to a SCALE-Sim .cfg (the systolic template)");
      if (batch != 1 || !vm["objective"].defaulted())
        throw Error("--batch, --objective: do not apply to a SCALE-Sim .cfg (the systolic template)");
      return run_systolic({arch_path, network, dataflow, format, out_dir, engine, vm.count("sram-traces") > 0});
    }
    if (network.empty()) throw Error("the option '--network' is required but missing");
    if (vm.count("sram-traces")) throw Error("--sram-traces: needs a SCALE-Sim .cfg as --arch");
    const Format fmt = parse_format(format);
    if (engine != "analytic" && engine != "systemc")
      throw Error("--engine: must be analytic or systemc, got \"" + engine + "\"");
    if (!trace.empty() && engine != "systemc") throw Error("--trace: needs --engine systemc");
    // Output locations are checked before any work, and never replace an input.
    if (!out_dir.empty()) check_output_dir(out_dir, "--out");
    if (!trace.empty()) {
      check_output_file(trace, "--trace");
      check_not_an_input(trace, "--trace", {arch_path, network, mapping, energy});
    }
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
      o.mapping_dir = mapping_directory(mapping);
      if (o.mapping_dir.empty()) o.mapping = load_mapping(mapping, level_names(arch));
      o.mapping_file = mapping;
    }
    const Network net = design ? design->network : with_batch(load_network(network), batch);
    const AnalyticEngine model(arch, design ? design->lowered.table : load_energy_table(arch.energy_table));
    NetworkResult r = run_network(net, model, o);
    r.provenance = run_provenance(arch_path, overrides, network, net, batch, engine);
    if (engine == "systemc") time_network(r, arch, net, trace);
    if (!out_dir.empty()) {
      // One set: every file is rendered first and committed together or not at all.
      std::vector<OutputFile> files = {{out_dir + "/layers.csv", run_layers_csv(r)},
                                       {out_dir + "/summary.json", run_json(r).dump(2) + "\n"}};
      for (const auto& l : r.layers)
        files.push_back({out_dir + "/mappings/" + mapping_file_stem(l.name) + ".yaml", to_yaml(l.mapping, arch)});
      for (const auto& f : files) check_not_an_input(f.first, "--out", {arch_path, network, mapping, energy});
      write_files_together(files);
    }
    std::cout << run_report(r, fmt);
    return 0;
  });
}

}  // namespace eyrie::cli
