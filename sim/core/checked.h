#pragma once
// Checked arithmetic for sizes and counts (MACs, words, cycles, bytes). A product that does not
// fit is the user's error (an absurd layer, batch or tensor header), never a silent wrap: the
// message names what was being counted and the factors.
//
// Counts are also kept below kMaxCount = 2^53. Every count leaves eyrie as a number in JSON,
// CSV or a double (energy, cycles over bandwidth), and 2^53 is where doubles (and the readers
// of JSON: Python floats, JavaScript) stop holding every integer exactly. A layer under that
// bound also leaves every derived count (accesses per operand and level, bytes = words x 8)
// well inside 64 bits.
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "sim/core/error.h"

namespace eyrie {

inline constexpr std::int64_t kMaxCount = std::int64_t{1} << 53;

namespace detail {
inline std::string factors_text(std::initializer_list<std::int64_t> factors, const char* op) {
  std::string s;
  for (std::int64_t f : factors) s += (s.empty() ? "" : op) + std::to_string(f);
  return s;
}
}  // namespace detail

// a * b for non-negative counts; throws "what: A x B exceeds 2^53 ..." when it does not fit.
inline std::int64_t checked_mul(std::int64_t a, std::int64_t b, const std::string& what) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r) || r > kMaxCount || r < -kMaxCount)
    throw Error(what + ": " + detail::factors_text({a, b}, " x ") + " exceeds 2^53 (the largest count eyrie keeps exact)");
  return r;
}

inline std::int64_t checked_add(std::int64_t a, std::int64_t b, const std::string& what) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r) || r > kMaxCount || r < -kMaxCount)
    throw Error(what + ": " + detail::factors_text({a, b}, " + ") + " exceeds 2^53 (the largest count eyrie keeps exact)");
  return r;
}

// The product of all factors, checked at every step; the message lists every factor.
inline std::int64_t checked_product(std::initializer_list<std::int64_t> factors, const std::string& what) {
  std::int64_t r = 1;
  for (std::int64_t f : factors) {
    if (__builtin_mul_overflow(r, f, &r) || r > kMaxCount || r < -kMaxCount)
      throw Error(what + ": " + detail::factors_text(factors, " x ") +
                  " exceeds 2^53 (the largest count eyrie keeps exact)");
  }
  return r;
}

// A count computed in floating point (cycles = bytes / bytes-per-cycle), rounded up to an
// integer; throws when it is not finite, negative or past 2^53 instead of converting it (a
// double past 2^63 converted to int64 is undefined behaviour, and wrapped cycles looked real).
inline std::int64_t checked_count(double v, const std::string& what) {
  if (!(v >= 0) || !(v <= static_cast<double>(kMaxCount))) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%.6g", v);
    throw Error(what + ": " + shown + (v < 0 ? " is negative" : " is not a count below 2^53 (the largest eyrie keeps exact)"));
  }
  const auto r = static_cast<std::int64_t>(v);
  return static_cast<double>(r) < v ? r + 1 : r;
}

}  // namespace eyrie
