#include "sim/timing/sc_engine.h"

#include <memory>

#include "sim/timing/sc_accelerator.h"

// libsystemc's own main() refers to sc_main. eyrie's programs have their own main() and drive
// the kernel with sc_start(), so this definition only satisfies the linker.
int sc_main(int, char**) { return 1; }

namespace eyrie {

namespace {

struct Kernel {
  timing::Accelerator* top = nullptr;
  sc_core::sc_trace_file* trace = nullptr;
};

// Built on first use and kept: SystemC cannot elaborate a second time in one process.
Kernel& kernel(const std::string& vcd_path) {
  static Kernel k = [&] {
    Kernel fresh;
    // eyrie owns stdout (tables, JSON): SystemC may speak only of warnings and errors.
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    fresh.top = new timing::Accelerator("accelerator");  // owned by the SystemC kernel
    if (!vcd_path.empty()) {
      std::string base = vcd_path;
      if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
      fresh.trace = sc_core::sc_create_vcd_trace_file(base.c_str());
      fresh.trace->set_time_unit(1, sc_core::SC_NS);
      fresh.top->trace(fresh.trace);
    }
    return fresh;
  }();
  return k;
}

}  // namespace

TimedRun simulate_timed(const std::vector<LayerSchedule>& layers, const TimingParams& params,
                        const std::string& vcd_path) {
  Kernel& k = kernel(vcd_path);
  k.top->submit(layers, params);
  sc_core::sc_start();  // returns when every process waits for the next job
  TimedRun run = k.top->result();
  if (k.trace) sc_core::sc_close_vcd_trace_file(k.trace), k.trace = nullptr;
  return run;
}

}  // namespace eyrie
