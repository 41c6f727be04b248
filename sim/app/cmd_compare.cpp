#include <iostream>
#include <sstream>

#include "sim/app/cli.h"
#include "sim/app/dataflow_comparison.h"
#include "sim/core/error.h"
#include "sim/report/output_files.h"
#include "sim/report/provenance.h"
#include "sim/report/run_report.h"

namespace eyrie::cli {

int cmd_compare(int argc, char** argv) {
  return run_guarded("compare", [&] {
    po::options_description opts("compare options");
    std::string arch_path, network, dataflows, objective, format, out_dir;
    std::vector<std::string> sets;
    std::int64_t batch = 1;
    opts.add_options()
        ("arch,a", po::value(&arch_path)->required(), "architecture YAML")
        ("network,n", po::value(&network)->required(), "bundled network name or a .yaml / SCALE-Sim .csv file")
        ("dataflows", po::value(&dataflows)->default_value("ws,os,is,rs,nlr"), "comma-separated dataflows")
        ("batch", po::value(&batch)->default_value(1), "batch size N")
        ("objective", po::value(&objective)->default_value("edp"), "energy | cycles | edp: per-layer search and best mark")
        ("format,f", po::value(&format)->default_value("table"), "table | csv | json")
        ("out,o", po::value(&out_dir), "also write summary.csv, layers.csv (every layer of every dataflow) and compare.json here")
        ("set", po::value(&sets)->composing(), "override an arch field: --set pe_array.rows=16 (repeatable)");
    po::variables_map vm;
    if (!parse_options(argc, argv,
                       "eyrie compare --arch FILE --network NAME|FILE [--dataflows ws,os,is,rs,nlr] "
                       "[--objective energy|cycles|edp] [--format table|csv|json] [--out DIR] [--set KEY.PATH=VALUE ...]",
                       opts, vm))
      return 0;
    const Format fmt = parse_format(format);
    if (!out_dir.empty()) check_output_dir(out_dir, "--out");
    const Objective obj = objective_named(objective);
    std::vector<std::string> names;
    std::stringstream ss(dataflows);
    for (std::string d; std::getline(ss, d, ',');) {
      dataflow_named(d);
      names.push_back(d);
    }
    std::vector<ConfigOverride> overrides;
    for (const auto& s : sets) overrides.push_back(parse_override(s));
    const ArchSpec arch = load_arch(arch_path, overrides);
    const Network net = with_batch(load_network(network), batch);
    const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
    DataflowComparison c = compare_dataflows(net, engine, names, obj);
    for (auto& r : c.runs) r.provenance = run_provenance(arch_path, overrides, network, net, batch, "analytic");
    if (!out_dir.empty()) {
      const std::vector<OutputFile> files = {
          {out_dir + "/summary.csv", compare_report(c.runs, objective, Format::Csv, c.unmappable)},
          {out_dir + "/layers.csv", compare_layers_csv(c.runs)},
          {out_dir + "/compare.json", compare_report(c.runs, objective, Format::Json, c.unmappable)}};
      for (const auto& f : files) check_not_an_input(f.first, "--out", {arch_path, network});
      write_files_together(files);
    }
    std::cout << compare_report(c.runs, objective, fmt, c.unmappable);
    return 0;
  });
}

}  // namespace eyrie::cli
