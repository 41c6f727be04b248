#include <iostream>

#include "sim/app/cli.h"
#include "sim/core/error.h"
#include "sim/sweep/sweep_report.h"

namespace eyrie::cli {

int cmd_sweep(int argc, char** argv) {
  return run_guarded("sweep", [&] {
    po::options_description opts("sweep options");
    std::string file, format, out, engine;
    opts.add_options()
        ("sweep,s", po::value(&file)->required(), "sweep YAML (configs/sweeps/*.yaml)")
        ("format,f", po::value(&format)->default_value("table"), "table | csv | json")
        ("engine", po::value(&engine)->default_value("analytic"), "analytic | systemc (adds timed cycles)")
        ("out,o", po::value(&out), "also write sweep.csv and sweep.json here");
    po::positional_options_description pos;
    pos.add("sweep", 1);
    po::variables_map vm;
    if (!parse_options(argc, argv, "eyrie sweep FILE [--format table|csv|json] [--engine analytic|systemc] [--out DIR]",
                       opts, vm, &pos))
      return 0;
    const Format fmt = parse_format(format);
    if (engine != "analytic" && engine != "systemc")
      throw Error("--engine: must be analytic or systemc, got \"" + engine + "\"");
    const SweepResult r = run_sweep(load_sweep(file), engine == "systemc");
    if (!out.empty()) {
      write_file_atomically(out + "/sweep.csv", sweep_report(r, Format::Csv));
      write_file_atomically(out + "/sweep.json", sweep_report(r, Format::Json));
    }
    std::cout << sweep_report(r, fmt);
    return 0;
  });
}

}  // namespace eyrie::cli
