#pragma once
// The work of a layer as the timed engine sees it: a sequence of tiles, one per iteration of the
// loops above the global buffer. For each tile the mapping's access counts say how many words
// come from DRAM, go back to DRAM, and cross between the buffer and the array, and how many
// cycles the array computes. Plain C++: the analytical model builds these, the SystemC engine
// (sc_engine.h) plays them out.
#include <cstdint>
#include <string>
#include <vector>

namespace eyrie {

struct TilePhase {
  std::int64_t dram_read_words = 0;   // DRAM -> global buffer fills for this tile
  std::int64_t dram_write_words = 0;  // outputs written back to DRAM after this tile
  std::int64_t glb_read_words = 0;    // global buffer -> array (NoC) words
  std::int64_t glb_write_words = 0;   // array -> global buffer psum updates
  std::int64_t compute_cycles = 0;    // cycles the PE array needs for the tile's MACs
  std::int64_t noc_words = 0;         // words on the buffer->array network (multicast counted once)
  std::int64_t fill_drain_cycles = 0; // the tile's own pipeline fill and drain (network_timing.h)
  std::int64_t macs = 0;
};

struct LayerSchedule {
  std::string name;
  std::vector<TilePhase> tiles;
};

struct TimingParams {
  double dram_words_per_cycle = 1;
  double glb_read_words_per_cycle = 1;
  double glb_write_words_per_cycle = 1;
  bool double_buffered = true;         // the buffer holds the next tile while the array works
  double noc_words_per_cycle = 1e18;   // the buffer->array network's delivery (bus width x instances)
  std::int64_t dram_latency_cycles = 0;  // per burst: the channel is held this long before its data
  std::int64_t array_fill_drain_cycles = 0;  // per tile, added to each tile's own fill_drain_cycles
  std::int64_t burst_words = 64;       // DRAM transfers interleave reads and writes per burst
};

// Cycles a tile keeps the array busy: compute, or the buffer ports or the network if slower,
// plus the tile's pipeline fill and drain (not overlapped with the next tile).
std::int64_t array_cycles(const TilePhase& tile, const TimingParams& params);

// Splits a layer's totals evenly over `tiles` tiles (the remainder on the first ones): the
// schedule of a mapping whose outer loops move the same amount of data every iteration.
LayerSchedule uniform_schedule(const std::string& name, const TilePhase& totals, std::int64_t tiles);

// The analytical bound for the same schedule: the slowest of compute and each level's traffic
// over its bandwidth, no overlap losses. The timed engine can only be slower, by the fill and
// drain of the pipeline and by the stalls of uneven tiles.
std::int64_t analytic_cycles(const LayerSchedule& layer, const TimingParams& params);

}  // namespace eyrie
