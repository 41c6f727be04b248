#include "sim/app/cli.h"

namespace eyrie::cli {

int cmd_workload(int argc, char** argv);
int cmd_validate(int argc, char** argv);

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"workload", "layers of a network with shapes, output sizes and MACs", cmd_workload},
      {"validate", "load and check an architecture file, print its resolved form", cmd_validate},
  };
  return list;
}

}  // namespace eyrie::cli
