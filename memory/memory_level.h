#pragma once
// The storage hierarchy of an Eyeriss-family accelerator, innermost first: per-PE register
// files, the array NoC (a network, not storage, but it moves words and costs energy per word),
// the global buffer, DRAM. Built once from an ArchSpec; the analytical and timed engines both
// read it.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

namespace eyrie {

enum class Operand { Weights = 0, Inputs = 1, Outputs = 2 };
inline constexpr int kOperandCount = 3;
const char* to_string(Operand op);

// Timeloop's PerDataSpace: one value per operand.
template <class T>
struct PerOperand {
  T weights{}, inputs{}, outputs{};
  T& operator[](Operand op) { return op == Operand::Weights ? weights : op == Operand::Inputs ? inputs : outputs; }
  const T& operator[](Operand op) const {
    return op == Operand::Weights ? weights : op == Operand::Inputs ? inputs : outputs;
  }
};

inline constexpr Operand kOperands[] = {Operand::Weights, Operand::Inputs, Operand::Outputs};

struct MemoryLevel {
  std::string name;
  StorageLevel kind = StorageLevel::Dram;
  // Capacity in words per operand; a shared buffer reports the same total for each operand and
  // sets `shared`. 0 = holds nothing of that operand; -1 = unbounded (DRAM).
  PerOperand<std::int64_t> capacity_words;
  bool shared = false;
  bool double_buffered = false;
  std::int64_t instances = 1;        // one per PE for register files
  double read_words_per_cycle = 0;   // per instance; 0 = unbounded
  double write_words_per_cycle = 0;
};

// Register file, global buffer, DRAM (innermost first). The array NoC is described by
// ArchSpec::noc and is not a storage level.
std::vector<MemoryLevel> storage_hierarchy(const ArchSpec& arch);

}  // namespace eyrie
