// eyrie._eyrie: the compiled half of the `eyrie` package (python/eyrie/ is the other half).
#include <pybind11/pybind11.h>

#include "sim/core/version.h"
#include "python/bindings.h"
#include "sim/core/error.h"

PYBIND11_MODULE(_eyrie, m) {
  m.doc() = "eyrie's simulator core; use the `eyrie` package, which wraps it";
  m.attr("__version__") = eyrie::eyrie_version();
  // The one-line messages the CLI prints after "eyrie <command>: error: ".
  pybind11::register_exception<eyrie::Error>(m, "Error");
  eyrie::python::bind_model(m);
  eyrie::python::bind_sweep(m);
  eyrie::python::bind_numerics(m);
}
