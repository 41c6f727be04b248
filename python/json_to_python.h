#pragma once
// The JSON the command line writes, as Python objects: the module builds every result from the
// same nlohmann::json value as `eyrie ... --format json`, so a DataFrame holds the CLI's values
// and the module follows the report builders when the structs behind them change.
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

namespace eyrie::python {

// Objects keep their key order (dict), arrays become lists; integers stay integers.
pybind11::object to_python(const nlohmann::ordered_json& j);

}  // namespace eyrie::python
