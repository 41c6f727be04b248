#pragma once
// Small architectures and layers whose counts are derived by hand in the tests' comments.
#include <string>

#include "memory/mapping.h"
#include "sim/core/arch_spec.h"
#include "sim/core/cost_tables.h"

namespace eyrie::testing {

// 2x2 PEs, roomy RFs and GLB, bandwidth so high that only compute bounds the cycles.
inline std::string arch_2x2_yaml(const std::string& rf = "{ifmap_words: 16, filter_words: 16, psum_words: 16}",
                                 const std::string& glb = "{size_bytes: 4096, banks: 64, read_words_per_cycle: 64, write_words_per_cycle: 64, double_buffered: false}",
                                 const std::string& dram = "{bandwidth_gb_per_s: 100}") {
  return "name: t2x2\nclock_mhz: 100\nword_bits: 16\n"
         "mac: {precision: int16, accumulator_bits: 32, overflow: wrap}\n"
         "pe_array: {rows: 2, cols: 2}\n"
         "register_file: " + rf + "\n"
         "noc: {multicast: true, words_per_cycle: 64}\n"
         "global_buffer: " + glb + "\n"
         "dram: " + dram + "\n"
         "energy_table: eyeriss-65nm-normalized\narea_table: horowitz-45nm\n";
}

inline ArchSpec arch_2x2(const std::string& rf = "{ifmap_words: 16, filter_words: 16, psum_words: 16}",
                         const std::string& glb = "{size_bytes: 4096, banks: 64, read_words_per_cycle: 64, write_words_per_cycle: 64, double_buffered: false}",
                         const std::string& dram = "{bandwidth_gb_per_s: 100}") {
  return parse_arch_text(arch_2x2_yaml(rf, glb, dram), "t2x2.yaml");
}

// 1-D conv: P = 4 outputs, R = 3 taps, 6 inputs (every other dim 1).
inline LayerShape conv1d() {
  LayerShape s;
  s.dims = {1, 1, 1, 4, 1, 3, 1};
  return s;
}

// Everything bypassed except DRAM.
inline Mapping dram_only() {
  Mapping m;
  m.levels[0].keep = {false, false, false};
  m.levels[1].keep = {false, false, false};
  return m;
}

inline void set(Factors& f, Dim d, std::int64_t v) { f[static_cast<int>(d)] = v; }

}  // namespace eyrie::testing
