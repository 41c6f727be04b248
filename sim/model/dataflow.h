#pragma once
// A dataflow is a set of constraints on the mapping (Chen, Emer, Sze, ISCA 2016, Sec. IV-V):
// which operands the PE's register file keeps, which dims its loops may iterate (bounded by
// the kept tiles' capacity), and which dims spread across the array's X (columns) and Y (rows).
//   ws   weights stay in the RF; X over M, Y over C (and R): inputs multicast along a row,
//        psums reduced down a column
//   os   psums stay in the RF; X over Q (and M), Y over P (and N): inputs, weights streamed
//   is   inputs stay in the RF; X over Q, Y over C (and P)
//   rs   row stationary: a filter row (all of S) in each PE's RF together with the sliding
//        window of inputs and the psum row; filter rows (R) down the array's rows, output rows
//        (P) across columns, inputs shared along the diagonals. Logical PE sets of R x P fold
//        onto the physical array when P exceeds the columns (the rest of P is temporal) or R
//        exceeds the rows (the largest divisor of R that fits; the rest in passes), and
//        replicate when the array has room: Y takes R x (C or M), X takes P x (M or N)
//        (Chen et al., JSSC 2017, Sec. III-B, Fig. 6/7)
//   nlr  no local reuse: the RF keeps nothing; X over M, Y over C, every operand through the NoC
#include <string>
#include <vector>

#include "memory/mapping.h"

namespace eyrie {

struct Dataflow {
  std::string name;
  PerOperand<bool> rf_keep = {false, false, false};
  std::vector<Dim> rf_dims;      // dims the RF's temporal loops may take (capacity-bounded)
  bool rf_whole_S = false;       // rs: a whole filter row lives in the PE
  std::vector<Dim> x_dims;       // dims the array's columns may take
  std::vector<Dim> y_dims;       // dims the array's rows may take
  bool y_whole_R = false;        // rs: all filter rows of a logical PE set down the rows (folded when R > rows)
};

// One of kDataflowNames; throws eyrie::Error naming --dataflow otherwise.
Dataflow dataflow_named(const std::string& name);
std::vector<std::string> dataflow_names();

}  // namespace eyrie
