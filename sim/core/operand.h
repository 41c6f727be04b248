#pragma once
// The three operands of a convolution, and a value per operand (Timeloop's PerDataSpace).
// In sim/core because the architecture's storage levels size and price each operand.
namespace eyrie {

enum class Operand { Weights = 0, Inputs = 1, Outputs = 2 };
inline constexpr int kOperandCount = 3;
const char* to_string(Operand op);

template <class T>
struct PerOperand {
  T weights{}, inputs{}, outputs{};
  T& operator[](Operand op) { return op == Operand::Weights ? weights : op == Operand::Inputs ? inputs : outputs; }
  const T& operator[](Operand op) const {
    return op == Operand::Weights ? weights : op == Operand::Inputs ? inputs : outputs;
  }
};

inline constexpr Operand kOperands[] = {Operand::Weights, Operand::Inputs, Operand::Outputs};

}  // namespace eyrie
