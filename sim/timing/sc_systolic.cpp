#include "sim/timing/sc_systolic.h"

#include <algorithm>
#include <memory>
#include <systemc>

#include "sim/core/error.h"
#include "sim/systolic/fold_schedule.h"
#include "sim/systolic/scratchpad.h"
#include "sim/systolic/systolic_sim.h"

namespace eyrie {

namespace {

using namespace systolic;

// A scratchpad seen from the array: the cycle a demand row is served in.
struct ScratchpadIf : virtual sc_core::sc_interface {
  virtual std::int64_t serve(std::int64_t cycle, const std::int64_t* addr, std::size_t n) = 0;
  virtual DramActivity finish(std::int64_t last_cycle) = 0;
};

class ReadPort : public sc_core::sc_module, public ScratchpadIf {
 public:
  explicit ReadPort(sc_core::sc_module_name name) : sc_core::sc_module(name) {}
  void load(const GemmLayer& l, const FoldGrid& g, const SystolicArch& a, Operand op) {
    buf_ = std::make_unique<ReadScratchpad>(l, g, a, op);
  }
  std::int64_t serve(std::int64_t cycle, const std::int64_t* addr, std::size_t n) override {
    return buf_->service(cycle, addr, n);
  }
  DramActivity finish(std::int64_t) override { return buf_->finish(); }

 private:
  std::unique_ptr<ReadScratchpad> buf_;
};

class WritePort : public sc_core::sc_module, public ScratchpadIf {
 public:
  explicit WritePort(sc_core::sc_module_name name) : sc_core::sc_module(name) {}
  void load(const SystolicArch& a) { buf_ = std::make_unique<WriteBuffer>(ofmap_scratchpad(a)); }
  std::int64_t serve(std::int64_t cycle, const std::int64_t*, std::size_t n) override { return buf_->service(cycle, n); }
  DramActivity finish(std::int64_t last_cycle) override { return buf_->finish(last_cycle); }

 private:
  std::unique_ptr<WriteBuffer> buf_;
};

// The PE array: its dataflow's skewed schedule, one demand row per cycle per edge. A row that
// a scratchpad serves late holds the whole array (it is one pipeline).
class SystolicArray : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(SystolicArray);
  sc_core::sc_port<ScratchpadIf> ifmap, filter, ofmap;

  explicit SystolicArray(sc_core::sc_module_name name) : sc_core::sc_module(name) { SC_THREAD(run); }

  struct Job {
    const GemmLayer* layer = nullptr;
    const FoldGrid* grid = nullptr;
    SystolicTimedLayer result;
  };
  void submit(Job* job) {
    job_ = job;
    start_.notify(sc_core::SC_ZERO_TIME);
  }

 private:
  void run() {
    const sc_core::sc_time cycle_time(1, sc_core::SC_NS);
    for (;;) {
      sc_core::wait(start_);
      Job& j = *job_;
      const FoldGrid& g = *j.grid;
      FoldReplayRows demand(*j.layer, g);
      const sc_core::sc_time t0 = sc_core::sc_time_stamp();
      std::int64_t row = 0, stall = 0, last_out = 0;
      for (std::int64_t fc = 0; fc < g.col_folds; ++fc) {
        for (std::int64_t fr = 0; fr < g.row_folds; ++fr) {
          const std::int64_t fold_start = row + stall;
          for (std::int64_t t = 0; t < g.fold_cycles; ++t, ++row) {
            const std::int64_t now = row + stall;
            const FoldReplayRows::CycleDemand d = demand.at(fr, fc, t);
            const std::int64_t late[3] = {ifmap->serve(now, d.ifmap, d.ifmap_words) - now - 1,
                                          filter->serve(now, d.filter, d.filter_words) - now - 1,
                                          (last_out = ofmap->serve(now, nullptr, d.ofmap_words)) - now};
            const int worst = static_cast<int>(std::max_element(late, late + 3) - late);
            if (late[worst] > 0) {
              j.result.stalls_by[static_cast<std::size_t>(worst)] += late[worst];
              stall += late[worst];
            }
          }
          // The fold's cycles, stalls included, pass on the SystemC clock.
          sc_core::wait(cycle_time * static_cast<double>(row + stall - fold_start));
        }
      }
      const DramActivity d[3] = {ifmap->finish(last_out), filter->finish(last_out), ofmap->finish(last_out)};
      for (int op = 0; op < 3; ++op) j.result.dram_words[static_cast<std::size_t>(op)] = d[op].words;
      // The clock stands one cycle past the last row; SCALE-Sim reports that row's cycle.
      // (It would leave out a read stall of the very last row, which holds only ofmap words.)
      j.result.cycles = static_cast<std::int64_t>((sc_core::sc_time_stamp() - t0) / cycle_time) - 1;
      j.result.stall_cycles = stall;
    }
  }

  Job* job_ = nullptr;
  sc_core::sc_event start_;
};

struct SystolicTop {
  SystolicArray* array;
  ReadPort* ifmap;
  ReadPort* filter;
  WritePort* ofmap;
};

SystolicTop& top() {
  static SystolicTop t = [] {
    if (sc_core::sc_is_running() || sc_core::sc_get_status() != sc_core::SC_ELABORATION)
      throw Error("--engine systemc: SystemC already ran another engine in this process");
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    SystolicTop fresh{new SystolicArray("systolic_array"), new ReadPort("ifmap_sram"), new ReadPort("filter_sram"),
                      new WritePort("ofmap_sram")};
    fresh.array->ifmap(*fresh.ifmap);
    fresh.array->filter(*fresh.filter);
    fresh.array->ofmap(*fresh.ofmap);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaborate; the array process waits for its first job
    return fresh;
  }();
  return t;
}

}  // namespace

std::vector<SystolicTimedLayer> simulate_systolic_timed(const Network& net, const SystolicArch& a) {
  SystolicTop& t = top();
  std::vector<SystolicTimedLayer> out;
  for (const NetworkGemm& n : network_gemms(net)) {
    if (n.group > 0) {  // the groups of a layer are alike (see simulate_network)
      out.push_back(out.back());
      out.back().name = n.gemm.name;
      continue;
    }
    const GemmLayer& l = n.gemm;
    const FoldGrid g = fold_grid(l, a.dataflow, a.rows, a.cols);
    t.ifmap->load(l, g, a, Operand::Ifmap);
    t.filter->load(l, g, a, Operand::Filter);
    t.ofmap->load(a);
    SystolicArray::Job job;
    job.layer = &l;
    job.grid = &g;
    job.result.name = l.name;
    t.array->submit(&job);
    sc_core::sc_start();  // returns when the array waits for the next layer
    out.push_back(job.result);
  }
  return out;
}

}  // namespace eyrie
