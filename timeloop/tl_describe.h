#pragma once
// Timeloop inputs as eyrie resolved them, as YAML text: what `eyrie validate` prints for a
// Timeloop architecture (with the problem, mapping and ERT when given). Everything shown is
// what the readers derived: flattened levels with instances, word bits, blocks and sizes; the
// conv layer; per level the loops, kept data spaces, tile sizes and utilized instances; the
// ERT's cost per operation. Checking that the ERT prices every level is part of it.
#include <string>

#include "timeloop/accelergy_ert.h"
#include "timeloop/tl_arch.h"
#include "timeloop/tl_mapping.h"
#include "timeloop/tl_problem.h"

namespace eyrie::tl {

std::string describe(const TlArch& arch);
std::string describe(const TlProblem& problem);
std::string describe(const TlArch& arch, const TlProblem& problem, const TlNest& nest);
// Throws eyrie::Error when a level that holds data, or the compute unit, has no ERT entry.
std::string describe(const TlArch& arch, const Ert& ert);

// True when `path` is a Timeloop architecture file (its top level has `architecture`).
bool is_timeloop_architecture(const std::string& path);
// Reads and checks a Timeloop design from its files (problem, mapping, ert may be ""; a mapping
// needs the problem) and describes it.
std::string validate_design(const std::string& arch, const std::string& problem, const std::string& mapping,
                            const std::string& ert);

}  // namespace eyrie::tl
