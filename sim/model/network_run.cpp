#include "sim/model/network_run.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "memory/mapping_file.h"
#include "sim/core/error.h"

namespace eyrie {

namespace {

bool same_shape(const LayerShape& a, const LayerShape& b) {
  return a.dims == b.dims && a.groups == b.groups && a.stride_h == b.stride_h && a.stride_w == b.stride_w &&
         a.dilation_h == b.dilation_h && a.dilation_w == b.dilation_w;
}

}  // namespace

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
  const Mapper mapper(engine, o.objective, o.search);
  r.search_cap = explicit_mapping || o.search.exhaustive ? 0 : o.search.max_evaluations;
  const Dataflow df = explicit_mapping ? Dataflow{} : dataflow_named(o.dataflow);
  struct Searched {
    LayerShape shape;
    std::string layer;  // the first layer of this shape
    SearchResult result;
  };
  std::vector<Searched> searched;
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
    // A search depends only on the shape (with the engine, dataflow and objective fixed):
    // a layer with the shape of an earlier one takes that search's result (ResNet-50 has 54
    // MAC layers of 21 shapes). The cache lives in this call, so runs on threads share nothing.
    const auto same = std::find_if(searched.begin(), searched.end(), [&](const Searched& x) { return same_shape(x.shape, shape); });
    const bool reused = same != searched.end();
    if (!reused) searched.push_back(Searched{shape, layer.name, mapper.search(shape, df)});
    const Searched& found = reused ? *same : searched.back();
    const SearchResult& s = found.result;
    if (!s.found) throw Error("layer " + layer.name + ": dataflow " + o.dataflow + ": no legal mapping: " + s.reason);
    LayerResult lr = engine.evaluate(layer.name, shape, s.best);
    lr.search_capped = s.capped;
    if (reused) lr.search_same_as = found.layer;
    else lr.mappings_evaluated = s.evaluated;
    r.layers.push_back(std::move(lr));
  }
  engine.finish_total(r);
  return r;
}

}  // namespace eyrie
