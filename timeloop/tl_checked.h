#pragma once
// Products of sizes from Timeloop files are checked: a count past 2^53 (where doubles stop being
// exact, and the reports' JSON numbers with them) is an error naming what overflowed, never a
// wrapped or rounded number.
#include <cstdint>
#include <string>

#include "sim/core/error.h"

namespace eyrie::tl {

inline constexpr std::int64_t kMaxCount = std::int64_t{1} << 53;

inline std::int64_t checked_mul(std::int64_t a, std::int64_t b, const std::string& where, const std::string& what) {
  if (a < 0 || b < 0 || (b != 0 && a > kMaxCount / b)) throw Error(where + ": " + what + " exceeds 2^53");
  return a * b;
}

inline std::int64_t checked_add(std::int64_t a, std::int64_t b, const std::string& where, const std::string& what) {
  if (a < 0 || b < 0 || a > kMaxCount - b) throw Error(where + ": " + what + " exceeds 2^53");
  return a + b;
}

}  // namespace eyrie::tl
