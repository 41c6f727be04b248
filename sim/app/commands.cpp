#include "sim/app/cli.h"

namespace eyrie::cli {

int cmd_workload(int argc, char** argv);
int cmd_validate(int argc, char** argv);
int cmd_run(int argc, char** argv);
int cmd_compare(int argc, char** argv);
int cmd_sweep(int argc, char** argv);
int cmd_conv(int argc, char** argv);
int cmd_gen_tensors(int argc, char** argv);

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"workload", "layers of a network with shapes, output sizes and MACs", cmd_workload},
      {"validate", "load and check an architecture file, print its resolved form", cmd_validate},
      {"run", "map a network onto an architecture: cycles, energy, roofline per layer", cmd_run},
      {"compare", "dataflows side by side on one network", cmd_compare},
      {"sweep", "evaluate a grid of architectures (configs/sweeps/*.yaml): cycles, energy, area", cmd_sweep},
      {"conv", "the exam's convolution on tensor files: precision x backend, NRMSE, times", cmd_conv},
      {"gen-tensors", "write realistic input/kernel tensor files for a layer (exam format)", cmd_gen_tensors},
  };
  return list;
}

}  // namespace eyrie::cli
