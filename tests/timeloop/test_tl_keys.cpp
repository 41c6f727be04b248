// Every storage attribute of a Timeloop architecture changes a result or is rejected: each is
// changed in the eyeriss_like example design (tests/data/timeloop/eyeriss_like), which is then
// lowered and run on its mapper output and ERT; the counts, cycles and energies (or the one-line
// error) must move. A key that parses and changes nothing would be a silent default.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/core/error.h"
#include "sim/model/analytic_engine.h"
#include "tests/timeloop/tl_test_data.h"
#include "timeloop/lower/tl_lower.h"

namespace eyrie::tl {
namespace {

using eyrie::testing::tl_data;

std::string arch_text() {
  std::ifstream in(tl_data("eyeriss_like/arch.yaml"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Everything the model says about the design, or its error.
std::string outcome(const std::string& text, TlLowered* out = nullptr) {
  try {
    const TlArch arch = parse_tl_arch_text(text, "arch.yaml");
    const TlProblem prob = load_tl_problem(tl_data("simba_like/default_problem.yaml"));
    const TlNest nest = resolve_nest(arch, prob, load_tl_mapping(tl_data("eyeriss_like/timeloop-mapper.map.yaml")));
    const Ert ert = load_ert(tl_data("eyeriss_like/timeloop-mapper.ERT.yaml"));
    const TlLowered low = lower(arch, prob, nest, &ert);
    if (out) *out = low;
    const LayerResult r = AnalyticEngine(low.arch, low.table).evaluate("l", shape_of(low.layer), low.mapping);
    std::ostringstream s;
    s.precision(12);
    s << "cycles " << r.perf.cycles;
    for (int l = 0; l < low.mapping.count; ++l)
      for (Operand op : kOperands)
        s << " " << r.counts.levels[l][op].reads << "/" << r.counts.levels[l][op].fills << "/" << r.counts.levels[l][op].updates
          << ":" << r.energy.storage[l][op];
    return s.str();
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

struct Change {
  const char* what;
  const char* from;
  const char* to;
  const char* expected;  // a part of the moved outcome ("" where only energies move)
};

}  // namespace

TEST(TlKeys, EveryStorageAttributeMovesTheResult) {
  const std::string base_text = arch_text();
  const std::string base = outcome(base_text);
  ASSERT_EQ(base.rfind("cycles 86016", 0), 0u) << base;  // the published cycles (reference.yaml)
  // shared_glb moves 1,354,752 words of reads and 558,704 of fills and updates (both far below
  // 16 per cycle over 86,016 cycles); at 0.25 words per cycle they take 5,419,008 and
  // 2,234,816 cycles.
  const Change changes[] = {
      // capacity: the mapper's tiles no longer fit (1024 rows x 8 words = 8,192 words)
      {"depth", "depth: 16384", "depth: 1024", "shared_glb: tiles of the kept operands need 16103 words, capacity is 8192 words"},
      {"multiple_buffering", "depth: 192\n", "depth: 192\n        multiple_buffering: 100\n",
       "weights_spad: tiles of the kept operands need 24 words, capacity is 3 words (1/100, multiple buffered)"},
      // words per vector access: energy per word
      {"width", "width: 64\n      n_banks", "width: 128\n      n_banks", "cycles 86016 "},
      {"datawidth", "width: 16\n        update_fifo_depth: 2\n        datawidth: 16",
       "width: 16\n        update_fifo_depth: 2\n        datawidth: 8", "cycles 86016 "},
      {"block_size", "n_banks: 32\n", "n_banks: 32\n      block_size: 4\n", "cycles 86016 "},  // clusters of 2 blocks
      // instances: the mapping's spatial factors no longer fit the mesh
      {"meshX", "meshX: 14", "meshX: 7", "spatial factors 14 (X) x 1 (Y) exceed the 7 x 1 fan-out"},
      {"meshY", "meshY: 12", "meshY: 4", "spatial factors 1 (X) x 9 (Y) exceed the 1 x 4 fan-out"},
      // bandwidth: cycles
      {"read_bandwidth", "read_bandwidth: 16", "read_bandwidth: 0.25", "cycles 5419008 "},
      {"write_bandwidth", "write_bandwidth: 16", "write_bandwidth: 0.25", "cycles 2234816 "},
      // class: the outermost level stops being DRAM (a buffer needs a depth)
      {"class", "class: DRAM", "class: SRAM", "a storage level other than DRAM needs depth, entries or sizeKB"},
  };
  for (const Change& c : changes) {
    const std::string moved = outcome(with(base_text, c.from, c.to));
    EXPECT_NE(moved, base) << c.what << " changed nothing";
    EXPECT_NE(moved.find(c.expected), std::string::npos) << c.what << ": " << moved.substr(0, 200);
  }
  // The compute class sets the MAC's kind.
  TlLowered low;
  outcome(with(base_text, "class: intmac", "class: fpmac"), &low);
  EXPECT_EQ(low.arch.mac.precision, Precision::Fp32);
  outcome(base_text, &low);
  EXPECT_EQ(low.arch.mac.precision, Precision::Int16);
}

}  // namespace eyrie::tl
