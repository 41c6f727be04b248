#include "sim/model/analytic_engine.h"

#include <algorithm>
#include <cmath>

#include "sim/core/checked.h"
#include "sim/core/error.h"

namespace eyrie {

const char* to_string(Bound b) {
  switch (b) {
    case Bound::Compute: return "compute";
    case Bound::Noc: return "noc";
    case Bound::GlobalBuffer: return "global_buffer";
    case Bound::Dram: return "dram";
    case Bound::RegisterFile: return "register_file";
  }
  return "?";
}

AnalyticEngine::AnalyticEngine(const ArchSpec& arch, const EnergyTable& table)
    : m_arch(arch), m_energy(arch, table), m_rules(eyrie::network_rules(arch)) {}

namespace {
// Saturates at kMaxCount instead of wrapping: a candidate that slow loses the search, and a
// chosen mapping that slow is refused by name in derive().
std::int64_t cycles_for(std::int64_t words, double per_cycle) {
  if (per_cycle <= 0 || words <= 0) return 0;
  const double c = std::ceil(static_cast<double>(words) / per_cycle - 1e-9);
  return c >= static_cast<double>(kMaxCount) ? kMaxCount : static_cast<std::int64_t>(c);
}
}  // namespace

namespace {
Bound bound_of(StorageLevel entry) {
  switch (entry) {
    case StorageLevel::RegisterFile: return Bound::RegisterFile;
    case StorageLevel::Dram: return Bound::Dram;
    case StorageLevel::Array: return Bound::Noc;
    case StorageLevel::GlobalBuffer: return Bound::GlobalBuffer;
  }
  return Bound::GlobalBuffer;
}
}  // namespace

Performance AnalyticEngine::performance(const AccessCounts& c) const {
  Performance p;
  p.compute_cycles = c.compute_cycles;
  p.cycles = p.compute_cycles;
  p.bound = Bound::Compute;
  // Inner resources first; ties go to the inner one: a level bounds only when it exceeds.
  auto consider = [&](std::int64_t cycles, Bound b, int level, bool network) {
    if (cycles > p.cycles) {
      p.cycles = cycles;
      p.bound = b;
      p.bound_level = level;
      p.bound_by_network = network;
    }
  };
  for (int l = 0; l < m_arch.levels() && l < c.level_count; ++l) {
    const StorageLevelSpec& lv = m_arch.storage[l];
    const double instances = static_cast<double>(m_arch.instances(l));
    std::int64_t net = 0, reads = 0, writes = 0;
    for (Operand op : kOperands) {
      net += c.network_level_words[l][op];
      reads += c.levels[l][op].reads;
      writes += c.levels[l][op].fills + c.levels[l][op].updates;
    }
    // A network's bandwidth is per instance of its level; the words spread over the instances.
    p.network_cycles[l] = cycles_for(net, lv.network.words_per_cycle * instances);
    p.level_cycles[l] = lv.shared_port
                            ? cycles_for(reads + writes, lv.effective_read_words_per_cycle() * instances)
                            : std::max(cycles_for(reads, lv.effective_read_words_per_cycle() * instances),
                                       cycles_for(writes, lv.effective_write_words_per_cycle() * instances));
    // The banks serve reads and writes together: with two ports each capped at the banks' rate,
    // their sum still passes through the same banks.
    if (lv.banks > 0) p.level_cycles[l] = std::max(p.level_cycles[l], cycles_for(reads + writes, lv.bank_words_per_cycle() * instances));
    p.noc_cycles = std::max(p.noc_cycles, p.network_cycles[l]);
    if (lv.table_entry == StorageLevel::GlobalBuffer) p.glb_cycles = std::max(p.glb_cycles, p.level_cycles[l]);
    if (lv.table_entry == StorageLevel::Dram) p.dram_cycles = std::max(p.dram_cycles, p.level_cycles[l]);
    consider(p.network_cycles[l], Bound::Noc, l, true);
    consider(p.level_cycles[l], bound_of(lv.table_entry), l, false);
  }
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
  if (r.perf.cycles >= kMaxCount)
    throw Error("layer " + r.name + ": cycles: not a count below 2^53 (the largest eyrie keeps exact); the bandwidths are too small for this layer");
  const double word_bytes = static_cast<double>(m_arch.word_bytes());
  // The outermost level is the report's "DRAM"; the one inside it its "global buffer".
  const int outer = m_arch.levels() - 1, next = outer - 1;
  std::int64_t dram_words = 0, glb_words = 0;
  for (Operand op : kOperands) {
    dram_words += r.counts.at(outer)[op].total();
    if (next >= 0) glb_words += r.counts.at(next)[op].total();
  }
  r.dram_bytes = dram_words * m_arch.word_bytes();
  r.glb_bytes = glb_words * m_arch.word_bytes();
  r.utilization = r.perf.cycles > 0 ? static_cast<double>(r.macs) / (static_cast<double>(r.perf.cycles) * m_arch.mac_instances()) : 0;
  const double seconds = static_cast<double>(r.perf.cycles) / (m_arch.clock_mhz * 1e6);
  double min_bytes = r.dram_roofline.oi_min_macs_per_byte > 0 ? static_cast<double>(r.macs) / r.dram_roofline.oi_min_macs_per_byte : 0;
  if (shape) {
    const auto t = shape->tensor_words();
    min_bytes = static_cast<double>(t.weights + t.inputs + t.outputs) * word_bytes;
  }
  const double peak = m_arch.peak_macs_per_s();
  const double clock_hz = m_arch.clock_mhz * 1e6;
  const StorageLevelSpec& o = m_arch.storage[outer];
  const double dram_bw = m_arch.eyeriss_preset ? m_arch.dram.bandwidth_gb_per_s * 1e9
                                               : o.effective_read_words_per_cycle() * word_bytes * clock_hz;
  r.dram_roofline = roofline(static_cast<double>(r.macs), static_cast<double>(r.dram_bytes), min_bytes, peak, dram_bw, seconds);
  double glb_bw = 0;
  if (next >= 0) {
    const StorageLevelSpec& g = m_arch.storage[next];
    double words_per_cycle = g.shared_port ? g.effective_read_words_per_cycle()
                                           : g.effective_read_words_per_cycle() + g.effective_write_words_per_cycle();
    if (g.banks > 0) words_per_cycle = std::min(words_per_cycle, g.bank_words_per_cycle());
    glb_bw = words_per_cycle * word_bytes * clock_hz * static_cast<double>(m_arch.instances(next));
  }
  r.glb_roofline = roofline(static_cast<double>(r.macs), static_cast<double>(r.glb_bytes), min_bytes, peak, glb_bw, seconds);
}

LayerResult AnalyticEngine::evaluate(const std::string& name, const LayerShape& shape, const Mapping& m) const {
  LayerResult r;
  r.name = name;
  r.mapping = m;
  r.counts = count_accesses(m, shape, m_rules);
  r.macs = r.counts.macs;
  r.perf = performance(r.counts);
  r.energy = m_energy.evaluate(r.counts, r.perf.cycles);
  derive(r, &shape);
  return r;
}

void AnalyticEngine::finish_total(NetworkResult& n) const {
  LayerResult t;
  t.name = "total";
  double min_bytes = 0;
  t.counts.level_count = m_arch.levels();
  for (const auto& l : n.layers) {
    t.macs += l.macs;
    t.counts.macs += l.counts.macs;
    t.counts.compute_cycles += l.counts.compute_cycles;
    for (int lv = 0; lv < kMaxLevels; ++lv)
      for (Operand op : kOperands) {
        t.counts.levels[lv][op].reads += l.counts.levels[lv][op].reads;
        t.counts.levels[lv][op].fills += l.counts.levels[lv][op].fills;
        t.counts.levels[lv][op].updates += l.counts.levels[lv][op].updates;
        t.counts.network_child_words[lv][op] += l.counts.network_child_words[lv][op];
        t.counts.network_level_words[lv][op] += l.counts.network_level_words[lv][op];
      }
    for (Operand op : kOperands) {
      t.counts.noc_pe_words[op] += l.counts.noc_pe_words[op];
      t.counts.noc_buffer_words[op] += l.counts.noc_buffer_words[op];
    }
    t.perf.compute_cycles += l.perf.compute_cycles;
    for (int lv = 0; lv < kMaxLevels; ++lv) {
      t.perf.level_cycles[lv] += l.perf.level_cycles[lv];
      t.perf.network_cycles[lv] += l.perf.network_cycles[lv];
    }
    t.perf.noc_cycles += l.perf.noc_cycles;
    t.perf.glb_cycles += l.perf.glb_cycles;
    t.perf.dram_cycles += l.perf.dram_cycles;
    t.perf.cycles += l.perf.cycles;
    t.energy.add(l.energy);
    t.mappings_evaluated += l.mappings_evaluated;
    if (l.dram_roofline.oi_min_macs_per_byte > 0) min_bytes += static_cast<double>(l.macs) / l.dram_roofline.oi_min_macs_per_byte;
  }
  // The network's bound: the level whose summed cycles stall compute the most.
  t.perf.bound = Bound::Compute;
  std::int64_t worst = 0;
  for (const auto& l : n.layers)
    if (l.perf.bound != Bound::Compute) worst = std::max(worst, l.perf.stall_cycles());
  if (worst > 0) {
    std::int64_t by[kBoundCount] = {};
    for (const auto& l : n.layers) by[static_cast<int>(l.perf.bound)] += l.perf.stall_cycles();
    int best = 1;
    for (int b = 2; b < kBoundCount; ++b)
      if (by[b] > by[best]) best = b;
    t.perf.bound = static_cast<Bound>(best);
  }
  t.dram_roofline.oi_min_macs_per_byte = min_bytes > 0 ? static_cast<double>(t.macs) / min_bytes : 0;
  derive(t, nullptr);
  n.total = t;
}

}  // namespace eyrie
