#include "sim/model/array_loop_order.h"

#include "sim/core/error.h"
#include "sim/model/mapper.h"

namespace eyrie {

namespace {

std::int64_t factor(const Factors& f, Dim d) { return f[static_cast<int>(d)]; }

ArrayLoopOrder::Spatial spread(const Factors& spatial) {
  return factor(spatial, Dim::M) > 1 ? ArrayLoopOrder::Spatial::OutputChannel : ArrayLoopOrder::Spatial::OutputPixel;
}

}  // namespace

ArrayLoopOrder array_loop_order(const Mapping& m) {
  ArrayLoopOrder order;
  Factors x = kOnes, y = kOnes;  // every level's fan-out together
  for (int l = 0; l < m.count; ++l)
    for (int d = 0; d < kDims; ++d) {
      x[d] *= m.levels[l].spatial_x[d];
      y[d] *= m.levels[l].spatial_y[d];
    }
  order.rows = spread(y);
  order.cols = spread(x);
  if (order.rows == order.cols) {  // both the same kind: the array needs one of each
    order.rows = ArrayLoopOrder::Spatial::OutputPixel;
    order.cols = ArrayLoopOrder::Spatial::OutputChannel;
  }
  // The temporal nest innermost first, level by level. The reduction runs C
  // outside R and S when C's outermost loop encloses every R and S loop.
  int position = 0, outer_c = -1, outer_rs = -1;
  for (int l = 0; l < m.count; ++l) {
    const LevelMapping& level = m.levels[l];
    for (Dim d : level.permutation) {
      if (factor(level.temporal, d) <= 1) continue;
      if (d == Dim::C) outer_c = position;
      if (d == Dim::R || d == Dim::S) outer_rs = position;
      ++position;
    }
  }
  order.reduction = outer_c > outer_rs ? ArrayLoopOrder::Reduction::CRS : ArrayLoopOrder::Reduction::RSC;
  return order;
}

ArrayLoopOrder array_loop_order_for(const ConvLayer& layer, const ArchSpec& arch, const std::string& dataflow,
                                    std::string* mapping_text) {
  const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
  const Mapper mapper(engine, Objective::Edp);
  const SearchResult s = mapper.search(shape_of(layer), dataflow_named(dataflow));
  if (!s.found) throw Error("--dataflow " + dataflow + ": no legal mapping of this layer on " + arch.name + ": " + s.reason);
  if (mapping_text) *mapping_text = to_text(s.best);
  return array_loop_order(s.best);
}

}  // namespace eyrie
