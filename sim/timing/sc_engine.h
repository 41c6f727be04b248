#pragma once
// The cycle-approximate engine: a SystemC model of the DRAM channel, the global buffer (one or
// two tile slots, its read and write ports), the array's network, the PE array and the
// write-back path, playing out tile schedules. Bandwidth stalls, port contention and double
// buffering emerge from the processes' handshakes (sc_fifo slot tokens give the backpressure,
// ports are granted in request order) rather than from formulas; a tile's drains are its own,
// and its passes wait for their operands (TimingParams::passes_timed).
//
// This header has no SystemC in it; only sim/timing/*.cpp include <systemc>.
// SystemC elaborates once per process: the modules are built on the first call and reused, so
// any number of runs may follow one another in a process (each starts from a drained pipeline).
#include <cstdint>
#include <string>
#include <vector>

#include "sim/timing/tile_schedule.h"

namespace eyrie {

struct TimedLayer {
  std::string name;
  std::int64_t cycles = 0;          // from the previous layer's last write-back to this one's
  std::int64_t array_busy_cycles = 0;  // of `cycles`, those the array held a tile (any layer's): compute, drains, port waits
  std::int64_t macs = 0;
};

struct TimedRun {
  std::int64_t cycles = 0;
  std::int64_t array_busy_cycles = 0;
  std::int64_t stall_cycles = 0;     // cycles the array holds no tile: waiting for fills, the last write-back
  std::int64_t dram_busy_cycles = 0;
  std::vector<TimedLayer> layers;
};

// Runs the layers back to back (the loader may prefetch the next layer's first tiles).
// `vcd_path`: when not empty on the first call of the process, a VCD waveform of the DRAM,
// array and tile signals is written there.
TimedRun simulate_timed(const std::vector<LayerSchedule>& layers, const TimingParams& params,
                        const std::string& vcd_path = "");

}  // namespace eyrie
