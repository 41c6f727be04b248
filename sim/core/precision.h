#pragma once
// Arithmetic precision of a MAC unit and of the operands it consumes.
#include <optional>
#include <string>

namespace eyrie {

enum class Precision { Fp32, Int32, Int16, Int8, Ternary };

const char* to_string(Precision p);
std::optional<Precision> precision_from_string(const std::string& s);

}  // namespace eyrie
