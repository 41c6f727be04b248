#pragma once
// Runs the analytical model's chosen mappings through the timed (SystemC) engine. A layer's
// tiles are the iterations of its loops above the global buffer (the DRAM level's temporal
// factors in their order, times the groups), each with the DRAM words its footprint adds and
// the array work counted over the tile (schedule_of(layer, shape, arch)). What the timed
// engine adds is the interplay: one DRAM channel shared by fills and write-backs, latency per
// burst, buffer ports shared by fills, reads and psum updates, the network's width, double
// buffering or not, drains between passes, layer boundaries.
#include <string>

#include "sim/core/arch_spec.h"
#include "sim/model/layer_result.h"
#include "sim/timing/tile_schedule.h"
#include "workloads/network.h"
#include "memory/mapping.h"
#include <vector>

namespace eyrie {

TimingParams timing_params(const ArchSpec& arch);
// PE pipeline depth of the Eyeriss-template PE (multiply, then accumulate): an assumption
// stated in docs/MODEL.md "Timed engine", not a measured figure.
inline constexpr std::int64_t kPePipelineStages = 2;
// One drain of the array: the PE pipeline plus the psum accumulation down a column (one hop
// per PE row of the reduction, the C, R and S factors of the Y fan-out below the global buffer).
std::int64_t fill_drain_cycles(const Mapping& m);
// Whether a pass on new outputs overlaps the previous pass's drain: the PEs' psum storage (the
// outermost level below the buffer that keeps outputs) holds a second output tile beside the
// first (its free capacity, or double buffering). Then no drain is charged between passes.
bool psums_double_buffered(const Mapping& m, const LayerShape& shape, const ArchSpec& arch);
// The tiles of the mapping's actual iteration sequence at the DRAM level (its temporal loops
// in its permutation, the groups outermost), generated from their index (mixed radix over the
// iterations that exist), so any layer is played from its real sequence in bounded memory.
// DRAM side: the first tile loads its whole footprint, later ones only the words that change
// (the input window's overlap with the previous tile stays); outputs go back when the next
// tile moves to other outputs and come back as psums when the sequence returns to them;
// partial tiles where factors are imperfect. Array side: the mapping below the DRAM level
// counted over the tile's own ranges (count_accesses of the tile as a sub-problem): compute
// cycles, buffer reads and psum updates, network words per operand, the streams of operands
// the buffer does not keep; passes (iterations of the buffer's temporal loops) and the drains
// between passes whose outputs differ. Across a tile boundary the PEs keep what the layer's
// counts keep: the boundary's traffic is the count of the two-tile problem (the tile and the
// one before it along the DRAM loop that advances) less the two tiles' own counts.
LayerSchedule schedule_of(const LayerResult& layer, const LayerShape& shape, const ArchSpec& arch);

// Fills `timed` of every layer and of the total from the iteration-sequence tiles of each
// layer (the layers of `net` with MACs, in result order; a mismatch is an error).
// `vcd_path` as in simulate_timed.
void time_network(NetworkResult& result, const ArchSpec& arch, const Network& net, const std::string& vcd_path = "");
void play(NetworkResult& result, const ArchSpec& arch, const std::vector<LayerSchedule>& schedules,
          const std::string& vcd_path = "");

}  // namespace eyrie
