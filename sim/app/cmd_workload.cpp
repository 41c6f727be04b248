#include <iostream>

#include "sim/app/cli.h"
#include "sim/report/workload_report.h"
#include "workloads/network.h"

namespace eyrie::cli {

int cmd_workload(int argc, char** argv) {
  return run_guarded("workload", [&] {
    po::options_description opts("workload options");
    std::string network, format;
    std::int64_t batch = 1;
    opts.add_options()
        ("network,n", po::value(&network)->required(), "bundled network name or a .yaml / SCALE-Sim .csv file")
        ("batch", po::value(&batch)->default_value(1), "batch size N")
        ("format,f", po::value(&format)->default_value("table"), "table | csv | json");
    po::variables_map vm;
    if (!parse_options(argc, argv, "eyrie workload --network NAME|FILE [--batch N] [--format table|csv|json]", opts, vm))
      return 0;
    const Format fmt = parse_format(format);
    const Network net = with_batch(load_network(network), batch);
    std::cout << workload_report(net, fmt);
    return 0;
  });
}

}  // namespace eyrie::cli
