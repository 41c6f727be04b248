#include "sim/model/network_run.h"

#include <filesystem>

#include "memory/mapping_file.h"
#include "sim/core/error.h"

namespace eyrie {

std::string mapping_directory(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return "";
  const fs::path sub = fs::path(path) / "mappings";
  return fs::is_directory(sub, ec) ? sub.string() : path;
}

NetworkResult run_network(const Network& net, const AnalyticEngine& engine, const RunOptions& o) {
  NetworkResult r;
  r.network = net.name;
  r.arch = engine.arch().name;
  const bool explicit_mapping = o.mapping || !o.mapping_dir.empty();
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
      std::string file = o.mapping_file;
      Mapping m;
      if (o.mapping) {
        m = *o.mapping;
      } else {
        file = (std::filesystem::path(o.mapping_dir) / (mapping_file_stem(layer.name) + ".yaml")).string();
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
          throw Error(o.mapping_dir + ": no mapping for layer " + layer.name + " (expected " + file + ")");
        m = load_mapping(file, r.level_names);
      }
      const std::string why = check_mapping(m, shape, engine.arch());
      if (!why.empty()) throw Error(file + ": layer " + layer.name + ": " + why);
      r.layers.push_back(engine.evaluate(layer.name, shape, m));
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
