#pragma once
// Import of SCALE-Sim topology files, unchanged, so users' existing topologies just work.
//   Conv form:  Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels,
//               Num Filter, Strides[, Stride width][, anything else...]
//   GEMM form:  Layer, M, N, K[, anything else...]
// Every file scale-sim-v2 ships reads: a UTF-8 BOM, CRLF, tab-separated rows, a header or none,
// a trailing comma or none, blank rows and network title rows (a name alone), a 9th column
// (stride width, as SCALE-Sim reads it; a non-number there such as '#dw' is a marker),
// columns past the 9th (Eh, Ew, sparsity, ...; SCALE-Sim never reads them), duplicate names.
// SCALE-Sim has no padding: the ofmap is ceil((ifmap - filter + stride) / stride), reproduced
// as bottom/right padding. A name containing "DP" is SCALE-Sim's depthwise form: one layer per
// channel, each with 1 channel and all the filters, named <name>Channel_<i>. A GEMM M x K times
// K x N is the 1x1 convolution of K input channels into N output channels over M pixels
// (M x 1). Anything else malformed is an error naming the file, the line and the column.
#include <string>

#include "workloads/network.h"

namespace eyrie {

Network load_scalesim_topology(const std::string& path);
Network parse_scalesim_topology(const std::string& text, const std::string& origin);

}  // namespace eyrie
