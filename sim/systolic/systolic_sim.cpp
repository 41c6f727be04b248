#include "sim/systolic/systolic_sim.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"
#include "sim/systolic/fold_schedule.h"

namespace eyrie::systolic {

namespace {

// Python's sum() of floats since 3.12 (bltinmodule.c): Neumaier's compensated summation.
// scale-sim-v2's golden trace was regenerated with it ("numerical mismatch in python 3.12").
class PythonSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    comp_ += std::fabs(sum_) >= std::fabs(x) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
  }
  double value() const { return comp_ != 0 && std::isfinite(comp_) ? sum_ + comp_ : sum_; }

 private:
  double sum_ = 0, comp_ = 0;
};

// First and last cycle in which an operand's SRAM trace has a real (non-null) request.
struct SramSpan {
  bool seen = false;
  std::int64_t start = 0, stop = 0;
  void note(std::int64_t served_cycle) {
    if (!seen) start = served_cycle;
    seen = true;
    stop = served_cycle;
  }
};

}  // namespace

SystolicLayerResult simulate_layer(const GemmLayer& l, const SystolicArch& a, SramTraceSink* traces) {
  const FoldGrid g = fold_grid(l, a.dataflow, a.rows, a.cols);
  SystolicLayerResult r;
  r.name = l.name;
  r.macs = l.macs();
  r.folds = g.folds();
  r.fold_cycles = g.fold_cycles;

  ReadScratchpad ifmap(l, g, a, Operand::Ifmap);
  ReadScratchpad filter(l, g, a, Operand::Filter);
  WriteBuffer ofmap = ofmap_scratchpad(a);

  FoldReplayRows demand(l, g);
  const DemandRows dense(l, g);  // whole edges, for the SRAM traces only
  const std::int64_t offsets[3] = {a.ifmap_offset, a.filter_offset, a.ofmap_offset};
  std::vector<std::int64_t> edge(static_cast<std::size_t>(std::max(g.rows, g.cols)));
  SramSpan span[3];
  PythonSum mapping_sum, util_sum;
  std::int64_t row = 0, stall = 0, last_ofmap_cycle = 0;
  for (std::int64_t fc = 0; fc < g.col_folds; ++fc) {
    for (std::int64_t fr = 0; fr < g.row_folds; ++fr) {
      const std::int64_t used = g.used_rows(fr) * g.used_cols(fc);
      // Summed fold by fold in SCALE-Sim's order so the averages round as its floats do.
      mapping_sum.add(static_cast<double>(used) / static_cast<double>(g.rows * g.cols));
      util_sum.add(static_cast<double>(used * g.T) / static_cast<double>(g.rows * g.cols * utilization_cycles(g)));
      for (int op = 0; op < 3; ++op) r.sram_requests[op] += fold_sram_requests(g, static_cast<Operand>(op), fr, fc);
      for (std::int64_t t = 0; t < g.fold_cycles; ++t, ++row) {
        const std::int64_t cycle = row + stall;
        const FoldReplayRows::CycleDemand d = demand.at(fr, fc, t);
        const std::int64_t in_done = ifmap.service(cycle, d.ifmap, d.ifmap_words);
        const std::int64_t w_done = filter.service(cycle, d.filter, d.filter_words);
        const std::int64_t out_done = ofmap.service(cycle, d.ofmap_words);
        if (d.ifmap_words) span[0].note(in_done);
        if (d.filter_words) span[1].note(w_done);
        if (d.ofmap_words) span[2].note(out_done);
        if (traces) {
          const std::int64_t served[3] = {in_done, w_done, out_done};
          for (int op = 0; op < 3; ++op) {
            const std::size_t w = dense.row<true>(static_cast<Operand>(op), fr, fc, t, edge.data());
            for (std::size_t c = 0; c < w; ++c)
              if (edge[c] >= 0) edge[c] += offsets[op];
            traces->row(static_cast<Operand>(op), served[op], edge.data(), w);
          }
        }
        stall += std::max({in_done - cycle - 1, w_done - cycle - 1, out_done - cycle});
        last_ofmap_cycle = out_done;
      }
    }
  }
  r.dram[0] = ifmap.finish();
  r.dram[1] = filter.finish();
  r.dram[2] = ofmap.finish(last_ofmap_cycle);

  r.total_cycles = last_ofmap_cycle;
  r.stall_cycles = stall;
  const std::int64_t macs_units = a.rows * a.cols;
  r.overall_util_pct = static_cast<double>(l.ofmap_words() * l.window() * 100) / static_cast<double>(r.total_cycles * macs_units);
  const double n = static_cast<double>(g.folds());
  r.mapping_efficiency_pct = mapping_sum.value() / n * 100;
  r.compute_util_pct = util_sum.value() / n * 100;
  for (int op = 0; op < 3; ++op) {
    r.sram_start[op] = span[op].start;
    r.sram_stop[op] = span[op].stop;
    r.avg_sram_bw[op] = static_cast<double>(r.sram_requests[op]) / static_cast<double>(r.total_cycles);
    r.avg_dram_bw[op] = static_cast<double>(r.dram[op].words) /
                        static_cast<double>(r.dram[op].stop_cycle - r.dram[op].start_cycle + 1);
  }
  return r;
}

std::vector<NetworkGemm> network_gemms(const Network& net) {
  std::vector<NetworkGemm> out;
  for (const ConvLayer& layer : net.layers) {
    if (!layer.has_macs()) continue;
    std::int64_t groups = 1;
    const GemmLayer g = lower_to_gemm(layer, net.source, &groups);
    for (std::int64_t i = 0; i < groups; ++i) {
      NetworkGemm n{g, i, groups};
      if (groups > 1) n.gemm.name = layer.name + "/g" + std::to_string(i);
      out.push_back(n);
    }
  }
  return out;
}

std::vector<SystolicLayerResult> simulate_network(const Network& net, const SystolicArch& arch) {
  std::vector<SystolicLayerResult> out;
  for (const NetworkGemm& n : network_gemms(net)) {
    if (n.group == 0) {
      try {
        out.push_back(simulate_layer(n.gemm, arch));
      } catch (const Error& e) {  // a layer SCALE-Sim's replay cannot take: name the file
        throw Error(located(net.source, e.what()));
      }
    } else {
      out.push_back(out.back());
      out.back().name = n.gemm.name;
    }
  }
  return out;
}

}  // namespace eyrie::systolic
