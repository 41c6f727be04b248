#pragma once
// A value per operand from YAML: one value for all three, or {weights, inputs, outputs}. Used
// by the architecture reader (word bits, explicit energies) and the energy tables.
#include "sim/core/config_node.h"
#include "sim/core/operand.h"

namespace eyrie {

template <class T, class Read>
PerOperand<T> read_per_operand(const ConfigNode& n, Read read) {
  if (n.is_map()) {
    n.allow_only({"weights", "inputs", "outputs"});
    return {read(n.at("weights")), read(n.at("inputs")), read(n.at("outputs"))};
  }
  const T v = read(n);
  return {v, v, v};
}

}  // namespace eyrie
