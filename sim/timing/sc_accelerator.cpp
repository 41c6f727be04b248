#include "sim/timing/sc_accelerator.h"

#include <cmath>

namespace eyrie::timing {

using sc_core::sc_time_stamp;
using sc_core::wait;

void Arbiter::acquire() {
  if (!m_held) {
    m_held = true;
    return;
  }
  sc_core::sc_event granted;
  m_waiting.push_back(&granted);
  wait(granted);  // release() handed the port over: m_held stays true
}

void Arbiter::release() {
  if (m_waiting.empty()) {
    m_held = false;
    return;
  }
  sc_core::sc_event* next = m_waiting.front();
  m_waiting.pop_front();
  next->notify(sc_core::SC_ZERO_TIME);
}

void Port::transfer(std::int64_t words, const std::function<void(std::int64_t)>& after_chunk) {
  if (words <= 0) return;
  const double rate = m_also ? std::min(m_words_per_cycle, m_also->m_words_per_cycle) : m_words_per_cycle;
  auto done_by = [&](std::int64_t sent) { return static_cast<std::int64_t>(std::ceil(static_cast<double>(sent) / rate - 1e-9)); };
  for (std::int64_t sent = 0; sent < words;) {
    const std::int64_t next = std::min(words, sent + m_chunk);
    const std::int64_t n = done_by(next) - done_by(sent);
    m_arbiter.acquire();
    if (m_also) m_also->m_arbiter.acquire();  // always port first, then banks: no deadlock
    // Each chunk is a request: the port is held for its latency, then its data (one
    // outstanding request; no pipelining of requests).
    if (m_latency > 0) wait(cycles(m_latency));
    m_active = true;
    if (m_traced) m_changed.notify(sc_core::SC_ZERO_TIME);
    if (n > 0) wait(cycles(n));
    m_active = false;
    if (m_traced) m_changed.notify(sc_core::SC_ZERO_TIME);
    m_busy_cycles += n;
    if (m_also) m_also->m_busy_cycles += n, m_also->m_arbiter.release();
    m_arbiter.release();
    if (after_chunk) after_chunk(next - sent);
    sent = next;
  }
}

namespace {
// A pass's share of a tile's words, rounded up: the first pass's delivery.
std::int64_t first_pass_share(std::int64_t words, std::int64_t passes) { return (words + passes - 1) / passes; }
}  // namespace

Accelerator::Accelerator(sc_core::sc_module_name name) : sc_module(name) {
  SC_THREAD(loader);
  SC_THREAD(filler);
  SC_THREAD(array);
  SC_THREAD(reader);
  SC_THREAD(updater);
  SC_THREAD(network);
  SC_THREAD(writer);
}

void Accelerator::trace(sc_core::sc_trace_file* tf) {
  for (Port* p : {&m_dram, &m_glb_read, &m_glb_write, &m_noc}) p->traced();
  sc_core::sc_trace(tf, m_dram.busy, "dram_busy");
  sc_core::sc_trace(tf, m_glb_read.busy, "glb_read_busy");
  sc_core::sc_trace(tf, m_glb_write.busy, "glb_write_busy");
  sc_core::sc_trace(tf, m_noc.busy, "noc_busy");
  sc_core::sc_trace(tf, m_array_busy, "array_busy");
  sc_core::sc_trace(tf, m_tile, "tile");
}

void Accelerator::submit(const std::vector<LayerSchedule>& layers, const TimingParams& params) {
  m_layers = layers;
  m_params = params;
  // A port used by one thread moves a transfer in one grant; a contended one per burst.
  constexpr std::int64_t kWhole = std::int64_t{1} << 62;
  m_dram.configure(params.dram_words_per_cycle, params.burst_words, params.dram_latency_cycles);
  // The banks bind only where they are slower than the ports that share them; then every
  // buffer transfer holds them too, a burst at a time.
  const double port_words = params.glb_read_words_per_cycle + (params.glb_shared_port ? 0 : params.glb_write_words_per_cycle);
  const bool banks_bind = params.glb_bank_words_per_cycle < port_words;
  m_glb_banks.configure(params.glb_bank_words_per_cycle, params.burst_words, 0);
  Port* banks = banks_bind ? &m_glb_banks : nullptr;
  m_glb_read.configure(params.glb_read_words_per_cycle, params.glb_shared_port || banks_bind ? params.burst_words : kWhole, 0, banks);
  m_glb_write.configure(params.glb_write_words_per_cycle, params.burst_words, 0, banks);
  m_noc.configure(params.noc_words_per_cycle, kWhole, 0);
  m_write_port = params.glb_shared_port ? &m_glb_read : &m_glb_write;
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
    for (const LayerSchedule& layer : m_layers)
      for (std::int64_t i = 0; i < layer.size(); ++i) {
        const int slot = m_free_in.read();
        // Each tile is generated once: its phase travels with its slot to the array.
        TilePhase& tile = m_in_tiles[slot];
        tile = layer.tile(i);
        // The tile's buffer words come first in its DRAM stream, then the words of operands
        // the buffer does not keep (they go to the array, not through the buffer's ports).
        std::int64_t to_buffer = tile.glb_fill_words;
        m_dram.transfer(tile.dram_read_words, [&](std::int64_t n) {
          const std::int64_t mine = std::min(n, to_buffer);
          to_buffer -= mine;
          if (mine > 0) m_fills.write(mine);
        });
        m_fills.write(-1 - slot);
      }
  }
}

void Accelerator::filler() {
  for (;;) {
    const std::int64_t v = m_fills.read();
    if (v >= 0) m_write_port->transfer(v);
    else m_full_in.write(static_cast<int>(-1 - v));
  }
}

void Accelerator::reader() {
  for (;;) {
    m_go_read.read();
    if (pipelined(m_current)) {
      const std::int64_t first = first_pass_share(m_current.glb_read_words, m_current.passes);
      m_glb_read.transfer(first);
      m_first_reads = true;
      m_first_delivered.notify(sc_core::SC_ZERO_TIME);
      m_glb_read.transfer(m_current.glb_read_words - first);
    } else {
      m_glb_read.transfer(m_current.glb_read_words);
    }
    m_reads_done_at = sc_time_stamp();
    m_streams_done.write(0);
  }
}

void Accelerator::updater() {
  for (;;) {
    m_go_update.read();
    m_write_port->transfer(m_current.glb_write_words);
    m_streams_done.write(1);
  }
}

void Accelerator::network() {
  for (;;) {
    m_go_noc.read();
    // One transfer per operand; a multicast word is one transfer whatever it reaches. Passes
    // as timed transfers: the weights and inputs pass by pass (the first pass's share, then
    // the rest), then the psums.
    if (pipelined(m_current)) {
      const std::int64_t operands = m_current.noc_words.weights + m_current.noc_words.inputs;
      const std::int64_t first = first_pass_share(operands, m_current.passes);
      m_noc.transfer(first);
      m_first_noc = true;
      m_first_delivered.notify(sc_core::SC_ZERO_TIME);
      m_noc.transfer(operands - first);
      m_operands_done_at = sc_time_stamp();
      m_noc.transfer(m_current.noc_words.outputs);
    } else {
      for (Operand op : kOperands) m_noc.transfer(m_current.noc_words[op]);
    }
    m_streams_done.write(2);
  }
}

void Accelerator::array() {
  std::uint64_t seen = 0;
  for (;;) {
    wait_for_job(seen);
    reset_slots(m_free_out);
    int index = 0;
    for (std::size_t l = 0; l < m_layers.size(); ++l)
      for (std::int64_t i = 0; i < m_layers[l].size(); ++i) {
        const int in_slot = m_full_in.read();
        const int out_slot = m_free_out.read();
        m_current = m_in_tiles[in_slot];
        const sc_core::sc_time begin = sc_time_stamp();
        m_holding = true;
        m_holding_since = begin;
        m_tile.write(index++);
        m_array_busy.write(true);
        const bool passes = pipelined(m_current);
        m_first_reads = m_first_noc = false;
        m_go_read.write(0);
        m_go_update.write(0);
        m_go_noc.write(0);
        // The PEs compute, draining between passes whose outputs differ, while the streams
        // move the tile's words; the tile ends when all have finished. Passes as timed
        // transfers: the first pass starts when its operands have come, and the last pass
        // (its compute and drain) ends no earlier than one pass after the last operands came.
        if (passes)
          while (!(m_first_reads && m_first_noc)) wait(m_first_delivered);
        const std::int64_t work = m_current.compute_cycles + m_current.fill_drain_cycles;
        wait(cycles(work));
        for (int s = 0; s < 3; ++s) m_streams_done.read();
        if (passes) {
          const sc_core::sc_time last = std::max(m_reads_done_at, m_operands_done_at) +
                                        cycles((work + m_current.passes - 1) / m_current.passes);
          if (last > sc_time_stamp()) wait(last - sc_time_stamp());
        }
        m_array_busy.write(false);
        const std::int64_t busy = to_cycles(sc_time_stamp() - begin);
        m_holding = false;
        m_result.array_busy_cycles += busy;
        m_result.layers[l].macs += m_current.macs;
        m_free_in.write(in_slot);
        m_out_words[out_slot] = m_current.dram_write_words;
        m_full_out.write(out_slot);
      }
  }
}

std::int64_t Accelerator::busy_until_now() const {
  return m_result.array_busy_cycles + (m_holding ? to_cycles(sc_time_stamp() - m_holding_since) : 0);
}

void Accelerator::writer() {
  std::uint64_t seen = 0;
  for (;;) {
    wait_for_job(seen);
    m_busy_at_last_end = 0;
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
      for (std::int64_t i = 0; i < m_layers[l].size(); ++i) {
        const int slot = m_full_out.read();
        m_dram.transfer(m_out_words[slot]);
        m_free_out.write(slot);
      }
      // The layer's window runs from the previous layer's last write-back to its own; the
      // array's busy time inside it counts whichever layer's tiles it held.
      const std::int64_t busy_now = busy_until_now();
      m_result.layers[l].cycles = to_cycles(sc_time_stamp() - m_last_end);
      m_result.layers[l].array_busy_cycles = busy_now - m_busy_at_last_end;
      m_last_end = sc_time_stamp();
      m_busy_at_last_end = busy_now;
    }
    m_result.cycles = to_cycles(m_last_end - m_start);
    m_result.stall_cycles = m_result.cycles - m_result.array_busy_cycles;
    m_result.dram_busy_cycles = m_dram.busy_cycles();
  }
}

}  // namespace eyrie::timing
