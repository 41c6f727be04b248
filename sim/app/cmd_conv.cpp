// eyrie conv: the exam's convolution on its tensor files, at any precision, on any backend.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

#include "reference/conv_ref.h"
#include "sim/app/cli.h"
#include "sim/app/conv_pipeline.h"
#include "sim/core/arch_spec.h"
#include "sim/core/data_paths.h"
#include "sim/model/array_loop_order.h"
#include "sim/core/error.h"
#include "sim/report/format.h"
#include "sim/report/output_files.h"
#include "sim/report/text_table.h"

namespace eyrie::cli {

namespace {

std::string num(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string percent(double f) { return num("%.1f %%", 100.0 * f); }

void print_run(std::ostream& os, const ConvRunOptions& opt, const ConvRunResult& r) {
  const ConvGeometry& g = r.geometry;
  const double gop = 2.0 * static_cast<double>(g.macs()) / 1e9;
  os << "precision            " << to_string(opt.precision) << " on " << to_string(opt.backend);
  if (opt.backend == ConvBackend::Avx2) os << " (" << opt.threads << " threads)";
  os << "\n";
  if (opt.precision != Precision::Fp32) os << "scheme               " << to_string(r.scheme) << ": " << r.scales << "\n";
  os << "convolution time     " << num("%.6f s", r.conv_seconds) << "  (" << num("%.2f GOP/s", gop / r.conv_seconds)
     << ", excluding file I/O)\n";
  if (opt.precision != Precision::Fp32) {
    os << "quantization time    " << num("%.6f s", r.quant_seconds) << "  (quantize operands + dequantize output)\n";
    if (!r.scale_search.empty())
      os << "scale search         " << num("%.3f s", r.calibration_seconds) << ", " << r.scale_search.size()
         << " candidates S = 2^k (not in the times above)\n";
  }
  os << "NRMSE vs FP32        " << num("%.3e", r.nrmse) << "  (RMS error / (y_max - y_min) of the scalar FP32 result)\n";
  os << "zeros                input " << percent(r.zeros_input) << ", kernel " << percent(r.zeros_kernel) << ", output "
     << percent(r.zeros_output) << "\n";
  if (r.array_stats) {
    const auto& s = *r.array_stats;
    std::int64_t lo = s.macs_per_pe.empty() ? 0 : s.macs_per_pe[0], hi = lo;
    for (auto m : s.macs_per_pe) lo = std::min(lo, m), hi = std::max(hi, m);
    auto spread = [](ArrayLoopOrder::Spatial d) { return d == ArrayLoopOrder::Spatial::OutputPixel ? "output pixels" : "output channels"; };
    const ArrayLoopOrder& o = opt.array_order;
    os << "array                " << s.rows << "x" << s.cols << " PEs, " << spread(o.rows) << " on rows, " << spread(o.cols)
       << " on columns, reduction " << (o.reduction == ArrayLoopOrder::Reduction::RSC ? "r,s,c" : "c,r,s") << ", "
       << with_commas(s.tiles)
       << " tiles, " << with_commas(s.cycles) << " MAC cycles, utilization " << percent(s.utilization())
       << ", MACs per PE " << with_commas(lo) << " .. " << with_commas(hi) << "\n";
  }
}

}  // namespace

int cmd_conv(int argc, char** argv) {
  return run_guarded("conv", [&] {
    po::options_description opts("conv options");
    std::string input_path, kernel_path, precision = "fp32", backend = "scalar", scheme, rounding = "nearest",
                                          overflow = "wrap", output, out_csv, arch, dataflow;
    long long threads = std::max(1u, std::thread::hardware_concurrency());
    double ternary_t = 0.05;
    bool report = false, scale_curve = false;
    opts.add_options()
        ("input", po::value(&input_path)->required(), "input_tensor.bin (N,H,W,C)")
        ("kernel", po::value(&kernel_path)->required(), "kernel_tensor.bin (KH,KW,OC,IC)")
        ("precision,p", po::value(&precision)->default_value("fp32"), "fp32 | int32 | int16 | int8 | ternary")
        ("backend,b", po::value(&backend)->default_value("scalar"), "scalar | avx2 | array (the functional PE array) | cuda (fp32, int8; needs a GPU)")
        ("scheme", po::value(&scheme), "naive (default for ints) | maxabs | perchannel | asymmetric | ternary")
        ("rounding", po::value(&rounding)->default_value("nearest"), "nearest | truncate (the exam's (int) cast)")
        ("overflow", po::value(&overflow)->default_value("wrap"), "accumulator overflow: wrap | saturate")
        ("threads,t", po::value(&threads), "threads for the avx2 backend (default: all cores)")
        ("ternary-threshold", po::value(&ternary_t)->default_value(0.05), "t in delta = t * max|w|")
        ("arch", po::value(&arch), "architecture file giving the array's rows x cols (default 12x14)")
        ("dataflow", po::value(&dataflow), "with --backend array: map the layer with this dataflow's mapper "
                                           "(ws | os | is | rs | nlr, on --arch or configs/eyeriss.yaml) and run the array in its loop order")
        ("output,o", po::value(&output), "write the FP32 output here (exam format, N,H,W,OC)")
        ("scale-curve", po::bool_switch(&scale_curve), "naive scheme: print NRMSE for every S = 2^k tried (the report's V-curve)")
        ("report", po::bool_switch(&report), "every precision x backend: the exam's table")
        ("out", po::value(&out_csv), "with --report: also write the table as CSV here");
    po::positional_options_description pos;
    pos.add("input", 1).add("kernel", 1);
    po::variables_map vm;
    if (!parse_options(argc, argv,
                       "eyrie conv input_tensor.bin kernel_tensor.bin [--precision P] [--backend B] [--scheme S] "
                       "[--threads N] [-o output_tensor.bin] [--report [--out table.csv]]",
                       opts, vm, &pos))
      return 0;
    ConvRunOptions opt;
    const auto p = precision_from_string(precision);
    if (!p) throw Error("--precision: must be one of fp32, int32, int16, int8, ternary (got '" + precision + "')");
    opt.precision = *p;
    const auto b = conv_backend_from_string(backend);
    if (!b) throw Error("--backend: must be one of scalar, avx2, array, cuda (got '" + backend + "')");
    opt.backend = *b;
    std::string why;
    if (opt.backend == ConvBackend::Cuda && !report && !cuda_backend_available(&why))
      throw Error("--backend cuda: " + why);
    if (vm.count("scheme")) {
      const auto s = quant_scheme_from_string(scheme);
      if (!s) throw Error("--scheme: must be one of naive, maxabs, perchannel, asymmetric, ternary (got '" + scheme + "')");
      opt.scheme = *s;
    }
    if (rounding != "nearest" && rounding != "truncate")
      throw Error("--rounding: must be nearest or truncate (got '" + rounding + "')");
    opt.rounding = rounding == "nearest" ? Rounding::Nearest : Rounding::Truncate;
    if (overflow != "wrap" && overflow != "saturate")
      throw Error("--overflow: must be wrap or saturate (got '" + overflow + "')");
    opt.overflow = overflow == "wrap" ? Overflow::Wrap : Overflow::Saturate;
    opt.threads = capped_threads(threads, "conv");
    if (!(ternary_t >= 0 && ternary_t < 1)) throw Error("--ternary-threshold: must be in [0, 1)");
    opt.ternary_threshold = ternary_t;
    if (!arch.empty()) opt.array = load_arch(arch).pe_array;
    if (!dataflow.empty() && opt.backend != ConvBackend::Array) throw Error("--dataflow: needs --backend array");
    if (!out_csv.empty() && !report) throw Error("--out: only with --report (use -o for the output tensor)");
    if (!output.empty() && report) throw Error("-o: not with --report (it writes one run's output tensor; --out takes the table)");
    if (scale_curve && report) throw Error("--scale-curve: not with --report (it prints one run's scale search)");
    // Outputs are checked before the (possibly long) work, and never replace an input.
    for (const auto& [path, option] : {std::pair{output, "-o"}, std::pair{out_csv, "--out"}}) {
      if (path.empty()) continue;
      check_output_file(path, option);
      check_not_an_input(path, option, {input_path, kernel_path, arch});
    }

    const Tensor4 input = read_tensor_file(input_path);
    const Tensor4 kernel = read_tensor_file(kernel_path);
    check_conv_pair(input, input_path, kernel, kernel_path);
    const ConvGeometry g = same_conv_geometry(input.dims, kernel.dims);
    std::cout << "conv                 input " << dims_string(input.dims) << " * kernel " << dims_string(kernel.dims)
              << " -> output " << dims_string(g.output_dims()) << ", stride 1, SAME, " << with_commas(g.macs())
              << " MACs\n";
    if (!dataflow.empty()) {
      const ArchSpec a = load_arch(arch.empty() ? data_dir() + "/configs/eyeriss.yaml" : arch);
      std::string mapping;
      opt.array_order = array_loop_order_for(conv_layer_of(g), a, dataflow, &mapping);
      std::cout << "array mapping        " << dataflow << " on " << a.name << ": " << mapping << "\n";
    }
    const std::vector<float> reference = fp32_reference(input, kernel);

    if (!report) {
      const ConvRunResult r = run_conv(input, kernel, opt, reference);
      print_run(std::cout, opt, r);
      if (scale_curve) {
        if (r.scale_search.empty()) throw Error("--scale-curve: only the naive scheme searches S (and not with fixed exponents)");
        std::cout << "\nscale search (S_in = 2^k_in, S_w = 2^k_w, NRMSE vs FP32)\n";
        for (const auto& pt : r.scale_search)
          std::cout << "  k_in " << pt.k_in << "  k_w " << pt.k_w << "  NRMSE " << num("%.3e", pt.nrmse) << "\n";
      }
      if (!output.empty()) {
        Tensor4 out;
        out.dims = g.output_dims();
        out.values = r.output;
        write_file_atomically(output, serialize_tensor(out));
        std::cout << "wrote                " << output << "\n";
      }
      return 0;
    }

    // --report: every precision x backend; speedup over scalar FP32.
    std::vector<ConvBackend> backends = {ConvBackend::Scalar};
    if (ref::avx2_available()) backends.push_back(ConvBackend::Avx2);
    backends.push_back(ConvBackend::Array);
    const bool cuda = cuda_backend_available(nullptr);
    if (cuda) backends.push_back(ConvBackend::Cuda);
    TextTable table;
    for (const char* h : {"precision", "backend", "scheme"}) table.add_column(h, TextTable::Align::Left);
    for (const char* h : {"NRMSE", "conv s", "quant s", "GOP/s", "speedup", "zeros in", "zeros w", "zeros out"})
      table.add_column(h);
    std::ostringstream csv;
    csv << "precision,backend,scheme,scales,threads,nrmse,conv_seconds,quant_seconds,calibration_seconds,gops,"
           "speedup_vs_scalar_fp32,zeros_input,zeros_kernel,zeros_output\n";
    double scalar_fp32 = 0;
    const double gop = 2.0 * static_cast<double>(g.macs()) / 1e9;
    const Precision precisions[] = {Precision::Fp32, Precision::Int32, Precision::Int16, Precision::Int8, Precision::Ternary};
    // AVX2 cannot saturate (order-dependent); the CUDA kernels are FP32 and INT8 only.
    auto runs = [&](Precision prec, ConvBackend be) {
      if (be == ConvBackend::Avx2 && opt.overflow == Overflow::Saturate && prec != Precision::Fp32) return false;
      return be != ConvBackend::Cuda || prec == Precision::Fp32 || prec == Precision::Int8;
    };
    std::size_t steps = 0, step = 0;
    for (Precision prec : precisions)
      for (ConvBackend be : backends) steps += runs(prec, be);
    for (Precision prec : precisions)
      for (ConvBackend be : backends) {
        if (!runs(prec, be)) continue;
        ConvRunOptions o = opt;
        o.precision = prec;
        o.backend = be;
        o.scheme = prec == Precision::Fp32 ? std::nullopt : opt.scheme;
        if (prec == Precision::Ternary) o.scheme = QuantScheme::Ternary;
        else if (o.scheme == QuantScheme::Ternary) o.scheme = std::nullopt;
        progress("conv", ++step, steps, std::string(to_string(prec)) + " on " + to_string(be));
        const ConvRunResult r = run_conv(input, kernel, o, reference);
        if (prec == Precision::Fp32 && be == ConvBackend::Scalar) scalar_fp32 = r.conv_seconds;
        const double speedup = scalar_fp32 / r.conv_seconds;
        const std::string sch = prec == Precision::Fp32 ? "-" : to_string(r.scheme);
        table.add_row({to_string(prec), to_string(be), sch, num("%.3e", r.nrmse), num("%.4f", r.conv_seconds),
                       prec == Precision::Fp32 ? "-" : num("%.4f", r.quant_seconds), num("%.2f", gop / r.conv_seconds),
                       num("%.2fx", speedup), percent(r.zeros_input), percent(r.zeros_kernel), percent(r.zeros_output)});
        csv << to_string(prec) << "," << to_string(be) << "," << sch << "," << csv_cell(r.scales) << ","
            << (be == ConvBackend::Avx2 ? o.threads : 1) << "," << num("%.6e", r.nrmse) << ","
            << num("%.6f", r.conv_seconds) << "," << num("%.6f", r.quant_seconds) << ","
            << num("%.6f", r.calibration_seconds) << "," << num("%.4f", gop / r.conv_seconds) << ","
            << num("%.4f", speedup) << "," << num("%.6f", r.zeros_input) << "," << num("%.6f", r.zeros_kernel) << ","
            << num("%.6f", r.zeros_output) << "\n";
      }
    std::cout << "avx2 threads         " << opt.threads << "; array " << opt.array.rows << "x" << opt.array.cols
              << " PEs (simulated MAC by MAC: its time is simulation time, not hardware time)\n\n"
              << table.render();
    if (!out_csv.empty()) {
      write_file_atomically(out_csv, csv.str());
      std::cout << "wrote " << out_csv << "\n";
    }
    return 0;
  });
}

}  // namespace eyrie::cli
