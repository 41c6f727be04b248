#pragma once
// The PE array computing real numbers: every MAC of the convolution goes through the PE's
// MacUnit (pe_array/mac_unit.h), in the loop order of the mapping, so the output is what that
// hardware would produce. For integer precisions it equals the host reference
// (reference/conv_ref.h) bit for bit; see that header for the shared semantics.
//
// The seam for the analytical model's mappings is ArrayLoopOrder: which output dimension is
// spread over PE rows and which over PE columns, and the order of the temporal reduction.
// sim/model/array_loop_order.h reads it off a mapper's Mapping (`eyrie conv --backend array
// --dataflow rs`); without one, the default is the output-stationary order below.
//
// Output-stationary execution (the default): output pixels (n, p, q flattened) are spread over
// the rows, output channels over the columns; the array walks tiles of rows x cols outputs, and
// within a tile every PE keeps its psum in its own accumulator while the reduction steps
// (r, s, c) pass in lockstep: at each step the activation of a PE's pixel and the weight of its
// channel enter its MacUnit (one MAC per PE per cycle, idle PEs at ragged edges do nothing).
// When a tile's reduction ends, the accumulators drain to the output.
#include <cstdint>
#include <vector>

#include "pe_array/mac_unit.h"
#include "sim/core/arch_spec.h"
#include "workloads/tensor_file.h"

namespace eyrie {

struct ArrayLoopOrder {
  enum class Spatial { OutputPixel, OutputChannel };
  enum class Reduction { RSC, CRS };  // outer to inner; RSC is the reference kernels' order
  Spatial rows = Spatial::OutputPixel;
  Spatial cols = Spatial::OutputChannel;
  Reduction reduction = Reduction::RSC;
};

struct ArrayRunStats {
  int rows = 0, cols = 0;
  std::vector<std::int64_t> macs_per_pe;  // row-major rows x cols
  std::int64_t tiles = 0;
  std::int64_t cycles = 0;  // tiles x reduction length (one MAC per cycle, no stalls)
  std::int64_t total_macs() const;
  double utilization() const;  // total MACs / (cycles x PEs)
};

struct ArrayTernaryResult {
  std::vector<std::int64_t> pos, neg;
};

class FunctionalArray {
 public:
  explicit FunctionalArray(PeArraySpec dims, ArrayLoopOrder order = {});

  // Integer conv through `unit` (IntMacUnit): accumulators N,P,Q,M. Padding enters as pad_value.
  std::vector<std::int64_t> conv_int(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                     const std::int32_t* kernel, const MacUnit& unit);
  // Ternary through TernaryMacUnit::accumulate (DeepChip's two sums); codes -1/0/+1.
  ArrayTernaryResult conv_ternary(const ConvGeometry& g, const std::int32_t* input, std::int32_t pad_value,
                                  const std::int8_t* codes, const TernaryMacUnit& unit);
  // FP32 through Fp32MacUnit (two roundings per MAC), padding as 0.0f.
  std::vector<float> conv_fp32(const ConvGeometry& g, const float* input, const float* kernel);

  const ArrayRunStats& stats() const { return m_stats; }

 private:
  template <typename Acc, typename Init, typename Step, typename Drain>
  void run(const ConvGeometry& g, Init init, Step step, Drain drain);

  PeArraySpec m_dims;
  ArrayLoopOrder m_order;
  ArrayRunStats m_stats;
};

}  // namespace eyrie
