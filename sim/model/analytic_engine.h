#pragma once
// The analytical engine: from a layer, an architecture and a mapping to cycles, energy and
// roofline. No SystemC; the timed engine reuses these models and must agree with them.
#include <string>

#include "sim/core/arch_spec.h"
#include "sim/model/layer_result.h"
#include "workloads/network.h"

namespace eyrie {

class AnalyticEngine {
 public:
  AnalyticEngine(const ArchSpec& arch, const EnergyTable& table);
  const ArchSpec& arch() const { return m_arch; }
  const EnergyModel& energy_model() const { return m_energy; }
  const NetworkRules& network_rules() const { return m_rules; }

  // Cycles: compute = temporal iterations; each level moves its words at its bandwidth (per
  // instance, bank-limited), each network its words at its own; the layer takes the max
  // (reads and writes on their own ports).
  Performance performance(const AccessCounts& c) const;
  // A full evaluation of a legal mapping.
  LayerResult evaluate(const std::string& name, const LayerShape& shape, const Mapping& m) const;
  // Sums layers into NetworkResult::total and recomputes its derived figures.
  void finish_total(NetworkResult& r) const;

 private:
  void derive(LayerResult& r, const LayerShape* shape) const;
  ArchSpec m_arch;
  EnergyModel m_energy;
  NetworkRules m_rules;
};

}  // namespace eyrie
