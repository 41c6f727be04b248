#include "sim/model/network_run.h"

#include "sim/core/error.h"

namespace eyrie {

NetworkResult run_network(const Network& net, const AnalyticEngine& engine, const RunOptions& o) {
  NetworkResult r;
  r.network = net.name;
  r.arch = engine.arch().name;
  r.dataflow = o.mapping ? "mapping" : o.dataflow;
  r.objective = to_string(o.objective);
  r.energy_unit = engine.energy_model().unit();
  r.level_names = level_names(engine.arch());
  const Mapper mapper(engine, o.objective);
  const Dataflow df = o.mapping ? Dataflow{} : dataflow_named(o.dataflow);
  for (const auto& layer : net.layers) {
    if (!layer.has_macs()) continue;
    const LayerShape shape = shape_of(layer);
    if (o.mapping) {
      const std::string why = check_mapping(*o.mapping, shape, engine.arch());
      if (!why.empty()) throw Error(o.mapping_file + ": layer " + layer.name + ": " + why);
      r.layers.push_back(engine.evaluate(layer.name, shape, *o.mapping));
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
