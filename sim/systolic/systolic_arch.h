#pragma once
// A SCALE-Sim v2 systolic array as its .cfg file describes it: the array, three
// double-buffered scratchpads (ifmap, filter, ofmap), the dataflow and the DRAM interface
// mode. Parsed and validated once, at the edge (load_scalesim_cfg); everything above sees
// this plain struct. Rules and quirks: docs/SYSTOLIC.md.
#include <cstdint>
#include <string>
#include <vector>

namespace eyrie::systolic {

// SCALE-Sim's three dataflows: what stays in the PEs while the rest streams past.
enum class Dataflow { OutputStationary, WeightStationary, InputStationary };
const char* to_string(Dataflow df);  // "os", "ws", "is"

// CALC: the DRAM side is sized so nothing stalls, and SCALE-Sim reports the bandwidth that
// needed. USER: every scratchpad's DRAM side moves `bandwidth_words` words per cycle, and
// what does not arrive in time stalls the array.
enum class BandwidthMode { Calc, User };

struct SystolicArch {
  std::string source;             // the file it came from, for messages
  std::string run_name = "scale_run";
  std::int64_t rows = 0;          // ArrayHeight
  std::int64_t cols = 0;          // ArrayWidth
  std::int64_t ifmap_sram_kb = 0, filter_sram_kb = 0, ofmap_sram_kb = 0;
  // Base addresses of the three operands. They label the words in the SRAM trace files
  // (`--sram-traces`); each scratchpad sees its own operand alone, so no count depends on them.
  std::int64_t ifmap_offset = 0, filter_offset = 10000000, ofmap_offset = 20000000;
  Dataflow dataflow = Dataflow::WeightStationary;
  BandwidthMode mode = BandwidthMode::Calc;
  std::int64_t bandwidth_words = 0;  // USER mode: the first entry of `Bandwidth`
  std::string topology_path;         // [network_presets] TopologyCsvLoc, "" when absent
};

// Reads a SCALE-Sim .cfg (INI: [general], [architecture_presets], [run_presets], optional
// [network_presets]); keys are case-insensitive and `key: value` or `key = value`, as
// Python's configparser reads them. Throws eyrie::Error "file:line: section.key: reason".
SystolicArch load_scalesim_cfg(const std::string& path);
SystolicArch parse_scalesim_cfg(const std::string& text, const std::string& origin);

// The resolved config as a .cfg SCALE-Sim reads back the same (defaults and USER-only keys
// written out as they are used).
std::string to_cfg(const SystolicArch& arch);

// True for a file eyrie should read as a SCALE-Sim config (a .cfg extension).
bool is_scalesim_cfg_path(const std::string& path);

}  // namespace eyrie::systolic
