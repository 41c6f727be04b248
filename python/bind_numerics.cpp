// The numerics for Python: numpy arrays through the exam's pipeline (quantize, convolve on
// scalar / AVX2 / the functional PE array / CUDA, dequantize, NRMSE), the quantizers alone,
// tensor files and generated tensors. Arrays are float32, C order (others are converted);
// option values are checked with the CLI's messages; the work runs with the GIL released.
#include <cmath>
#include <cstring>
#include <optional>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "python/bindings.h"
#include "reference/conv_ref.h"
#include "sim/app/conv_pipeline.h"
#include "sim/core/data_paths.h"
#include "sim/core/error.h"
#include "sim/model/array_loop_order.h"
#include "sim/report/format.h"
#include "workloads/quantize.h"
#include "workloads/tensor_file.h"
#include "workloads/tensor_gen.h"

namespace eyrie::python {

namespace py = pybind11;

namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

// NaN or infinity would quantize to an arbitrary integer and give an NRMSE of NaN: refused.
void check_finite(const Tensor4& t, const std::string& what) {
  for (std::size_t i = 0; i < t.values.size(); ++i)
    if (!std::isfinite(t.values[i]))
      throw Error(what + ": value " + std::to_string(i) + " (row-major) is " + (std::isnan(t.values[i]) ? "NaN" : "infinite") +
                  "; only finite values can be quantized and compared");
}

// A 4-D array as the exam's tensor; `what` names it in errors ("input: ...").
Tensor4 tensor_of(const FloatArray& a, const std::string& what, const char* layout) {
  if (a.ndim() != 4)
    throw Error(what + ": must be a 4-D array " + layout + ", got " + std::to_string(a.ndim()) + " dimensions");
  Tensor4 t;
  for (int i = 0; i < 4; ++i) {
    if (a.shape(i) <= 0 || a.shape(i) > INT32_MAX)
      throw Error(what + ": dimension " + std::to_string(i) + " must be between 1 and 2^31-1, got " + std::to_string(a.shape(i)));
    t.dims[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(a.shape(i));
  }
  t.values.assign(a.data(), a.data() + a.size());
  check_finite(t, what);
  return t;
}

// Any array as a flat tensor (1,1,1,n) for the per-tensor quantizers; 4-D arrays keep their dims.
Tensor4 flat_tensor_of(const FloatArray& a, const std::string& what) {
  if (a.ndim() == 4 && a.size() > 0) return tensor_of(a, what, "");
  if (a.size() <= 0 || a.size() > INT32_MAX)
    throw Error(what + ": must hold between 1 and 2^31-1 values, got " + std::to_string(a.size()));
  Tensor4 t;
  t.dims = {1, 1, 1, static_cast<std::int32_t>(a.size())};
  t.values.assign(a.data(), a.data() + a.size());
  check_finite(t, what);
  return t;
}

template <typename T>
py::array_t<T> array_of(const std::vector<T>& v, std::vector<py::ssize_t> shape) {
  py::array_t<T> out(shape);
  if (!v.empty()) std::memcpy(out.mutable_data(), v.data(), v.size() * sizeof(T));
  return out;
}

std::vector<py::ssize_t> shape_of(const FloatArray& a) { return {a.shape(), a.shape() + a.ndim()}; }
std::vector<py::ssize_t> shape_of(const std::array<std::int32_t, 4>& d) { return {d[0], d[1], d[2], d[3]}; }

Rounding rounding_named(const std::string& r) {
  if (r != "nearest" && r != "truncate") throw Error("rounding: must be nearest or truncate (got '" + r + "')");
  return r == "nearest" ? Rounding::Nearest : Rounding::Truncate;
}

Overflow overflow_named(const std::string& o) {
  if (o != "wrap" && o != "saturate") throw Error("overflow: must be wrap or saturate (got '" + o + "')");
  return o == "wrap" ? Overflow::Wrap : Overflow::Saturate;
}

struct ConvArgs {
  std::string precision = "fp32", backend = "scalar";
  std::optional<std::string> scheme;
  std::string rounding = "nearest", overflow = "wrap";
  int threads = 1;
  double ternary_threshold = 0.05;
  std::optional<std::pair<int, int>> array;
  const ArchSpec* arch = nullptr;
  std::optional<std::string> dataflow;
  std::optional<std::pair<int, int>> naive_k;
};

ConvRunOptions conv_options(const ConvArgs& a) {
  ConvRunOptions opt;
  const auto p = precision_from_string(a.precision);
  if (!p) throw Error("precision: must be one of fp32, int32, int16, int8, ternary (got '" + a.precision + "')");
  opt.precision = *p;
  const auto b = conv_backend_from_string(a.backend);
  if (!b) throw Error("backend: must be one of scalar, avx2, array, cuda (got '" + a.backend + "')");
  opt.backend = *b;
  if (a.scheme) {
    const auto s = quant_scheme_from_string(*a.scheme);
    if (!s) throw Error("scheme: must be one of naive, maxabs, perchannel, asymmetric, ternary (got '" + *a.scheme + "')");
    opt.scheme = *s;
  }
  opt.rounding = rounding_named(a.rounding);
  opt.overflow = overflow_named(a.overflow);
  if (a.threads < 1 || a.threads > 1024)
    throw Error("threads: must be between 1 and 1024 (got " + std::to_string(a.threads) + ")");
  opt.threads = a.threads;
  if (!(a.ternary_threshold >= 0 && a.ternary_threshold < 1)) throw Error("ternary_threshold: must be in [0, 1)");
  opt.ternary_threshold = a.ternary_threshold;
  if (a.array && a.arch) throw Error("array: give the array's size or an arch, not both");
  if (a.arch) opt.array = a.arch->pe_array;
  if (a.array) {
    if (a.array->first < 1 || a.array->second < 1 || a.array->first > 4096 || a.array->second > 4096)
      throw Error("array: rows and cols must be between 1 and 4096, got " + std::to_string(a.array->first) + "x" +
                  std::to_string(a.array->second));
    opt.array = {a.array->first, a.array->second};
  }
  if (a.dataflow && opt.backend != ConvBackend::Array) throw Error("dataflow: needs backend='array'");
  if (a.naive_k) opt.naive_k_in = a.naive_k->first, opt.naive_k_w = a.naive_k->second;
  return opt;
}

py::dict conv(const FloatArray& input_a, const FloatArray& kernel_a, const ConvArgs& args,
              const std::optional<FloatArray>& reference_a) {
  ConvRunOptions opt = conv_options(args);
  const Tensor4 input = tensor_of(input_a, "input", "N,H,W,C");
  const Tensor4 kernel = tensor_of(kernel_a, "kernel", "KH,KW,OC,IC");
  check_conv_pair(input, "input", kernel, "kernel");
  const ConvGeometry g = same_conv_geometry(input.dims, kernel.dims);
  std::vector<float> reference;
  if (reference_a) {
    if (reference_a->size() != g.N * g.H * g.W * g.M)
      throw Error("reference: must hold the output's " + std::to_string(g.N * g.H * g.W * g.M) + " values (" +
                  dims_string(g.output_dims()) + "), got " + std::to_string(reference_a->size()));
    reference.assign(reference_a->data(), reference_a->data() + reference_a->size());
  }
  std::string array_mapping;
  ConvRunResult r;
  {
    py::gil_scoped_release release;
    if (args.dataflow) {
      const ArchSpec a = args.arch ? *args.arch : load_arch(data_dir() + "/configs/eyeriss.yaml");
      opt.array_order = array_loop_order_for(conv_layer_of(g), a, *args.dataflow, &array_mapping);
    }
    if (!reference_a) reference = fp32_reference(input, kernel);
    r = run_conv(input, kernel, opt, reference);
  }
  py::dict d;
  d["output"] = array_of(r.output, shape_of(g.output_dims()));
  d["precision"] = to_string(opt.precision);
  d["backend"] = to_string(opt.backend);
  d["scheme"] = opt.precision == Precision::Fp32 ? py::object(py::none()) : py::object(py::str(to_string(r.scheme)));
  d["scales"] = r.scales;
  d["nrmse"] = r.nrmse;
  d["macs"] = g.macs();
  d["conv_seconds"] = r.conv_seconds;
  d["quant_seconds"] = r.quant_seconds;
  d["calibration_seconds"] = r.calibration_seconds;
  d["zeros_input"] = r.zeros_input;
  d["zeros_kernel"] = r.zeros_kernel;
  d["zeros_output"] = r.zeros_output;
  py::list curve;
  for (const auto& p : r.scale_search) curve.append(py::dict(py::arg("k_in") = p.k_in, py::arg("k_w") = p.k_w, py::arg("nrmse") = p.nrmse));
  d["scale_search"] = curve;
  if (r.array_stats) {
    const auto& s = *r.array_stats;
    d["array"] = py::dict(py::arg("rows") = s.rows, py::arg("cols") = s.cols, py::arg("tiles") = s.tiles,
                          py::arg("cycles") = s.cycles, py::arg("utilization") = s.utilization(),
                          py::arg("macs_per_pe") = array_of(s.macs_per_pe, {s.rows, s.cols}),
                          py::arg("mapping") = array_mapping);
  } else {
    d["array"] = py::none();
  }
  return d;
}

py::dict quantized_dict(const QuantizedTensor& t, const std::vector<py::ssize_t>& shape) {
  py::dict d;
  d["q"] = array_of(t.q, shape);
  d["scale"] = array_of(t.scale, {static_cast<py::ssize_t>(t.scale.size())});
  d["zero_point"] = t.zero_point;
  d["channel_dim"] = t.channel_dim;
  d["zero_fraction"] = t.zero_fraction();
  d["values"] = array_of(dequantize(t), shape);
  return d;
}

py::dict quantize(const FloatArray& x, const std::string& scheme, int bits, const std::string& rounding,
                  std::optional<double> multiplier, std::optional<std::int64_t> qmax, double threshold) {
  const Rounding r = rounding_named(rounding);
  const auto s = quant_scheme_from_string(scheme);
  if (!s) throw Error("scheme: must be one of naive, maxabs, perchannel, asymmetric, ternary (got '" + scheme + "')");
  if (*s == QuantScheme::Ternary) {
    if (!(threshold >= 0 && threshold < 1)) throw Error("threshold: must be in [0, 1)");
    const Tensor4 w = tensor_of(x, "x", "KH,KW,OC,IC (ternary weights)");
    TernaryWeights t;
    {
      py::gil_scoped_release release;
      t = ternarize(w.values, w.dims, threshold);
    }
    py::dict d;
    d["code"] = array_of(t.code, shape_of(x));
    d["threshold"] = t.threshold;
    d["wp"] = t.wp;
    d["wn"] = t.wn;
    d["zero_fraction"] = t.zero_fraction();
    return d;
  }
  if (bits < 2 || bits > 32) throw Error("bits: must be between 2 and 32, got " + std::to_string(bits));
  const std::int64_t full = (std::int64_t{1} << (bits - 1)) - 1;
  const std::int64_t q = qmax.value_or(full);
  if (q < 1 || q > full)
    throw Error("qmax: must be between 1 and " + std::to_string(full) + " for " + std::to_string(bits) + " bits, got " +
                std::to_string(q));
  if (*s == QuantScheme::Naive && !(multiplier && *multiplier > 0))
    throw Error("multiplier: the naive scheme needs S > 0 (q = round(x * S))");
  if (*s != QuantScheme::Naive && multiplier) throw Error("multiplier: only for the naive scheme");
  const Tensor4 t = *s == QuantScheme::PerChannel ? tensor_of(x, "x", "KH,KW,OC,IC (per-channel weights)")
                                                  : flat_tensor_of(x, "x");
  QuantizedTensor out;
  {
    py::gil_scoped_release release;
    switch (*s) {
      case QuantScheme::Naive: out = quantize_with_multiplier(t.values, t.dims, *multiplier, bits, r); break;
      case QuantScheme::MaxAbs: out = quantize_maxabs(t.values, t.dims, q, r); break;
      case QuantScheme::PerChannel: out = quantize_per_channel(t.values, t.dims, q, r); break;
      case QuantScheme::Asymmetric: out = quantize_asymmetric(t.values, t.dims, q, r); break;
      case QuantScheme::Ternary: break;
    }
  }
  return quantized_dict(out, shape_of(x));
}

double nrmse_of(const FloatArray& approx, const FloatArray& reference) {
  if (approx.size() != reference.size())
    throw Error("nrmse: approx has " + std::to_string(approx.size()) + " values, reference " +
                std::to_string(reference.size()));
  if (reference.size() == 0) throw Error("nrmse: the arrays are empty");
  const std::vector<float> a(approx.data(), approx.data() + approx.size());
  const std::vector<float> r(reference.data(), reference.data() + reference.size());
  return nrmse(a, r);
}

py::array_t<float> read_tensor(const std::string& path) {
  Tensor4 t;
  {
    py::gil_scoped_release release;
    t = read_tensor_file(path);
  }
  return array_of(t.values, shape_of(t.dims));
}

void write_tensor(const std::string& path, const FloatArray& a) {
  const Tensor4 t = tensor_of(a, "array", "(the file's four dimensions)");
  py::gil_scoped_release release;
  write_file_atomically(path, serialize_tensor(t));
}

py::tuple generate(const std::string& spec, std::uint64_t seed) {
  const ConvLayer layer = parse_layer_spec(spec, "layer");
  TensorPair p;
  {
    py::gil_scoped_release release;
    p = generate_tensors(layer, seed);
  }
  return py::make_tuple(array_of(p.input.values, shape_of(p.input.dims)), array_of(p.kernel.values, shape_of(p.kernel.dims)));
}

std::vector<std::string> conv_backends() {
  std::vector<std::string> out = {"scalar"};
  if (ref::avx2_available()) out.push_back("avx2");
  out.push_back("array");
  if (cuda_backend_available(nullptr)) out.push_back("cuda");
  return out;
}

}  // namespace

void bind_numerics(py::module_& m) {
  m.def("conv",
        [](const FloatArray& input, const FloatArray& kernel, const std::string& precision, const std::string& backend,
           std::optional<std::string> scheme, const std::string& rounding, const std::string& overflow, int threads,
           double ternary_threshold, std::optional<std::pair<int, int>> array, const ArchSpec* arch,
           std::optional<std::string> dataflow, std::optional<std::pair<int, int>> naive_k,
           std::optional<FloatArray> reference) {
          ConvArgs a{precision, backend, scheme, rounding, overflow, threads, ternary_threshold, array, arch, dataflow, naive_k};
          return conv(input, kernel, a, reference);
        },
        py::arg("input"), py::arg("kernel"), py::arg("precision"), py::arg("backend"), py::arg("scheme").none(true),
        py::arg("rounding"), py::arg("overflow"), py::arg("threads"), py::arg("ternary_threshold"),
        py::arg("array").none(true), py::arg("arch").none(true), py::arg("dataflow").none(true),
        py::arg("naive_k").none(true), py::arg("reference").none(true));
  m.def("quantize", &quantize, py::arg("x"), py::arg("scheme"), py::arg("bits"), py::arg("rounding"),
        py::arg("multiplier").none(true), py::arg("qmax").none(true), py::arg("threshold"));
  m.def("symmetric_qmax", &symmetric_qmax, py::arg("bits"), py::arg("accumulator_bits"), py::arg("reduction"));
  m.def("nrmse", &nrmse_of, py::arg("approx"), py::arg("reference"));
  m.def("read_tensor", &read_tensor, py::arg("path"));
  m.def("write_tensor", &write_tensor, py::arg("path"), py::arg("array"));
  m.def("generate_tensors", &generate, py::arg("layer"), py::arg("seed"));
  m.def("conv_backends", &conv_backends);
}

}  // namespace eyrie::python
