#include "timeloop/tl_energy.h"

#include <algorithm>

#include "sim/core/error.h"

namespace eyrie::tl {

TlStorageCosts storage_costs(const Ert& ert, const std::string& level) {
  const ErtTable* t = ert.find(level);
  if (!t) throw Error(ert.file + ": no table for level " + level);
  auto get = [&](const char* op) {
    const auto e = t->storage_op_pj(op);
    if (!e) throw Error(t->where + ": " + t->full_name + " has no action for " + op);
    return *e;
  };
  TlStorageCosts c;
  c.read_pj = get("read");
  c.fill_pj = get("fill");
  c.update_pj = get("update");
  // A table without leak (Accelergy's DRAM may omit it) leaks nothing, as in Timeloop.
  c.leak_pj = t->storage_op_pj("leak").value_or(0.0);
  return c;
}

std::int64_t vector_accesses(std::int64_t words, std::int64_t block_size) {
  return (words + block_size - 1) / block_size;
}

std::int64_t utilized_clusters(const TlLevel& level, std::int64_t utilized_instances) {
  return std::min(utilized_instances, level.instances / level.cluster_size);
}

double dataspace_energy_pj(const TlStorageCosts& c, const TlLevel& level, std::int64_t reads, std::int64_t fills,
                           std::int64_t updates, std::int64_t utilized_instances) {
  const std::int64_t b = level.block_size;
  const double per_cluster = static_cast<double>(vector_accesses(reads, b)) * c.read_pj +
                             static_cast<double>(vector_accesses(fills, b)) * c.fill_pj +
                             static_cast<double>(vector_accesses(updates, b)) * c.update_pj;
  return per_cluster * static_cast<double>(utilized_clusters(level, utilized_instances));
}

double leakage_energy_pj(const TlStorageCosts& c, std::int64_t cycles, std::int64_t utilized_instances) {
  return c.leak_pj * static_cast<double>(cycles) * static_cast<double>(utilized_instances);
}

}  // namespace eyrie::tl
