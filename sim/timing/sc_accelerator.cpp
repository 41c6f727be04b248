#include "sim/timing/sc_accelerator.h"

#include <algorithm>
#include <cmath>

namespace eyrie::timing {

using sc_core::sc_time_stamp;
using sc_core::wait;

void DramChannel::transfer(std::int64_t words) {
  if (words <= 0) return;
  const double bw = m_params.dram_words_per_cycle;
  const std::int64_t burst = std::max<std::int64_t>(1, m_params.burst_words);
  auto done_by = [&](std::int64_t sent) { return static_cast<std::int64_t>(std::ceil(sent / bw - 1e-9)); };
  for (std::int64_t sent = 0; sent < words;) {
    const std::int64_t next = std::min(words, sent + burst);
    const std::int64_t n = done_by(next) - done_by(sent);
    m_channel.lock();
    // Each burst is a request: the channel is held for its latency, then its data
    // (one outstanding burst; no pipelining of requests).
    if (m_params.dram_latency_cycles > 0) wait(cycles(m_params.dram_latency_cycles));
    m_active = true;
    m_changed.notify(sc_core::SC_ZERO_TIME);
    wait(cycles(n));
    m_active = false;
    m_changed.notify(sc_core::SC_ZERO_TIME);
    m_busy_cycles += n;
    m_channel.unlock();
    sent = next;
  }
}

Accelerator::Accelerator(sc_core::sc_module_name name) : sc_module(name) {
  SC_THREAD(loader);
  SC_THREAD(array);
  SC_THREAD(writer);
}

void Accelerator::trace(sc_core::sc_trace_file* tf) {
  sc_core::sc_trace(tf, m_dram.busy, "dram_busy");
  sc_core::sc_trace(tf, m_array_busy, "array_busy");
  sc_core::sc_trace(tf, m_tile, "tile");
}

void Accelerator::submit(const std::vector<LayerSchedule>& layers, const TimingParams& params) {
  m_layers = layers;
  m_params = params;
  m_order.clear();
  for (std::size_t l = 0; l < layers.size(); ++l)
    for (std::size_t t = 0; t < layers[l].tiles.size(); ++t) m_order.push_back({l, t});
  m_dram.configure(params);
  m_result = TimedRun{};
  for (const auto& l : layers) m_result.layers.push_back(TimedLayer{l.name, 0, 0, 0});
  m_start = m_last_end = sc_time_stamp();
  ++m_generation;
  m_job_posted.notify(sc_core::SC_ZERO_TIME);
}

// A job is a generation number: a process waits until it changes, so a notification that came
// before the process reached its wait() is never lost.
void Accelerator::wait_for_job(std::uint64_t& seen) {
  while (m_generation == seen) wait(m_job_posted);
  seen = m_generation;
}

// The buffer slots of a job: two per direction when double buffered, else one. Each job
// starts with its own tokens; the last job's have all come home when sc_start() returned.
void Accelerator::reset_slots(sc_core::sc_fifo<int>& free_slots) {
  int token = 0;
  while (free_slots.nb_read(token)) {
  }
  const int slots = m_params.double_buffered ? 2 : 1;
  for (int i = 0; i < slots; ++i) free_slots.write(i);
}

void Accelerator::loader() {
  std::uint64_t seen = 0;
  for (;;) {
    wait_for_job(seen);
    reset_slots(m_free_in);
    for (const TileRef& r : m_order) {
      const int slot = m_free_in.read();
      m_dram.transfer(m_layers[r.layer].tiles[r.tile].dram_read_words);
      m_full_in.write(slot);
    }
  }
}

void Accelerator::array() {
  std::uint64_t seen = 0;
  for (;;) {
    wait_for_job(seen);
    reset_slots(m_free_out);
    int index = 0;
    for (const TileRef& r : m_order) {
      const int in_slot = m_full_in.read();
      const int out_slot = m_free_out.read();
      const TilePhase& tile = m_layers[r.layer].tiles[r.tile];
      const std::int64_t busy = array_cycles(tile, m_params);
      m_tile.write(index++);
      m_array_busy.write(true);
      wait(cycles(busy));
      m_array_busy.write(false);
      m_result.array_busy_cycles += busy;
      m_result.layers[r.layer].array_busy_cycles += busy;
      m_result.layers[r.layer].macs += tile.macs;
      m_free_in.write(in_slot);
      m_full_out.write(out_slot);
    }
  }
}

void Accelerator::writer() {
  std::uint64_t seen = 0;
  for (;;) {
    wait_for_job(seen);
    for (std::size_t i = 0; i < m_order.size(); ++i) {
      const TileRef& r = m_order[i];
      const int slot = m_full_out.read();
      m_dram.transfer(m_layers[r.layer].tiles[r.tile].dram_write_words);
      m_free_out.write(slot);
      const bool last_of_layer = i + 1 == m_order.size() || m_order[i + 1].layer != r.layer;
      if (last_of_layer) {
        m_result.layers[r.layer].cycles = to_cycles(sc_time_stamp() - m_last_end);
        m_last_end = sc_time_stamp();
      }
    }
    m_result.cycles = to_cycles(m_last_end - m_start);
    m_result.stall_cycles = m_result.cycles - m_result.array_busy_cycles;
    m_result.dram_busy_cycles = m_dram.busy_cycles();
  }
}

}  // namespace eyrie::timing
