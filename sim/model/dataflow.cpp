#include "sim/model/dataflow.h"

#include "sim/core/error.h"

namespace eyrie {

std::vector<std::string> dataflow_names() { return {"ws", "os", "is", "rs", "nlr"}; }

Dataflow dataflow_named(const std::string& name) {
  Dataflow d;
  d.name = name;
  if (name == "ws") {
    d.rf_keep = {true, false, false};
    d.rf_dims = {Dim::M, Dim::C, Dim::R, Dim::S};
    d.x_dims = {Dim::M};
    d.y_dims = {Dim::C, Dim::R};
  } else if (name == "os") {
    d.rf_keep = {false, false, true};
    d.rf_dims = {Dim::N, Dim::M, Dim::P, Dim::Q};
    d.x_dims = {Dim::Q, Dim::M};
    d.y_dims = {Dim::P, Dim::N};
  } else if (name == "is") {
    d.rf_keep = {false, true, false};
    d.rf_dims = {Dim::N, Dim::C, Dim::P, Dim::Q, Dim::R, Dim::S};
    d.x_dims = {Dim::Q};
    d.y_dims = {Dim::C, Dim::P};
  } else if (name == "rs") {
    d.rf_keep = {true, true, true};
    d.rf_dims = {Dim::C, Dim::M};
    d.rf_whole_S = true;
    d.x_dims = {Dim::P, Dim::M, Dim::N};
    d.y_dims = {Dim::C, Dim::M};
    d.y_whole_R = true;
  } else if (name == "nlr") {
    d.rf_keep = {false, false, false};
    d.x_dims = {Dim::M};
    d.y_dims = {Dim::C};
  } else {
    throw Error("--dataflow: unknown dataflow \"" + name + "\" (choose ws, os, is, rs, nlr)");
  }
  return d;
}

}  // namespace eyrie
