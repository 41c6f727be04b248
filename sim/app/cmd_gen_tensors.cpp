#include <iostream>

#include "sim/app/cli.h"
#include "sim/core/error.h"
#include "sim/report/output_files.h"
#include "workloads/network.h"
#include "workloads/tensor_gen.h"

namespace eyrie::cli {

int cmd_gen_tensors(int argc, char** argv) {
  return run_guarded("gen-tensors", [&] {
    po::options_description opts("gen-tensors options");
    std::string spec, network, layer_name, dir, seed_text;
    opts.add_options()
        ("layer,l", po::value(&layer_name), "with --network: the layer's name; alone: a spec H=56,W=56,C=64,M=64,R=3,S=3[,N=1]")
        ("network,n", po::value(&network), "bundled network name or a network file")
        ("seed", po::value(&seed_text)->default_value("1"), "random seed, 0 to 2^64 - 1 (same seed, same bytes)")
        ("out-dir,o", po::value(&dir)->required(), "directory for input_tensor.bin and kernel_tensor.bin");
    po::variables_map vm;
    if (!parse_options(argc, argv,
                       "eyrie gen-tensors (--layer SPEC | --network NAME --layer NAME) [--seed S] -o DIR", opts, vm))
      return 0;
    const std::uint64_t seed = parse_unsigned(seed_text, "--seed");
    check_output_dir(dir, "-o");
    if (layer_name.empty()) throw Error("--layer: required (a spec like H=56,W=56,C=64,M=64,R=3,S=3, or a layer name with --network)");
    ConvLayer layer;
    const std::string what = "--layer " + layer_name;
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
    const TensorPair t = generate_tensors(layer, seed, what);
    const std::string in_file = dir + "/input_tensor.bin", k_file = dir + "/kernel_tensor.bin";
    for (const std::string& f : {in_file, k_file}) check_not_an_input(f, "-o", {network});
    write_files_together({{in_file, serialize_tensor(t.input)}, {k_file, serialize_tensor(t.kernel)}});
    std::cout << "wrote " << dir << "/input_tensor.bin (" << dims_string(t.input.dims) << ") and " << dir
              << "/kernel_tensor.bin (" << dims_string(t.kernel.dims) << "), seed " << seed << "\n";
    return 0;
  });
}

}  // namespace eyrie::cli
