// Timeloop mapping files in the forms Timeloop reads and writes, and the nest they resolve to.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "tests/support/error_of.h"
#include "tests/timeloop/tl_test_data.h"
#include "timeloop/tl_mapping.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::error_of;
using eyrie::testing::tl_data;

std::string factors_of(const std::string& text) {
  const TlMapping m = parse_tl_mapping_text("mapping:\n  - target: Buffer\n    type: temporal\n    factors: " + text + "\n", "m.yaml");
  std::string out;
  for (const TlFactor& f : m.entries.at(0).factors)
    out += f.dim + "=" + std::to_string(f.value) + (f.residual ? "," + std::to_string(f.residual) : "") + " ";
  return out;
}

// Every way Timeloop writes factors reads the same (the old reader truncated "R=1,P=16" after
// the first factor and rejected "C1 M8").
TEST(TlMapping, FactorForms) {
  EXPECT_EQ(factors_of("R=1 P=16"), "R=1 P=16 ");
  EXPECT_EQ(factors_of("R1 P16"), "R=1 P=16 ");
  EXPECT_EQ(factors_of("R=1,P=16"), "R=1 P=16 ");
  EXPECT_EQ(factors_of("C1 M8 R1 S1 N1 P1 Q1"), "C=1 M=8 R=1 S=1 N=1 P=1 Q=1 ");
  EXPECT_EQ(factors_of("[R=1, P=16]"), "R=1 P=16 ");
  EXPECT_EQ(factors_of("\"R = 3  P=16  # a comment\""), "R=3 P=16 ");
  EXPECT_EQ(factors_of("P=7,3 R=3"), "P=7,3 R=3 ");  // 7 iterations, the last one 3
  EXPECT_EQ(error_of([] { factors_of("R=three"); }),
            "m.yaml:4: mapping[0].factors: bad factor \"R=three\": the value must be a positive integer");
  EXPECT_EQ(error_of([] { factors_of("R=3;P=16"); }),
            "m.yaml:4: mapping[0].factors: bad factor text at \"R=3;P=16\" (write R=3 P=16 or R3 P16)");
  EXPECT_EQ(error_of([] { factors_of("R=3 R=1"); }), "m.yaml:4: mapping[0].factors: dimension R has two factors");
  EXPECT_EQ(error_of([] { factors_of("P=3,4"); }), "m.yaml:4: mapping[0].factors: factor P: the last iteration's 4 must lie in 1..3");
  // Bounds belong to constraints (Timeloop's "M<=4", "C>=2"), not to a mapping.
  EXPECT_EQ(error_of([] { factors_of("M<=4"); }),
            "m.yaml:4: mapping[0].factors: a mapping gives each factor exactly; <= and >= belong to constraints");
}

// Factor bounds in an architecture's constraints.
TEST(TlMapping, ConstraintBoundsAreChecked) {
  const TlArch a = parse_tl_arch_text(R"(architecture:
  version: 0.4
  nodes:
  - !Component
    name: MainMemory
    class: DRAM
    attributes: {width: 64, datawidth: 8}
  - !Component
    name: Buffer
    class: regfile
    attributes: {depth: 64, width: 8, datawidth: 8}
    constraints: {temporal: {factors: P<=4 R>=3}}
  - !Component
    name: MACC
    class: intmac
)", "a.yaml");
  const auto& f = a.levels[1].constraints.at(0).factors;
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].bound, TlFactor::Bound::AtMost);
  EXPECT_EQ(f[1].bound, TlFactor::Bound::AtLeast);
  const TlProblem p = load_tl_problem(tl_data("01/conv1d.prob.yaml"));
  auto err = [&](const std::string& map) { return error_of([&] { resolve_nest(a, p, parse_tl_mapping_text(map, "m.yaml")); }); };
  EXPECT_EQ(err("mapping:\n  - {target: Buffer, type: temporal, factors: R3 P4}\n  - {target: MainMemory, type: temporal, factors: P4}\n"),
            "no error");
  EXPECT_EQ(err("mapping:\n  - {target: Buffer, type: temporal, factors: R3 P16}\n"),
            "m.yaml:2: mapping[0]: Buffer: temporal factor P must be at most 4, the mapping gives 16 (constraint at a.yaml:12: "
            "architecture.nodes[1].constraints.temporal)");
  EXPECT_EQ(err("mapping:\n  - {target: Buffer, type: temporal, factors: R1 P4}\n  - {target: MainMemory, type: temporal, factors: R3 P4}\n"),
            "m.yaml:2: mapping[0]: Buffer: temporal factor R must be at least 3, the mapping gives 1 (constraint at a.yaml:12: "
            "architecture.nodes[1].constraints.temporal)");
}

// Tutorial 06's mapper output: two spatial levels (inter_PE_column_spatial: Q14 on X,
// inter_PE_spatial: M4 S3 on Y), temporal loops at every spad, datatype entries everywhere.
TEST(TlMapping, EyerissMapperOutputResolves) {
  const TlArch a = load_tl_arch(tl_data("06/eyeriss_like.yaml"));
  const TlProblem p = load_tl_problem(tl_data("06/VGG02_layer5.yaml"));
  const TlMapping m = load_tl_mapping(tl_data("06/timeloop-mapper.map.yaml"));
  EXPECT_EQ(m.entries.size(), 16u);
  const TlNest n = resolve_nest(a, p, m);
  ASSERT_EQ(n.levels.size(), 7u);
  const auto& column = n.levels[a.find_target("inter_PE_column_spatial")].spatial;
  const auto& pe = n.levels[a.find_target("inter_PE_spatial")].spatial;
  // Innermost first, as written: QCMRSNP split 1 -> Q on X; SMCRNPQ split 0 -> all on Y.
  EXPECT_EQ(p.dims[column[0].dim], "Q");
  EXPECT_EQ(column[0].end, 14);
  EXPECT_EQ(column[0].space, TlLoop::Space::X);
  EXPECT_EQ(p.dims[pe[0].dim], "S");
  EXPECT_EQ(pe[0].end, 3);
  EXPECT_EQ(pe[1].end, 4);
  EXPECT_EQ(pe[1].space, TlLoop::Space::Y);
  const auto& dram = n.levels[0].temporal;  // MPCQRSN: M innermost
  EXPECT_EQ(p.dims[dram[0].dim], "M");
  EXPECT_EQ(p.dims[dram[3].dim], "Q");
  EXPECT_EQ(n.temporal_steps(), 5505024);
  EXPECT_EQ(n.levels[1].keep, (std::vector<bool>{false, true, true}));  // shared_glb: Inputs, Outputs
  EXPECT_EQ(n.levels[2].keep, (std::vector<bool>{false, false, false}));
  EXPECT_EQ(n.utilized_instances(4), 168);
}

// A numeric target is Timeloop's storage level number, 0 innermost.
TEST(TlMapping, NumericTargetsCountFromTheInnermost) {
  const TlArch a = load_tl_arch(tl_data("01/2level.arch.yaml"));
  const TlProblem p = load_tl_problem(tl_data("01/conv1d.prob.yaml"));
  const TlNest n = resolve_nest(a, p, parse_tl_mapping_text(R"(mapping:
  - {target: 1, type: temporal, factors: R3, permutation: R}
  - {target: 0, type: temporal, factors: P16}
)", "m.yaml"));
  EXPECT_EQ(n.levels[0].temporal[0].end, 3);  // MainMemory
  // No permutation: the problem's order, R then P, innermost first.
  EXPECT_EQ(p.dims[n.levels[1].temporal[0].dim], "R");
  EXPECT_EQ(n.levels[1].temporal[1].end, 16);
}

// `type: bypass` and `type: dataspace` are Timeloop's other spellings of `datatype`: the same
// keep/bypass lists resolve to the same kept data spaces (Weights, Inputs, Outputs).
TEST(TlMapping, BypassAndDataspaceSpellDatatype) {
  const TlArch a = load_tl_arch(tl_data("01/2level.arch.yaml"));
  const TlProblem p = load_tl_problem(tl_data("01/conv1d.prob.yaml"));
  for (const char* type : {"datatype", "bypass", "dataspace"}) {
    const TlNest n = resolve_nest(a, p, parse_tl_mapping_text(std::string("mapping:\n") +
      "  - {target: MainMemory, type: temporal, factors: R3}\n"
      "  - {target: Buffer, type: temporal, factors: P16}\n"
      "  - {target: Buffer, type: " + type + ", keep: [Weights], bypass: [Inputs, Outputs]}\n", "m.yaml"));
    EXPECT_EQ(n.levels[1].keep, (std::vector<bool>{true, false, false})) << type;
    EXPECT_EQ(n.levels[0].keep, (std::vector<bool>{true, true, true})) << type;
  }
}

std::string nest_error(const char* arch, const char* prob, const std::string& map) {
  return error_of([&] {
    resolve_nest(load_tl_arch(tl_data(arch)), load_tl_problem(tl_data(prob)), parse_tl_mapping_text(map, "m.yaml"));
  });
}

std::string two_level(const std::string& entries) {
  return nest_error("01/2level.arch.yaml", "01/conv1d.prob.yaml", "mapping:\n" + entries);
}

TEST(TlMapping, ErrorsNameTheEntry) {
  EXPECT_EQ(two_level("  - {target: GLB, type: temporal, factors: R3 P16}\n"),
            "m.yaml:2: mapping[0]: no storage level named GLB in " + tl_data("01/2level.arch.yaml") + " (levels: MainMemory Buffer)");
  EXPECT_EQ(two_level("  - {target: MACC, type: temporal, factors: R3 P16}\n"),
            "m.yaml:2: mapping[0]: MACC is the compute unit; mappings target storage levels");
  EXPECT_EQ(two_level("  - {target: Buffer, type: temporal, factors: R3}\n  - {target: Buffer, type: temporal, factors: P16}\n"),
            "m.yaml:3: mapping[1]: a second temporal entry for Buffer (the first is at m.yaml:2: mapping[0])");
  EXPECT_EQ(two_level("  - {target: Buffer, type: temporal, factors: R3 P8}\n"),
            "m.yaml: the factors of dimension P multiply to 8, the problem's bound is 16");
  EXPECT_EQ(two_level("  - {target: Buffer, type: temporal, factors: R3 P16 K2}\n"),
            "m.yaml:2: mapping[0]: dimension K is not in problem shape Conv1D (dimensions: R P)");
  EXPECT_EQ(two_level("  - {target: MainMemory, type: spatial, factors: P16}\n"),
            "m.yaml:2: mapping[0]: MainMemory has no spatial fan-out: Buffer has as many instances as it");
  EXPECT_EQ(two_level("  - {target: MainMemory, type: datatype, bypass: [Inputs]}\n  - {target: Buffer, type: temporal, factors: R3 P16}\n"),
            "m.yaml:2: mapping[0]: the outermost level MainMemory must keep every data space, it bypasses Inputs");
  EXPECT_EQ(two_level("  - {target: Buffer, type: datatype, keep: [Inputs], bypass: [Inputs]}\n"),
            "m.yaml:2: mapping[0]: Inputs is both kept and bypassed");
  EXPECT_EQ(two_level("  - {target: Buffer, type: datatype, keep: [Psums]}\n"),
            "m.yaml:2: mapping[0]: data space Psums is not in problem shape Conv1D");
  EXPECT_EQ(two_level("  - {target: Buffer, type: temporal, factors: R3 P16, keep: [Inputs]}\n"),
            "m.yaml:2: mapping[0].keep: belongs to a datatype entry, this one is temporal");
  EXPECT_EQ(two_level("  - {target: Buffer, type: temporal, factors: R3 P16, no_temporal_reuse: [Inputs]}\n"),
            "m.yaml:2: mapping[0].no_temporal_reuse: Timeloop's no_temporal_reuse is not modelled by eyrie");
  EXPECT_EQ(two_level("  - {target: 2, type: temporal, factors: R3 P16}\n"),
            "m.yaml:2: mapping[0]: target level 2 does not exist (0..1, 0 innermost)");
  EXPECT_EQ(two_level("  - {target: Buffer, type: sideways}\n"),
            "m.yaml:2: mapping[0].type: must be one of temporal | spatial | datatype | bypass | dataspace, got \"sideways\"");
}

// Spatial factors must fit the mesh below, per axis, and fan-out levels hold nothing.
TEST(TlMapping, SpatialFitsTheMeshAndFanOutLevelsHoldNothing) {
  const char* arch = "04/3levelspatial.arch.yaml";  // PE: meshX 16 below GlobalBuffer
  const char* prob = "04/conv1d+oc+ic.prob.yaml";
  EXPECT_EQ(nest_error(arch, prob, "mapping:\n  - {target: PE, type: spatial, factors: C32, permutation: C}\n"),
            "m.yaml:2: mapping[0]: spatial factors 32 (X) x 1 (Y) exceed the 16 x 1 fan-out below inter_PE_spatial");
  EXPECT_EQ(nest_error(arch, prob, "mapping:\n  - {target: PE, type: spatial, factors: C16, split: 0}\n"),
            "m.yaml:2: mapping[0]: spatial factors 1 (X) x 16 (Y) exceed the 16 x 1 fan-out below inter_PE_spatial");
  // Two spatial entries for one fan-out: Timeloop keeps the last silently, eyrie names both.
  EXPECT_EQ(nest_error(arch, prob, "mapping:\n  - {target: PE, type: spatial, factors: C4}\n  - {target: PE, type: spatial, factors: K4}\n"),
            "m.yaml:3: mapping[1]: a second spatial entry for inter_PE_spatial (the first is at m.yaml:2: mapping[0])");
  EXPECT_EQ(nest_error(arch, prob, "mapping:\n  - {target: PE, type: datatype, keep: [Weights]}\n"),
            "m.yaml:2: mapping[0]: inter_PE_spatial is a fan-out point and holds no data; it cannot keep Weights");
}

// The architecture's constraints are the design's mapspace (06: each spad keeps its operand,
// spatial dims on their axis, factor pins).
TEST(TlMapping, ArchitectureConstraintsAreChecked) {
  const TlArch a = load_tl_arch(tl_data("06/eyeriss_like.yaml"));
  const TlProblem p = load_tl_problem(tl_data("06/VGG02_layer5.yaml"));
  std::string text;
  {
    std::ifstream in(tl_data("06/timeloop-mapper.map.yaml"));
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto err = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return error_of([&] { resolve_nest(a, p, parse_tl_mapping_text(t, "m.yaml")); });
  };
  const std::string arch = tl_data("06/eyeriss_like.yaml");
  EXPECT_EQ(err("  - target: shared_glb\n    type: datatype\n    keep:\n      - Inputs\n      - Outputs\n    bypass:\n      - Weights",
                "  - target: shared_glb\n    type: datatype\n    keep:\n      - Inputs\n      - Outputs\n      - Weights"),
            "m.yaml:39: mapping[5]: shared_glb: must bypass Weights (constraint at " + arch + ":35: architecture.nodes[3].constraints.dataspace)");
  // weights_spad: C inside R, as the permutation constraint [N, M, P, Q, S, C, R] orders them.
  EXPECT_EQ(err("factors: C8 M1 R3 S1 N1 P1 Q1\n    permutation: CRMSNPQ", "factors: C8 M1 R3 S1 N1 P1 Q1\n    permutation: RCMSNPQ"),
            "m.yaml:58: mapping[8]: weights_spad: loop order must follow the permutation constraint (constraint at " + arch +
                ":84: architecture.nodes[6].nodes[1].constraints.temporal)");
  // Spatial axis: the column fan-out is X only; put Q on Y there and the mesh check refuses it.
  EXPECT_EQ(err("permutation: QCMRSNP\n    split: 1", "permutation: QCMRSNP\n    split: 0"),
            "m.yaml:75: mapping[12]: spatial factors 1 (X) x 14 (Y) exceed the 14 x 1 fan-out below inter_PE_column_spatial");
}

}  // namespace
}  // namespace eyrie::tl
