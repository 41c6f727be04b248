#pragma once
// The parts of the compiled module `eyrie._eyrie`, one file per area; module.cpp ties them up.
#include <mutex>
#include <string>

#include <pybind11/pybind11.h>

#include "memory/mapping.h"

namespace eyrie::python {

// A mapping and where it came from (a file, "<python>", a run's layer): the origin words the
// errors when a run checks it against a layer, as `--mapping FILE` does.
struct BoundMapping {
  Mapping mapping;
  std::string origin;
};

// SystemC elaborates one kernel per process and is not thread-safe: every timed run holds this.
std::mutex& systemc_mutex();

void bind_model(pybind11::module_& m);
void bind_sweep(pybind11::module_& m);
void bind_numerics(pybind11::module_& m);

}  // namespace eyrie::python
