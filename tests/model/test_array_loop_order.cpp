// The functional array's loop order read off hand-built mappings.
#include <gtest/gtest.h>

#include "sim/model/array_loop_order.h"

using namespace eyrie;

namespace {
void set(Factors& f, Dim d, std::int64_t v) { f[static_cast<int>(d)] = v; }
}  // namespace

TEST(ArrayLoopOrder, OutputChannelsOnTheAxisThatSpreadsM) {
  Mapping m;
  set(m.at(MapLevel::GlobalBuffer).spatial_x, Dim::M, 4);  // channels across columns, pixels down rows: the default
  set(m.at(MapLevel::GlobalBuffer).spatial_y, Dim::P, 4);
  ArrayLoopOrder o = array_loop_order(m);
  EXPECT_EQ(o.rows, ArrayLoopOrder::Spatial::OutputPixel);
  EXPECT_EQ(o.cols, ArrayLoopOrder::Spatial::OutputChannel);
  Mapping swapped;
  set(swapped.at(MapLevel::GlobalBuffer).spatial_y, Dim::M, 4);  // channels down the rows
  set(swapped.at(MapLevel::GlobalBuffer).spatial_x, Dim::Q, 4);
  o = array_loop_order(swapped);
  EXPECT_EQ(o.rows, ArrayLoopOrder::Spatial::OutputChannel);
  EXPECT_EQ(o.cols, ArrayLoopOrder::Spatial::OutputPixel);
}

TEST(ArrayLoopOrder, ReductionFollowsWhereTheCLoopSits) {
  // RF: S3 R3 (innermost), GLB: C8 outside them -> channels outermost: c,r,s.
  Mapping m;
  LevelMapping& rf = m.at(MapLevel::RegisterFile);
  set(rf.temporal, Dim::S, 3);
  set(rf.temporal, Dim::R, 3);
  set(m.at(MapLevel::GlobalBuffer).temporal, Dim::C, 8);
  EXPECT_EQ(array_loop_order(m).reduction, ArrayLoopOrder::Reduction::CRS);
  // Move C into the RF, R and S out to the GLB: the filter window is outermost: r,s,c.
  Mapping n;
  set(n.at(MapLevel::RegisterFile).temporal, Dim::C, 8);
  set(n.at(MapLevel::GlobalBuffer).temporal, Dim::R, 3);
  set(n.at(MapLevel::GlobalBuffer).temporal, Dim::S, 3);
  EXPECT_EQ(array_loop_order(n).reduction, ArrayLoopOrder::Reduction::RSC);
}
