#pragma once
// Runs the analytical model's chosen mappings through the timed (SystemC) engine. A layer's
// tiles are the iterations of its loops above the global buffer (the DRAM level's temporal
// factors, times the groups); each carries an equal share of the mapping's DRAM reads and
// write-backs and of the array time the analytical engine found (the slowest of compute, NoC
// and buffer ports). What the timed engine adds is the interplay: one DRAM channel shared by
// fills and write-backs, double buffering or not, pipeline fill and drain, layer boundaries.
#include <string>

#include "sim/core/arch_spec.h"
#include "sim/model/layer_result.h"
#include "sim/timing/tile_schedule.h"

namespace eyrie {

// At most this many tiles per layer: longer loops are played out in coarser equal tiles.
inline constexpr std::int64_t kMaxTilesPerLayer = 4096;

TimingParams timing_params(const ArchSpec& arch);
LayerSchedule schedule_of(const LayerResult& layer);

// Fills `timed` of every layer and of the total. `vcd_path` as in simulate_timed.
void time_network(NetworkResult& result, const ArchSpec& arch, const std::string& vcd_path = "");

}  // namespace eyrie
