#pragma once
// Runs the analytical model's chosen mappings through the timed (SystemC) engine. A layer's
// tiles are the iterations of its loops above the global buffer (the DRAM level's temporal
// factors in their order, times the groups), each with the DRAM words its footprint adds
// (schedule_of(layer, shape, arch)); the SystemC array times each tile itself (array_cycles).
// What the timed engine adds is the interplay: one DRAM channel shared by fills and
// write-backs, latency per burst, double buffering or not, pipeline fill and drain, layer boundaries.
#include <string>

#include "sim/core/arch_spec.h"
#include "sim/model/layer_result.h"
#include "sim/timing/tile_schedule.h"
#include "workloads/network.h"
#include "memory/mapping.h"
#include <vector>

namespace eyrie {

// At most this many tiles per layer: longer loops are played out in coarser equal tiles.
inline constexpr std::int64_t kMaxTilesPerLayer = 4096;

TimingParams timing_params(const ArchSpec& arch);
// Equal shares of the layer's counted traffic and of the analytic array time (the fallback when
// the layer's shape is not at hand, or its DRAM-level loops exceed kMaxTilesPerLayer).
LayerSchedule schedule_of(const LayerResult& layer);
// PE pipeline depth of the Eyeriss-template PE (multiply, then accumulate): an assumption
// stated in docs/MODEL.md "Timed engine", not a measured figure.
inline constexpr std::int64_t kPePipelineStages = 2;
// Per tile: the PE pipeline plus the psum accumulation down a column (one hop per PE row the
// mapping's Y fan-out below the global buffer uses).
std::int64_t fill_drain_cycles(const Mapping& m);
// The tiles of the mapping's actual iteration sequence at the DRAM level (its temporal loops
// in its permutation, the groups outermost): the first tile loads its whole footprint, later
// ones only the words that change (the input window's overlap with the previous tile stays);
// outputs go back when the next tile moves to other outputs and come back as psums when the
// sequence returns to them; partial tiles where factors are imperfect, absent iterations
// skipped. The array side (compute cycles, network words, buffer port words) of each tile is
// the layer's count in proportion to the tile's MACs.
LayerSchedule schedule_of(const LayerResult& layer, const LayerShape& shape, const ArchSpec& arch);

// Fills `timed` of every layer and of the total. `vcd_path` as in simulate_timed.
// Without the network: equal-share tiles (schedule_of(layer)).
void time_network(NetworkResult& result, const ArchSpec& arch, const std::string& vcd_path = "");
// With it (the layers of `net` in result order): the iteration-sequence tiles.
void time_network(NetworkResult& result, const ArchSpec& arch, const Network& net, const std::string& vcd_path = "");
void play(NetworkResult& result, const ArchSpec& arch, const std::vector<LayerSchedule>& schedules,
          const std::string& vcd_path = "");

}  // namespace eyrie
