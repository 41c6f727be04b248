#pragma once
// What every fuzz target shares: the input as text, and the one rule being checked: a parser
// either returns or throws eyrie::Error (a one-line message for the user). Any other exception,
// a crash or a sanitizer report is a finding; libFuzzer stops and saves the input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/core/error.h"

namespace eyrie::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs `parse`; eyrie::Error is the expected way to say no. Its message must be one line.
template <class F>
void expect_value_or_error(F&& parse) {
  try {
    parse();
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.empty() || what.find('\n') != std::string::npos) __builtin_trap();
  }
}

}  // namespace eyrie::fuzz
