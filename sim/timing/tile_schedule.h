#pragma once
// The work of a layer as the timed engine sees it: a sequence of tiles, one per iteration of the
// loops above the global buffer. For each tile: the words that come from DRAM and go back, the
// words the global buffer's ports and the array's network carry, and the array's compute and
// drain cycles, all counted over the tile itself (network_timing.h). Plain C++: the model's
// counts build these, the SystemC engine (sc_engine.h) plays them out.
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/operand.h"

namespace eyrie {

struct TilePhase {
  std::int64_t dram_read_words = 0;   // DRAM -> chip for this tile (buffer fills and bypass streams)
  std::int64_t dram_write_words = 0;  // outputs written back to DRAM after this tile
  std::int64_t glb_fill_words = 0;    // of dram_read_words, the words written into the global buffer
  std::int64_t glb_read_words = 0;    // global buffer -> array reads
  std::int64_t glb_write_words = 0;   // array -> global buffer psum updates
  std::int64_t compute_cycles = 0;    // temporal iterations in which some MAC of the tile works
  PerOperand<std::int64_t> noc_words{};  // on the buffer->array network, per operand (a multicast word once)
  std::int64_t passes = 1;            // iterations of the global buffer's temporal loops in the tile
  std::int64_t drains = 0;            // passes after which the array's outputs change (it drains)
  std::int64_t fill_drain_cycles = 0; // drains x (PE pipeline + psum hops down a column)
  std::int64_t macs = 0;
};

// A layer's tiles: listed (`tiles`), or generated from their index (`count` and `generate`),
// so a layer of any number of tiles is played with bounded memory.
struct LayerSchedule {
  LayerSchedule() = default;
  LayerSchedule(std::string layer_name, std::vector<TilePhase> listed) : name(std::move(layer_name)), tiles(std::move(listed)) {}
  std::string name;
  std::vector<TilePhase> tiles;
  std::int64_t count = 0;
  std::function<TilePhase(std::int64_t)> generate;

  std::int64_t size() const { return generate ? count : static_cast<std::int64_t>(tiles.size()); }
  TilePhase tile(std::int64_t i) const { return generate ? generate(i) : tiles[static_cast<std::size_t>(i)]; }
};

struct TimingParams {
  double dram_words_per_cycle = 1;
  double glb_read_words_per_cycle = 1;
  double glb_write_words_per_cycle = 1;
  bool glb_shared_port = false;        // reads, writes and fills share the read port's words per cycle
  double glb_bank_words_per_cycle = 1e18;  // banks x block words: reads and writes together
  bool double_buffered = true;         // the buffer holds the next tile while the array works
  double noc_words_per_cycle = 1e18;   // the buffer->array network's delivery (bus width x instances)
  std::int64_t dram_latency_cycles = 0;  // per burst: the channel is held this long before its data
  std::int64_t burst_words = 64;       // DRAM transfers, and transfers on a contended port, per burst
  // Passes as timed transfers: a tile's passes are a two-stage pipeline, the delivery of a
  // pass's operands (its share of the buffer reads and of the weights' and inputs' network
  // words) and its compute (with its drain); a pass starts when its operands have arrived, the
  // next pass's delivery overlaps it. Identical passes are played as three steps: the first
  // pass's delivery, the tile's compute, and the last pass after the last delivery. Off: the
  // tile's streams run beside its compute as whole transfers.
  bool passes_timed = true;
};

// Cycles a tile keeps the array busy when nothing else uses its ports: the slowest of compute
// plus its drains, the buffer's read and write ports (one port when shared) and the network.
std::int64_t array_cycles(const TilePhase& tile, const TimingParams& params);

// Splits a layer's totals evenly over `tiles` tiles (the remainder on the first ones): a
// synthetic schedule for tests of the engine itself.
LayerSchedule uniform_schedule(const std::string& name, const TilePhase& totals, std::int64_t tiles);

// The analytical bound for the same schedule: the slowest of compute and each resource's words
// over its bandwidth, summed over the tiles, no drains, latency or overlap losses.
std::int64_t analytic_cycles(const LayerSchedule& layer, const TimingParams& params);

}  // namespace eyrie
