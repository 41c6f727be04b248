#pragma once
// The accelerator as its YAML file describes it, parsed and validated once (load_arch) into
// plain structs. Units are in the field names. Nothing downstream reads YAML.
// Two spellings, one model: a general `storage:` list (sim/core/storage_spec.h), or the
// Eyeriss-shaped sections (pe_array, register_file, noc, global_buffer, dram), which lower into
// a three-level `storage` (register_file under global_buffer under dram). The model reads only
// `storage`, `compute` and `mac`; the Eyeriss fields stay filled as a preset's summary.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/core/precision.h"
#include "sim/core/storage_spec.h"

namespace eyrie {

enum class Overflow { Wrap, Saturate };
const char* to_string(Overflow o);

struct MacSpec {
  Precision precision = Precision::Int16;
  int operand_bits = 16;      // activation operand width (ternary: activations; weights are 2 bits)
  int weight_bits = 16;       // weight operand width (2 for ternary)
  int accumulator_bits = 32;  // psum register width
  Overflow overflow = Overflow::Wrap;
};

struct PeArraySpec {
  int rows = 1;
  int cols = 1;
  int pes() const { return rows * cols; }
};

// Per-PE scratchpads, kept separately per operand as in Eyeriss. Sizes in words.
struct RegisterFileSpec {
  std::int64_t ifmap_words = 0;
  std::int64_t filter_words = 0;
  std::int64_t psum_words = 0;
};

struct NocSpec {
  bool multicast = true;          // one read from the buffer feeds every PE that needs the word
  double words_per_cycle = 1;     // global buffer <-> array bandwidth
};

struct GlobalBufferSpec {
  std::int64_t size_bytes = 0;
  int banks = 0;                  // 0: not given, no bank limit
  int block_words = 1;            // words one bank serves per cycle: bandwidth <= banks x block
  double read_words_per_cycle = 1;
  double write_words_per_cycle = 1;
  bool double_buffered = false;   // half holds the tile in use, half the next one
};

struct DramSpec {
  double bandwidth_gb_per_s = 1;  // 1 GB = 1e9 bytes
  double energy_per_access_pj = 0;  // per word; 0 = take the energy table's value
  std::int64_t latency_cycles = 0;  // per burst request, in the timed engine
};

struct ArchSpec {
  std::string name;
  std::string description;
  std::string file;               // where it was read from
  double clock_mhz = 200;
  int word_bits = 16;             // bits per stored operand word
  std::string dataflow;           // preferred dataflow, "" when the file names none
  MacSpec mac;
  PeArraySpec pe_array;
  RegisterFileSpec register_file;
  NocSpec noc;
  GlobalBufferSpec global_buffer;
  DramSpec dram;
  std::string energy_table;       // name under configs/energy/
  std::string area_table;         // name under configs/area/
  // The general form, innermost level first (index 0 feeds the MACs); the file lists it
  // outermost first. The outermost level keeps every operand.
  std::vector<StorageLevelSpec> storage;
  ComputeSpec compute;
  CountingMode counting = CountingMode::Eyrie;
  bool eyeriss_preset = false;    // read from the Eyeriss-shaped sections

  int levels() const { return static_cast<int>(storage.size()); }
  // Instances of storage level i (the product of the meshes above and at it).
  std::int64_t instances(int level) const;
  std::int64_t mac_instances() const;

  std::int64_t word_bytes() const { return (word_bits + 7) / 8; }
  std::int64_t global_buffer_words() const { return global_buffer.size_bytes / word_bytes(); }
  double dram_bytes_per_cycle() const { return dram.bandwidth_gb_per_s * 1e3 / clock_mhz; }
  double peak_macs_per_s() const { return pe_array.pes() * clock_mhz * 1e6; }
};

// The names of the dataflows eyrie maps (see pe_array/dataflow.h).
inline const char* const kDataflowNames[] = {"ws", "os", "is", "rs", "nlr"};

// A `--set key.path=value` override, applied to the YAML tree before validation.
struct ConfigOverride {
  std::string path;
  std::string value;
};
// Parses "pe_array.rows=16"; throws eyrie::Error on a missing '='.
ConfigOverride parse_override(const std::string& text);

// Loads and validates an architecture file; every problem is one eyrie::Error line.
ArchSpec load_arch(const std::string& path, const std::vector<ConfigOverride>& overrides = {});
ArchSpec parse_arch_text(const std::string& text, const std::string& origin);

// The resolved form, as YAML, for `eyrie validate` and for reports to echo.
std::string to_yaml(const ArchSpec& arch);

}  // namespace eyrie
