#pragma once
// SystemC modules of the timed engine (private to sim/timing). One simulated time unit, 1 ns,
// stands for one clock cycle.
#include <systemc>

#include <cstdint>
#include <vector>

#include "sim/timing/sc_engine.h"

namespace eyrie::timing {

inline sc_core::sc_time cycles(std::int64_t n) { return sc_core::sc_time(static_cast<double>(n), sc_core::SC_NS); }
inline std::int64_t to_cycles(const sc_core::sc_time& t) {
  return static_cast<std::int64_t>(t.to_seconds() * 1e9 + 0.5);
}

// One DRAM channel shared by reads and writes, granted a burst at a time, so a write-back
// interleaves with the next tile's fill instead of waiting for all of it.
class DramChannel : public sc_core::sc_module {
 public:
  sc_core::sc_signal<bool> busy{"busy"};  // for the waveform
  SC_HAS_PROCESS(DramChannel);
  explicit DramChannel(sc_core::sc_module_name name) : sc_module(name) {
    // The loader and the writer take turns on the channel, sometimes within one delta cycle;
    // one method drives the signal so it has a single writer.
    SC_METHOD(show_busy);
    sensitive << m_changed;
    dont_initialize();
  }
  void configure(const TimingParams& p) {
    m_params = p;
    m_busy_cycles = 0;
  }
  // Blocks the calling thread for the transfer; cumulative rounding keeps the total at
  // ceil(words / bandwidth) whatever the burst split.
  void transfer(std::int64_t words);
  std::int64_t busy_cycles() const { return m_busy_cycles; }

 private:
  void show_busy() { busy.write(m_active); }
  sc_core::sc_mutex m_channel;
  sc_core::sc_event m_changed;
  bool m_active = false;
  TimingParams m_params;
  std::int64_t m_busy_cycles = 0;
};

// The accelerator: a loader fills buffer slots from DRAM, the array consumes one filled slot
// per tile, a writer drains outputs to DRAM. Slots are sc_fifo tokens.
class Accelerator : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Accelerator);
  explicit Accelerator(sc_core::sc_module_name name);

  // Host side, between sc_start() calls.
  void submit(const std::vector<LayerSchedule>& layers, const TimingParams& params);
  const TimedRun& result() const { return m_result; }
  void trace(sc_core::sc_trace_file* tf);
  using sc_core::sc_module::trace;  // keeps sc_object's const overload visible (clang -Woverloaded-virtual)

 private:
  struct TileRef {
    std::size_t layer;
    std::size_t tile;
  };
  void loader();
  void array();
  void writer();
  void wait_for_job(std::uint64_t& seen);
  void reset_slots(sc_core::sc_fifo<int>& free_slots);

  DramChannel m_dram{"dram"};
  sc_core::sc_fifo<int> m_free_in{"free_in", 2}, m_full_in{"full_in", 2};
  sc_core::sc_fifo<int> m_free_out{"free_out", 2}, m_full_out{"full_out", 2};
  sc_core::sc_signal<bool> m_array_busy{"array_busy"};
  sc_core::sc_signal<int> m_tile{"tile"};
  sc_core::sc_event m_job_posted;
  std::uint64_t m_generation = 0;

  std::vector<LayerSchedule> m_layers;
  std::vector<TileRef> m_order;
  TimingParams m_params;
  sc_core::sc_time m_start;
  sc_core::sc_time m_last_end;
  TimedRun m_result;
};

}  // namespace eyrie::timing
