#include "sim/core/precision.h"

namespace eyrie {

const char* to_string(Precision p) {
  switch (p) {
    case Precision::Fp32: return "fp32";
    case Precision::Int32: return "int32";
    case Precision::Int16: return "int16";
    case Precision::Int8: return "int8";
    case Precision::Ternary: return "ternary";
  }
  return "?";
}

std::optional<Precision> precision_from_string(const std::string& s) {
  for (Precision p : {Precision::Fp32, Precision::Int32, Precision::Int16, Precision::Int8,
                      Precision::Ternary})
    if (s == to_string(p)) return p;
  return std::nullopt;
}

}  // namespace eyrie
