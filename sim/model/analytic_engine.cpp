#include "sim/model/analytic_engine.h"

#include <algorithm>
#include <cmath>

namespace eyrie {

const char* to_string(Bound b) {
  switch (b) {
    case Bound::Compute: return "compute";
    case Bound::Noc: return "noc";
    case Bound::GlobalBuffer: return "global_buffer";
    case Bound::Dram: return "dram";
  }
  return "?";
}

AnalyticEngine::AnalyticEngine(const ArchSpec& arch, const EnergyTable& table) : m_arch(arch), m_energy(arch, table) {}

namespace {
std::int64_t cycles_for(std::int64_t words, double per_cycle) {
  if (per_cycle <= 0 || words <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(words) / per_cycle - 1e-9));
}
}  // namespace

Performance AnalyticEngine::performance(const AccessCounts& c) const {
  Performance p;
  p.compute_cycles = c.compute_cycles;
  std::int64_t noc = 0, glb_r = 0, glb_w = 0, dram = 0;
  for (Operand op : kOperands) {
    noc += c.noc_buffer_words[op];
    const auto& g = c.at(MapLevel::GlobalBuffer)[op];
    glb_r += g.reads;
    glb_w += g.fills + g.updates;
    dram += c.at(MapLevel::Dram)[op].total();
  }
  p.noc_cycles = cycles_for(noc, m_arch.noc.words_per_cycle);
  p.glb_cycles = std::max(cycles_for(glb_r, m_arch.global_buffer.read_words_per_cycle),
                          cycles_for(glb_w, m_arch.global_buffer.write_words_per_cycle));
  const double dram_words_per_cycle = m_arch.dram_bytes_per_cycle() / static_cast<double>(m_arch.word_bytes());
  p.dram_cycles = cycles_for(dram, dram_words_per_cycle);
  p.cycles = p.compute_cycles;
  p.bound = Bound::Compute;
  // Ties go to the inner resource: a level is the bound only when it strictly exceeds.
  if (p.noc_cycles > p.cycles) { p.cycles = p.noc_cycles; p.bound = Bound::Noc; }
  if (p.glb_cycles > p.cycles) { p.cycles = p.glb_cycles; p.bound = Bound::GlobalBuffer; }
  if (p.dram_cycles > p.cycles) { p.cycles = p.dram_cycles; p.bound = Bound::Dram; }
  return p;
}

namespace {
Roofline roofline(double macs, double bytes, double min_bytes, double peak, double bw, double seconds) {
  Roofline r;
  r.peak_macs_per_s = peak;
  r.bandwidth_bytes_per_s = bw;
  r.oi_macs_per_byte = bytes > 0 ? macs / bytes : 0;
  r.oi_min_macs_per_byte = min_bytes > 0 ? macs / min_bytes : 0;
  const double memory = bytes > 0 ? r.oi_macs_per_byte * bw : peak;
  r.memory_bound = memory < peak;
  r.bound_macs_per_s = std::min(peak, memory);
  r.achieved_macs_per_s = seconds > 0 ? macs / seconds : 0;
  return r;
}
}  // namespace

void AnalyticEngine::derive(LayerResult& r, const LayerShape* shape) const {
  const double word_bytes = static_cast<double>(m_arch.word_bytes());
  std::int64_t dram_words = 0, glb_words = 0;
  for (Operand op : kOperands) {
    dram_words += r.counts.at(MapLevel::Dram)[op].total();
    glb_words += r.counts.at(MapLevel::GlobalBuffer)[op].total();
  }
  r.dram_bytes = dram_words * m_arch.word_bytes();
  r.glb_bytes = glb_words * m_arch.word_bytes();
  r.utilization = r.perf.cycles > 0 ? static_cast<double>(r.macs) / (static_cast<double>(r.perf.cycles) * m_arch.pe_array.pes()) : 0;
  const double seconds = static_cast<double>(r.perf.cycles) / (m_arch.clock_mhz * 1e6);
  double min_bytes = r.dram_roofline.oi_min_macs_per_byte > 0 ? static_cast<double>(r.macs) / r.dram_roofline.oi_min_macs_per_byte : 0;
  if (shape) {
    const auto t = shape->tensor_words();
    min_bytes = static_cast<double>(t.weights + t.inputs + t.outputs) * word_bytes;
  }
  const double peak = m_arch.peak_macs_per_s();
  const double clock_hz = m_arch.clock_mhz * 1e6;
  r.dram_roofline = roofline(static_cast<double>(r.macs), static_cast<double>(r.dram_bytes), min_bytes, peak,
                             m_arch.dram.bandwidth_gb_per_s * 1e9, seconds);
  const double glb_bw = (m_arch.global_buffer.read_words_per_cycle + m_arch.global_buffer.write_words_per_cycle) * word_bytes * clock_hz;
  r.glb_roofline = roofline(static_cast<double>(r.macs), static_cast<double>(r.glb_bytes), min_bytes, peak, glb_bw, seconds);
}

LayerResult AnalyticEngine::evaluate(const std::string& name, const LayerShape& shape, const Mapping& m) const {
  LayerResult r;
  r.name = name;
  r.mapping = m;
  r.counts = count_accesses(m, shape);
  r.macs = r.counts.macs;
  r.perf = performance(r.counts);
  r.energy = m_energy.evaluate(r.counts);
  derive(r, &shape);
  return r;
}

void AnalyticEngine::finish_total(NetworkResult& n) const {
  LayerResult t;
  t.name = "total";
  double min_bytes = 0;
  for (const auto& l : n.layers) {
    t.macs += l.macs;
    t.counts.macs += l.counts.macs;
    t.counts.compute_cycles += l.counts.compute_cycles;
    for (int lv = 0; lv < kMapLevels; ++lv)
      for (Operand op : kOperands) {
        t.counts.levels[lv][op].reads += l.counts.levels[lv][op].reads;
        t.counts.levels[lv][op].fills += l.counts.levels[lv][op].fills;
        t.counts.levels[lv][op].updates += l.counts.levels[lv][op].updates;
      }
    for (Operand op : kOperands) {
      t.counts.noc_pe_words[op] += l.counts.noc_pe_words[op];
      t.counts.noc_buffer_words[op] += l.counts.noc_buffer_words[op];
    }
    t.perf.compute_cycles += l.perf.compute_cycles;
    t.perf.noc_cycles += l.perf.noc_cycles;
    t.perf.glb_cycles += l.perf.glb_cycles;
    t.perf.dram_cycles += l.perf.dram_cycles;
    t.perf.cycles += l.perf.cycles;
    t.energy.mac += l.energy.mac;
    for (int i = 0; i < kEnergyLevelCount; ++i)
      for (Operand op : kOperands) t.energy.by_level[i][op] += l.energy.by_level[i][op];
    t.mappings_evaluated += l.mappings_evaluated;
    if (l.dram_roofline.oi_min_macs_per_byte > 0) min_bytes += static_cast<double>(l.macs) / l.dram_roofline.oi_min_macs_per_byte;
  }
  // The network's bound: the level whose summed cycles stall compute the most.
  t.perf.bound = Bound::Compute;
  std::int64_t worst = 0;
  for (const auto& l : n.layers)
    if (l.perf.bound != Bound::Compute) worst = std::max(worst, l.perf.stall_cycles());
  if (worst > 0) {
    std::int64_t by[4] = {0, 0, 0, 0};
    for (const auto& l : n.layers) by[static_cast<int>(l.perf.bound)] += l.perf.stall_cycles();
    int best = 1;
    for (int b = 2; b < 4; ++b)
      if (by[b] > by[best]) best = b;
    t.perf.bound = static_cast<Bound>(best);
  }
  t.dram_roofline.oi_min_macs_per_byte = min_bytes > 0 ? static_cast<double>(t.macs) / min_bytes : 0;
  derive(t, nullptr);
  n.total = t;
}

}  // namespace eyrie
