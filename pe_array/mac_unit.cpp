#include "pe_array/mac_unit.h"

#include <stdexcept>

namespace eyrie {

std::int64_t min_of_bits(int bits) { return bits >= 64 ? INT64_MIN : -(std::int64_t{1} << (bits - 1)); }
std::int64_t max_of_bits(int bits) { return bits >= 64 ? INT64_MAX : (std::int64_t{1} << (bits - 1)) - 1; }

std::int64_t sign_extend(std::int64_t value, int bits) {
  if (bits >= 64) return value;
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  const std::uint64_t low = static_cast<std::uint64_t>(value) & mask;
  const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
  return static_cast<std::int64_t>((low ^ sign) - sign);
}

std::int64_t wrap_to_bits(std::int64_t value, int bits) { return sign_extend(value, bits); }

std::int64_t saturate_to_bits(std::int64_t value, int bits) {
  if (value < min_of_bits(bits)) return min_of_bits(bits);
  if (value > max_of_bits(bits)) return max_of_bits(bits);
  return value;
}

MacUnit::MacUnit(int activation_bits, int weight_bits, int accumulator_bits, Overflow overflow)
    : m_activation_bits(activation_bits),
      m_weight_bits(weight_bits),
      m_accumulator_bits(accumulator_bits),
      m_overflow(overflow) {
  if (activation_bits < 2 || activation_bits > 32 || weight_bits < 2 || weight_bits > 32 ||
      accumulator_bits < 8 || accumulator_bits > 64)
    throw std::invalid_argument("MacUnit: operand widths out of range");
}

std::int64_t MacUnit::fit_accumulator(std::int64_t value) const {
  return m_overflow == Overflow::Wrap ? wrap_to_bits(value, m_accumulator_bits)
                                      : saturate_to_bits(value, m_accumulator_bits);
}

std::int64_t MacUnit::add_and_fit(std::int64_t acc, std::int64_t addend) const {
  // In 128 bits, so a 64-bit accumulator sees the true sum before it wraps or saturates (a
  // 64-bit signed overflow would be undefined behaviour).
  const __int128 sum = static_cast<__int128>(sign_extend(acc, m_accumulator_bits)) + addend;
  if (m_overflow == Overflow::Wrap) return wrap_to_bits(static_cast<std::int64_t>(static_cast<unsigned __int128>(sum)), m_accumulator_bits);
  if (sum < min_of_bits(m_accumulator_bits)) return min_of_bits(m_accumulator_bits);
  if (sum > max_of_bits(m_accumulator_bits)) return max_of_bits(m_accumulator_bits);
  return static_cast<std::int64_t>(sum);
}

IntMacUnit::IntMacUnit(Precision precision, int operand_bits, int accumulator_bits, Overflow overflow)
    : MacUnit(operand_bits, operand_bits, accumulator_bits, overflow), m_precision(precision) {}

std::int64_t IntMacUnit::mac(std::int64_t acc, std::int64_t act, std::int64_t wgt) const {
  const std::int64_t a = sign_extend(act, activation_bits());
  const std::int64_t w = sign_extend(wgt, weight_bits());
  return add_and_fit(acc, a * w);  // |a * w| < 2^62: operands are at most 32 bits
}

TernaryMacUnit::TernaryMacUnit(int activation_bits, int accumulator_bits, Overflow overflow)
    : MacUnit(activation_bits, 2, accumulator_bits, overflow) {}

int TernaryMacUnit::decode(std::int64_t code) {
  switch (code & 0b11) {
    case kPlus: return 1;
    case kMinus: return -1;
    default: return 0;  // kZero, and kReserved treated as zero
  }
}

std::int64_t TernaryMacUnit::encode(int ternary_weight) {
  if (ternary_weight > 0) return kPlus;
  if (ternary_weight < 0) return kMinus;
  return kZero;
}

std::int64_t TernaryMacUnit::mac(std::int64_t acc, std::int64_t act, std::int64_t code) const {
  const std::int64_t a = sign_extend(act, activation_bits());
  return add_and_fit(acc, decode(code) * a);
}

TernaryAccumulator TernaryMacUnit::accumulate(TernaryAccumulator acc, std::int64_t act,
                                              std::int64_t code) const {
  const std::int64_t a = sign_extend(act, activation_bits());
  const int w = decode(code);
  if (w > 0) acc.pos = add_and_fit(acc.pos, a);
  if (w < 0) acc.neg = add_and_fit(acc.neg, a);
  return acc;
}

double TernaryMacUnit::scale(const TernaryAccumulator& acc, double wp, double wn) {
  return wp * static_cast<double>(acc.pos) - wn * static_cast<double>(acc.neg);
}

std::unique_ptr<MacUnit> make_mac_unit(const MacSpec& spec) {
  switch (spec.precision) {
    case Precision::Fp32: return nullptr;
    case Precision::Ternary:
      return std::make_unique<TernaryMacUnit>(spec.operand_bits, spec.accumulator_bits, spec.overflow);
    default:
      return std::make_unique<IntMacUnit>(spec.precision, spec.operand_bits, spec.accumulator_bits, spec.overflow);
  }
}

}  // namespace eyrie
