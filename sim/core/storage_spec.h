#pragma once
// The general form of an accelerator's memory system: an ordered list of storage levels, each
// instance of a level fanning out to a mesh of instances of the next inner level (or, at the
// innermost level, to a mesh of MACs). Timeloop's architecture tree, flattened to a chain.
// Every file lowers into it: a `storage:` list directly, an Eyeriss-shaped file (register_file,
// global_buffer, dram, noc) through lower_eyeriss_preset. The model reads only this form.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/cost_tables.h"
#include "sim/core/operand.h"

namespace eyrie {

// Which children of one instance a single read can reach (the network below a level).
//   none  one child per read (a unicast network)
//   x     the children along one row of the mesh (per-row buses)
//   y     the children along one column (per-column buses)
//   any   any subset of the children (Eyeriss' tagged multicast)
enum class Multicast { None, X, Y, Any };
const char* to_string(Multicast m);

struct NetworkSpec {
  Multicast multicast = Multicast::Any;
  bool spatial_reduction = true;  // partial sums from children add up on the way (one write)
  double words_per_cycle = 0;     // words leaving the level per cycle, all children; 0 = unbounded
  double energy_per_word = -1;    // per word per destination child; < 0: the energy table's `array`
};

// Per-action energy of one access of a block of block_words words (the energy table's unit).
// read: to a child or the MACs; fill: from the parent; update: a psum written by a child or
// the MACs.
struct ActionEnergy {
  PerOperand<double> read, fill, update;
  double leakage_per_cycle = 0;  // per instance
};

struct StorageLevelSpec {
  std::string name;
  // Capacity in words per operand; a shared level holds the sum of its kept tiles in
  // capacity_words.weights (all three equal). -1 = unbounded.
  PerOperand<std::int64_t> capacity_words = {-1, -1, -1};
  bool shared = true;
  PerOperand<int> word_bits = {16, 16, 16};
  int block_words = 1;           // words per access: energy is paid per block
  int mesh_x = 1, mesh_y = 1;    // instances under one instance of the parent
  double read_words_per_cycle = 0;   // per instance; 0 = unbounded
  double write_words_per_cycle = 0;
  bool shared_port = false;          // reads and writes share read_words_per_cycle (DRAM)
  int banks = 1;                 // each bank serves one block per cycle: caps the bandwidth
  std::int64_t latency_cycles = 0;  // per request (the outermost level only; the timed engine's DRAM burst)
  int buffering = 1;             // 2 = double buffered: the tiles get 1/buffering of the capacity
  NetworkSpec network;           // below this level (to its children, or to the MACs)
  // Priced from the energy table's entry `table_entry` (register_file, global_buffer, dram)
  // unless `explicit_energy`; the entry also names the report column the level sums into.
  StorageLevel table_entry = StorageLevel::GlobalBuffer;
  bool explicit_energy = false;
  bool explicit_leakage = false;  // leakage_per_cycle given by the architecture (else the table's)
  double table_override_pj = -1;  // pJ per word of the arch's word_bits; wins over a pJ table
  ActionEnergy energy;           // explicit figures (explicit_energy) or the table's, resolved
  double area_um2 = -1;          // per instance; < 0: the area table's per-bit figure

  std::int64_t instances_below_parent() const { return static_cast<std::int64_t>(mesh_x) * mesh_y; }
  // Words the tiles of one mapping may occupy (capacity / buffering).
  std::int64_t usable_words(Operand op) const {
    const std::int64_t c = capacity_words[op];
    return c < 0 ? -1 : c / buffering;
  }
  double effective_read_words_per_cycle() const { return bank_limited(read_words_per_cycle); }
  double effective_write_words_per_cycle() const { return bank_limited(write_words_per_cycle); }
  double bank_limited(double declared_words_per_cycle) const;
  // Words per cycle the banks serve per instance, reads and writes together (each bank one
  // block per cycle, read or write); 0: banks not modelled.
  double bank_words_per_cycle() const { return banks > 0 ? static_cast<double>(banks) * block_words : 0; }
};

// The level's per-action energy per block access: its explicit figures, or the table entry's
// per action and operand at each operand's word bits (x block_words); `per_access_pj` (pJ per
// word of arch_word_bits) replaces every action's figure when the table is in pJ. Leakage: the
// architecture's figure if it gives one, else the entry's. The one rule the energy model and
// the architecture reader share (load_arch stores it in `energy`).
ActionEnergy priced_energy(const StorageLevelSpec& lv, const EnergyTable& table, int arch_word_bits);

struct ComputeSpec {
  int mesh_x = 1, mesh_y = 1;  // MACs under one instance of the innermost storage level
};

// How counts treat the corner cases where eyrie and Timeloop differ (docs/MODEL.md).
enum class CountingMode { Eyrie, Timeloop };
const char* to_string(CountingMode m);

}  // namespace eyrie
