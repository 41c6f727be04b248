#pragma once
// The message of the eyrie::Error a call throws, or "no error".
#include <functional>
#include <string>

#include "sim/core/error.h"

namespace eyrie::testing {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace eyrie::testing
