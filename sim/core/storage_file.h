#pragma once
// Reading and writing the general form (sim/core/storage_spec.h):
//   storage:                      # outermost first
//     - name: dram
//       read_words_per_cycle: 8   # per instance; omitted = unbounded
//       energy: {table: dram}     # or {read: 200, fill: 200, update: 200, leakage_per_cycle: 0}
//     - name: global_buffer
//       capacity_words: 65536     # or {weights: 224, inputs: 12, outputs: 24}; omitted = unbounded
//       buffering: 2              # double buffered
//       banks: 16                 # each bank serves block_words words per cycle
//       network: {multicast: any, spatial_reduction: true, words_per_cycle: 4}   # none, x, y, any
//     - name: register_file
//       mesh_x: 14                # instances under one global_buffer
//       mesh_y: 12
//   compute: {mesh_x: 1, mesh_y: 1}   # MACs under one instance of the innermost level
// and the lowering of the Eyeriss-shaped sections into it.
#include <string>
#include <vector>

#include "sim/core/arch_spec.h"
#include "sim/core/config_node.h"

namespace eyrie {

// An integer in [lo, hi], else the node's one-line error.
int small_int(const ConfigNode& n, int lo, int hi);
// A level's `latency_cycles`: 0 .. 2^20 cycles per request.
std::int64_t latency_cycles(const ConfigNode& n);

// register_file (one per PE, 12x14 under the buffer) / global_buffer / dram, innermost first.
std::vector<StorageLevelSpec> lower_eyeriss_preset(const ArchSpec& arch);

// Reads `storage` and `compute` of a general file into arch (storage innermost first) and
// fills the Eyeriss summary fields (pe_array = all MACs) so that peak figures hold.
void read_general_storage(const ConfigNode& root, ArchSpec& arch);

}  // namespace eyrie
