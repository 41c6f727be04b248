#include <iostream>

#include "sim/app/cli.h"
#include "sim/core/error.h"
#include "sim/report/format.h"
#include "workloads/network.h"
#include "workloads/tensor_gen.h"

namespace eyrie::cli {

int cmd_gen_tensors(int argc, char** argv) {
  return run_guarded("gen-tensors", [&] {
    po::options_description opts("gen-tensors options");
    std::string spec, network, layer_name, dir;
    std::uint64_t seed = 1;
    opts.add_options()
        ("layer,l", po::value(&layer_name), "with --network: the layer's name; alone: a spec H=56,W=56,C=64,M=64,R=3,S=3[,N=1]")
        ("network,n", po::value(&network), "bundled network name or a network file")
        ("seed", po::value(&seed)->default_value(1), "random seed (same seed, same bytes)")
        ("out-dir,o", po::value(&dir)->required(), "directory for input_tensor.bin and kernel_tensor.bin");
    po::variables_map vm;
    if (!parse_options(argc, argv,
                       "eyrie gen-tensors (--layer SPEC | --network NAME --layer NAME) [--seed S] -o DIR", opts, vm))
      return 0;
    if (layer_name.empty()) throw Error("--layer: required (a spec like H=56,W=56,C=64,M=64,R=3,S=3, or a layer name with --network)");
    ConvLayer layer;
    if (network.empty()) {
      layer = parse_layer_spec(layer_name, "--layer");
    } else {
      const Network net = load_network(network);
      const ConvLayer* found = nullptr;
      for (const auto& l : net.layers)
        if (l.name == layer_name) found = &l;
      if (!found) throw Error("--layer: network '" + net.name + "' has no layer '" + layer_name + "'");
      if (!found->has_macs() || found->groups != 1)
        throw Error("--layer " + layer_name + ": not a dense convolution (the exam's format has no groups)");
      layer = *found;
      if (layer.stride_h != 1 || layer.stride_w != 1)
        std::cerr << "note: " << layer_name << " has stride " << layer.stride_h
                  << "; the tensors are for the exam's stride-1 SAME convolution of the same shapes\n";
    }
    const TensorPair t = generate_tensors(layer, seed);
    write_file_atomically(dir + "/input_tensor.bin", serialize_tensor(t.input));
    write_file_atomically(dir + "/kernel_tensor.bin", serialize_tensor(t.kernel));
    std::cout << "wrote " << dir << "/input_tensor.bin (" << dims_string(t.input.dims) << ") and " << dir
              << "/kernel_tensor.bin (" << dims_string(t.kernel.dims) << "), seed " << seed << "\n";
    return 0;
  });
}

}  // namespace eyrie::cli
