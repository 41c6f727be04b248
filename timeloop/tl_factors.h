#pragma once
// The small grammars Timeloop shares between mapping files and architecture constraints,
// read as Timeloop's mapping parser reads them (src/mapping/parser.cpp):
//   factors:     "R=1 P=16", "R1 P16", "R=3,P=16" (a string), or a list [R=1, P=16];
//                "P=7,3" is an imperfect factor: 7 iterations, the last one running 3;
//                constraints may bound instead of pin: "M<=4", "C>=2".
//   permutation: "PRK" (one letter per dimension, innermost first; spaces and commas ignored)
//                or a list [P, R, K].
//   keep/bypass: a list of data-space names.
// Dimension names are checked against the problem's later (they need the problem file).
#include <string>
#include <vector>

#include "sim/core/config_node.h"
#include "timeloop/tl_arch.h"

namespace eyrie::tl {

std::vector<TlFactor> parse_factors(const ConfigNode& n);
std::vector<std::string> parse_permutation(const ConfigNode& n);
std::vector<std::string> parse_name_list(const ConfigNode& n);

}  // namespace eyrie::tl
