// GOP/s (2 x MACs / s) of the exam's convolution on ResNet-50 layers: the scalar and AVX2
// reference kernels at every precision, and oneDNN's direct convolution (FP32, and u8 x s8 ->
// s32 INT8) at the same thread count as the performance peer. Operands are generated
// (workloads/tensor_gen.h) and quantized before timing; only the convolution is timed, as in
// the exam; AVX2 weights are packed once outside the timing, as oneDNN's are reordered (the
// ternary AVX2 path packs its two 0/1 kernels inside). Threads: EYRIE_BENCH_THREADS (default: all cores).
//   build/bin/bench_conv --benchmark_filter=conv2_x
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "reference/conv_ref.h"
#include "workloads/quantize.h"
#include "workloads/tensor_gen.h"

#ifdef EYRIE_HAVE_DNNL
#include <omp.h>

#include <oneapi/dnnl/dnnl.hpp>
#endif

using namespace eyrie;

namespace {

int threads() {
  if (const char* t = std::getenv("EYRIE_BENCH_THREADS")) return std::max(1, std::atoi(t));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

struct LayerDef {
  const char* name;
  ConvLayer layer;
};

ConvLayer make(std::int64_t H, std::int64_t C, std::int64_t M, std::int64_t R) {
  ConvLayer l;
  l.H = l.W = H, l.C = C, l.M = M, l.R = l.S = R;
  return l;
}

// conv2_x of ResNet-50: the 3x3 64->64 and the 1x1 64->256 expansion at 56x56; conv4_x's
// 3x3 256->256 at 14x14.
const LayerDef kLayers[] = {
    {"conv2_x_3x3", make(56, 64, 64, 3)},
    {"conv2_x_1x1", make(56, 64, 256, 1)},
    {"conv4_x_3x3", make(14, 256, 256, 3)},
};

struct Prepared {
  ConvGeometry g;
  TensorPair t;
  std::map<Precision, QuantizedTensor> in, w;
  TernaryWeights tw;
};

const Prepared& prepared(const LayerDef& def) {
  static std::map<std::string, std::unique_ptr<Prepared>> cache;
  auto& slot = cache[def.name];
  if (!slot) {
    slot = std::make_unique<Prepared>();
    slot->t = generate_tensors(def.layer, 1);
    slot->g = same_conv_geometry(slot->t.input.dims, slot->t.kernel.dims);
    for (Precision p : {Precision::Int8, Precision::Int16, Precision::Int32}) {
      const IntFormat f = default_int_format(p);
      const std::int64_t qmax = symmetric_qmax(f.operand_bits, f.accumulator_bits, slot->g.reduction());
      slot->in[p] = quantize_maxabs(slot->t.input.values, slot->t.input.dims, qmax, Rounding::Nearest);
      slot->w[p] = quantize_maxabs(slot->t.kernel.values, slot->t.kernel.dims, qmax, Rounding::Nearest);
    }
    slot->in[Precision::Ternary] = slot->in[Precision::Int8];
    slot->tw = ternarize(slot->t.kernel.values, slot->t.kernel.dims, 0.05);
  }
  return *slot;
}

void set_rate(benchmark::State& state, const ConvGeometry& g) {
  state.counters["GOP/s"] =
      benchmark::Counter(2.0 * static_cast<double>(g.macs()) * static_cast<double>(state.iterations()) / 1e9,
                         benchmark::Counter::kIsRate);
  state.counters["threads"] = threads();
}

void bench_eyrie(benchmark::State& state, const LayerDef* def, Precision p, bool avx2) {
  if (avx2 && !ref::avx2_available()) {
    state.SkipWithError("no AVX2 on this CPU");
    return;
  }
  const Prepared& d = prepared(*def);
  const ConvGeometry& g = d.g;
  const int t = threads();
  std::vector<float> out(static_cast<std::size_t>(g.N * g.H * g.W * g.M));
  std::vector<std::int64_t> acc(out.size());  // reused, as `out` is for FP32
  // AVX2 weights packed once, outside the timing (as oneDNN's reorder below).
  ref::PackedKernel pk;
  if (avx2 && p == Precision::Fp32) pk = ref::pack_fp32_avx2(g, d.t.kernel.values.data());
  if (avx2 && p != Precision::Fp32 && p != Precision::Ternary)
    pk = ref::pack_int_avx2(g, d.w.at(p).q.data(), default_int_format(p));
  for (auto _ : state) {
    if (p == Precision::Fp32) {
      if (avx2) ref::conv_fp32_avx2_packed(pk, d.t.input.values.data(), out.data(), t);
      else ref::conv_fp32_scalar(g, d.t.input.values.data(), d.t.kernel.values.data(), out.data());
      benchmark::DoNotOptimize(out.data());
    } else if (p == Precision::Ternary) {
      const IntFormat f = default_int_format(p);
      auto r = avx2 ? ref::conv_ternary_avx2(g, d.in.at(p).q.data(), 0, d.tw.code.data(), f, t)
                    : ref::conv_ternary_scalar(g, d.in.at(p).q.data(), 0, d.tw.code.data(), f);
      benchmark::DoNotOptimize(r.pos.data());
    } else {
      const IntFormat f = default_int_format(p);
      if (avx2) {
        ref::conv_int_avx2_packed(pk, d.in.at(p).q.data(), 0, acc.data(), t);
        benchmark::DoNotOptimize(acc.data());
      } else {
        auto r = ref::conv_int_scalar(g, d.in.at(p).q.data(), 0, d.w.at(p).q.data(), f);
        benchmark::DoNotOptimize(r.data());
      }
    }
  }
  set_rate(state, g);
}

#ifdef EYRIE_HAVE_DNNL
// oneDNN direct convolution, NHWC activations, weights in oneDNN's preferred blocked layout
// (reordered once, outside the timing), forward inference. int8: u8 activations (non-negative
// post-ReLU) x s8 weights -> s32.
void bench_onednn(benchmark::State& state, const LayerDef* def, bool int8) {
  using namespace dnnl;
  omp_set_num_threads(threads());
  const Prepared& d = prepared(*def);
  const ConvGeometry& g = d.g;
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  const memory::data_type src_t = int8 ? memory::data_type::u8 : memory::data_type::f32;
  const memory::data_type wei_t = int8 ? memory::data_type::s8 : memory::data_type::f32;
  const memory::data_type dst_t = int8 ? memory::data_type::s32 : memory::data_type::f32;
  const memory::dims src_dims = {g.N, g.C, g.H, g.W}, wei_dims = {g.M, g.C, g.R, g.S}, dst_dims = {g.N, g.M, g.H, g.W};
  const memory::desc src_md(src_dims, src_t, memory::format_tag::nhwc);
  const memory::desc wei_any(wei_dims, wei_t, memory::format_tag::any);
  const memory::desc dst_md(dst_dims, dst_t, memory::format_tag::nhwc);
  const memory::dims strides = {1, 1}, pad_l = {g.pad_top, g.pad_left},
                     pad_r = {g.R - 1 - g.pad_top, g.S - 1 - g.pad_left};
  const convolution_forward::desc cd(prop_kind::forward_inference, algorithm::convolution_direct, src_md, wei_any,
                                     dst_md, strides, pad_l, pad_r);
  const convolution_forward::primitive_desc pd(cd, eng);
  // Weights given as OHWI (the exam's KH,KW,OC,IC transposed once), reordered to oneDNN's layout.
  const memory::desc wei_user(wei_dims, wei_t, memory::format_tag::ohwi);
  memory wu(wei_user, eng), wk(pd.weights_desc(), eng), src(src_md, eng), dst(dst_md, eng);
  for (std::int64_t m = 0; m < g.M; ++m)
    for (std::int64_t r = 0; r < g.R; ++r)
      for (std::int64_t sc = 0; sc < g.S; ++sc)
        for (std::int64_t c = 0; c < g.C; ++c) {
          const std::size_t o = static_cast<std::size_t>(((m * g.R + r) * g.S + sc) * g.C + c);
          const std::int64_t k = g.kernel_index(r, sc, m, c);
          if (int8) static_cast<std::int8_t*>(wu.get_data_handle())[o] = static_cast<std::int8_t>(d.w.at(Precision::Int8).q[k]);
          else static_cast<float*>(wu.get_data_handle())[o] = d.t.kernel.values[k];
        }
  for (std::size_t i = 0; i < d.t.input.values.size(); ++i) {
    if (int8) static_cast<std::uint8_t*>(src.get_data_handle())[i] = static_cast<std::uint8_t>(d.in.at(Precision::Int8).q[i]);
    else static_cast<float*>(src.get_data_handle())[i] = d.t.input.values[i];
  }
  reorder(wu, wk).execute(s, wu, wk);
  s.wait();
  convolution_forward conv(pd);
  for (auto _ : state) {
    conv.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wk}, {DNNL_ARG_DST, dst}});
    s.wait();
  }
  set_rate(state, g);
  state.SetLabel(pd.impl_info_str());
}
#endif

int register_all() {
  for (const LayerDef& def : kLayers) {
    for (Precision p : {Precision::Fp32, Precision::Int32, Precision::Int16, Precision::Int8, Precision::Ternary}) {
      const std::string base = std::string(def.name) + "/" + to_string(p);
      // Scalar runs are slow (one thread, no vectors): few iterations.
      benchmark::RegisterBenchmark((base + "/scalar").c_str(), bench_eyrie, &def, p, false)
          ->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
      benchmark::RegisterBenchmark((base + "/avx2").c_str(), bench_eyrie, &def, p, true)
          ->Unit(benchmark::kMillisecond)->MinTime(0.5)->UseRealTime();
    }
#ifdef EYRIE_HAVE_DNNL
    benchmark::RegisterBenchmark((std::string(def.name) + "/fp32/onednn").c_str(), bench_onednn, &def, false)
        ->Unit(benchmark::kMillisecond)->MinTime(0.5)->UseRealTime();
    benchmark::RegisterBenchmark((std::string(def.name) + "/int8/onednn").c_str(), bench_onednn, &def, true)
        ->Unit(benchmark::kMillisecond)->MinTime(0.5)->UseRealTime();
#endif
  }
  return 0;
}

const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
