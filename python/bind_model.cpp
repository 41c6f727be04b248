// The analytical model for Python: architectures, networks, mappings, and the run / compare
// entry points the CLI commands call. Every result crosses as the CLI's JSON (run_json,
// compare_report's JSON), converted to Python objects; the Python layer builds DataFrames
// from it. The model runs with the GIL released.
#include <mutex>

#include <pybind11/stl.h>

#include "memory/mapping_file.h"
#include "python/bindings.h"
#include "python/json_to_python.h"
#include "sim/app/dataflow_comparison.h"
#include "sim/core/cost_tables.h"
#include "sim/core/data_paths.h"
#include "sim/core/error.h"
#include "sim/report/format.h"
#include "sim/report/run_report.h"
#include "sim/report/workload_report.h"
#include "sim/timing/network_timing.h"

namespace eyrie::python {

namespace py = pybind11;

std::mutex& systemc_mutex() {
  static std::mutex m;
  return m;
}

namespace {

// The keys a network file accepts for each layer type (workloads/network_yaml.cpp), so that a
// layer read back from Python is a valid layer entry again.
const std::vector<std::pair<LayerType, std::vector<const char*>>> kLayerKeys = {
    {LayerType::Conv, {"N", "C", "M", "H", "W", "R", "S", "stride", "dilation", "pad", "groups"}},
    {LayerType::FullyConnected, {"N", "C", "M"}},
    {LayerType::Pool, {"N", "C", "H", "W", "R", "S", "stride", "pad"}},
    {LayerType::Eltwise, {"N", "C", "H", "W"}},
};

const char* file_type(LayerType t) {
  switch (t) {
    case LayerType::Conv: return "conv";
    case LayerType::FullyConnected: return "fc";
    case LayerType::Pool: return "pool";
    case LayerType::Eltwise: return "eltwise";
  }
  return "conv";
}

py::object layer_value(const ConvLayer& l, const std::string& key) {
  if (key == "N") return py::int_(l.N);
  if (key == "C") return py::int_(l.C);
  if (key == "M") return py::int_(l.M);
  if (key == "H") return py::int_(l.H);
  if (key == "W") return py::int_(l.W);
  if (key == "R") return py::int_(l.R);
  if (key == "S") return py::int_(l.S);
  if (key == "groups") return py::int_(l.groups);
  if (key == "stride") return py::make_tuple(l.stride_h, l.stride_w);
  if (key == "dilation") return py::make_tuple(l.dilation_h, l.dilation_w);
  if (key == "pad") return py::make_tuple(l.pad.top, l.pad.bottom, l.pad.left, l.pad.right);
  throw std::logic_error("layer key " + key);
}

// One layer as a network file's entry (`eyrie workload`'s JSON has the derived sizes).
py::dict layer_dict(const ConvLayer& l) {
  py::dict d;
  d["name"] = l.name;
  d["type"] = file_type(l.type);
  for (const auto& [type, keys] : kLayerKeys)
    if (type == l.type)
      for (const char* k : keys) d[k] = layer_value(l, k);
  return d;
}

NetworkResult run_model(const ArchSpec& arch, const Network& net, const RunOptions& o, bool timed) {
  const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
  NetworkResult r = run_network(net, engine, o);
  if (timed) {
    std::lock_guard<std::mutex> lock(systemc_mutex());  // one SystemC kernel per process
    time_network(r, arch, net);
  }
  return r;
}

bool timed_engine(const std::string& engine) {
  if (engine != "analytic" && engine != "systemc")
    throw Error("engine: must be analytic or systemc, got \"" + engine + "\"");
  return engine == "systemc";
}

// run(): the CLI's JSON and each layer's chosen mapping, which run() takes back.
py::tuple run(const ArchSpec& arch, const Network& net, const std::string& dataflow, const std::string& objective,
              const BoundMapping* mapping, const std::string& engine) {
  RunOptions o;
  o.objective = objective_named(objective);
  o.dataflow = !dataflow.empty() ? dataflow : !arch.dataflow.empty() ? arch.dataflow : "rs";
  dataflow_named(o.dataflow);  // a bad name before any work, as `eyrie run`
  if (mapping) {
    o.mapping = mapping->mapping;
    o.mapping_file = mapping->origin;
  }
  const bool timed = timed_engine(engine);
  NetworkResult r;
  {
    py::gil_scoped_release release;
    r = run_model(arch, net, o, timed);
  }
  py::list mappings;
  for (const auto& l : r.layers) mappings.append(py::make_tuple(l.name, BoundMapping{l.mapping, "the mapping of layer " + l.name}));
  return py::make_tuple(to_python(run_json(r)), mappings);
}

py::object compare(const ArchSpec& arch, const Network& net, const std::vector<std::string>& dataflows,
                   const std::string& objective) {
  const Objective obj = objective_named(objective);
  std::string json;
  {
    py::gil_scoped_release release;
    const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
    const DataflowComparison c = compare_dataflows(net, engine, dataflows, obj);
    json = compare_report(c.runs, objective, Format::Json, c.unmappable);
  }
  return to_python(nlohmann::ordered_json::parse(json));
}

std::vector<ConfigOverride> overrides_of(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<ConfigOverride> out;
  for (const auto& [path, value] : pairs) out.push_back({path, value});
  return out;
}

}  // namespace

void bind_model(py::module_& m) {
  py::class_<ArchSpec>(m, "ArchSpec", "A validated architecture (eyrie.load_arch)")
      .def_readonly("name", &ArchSpec::name)
      .def_readonly("description", &ArchSpec::description)
      .def_readonly("file", &ArchSpec::file)
      .def_readonly("dataflow", &ArchSpec::dataflow)
      .def("to_yaml", [](const ArchSpec& a) { return to_yaml(a); }, "the resolved form, as `eyrie validate` prints it");

  m.def("load_arch",
        [](const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides) {
          return load_arch(path, overrides_of(overrides));
        },
        py::arg("path"), py::arg("overrides") = std::vector<std::pair<std::string, std::string>>{});
  m.def("parse_arch", &parse_arch_text, py::arg("text"), py::arg("origin"));

  py::class_<Network>(m, "NetworkSpec", "A validated network (eyrie.load_network)")
      .def_readonly("name", &Network::name)
      .def_readonly("description", &Network::description)
      .def_readonly("source", &Network::source)
      .def("total_macs", &Network::total_macs)
      .def("layers_with_macs", &Network::layers_with_macs)
      .def("layers", [](const Network& n) {
             py::list out;
             for (const auto& l : n.layers) out.append(layer_dict(l));
             return out;
           })
      .def("workload_json", [](const Network& n) {
             return to_python(nlohmann::ordered_json::parse(workload_report(n, Format::Json)));
           })
      .def("with_batch", [](const Network& n, std::int64_t batch) { return with_batch(n, batch); });
  m.def("load_network", &load_network, py::arg("name_or_path"));
  m.def("parse_network", &load_network_yaml_text, py::arg("text"), py::arg("origin"));
  m.def("bundled_networks", &bundled_networks);
  m.def("data_dir", &data_dir);

  py::class_<BoundMapping>(m, "MappingSpec", "A mapping: loop factors, orders, spatial fan-out, keep/bypass per level")
      .def_readonly("origin", &BoundMapping::origin)
      .def("to_yaml", [](const BoundMapping& b) { return to_yaml(b.mapping); })
      .def("to_text", [](const BoundMapping& b) { return to_text(b.mapping); })
      .def("save", [](const BoundMapping& b, const std::string& path) { write_file_atomically(path, to_yaml(b.mapping)); });
  m.def("load_mapping", [](const std::string& path) { return BoundMapping{load_mapping(path), path}; });
  m.def("parse_mapping", [](const std::string& text, const std::string& origin) {
    return BoundMapping{parse_mapping_text(text, origin), origin};
  });

  m.def("run", &run, py::arg("arch"), py::arg("network"), py::arg("dataflow"), py::arg("objective"),
        py::arg("mapping").none(true), py::arg("engine"));
  m.def("compare", &compare, py::arg("arch"), py::arg("network"), py::arg("dataflows"), py::arg("objective"));
}

}  // namespace eyrie::python
