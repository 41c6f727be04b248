#pragma once
// Timeloop's pricing of a storage level from Accelergy's ERT (src/model/buffer.cpp,
// ComputeVectorAccesses / ComputeBufferEnergy / FinalizeBufferEnergy), for dense tensors:
//   vector accesses of an operation = ceil(scalar accesses per instance / block_size)
//   energy of a cluster = sum over read, fill, update of vector accesses * ERT energy of the op
//   energy = that * utilized clusters, where a cluster of `cluster_size` instances shares one
//            access: utilized clusters = min(utilized instances, instances / cluster_size)
//            (Timeloop assumes the utilized instances spread over all clusters)
//   leakage = ERT leak * cycles * utilized instances (no power gating)
// The ERT's costs are per vector access: a 16-bit-wide spad of 8-bit words (block 2) prices two
// words per read. Word counts come from the model; this only prices them.
#include <cstdint>

#include "timeloop/accelergy_ert.h"
#include "timeloop/tl_arch.h"

namespace eyrie::tl {

struct TlStorageCosts {
  double read_pj = 0, fill_pj = 0, update_pj = 0, leak_pj = 0;
};

// The costs of level `level` from the ERT; a missing table or operation is an error naming it.
TlStorageCosts storage_costs(const Ert& ert, const std::string& level);

std::int64_t vector_accesses(std::int64_t words, std::int64_t block_size);

std::int64_t utilized_clusters(const TlLevel& level, std::int64_t utilized_instances);

// Energy of one data space at one level (pJ, all instances), from per-instance scalar counts.
double dataspace_energy_pj(const TlStorageCosts& c, const TlLevel& level, std::int64_t reads, std::int64_t fills,
                           std::int64_t updates, std::int64_t utilized_instances);
double leakage_energy_pj(const TlStorageCosts& c, std::int64_t cycles, std::int64_t utilized_instances);

}  // namespace eyrie::tl
