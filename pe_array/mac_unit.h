#pragma once
// MacUnit: the bit-exact arithmetic of one PE's multiply-accumulate unit. These models are the
// golden reference the Verilog in rtl/ is verified against, bit for bit and cycle for cycle.
//
// Integer units (int8, int16, int32):
//   - operands are two's complement of operand_bits; a wider input is reduced to its low
//     operand_bits and sign-extended, as the unit's input wires would do;
//   - the product is exact (int8 x int8 needs 16 bits, int16 x int16 32 bits);
//   - acc' = acc + product in accumulator_bits two's complement, either wrapping (the carry out
//     is dropped) or saturating at [-2^(A-1), 2^(A-1)-1]; the incoming acc is reduced to
//     accumulator_bits first.
// Ternary unit (TTQ weights {-Wn, 0, +Wp}, DeepChip's reduce-and-scale operator):
//   - the weight is a 2-bit code: 0b00 zero (skip), 0b01 +1 (add), 0b11 -1 (subtract), 0b10
//     reserved and treated as zero;
//   - mac() adds, subtracts or skips the activation: the symmetric form, Wp = Wn;
//   - accumulate() keeps the two sums of DeepChip's operator apart, the activations under +W and
//     under -W, each wrapping or saturating like the integer accumulator; the layer's output is
//     Wp * pos - Wn * neg, two multiplies per output at the end (scale()).
// Fp32 unit: acc' = fl(acc + fl(a * w)), two roundings (no fused multiply-add), IEEE-754 binary32
//   round to nearest even; the baseline every quantized result is compared with.
//
// Timing: one MAC per cycle, the accumulator registered: a result is visible one cycle after
// the enabled edge (latency 1, initiation interval 1).
#include <cstdint>
#include <memory>

#include "sim/core/arch_spec.h"
#include "sim/core/precision.h"

namespace eyrie {

struct MacTiming {
  int latency_cycles = 1;
  int initiation_interval = 1;
};

// Two's complement helpers shared by the models, the reference kernels and the RTL benches.
std::int64_t sign_extend(std::int64_t value, int bits);
std::int64_t wrap_to_bits(std::int64_t value, int bits);
std::int64_t saturate_to_bits(std::int64_t value, int bits);
std::int64_t min_of_bits(int bits);
std::int64_t max_of_bits(int bits);

class MacUnit {
 public:
  virtual ~MacUnit() = default;
  virtual Precision precision() const = 0;
  int activation_bits() const { return m_activation_bits; }
  int weight_bits() const { return m_weight_bits; }
  int accumulator_bits() const { return m_accumulator_bits; }
  Overflow overflow() const { return m_overflow; }
  MacTiming timing() const { return MacTiming{}; }

  // acc + act * wgt under the unit's widths and overflow rule (see the header comment).
  virtual std::int64_t mac(std::int64_t acc, std::int64_t act, std::int64_t wgt) const = 0;
  // Reduces an accumulator value to the unit's width and overflow rule.
  std::int64_t fit_accumulator(std::int64_t value) const;

 protected:
  MacUnit(int activation_bits, int weight_bits, int accumulator_bits, Overflow overflow);
  // acc (reduced to the accumulator width) + addend, then wrapped or saturated.
  std::int64_t add_and_fit(std::int64_t acc, std::int64_t addend) const;

 private:
  int m_activation_bits;
  int m_weight_bits;
  int m_accumulator_bits;
  Overflow m_overflow;
};

class IntMacUnit final : public MacUnit {
 public:
  IntMacUnit(Precision precision, int operand_bits, int accumulator_bits, Overflow overflow);
  Precision precision() const override { return m_precision; }
  std::int64_t mac(std::int64_t acc, std::int64_t act, std::int64_t wgt) const override;

 private:
  Precision m_precision;
};

struct TernaryAccumulator {
  std::int64_t pos = 0;  // sum of activations whose weight is +1
  std::int64_t neg = 0;  // sum of activations whose weight is -1
};

class TernaryMacUnit final : public MacUnit {
 public:
  static constexpr std::int64_t kZero = 0b00, kPlus = 0b01, kReserved = 0b10, kMinus = 0b11;
  TernaryMacUnit(int activation_bits, int accumulator_bits, Overflow overflow);
  Precision precision() const override { return Precision::Ternary; }
  // Symmetric form: add, subtract or skip into one accumulator.
  std::int64_t mac(std::int64_t acc, std::int64_t act, std::int64_t code) const override;
  // DeepChip form: the two sums kept apart.
  TernaryAccumulator accumulate(TernaryAccumulator acc, std::int64_t act, std::int64_t code) const;
  // Wp * pos - Wn * neg in double (the two multiplies per output).
  static double scale(const TernaryAccumulator& acc, double wp, double wn);
  // Code for a weight value in {-1, 0, +1}.
  static std::int64_t encode(int ternary_weight);
  static int decode(std::int64_t code);
};

class Fp32MacUnit {
 public:
  static float mac(float acc, float act, float wgt) {
    const volatile float product = act * wgt;  // volatile: keep two roundings, never contract to FMA
    return acc + product;
  }
};

// The unit an architecture's `mac:` block describes (fp32 has no integer model: nullptr).
std::unique_ptr<MacUnit> make_mac_unit(const MacSpec& spec);

}  // namespace eyrie
