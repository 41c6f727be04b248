#include <filesystem>
#include <iostream>

#include "memory/mapping_file.h"
#include "sim/app/cli.h"
#include "sim/core/error.h"
#include "sim/model/network_run.h"
#include "sim/report/run_report.h"
#include "sim/timing/network_timing.h"

namespace eyrie::cli {

namespace {
// A layer's mapping file under --out DIR/mappings/ (and under a --mapping directory): a layer
// name from a user's file may hold path characters.
std::string mapping_file_name(const std::string& layer) {
  std::string file = layer;
  for (char& c : file)
    if (c == '/' || c == '\\' || c == ' ') c = '_';
  return file + ".yaml";
}
}  // namespace

int cmd_run(int argc, char** argv) {
  return run_guarded("run", [&] {
    po::options_description opts("run options");
    std::string arch_path, network, dataflow, mapping, objective, format, out_dir, engine, trace;
    std::vector<std::string> sets;
    std::int64_t batch = 1;
    opts.add_options()
        ("arch,a", po::value(&arch_path)->required(), "architecture YAML")
        ("network,n", po::value(&network)->required(), "bundled network name or a .yaml / SCALE-Sim .csv file")
        ("dataflow,d", po::value(&dataflow), "ws | os | is | rs | nlr (default: the arch's, else rs)")
        ("mapping,m", po::value(&mapping), "explicit mapping file (YAML) used for every layer instead of a search, or a directory of <layer>.yaml files (as --out writes)")
        ("batch", po::value(&batch)->default_value(1), "batch size N")
        ("objective", po::value(&objective)->default_value("edp"), "energy | cycles | edp")
        ("format,f", po::value(&format)->default_value("table"), "table | csv | json")
        ("out,o", po::value(&out_dir), "also write layers.csv, summary.json and mappings/<layer>.yaml here")
        ("engine", po::value(&engine)->default_value("analytic"),
         "analytic | systemc: systemc also plays the chosen mappings out in the cycle-approximate SystemC model")
        ("trace", po::value(&trace), "with --engine systemc: write a VCD waveform to this file")
        ("set", po::value(&sets)->composing(), "override an arch field: --set pe_array.rows=16 (repeatable)");
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
    const ArchSpec arch = load_arch(arch_path, overrides);
    RunOptions o;
    o.objective = objective_named(objective);
    o.dataflow = !dataflow.empty() ? dataflow : !arch.dataflow.empty() ? arch.dataflow : "rs";
    dataflow_named(o.dataflow);  // reject a bad name before any work
    const Network net = with_batch(load_network(network), batch);
    if (!mapping.empty()) {
      o.mapping_file = mapping;
      std::error_code ec;
      if (std::filesystem::is_directory(mapping, ec)) {
        for (const auto& l : net.layers)
          if (l.has_macs()) {
            const std::string file = mapping + "/" + mapping_file_name(l.name);
            if (!std::filesystem::is_regular_file(file, ec))
              throw Error(mapping + ": no mapping for layer " + l.name + " (looked for " + file + ")");
            o.layer_mappings[l.name] = load_mapping(file, level_names(arch));
          }
      } else {
        o.mapping = load_mapping(mapping, level_names(arch));
      }
    }
    const AnalyticEngine model(arch, load_energy_table(arch.energy_table));
    NetworkResult r = run_network(net, model, o);
    if (engine == "systemc") time_network(r, arch, trace);
    if (!out_dir.empty()) {
      write_file_atomically(out_dir + "/layers.csv", run_layers_csv(r));
      write_file_atomically(out_dir + "/summary.json", run_json(r).dump(2) + "\n");
      for (const auto& l : r.layers)
        write_file_atomically(out_dir + "/mappings/" + mapping_file_name(l.name), to_yaml(l.mapping, arch));
    }
    std::cout << run_report(r, fmt);
    return 0;
  });
}

}  // namespace eyrie::cli
