#include "sim/model/network_run.h"

#include "sim/core/error.h"

namespace eyrie {

NetworkResult run_network(const Network& net, const AnalyticEngine& engine, const RunOptions& o) {
  NetworkResult r;
  r.network = net.name;
  r.arch = engine.arch().name;
  const bool explicit_mapping = o.mapping || !o.layer_mappings.empty();
  r.dataflow = explicit_mapping ? "mapping" : o.dataflow;
  r.objective = to_string(o.objective);
  r.energy_unit = engine.energy_model().unit();
  r.level_names = level_names(engine.arch());
  const Mapper mapper(engine, o.objective);
  const Dataflow df = explicit_mapping ? Dataflow{} : dataflow_named(o.dataflow);
  for (const auto& layer : net.layers) {
    if (!layer.has_macs()) continue;
    const LayerShape shape = shape_of(layer);
    if (explicit_mapping) {
      const Mapping* m = o.mapping ? &*o.mapping : nullptr;
      if (!m) {
        const auto it = o.layer_mappings.find(layer.name);
        if (it == o.layer_mappings.end()) throw Error(o.mapping_file + ": no mapping for layer " + layer.name);
        m = &it->second;
      }
      const std::string why = check_mapping(*m, shape, engine.arch());
      if (!why.empty()) throw Error(o.mapping_file + ": layer " + layer.name + ": " + why);
      r.layers.push_back(engine.evaluate(layer.name, shape, *m));
      continue;
    }
    const SearchResult s = mapper.search(shape, df);
    if (!s.found) throw Error("layer " + layer.name + ": dataflow " + o.dataflow + ": no legal mapping: " + s.reason);
    LayerResult lr = engine.evaluate(layer.name, shape, s.best);
    lr.mappings_evaluated = s.evaluated;
    r.layers.push_back(std::move(lr));
  }
  engine.finish_total(r);
  return r;
}

}  // namespace eyrie
