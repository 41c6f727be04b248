// Timeloop architecture files: the flat level list Timeloop builds, from both file forms.
#include <gtest/gtest.h>

#include "tests/support/error_of.h"
#include "tests/timeloop/tl_test_data.h"
#include "timeloop/tl_arch.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::error_of;
using eyrie::testing::tl_data;

std::vector<std::string> names(const TlArch& a) {
  std::vector<std::string> n;
  for (const auto& l : a.levels) n.push_back(l.name);
  return n;
}

// eyeriss_like.yaml: DRAM, shared_glb, PE_column (meshX 14), PE (meshY 12), a !Parallel group
// of three spads, the MAC. The two containers become fan-out levels, as in Timeloop's stats
// (inter_PE_column_spatial [1..1], inter_PE_spatial [1..14]); the spads come in file order.
TEST(TlArch, EyerissV04NodesFlattenAsTimeloopDoes) {
  const TlArch a = load_tl_arch(tl_data("06/eyeriss_like.yaml"));
  EXPECT_EQ(a.version, "0.4");
  EXPECT_EQ(names(a), (std::vector<std::string>{"DRAM", "shared_glb", "inter_PE_column_spatial", "inter_PE_spatial",
                                                "ifmap_spad", "weights_spad", "psum_spad", "mac"}));
  const std::vector<std::int64_t> instances = {1, 1, 1, 14, 168, 168, 168, 168};
  for (std::size_t i = 0; i < a.levels.size(); ++i) EXPECT_EQ(a.levels[i].instances, instances[i]) << a.levels[i].name;
  const TlLevel& w = a.levels[a.find_target("weights_spad")];
  EXPECT_EQ(w.mesh_x, 14);
  EXPECT_EQ(w.mesh_y, 12);
  EXPECT_EQ(w.word_bits, 8);
  EXPECT_EQ(w.block_size, 2);         // width 16 / datawidth 8
  EXPECT_EQ(*w.size_words, 192 * 2);  // depth x block
  EXPECT_EQ(*w.read_bandwidth, 2.0);
  const TlLevel& dram = a.levels[0];
  EXPECT_TRUE(dram.is_dram);
  EXPECT_FALSE(dram.size_words.has_value());
  EXPECT_EQ(dram.block_size, 8);
  EXPECT_EQ(a.levels[1].technology, "32nm");
  EXPECT_EQ(*a.levels[1].global_cycle_seconds, 1e-9);
  EXPECT_TRUE(a.levels[2].holds_nothing);
  EXPECT_EQ(a.levels[2].container, "PE_column");
  EXPECT_EQ(a.find_target("PE"), 3);  // a container's name targets its fan-out level
  EXPECT_TRUE(a.compute().is_compute);
  EXPECT_EQ(a.compute().klass, "intmac");
  // Constraints stay with their level: shared_glb keeps Inputs, Outputs and bypasses Weights.
  const auto& k = a.levels[1].constraints.at(0);
  EXPECT_EQ(k.type, "dataspace");
  EXPECT_EQ(k.bypass, std::vector<std::string>{"Weights"});
  const auto& s = a.levels[2].constraints.at(0);
  EXPECT_EQ(s.type, "spatial");
  EXPECT_EQ(*s.split, 7);
  EXPECT_EQ(s.permutation.size(), 7u);
}

// The v0.3 tree form, with instance ranges in names and meshX on the components (what
// Timeloop's front end dumps, and what older designs are written in).
TEST(TlArch, V03SubtreeWithInstanceRanges) {
  const TlArch a = parse_tl_arch_text(R"(architecture:
  version: 0.3
  subtree:
    - name: system
      attributes: {technology: 45nm}
      local:
        - name: DRAM
          class: DRAM
          attributes: {width: 64, block_size: 4, word_bits: 16}
      subtree:
        - name: chip
          local:
            - name: glb
              class: smartbuffer_SRAM
              attributes: {memory_depth: 12800, memory_width: 64, word_bits: 16, n_banks: 32, multiple_buffering: 2}
          subtree:
            - name: PE[0..167]
              local:
                - name: spad
                  class: smartbuffer_RF
                  attributes: {depth: 16, width: 16, datawidth: 16, meshX: 14}
                - name: mac
                  class: intmac
                  attributes: {datawidth: 16, meshX: 14}
)", "v3.yaml");
  EXPECT_EQ(names(a), (std::vector<std::string>{"DRAM", "glb", "spad", "mac"}));
  EXPECT_EQ(a.levels[2].instances, 168);
  EXPECT_EQ(a.levels[2].mesh_x, 14);
  EXPECT_EQ(a.levels[2].mesh_y, 12);
  EXPECT_EQ(a.levels[0].block_size, 4);
  EXPECT_EQ(*a.levels[1].size_words, 12800 * 4);
  EXPECT_EQ(*a.levels[1].effective_size_words, 12800 * 2);
  EXPECT_EQ(a.levels[3].technology, "45nm");
}

TEST(TlArch, ElementCountsAndNames) {
  EXPECT_EQ(element_count("PE[0..167]", "x"), 168);
  EXPECT_EQ(element_count("Buffer[1..1]", "x"), 1);
  EXPECT_EQ(element_count("PE", "x"), 1);
  EXPECT_EQ(base_name("PE[0..167]"), "PE");
  EXPECT_EQ(error_of([] { element_count("PE[3..1]", "a.yaml:4: name"); }),
            "a.yaml:4: name: \"PE[3..1]\": an instance range is written name[first..last], e.g. PE[0..167]");
  EXPECT_NE(error_of([] { element_count("PE[0..x]", "w"); }).find("instance range"), std::string::npos);
}

std::string arch_error(const std::string& nodes) {
  return error_of([&] { parse_tl_arch_text("architecture:\n  version: 0.4\n  nodes:\n" + nodes, "a.yaml"); });
}

const char* kTail = R"(  - !Component
    name: RF
    class: regfile
    attributes: {depth: 64, width: 8, datawidth: 8}
  - !Component
    name: MACC
    class: intmac
)";

TEST(TlArch, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(arch_error("  - name: x\n    class: regfile\n"),
            "a.yaml:4: architecture.nodes[0]: a v0.4 node needs a tag: !Container, !Component, !Parallel or !Hierarchical");
  EXPECT_EQ(arch_error("  - !Thing\n    name: x\n"),
            "a.yaml:4: architecture.nodes[0]: unknown node tag !Thing (use !Container, !Component, !Parallel, !Hierarchical, !Nothing)");
  EXPECT_EQ(arch_error(std::string("  - !Component\n    name: G\n    class: SRAM\n    attributes: {depth: 8, width: 12, datawidth: 8}\n") + kTail),
            "a.yaml:7: architecture.nodes[0].attributes.width: width 12 is not a multiple of word bits 8 x block_size 1");
  EXPECT_EQ(arch_error(std::string("  - !Component\n    name: G\n    class: SRAM\n    attributes: {depth: 8, width: 8, datawidth: 8, cluster_size: 2}\n") + kTail),
            "a.yaml:7: architecture.nodes[0].attributes.width: width 8 is not a multiple of cluster_size x word bits");
  EXPECT_EQ(arch_error(std::string("  - !Component\n    name: G\n    class: SRAM\n    attributes: {depth: 8, widht: 64}\n") + kTail),
            "a.yaml:7: architecture.nodes[0].attributes.widht: unknown key (did you mean 'width'?)");
  EXPECT_EQ(arch_error(std::string("  - !Component\n    name: G\n    class: SRAM\n    attributes: {width: 64}\n") + kTail),
            "a.yaml:4: architecture.nodes[0]: a storage level other than DRAM needs depth, entries or sizeKB");
  EXPECT_EQ(arch_error(std::string("  - !Component\n    name: N\n    class: XY_NoC\n") + kTail),
            "a.yaml:6: architecture.nodes[0].class: class \"XY_NoC\" is neither storage (DRAM, SRAM, regfile, smartbuffer*, *storage) "
            "nor compute (intmac, fpmac, *mac, compute); networks are not read by eyrie yet");
  EXPECT_EQ(arch_error(std::string("  - !Container\n    name: PE\n    constraints: {dataspace: {keep: [Inputs]}}\n") + kTail),
            "a.yaml:6: architecture.nodes[0].constraints: constraints on a container belong to its spatial fan-out; this container has no `spatial`");
  EXPECT_EQ(arch_error("  - !Component\n    name: MACC\n    class: intmac\n"),
            "a.yaml:2: architecture: needs at least one storage level above the compute unit");
  EXPECT_EQ(arch_error(std::string(kTail) + "  - !Component\n    name: RF2\n    class: regfile\n    attributes: {depth: 4, width: 8, datawidth: 8}\n"),
            "a.yaml:2: architecture: the innermost component must be the compute unit (class intmac, fpmac, mac or compute)");
  EXPECT_EQ(arch_error(std::string("  - !Container\n    name: PE\n    spatial: {meshX: 0}\n") + kTail),
            "a.yaml:6: architecture.nodes[0].spatial.meshX: must be a positive integer, got 0");
  EXPECT_EQ(arch_error(std::string("  - !Component\n    name: RF\n    class: regfile\n    attributes: {depth: 4, width: 8, datawidth: 8}\n") + kTail),
            "a.yaml:8: architecture.nodes[1]: a second level named RF");
  EXPECT_EQ(arch_error(std::string("  - !Component\n    name: G\n    class: SRAM\n    attributes: {depth: 4000000000000000, width: 64, datawidth: 8}\n") + kTail),
            "a.yaml:7: architecture.nodes[0].attributes.depth: depth x block_size exceeds 2^53");
  EXPECT_EQ(error_of([] { parse_tl_arch_text("architecture:\n  version: 0.2\n  nodes: []\n", "a.yaml"); }),
            "a.yaml:2: architecture.version: eyrie reads Timeloop architecture versions 0.3 and 0.4");
  EXPECT_EQ(error_of([] { parse_tl_arch_text("architecture:\n  subtree:\n    - name: a\n    - name: b\n", "a.yaml"); }),
            "a.yaml:3: architecture.subtree: Timeloop reads exactly one top-level subtree, got 2");
}

// A v0.3 component whose meshX does not divide its instances is rejected (Timeloop asserts).
TEST(TlArch, MeshMustDivideInstances) {
  const std::string e = error_of([] {
    parse_tl_arch_text(R"(architecture:
  subtree:
    - name: PE[0..9]
      local:
        - name: rf
          class: regfile
          attributes: {depth: 4, width: 8, datawidth: 8, meshX: 4}
        - name: mac
          class: intmac
)", "m.yaml");
  });
  EXPECT_EQ(e, "m.yaml:7: architecture.subtree[0].local[0].attributes: meshX 4 does not divide the 10 instances");
}

}  // namespace
}  // namespace eyrie::tl
