#pragma once
// SystemC modules of the timed engine (private to sim/timing). One simulated time unit, 1 ns,
// stands for one clock cycle.
#include <systemc>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "sim/timing/sc_engine.h"

namespace eyrie::timing {

inline sc_core::sc_time cycles(std::int64_t n) { return sc_core::sc_time(static_cast<double>(n), sc_core::SC_NS); }
inline std::int64_t to_cycles(const sc_core::sc_time& t) {
  return static_cast<std::int64_t>(t.to_seconds() * 1e9 + 0.5);
}

// One holder at a time, granted in request order: a thread that releases and asks again queues
// behind the threads already waiting, so contending transfers interleave per chunk.
class Arbiter {
 public:
  void acquire();
  void release();

 private:
  bool m_held = false;
  std::deque<sc_core::sc_event*> m_waiting;
};

// A port that moves words at a rate: the DRAM channel (with a latency per request), a global
// buffer port, the array's network. A transfer is granted a chunk at a time (`chunk_words`),
// so transfers from several threads share the port; a chunk of n words takes
// ceil((sent + n) / rate) - ceil(sent / rate) cycles within its transfer, so a transfer costs
// ceil(words / rate) however it is split.
class Port : public sc_core::sc_module {
 public:
  sc_core::sc_signal<bool> busy{"busy"};  // for the waveform
  SC_HAS_PROCESS(Port);
  explicit Port(sc_core::sc_module_name name) : sc_module(name) {
    // Several threads take turns on the port, sometimes within one delta cycle; one method
    // drives the signal so it has a single writer.
    SC_METHOD(show_busy);
    sensitive << m_changed;
    dont_initialize();
  }
  // `also`: a second resource every chunk holds at the same time (the buffer's banks, shared
  // by its read and write ports); the chunk moves at the slower of the two rates.
  void configure(double words_per_cycle, std::int64_t chunk_words, std::int64_t latency_cycles, Port* also = nullptr) {
    m_words_per_cycle = words_per_cycle;
    m_chunk = std::max<std::int64_t>(1, chunk_words);
    m_latency = latency_cycles;
    m_also = also;
    m_busy_cycles = 0;
  }
  // Blocks the calling thread for the transfer; `after_chunk(n)` runs (port released) after
  // each chunk of n words has arrived.
  void transfer(std::int64_t words, const std::function<void(std::int64_t)>& after_chunk = {});
  std::int64_t busy_cycles() const { return m_busy_cycles; }
  // The busy signal is driven only for a waveform: it costs two events per chunk.
  void traced() { m_traced = true; }

 private:
  void show_busy() { busy.write(m_active); }
  bool m_traced = false;
  Arbiter m_arbiter;
  sc_core::sc_event m_changed;
  bool m_active = false;
  double m_words_per_cycle = 1;
  std::int64_t m_chunk = 64, m_latency = 0, m_busy_cycles = 0;
  Port* m_also = nullptr;
};

// The accelerator: a loader brings each tile's words from DRAM and a filler writes them into
// the global buffer (its write port, or its one port when shared); the array takes one filled
// slot per tile and runs the tile's compute and drains while three streams move its words:
// buffer reads (read port), psum updates (write port, shared with the filler) and the
// network's words per operand (with passes timed, the first pass's share before the PEs start);
// a writer drains outputs to DRAM. Slots are sc_fifo tokens.
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
  void loader();
  void filler();
  void array();
  void reader();
  void updater();
  void network();
  void writer();
  void wait_for_job(std::uint64_t& seen);
  std::int64_t busy_until_now() const;  // the array's busy cycles so far, the tile in hand included
  void reset_slots(sc_core::sc_fifo<int>& free_slots);

  Port m_dram{"dram"};
  Port m_glb_read{"glb_read"}, m_glb_write{"glb_write"}, m_noc{"noc"};
  Port m_glb_banks{"glb_banks"};  // one block per bank per cycle, reads and writes together
  Port* m_write_port = &m_glb_write;  // the read port when the buffer has one shared port
  sc_core::sc_fifo<int> m_free_in{"free_in", 2}, m_full_in{"full_in", 2};
  sc_core::sc_fifo<int> m_free_out{"free_out", 2}, m_full_out{"full_out", 2};
  // Words DRAM delivered for the buffer (>= 0), or the end of a tile's fill (-1 - slot).
  sc_core::sc_fifo<std::int64_t> m_fills{"fills", 2};
  sc_core::sc_fifo<int> m_go_read{"go_read", 1}, m_go_update{"go_update", 1}, m_go_noc{"go_noc", 1};
  sc_core::sc_fifo<int> m_streams_done{"streams_done", 3};
  sc_core::sc_signal<bool> m_array_busy{"array_busy"};
  sc_core::sc_signal<int> m_tile{"tile"};
  sc_core::sc_event m_job_posted;
  std::uint64_t m_generation = 0;

  std::vector<LayerSchedule> m_layers;
  TilePhase m_current;  // the tile the array works on, for its streams
  // What travels with a slot: the tile the loader filled it with (in), the words the array
  // left for the writer to write back (out).
  std::array<TilePhase, 2> m_in_tiles{};
  std::array<std::int64_t, 2> m_out_words{};
  // Passes as timed transfers (TimingParams::passes_timed): the first pass's operands have
  // come (buffer reads, network words), and when the last pass's operands came.
  bool pipelined(const TilePhase& t) const { return m_params.passes_timed && t.passes > 1; }
  bool m_first_reads = false, m_first_noc = false;
  sc_core::sc_event m_first_delivered;
  sc_core::sc_time m_reads_done_at, m_operands_done_at;
  TimingParams m_params;
  sc_core::sc_time m_start;
  sc_core::sc_time m_last_end;
  std::int64_t m_busy_at_last_end = 0;
  bool m_holding = false;  // the array holds a tile
  sc_core::sc_time m_holding_since;
  TimedRun m_result;
};

}  // namespace eyrie::timing
