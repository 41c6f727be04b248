// Every architecture key changes a result or is rejected: each key of the bundled files is
// overridden (as --set does) and the model's output must move. A key that parses and changes
// nothing would be a silent default. Name and description are labels; they are echoed.
// mac.accumulator_bits and mac.overflow shape the bit-exact numerics (eyrie conv, tested in
// tests/numerics), not the counts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/model/area_model.h"
#include "sim/model/network_run.h"
#include "sim/report/run_report.h"
#include "workloads/network.h"

using namespace eyrie;

namespace {

// Everything the model says about AlexNet's conv layers (and the arch's area), as one string.
std::string outcome(const std::string& file, const std::vector<ConfigOverride>& overrides) {
  const ArchSpec arch = load_arch(std::string(EYRIE_SOURCE_DIR) + "/" + file, overrides);
  const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
  Network net = load_network("alexnet");
  net.layers.resize(5);  // conv1-5 (pooling layers carry no MACs and are skipped)
  RunOptions o;
  o.dataflow = arch.dataflow.empty() ? "ws" : arch.dataflow;
  const NetworkResult r = run_network(net, engine, o);
  const AreaBreakdown a = estimate_area(arch, load_area_table(arch.area_table));
  return run_json(r).dump() + " area " + std::to_string(a.total_um2());
}

struct KeyCase {
  const char* key;
  const char* value;
};

void expect_every_key_moves(const std::string& file, std::initializer_list<KeyCase> cases) {
  const std::string base = outcome(file, {});
  for (const auto& c : cases) {
    std::string moved;
    try {
      moved = outcome(file, {{c.key, c.value}});
    } catch (const Error& e) {
      moved = std::string("rejected: ") + e.what();
    }
    EXPECT_NE(moved, base) << file << ": --set " << c.key << "=" << c.value << " changed nothing";
  }
}

}  // namespace

TEST(ArchKeys, EveryEyerissKeyMovesTheOutput) {
  expect_every_key_moves("configs/eyeriss.yaml", {
      {"clock_mhz", "100"},
      {"word_bits", "32"},
      {"dataflow", "os"},
      {"counting", "timeloop"},
      {"mac.precision", "int8"},
      {"pe_array.rows", "8"},
      {"pe_array.cols", "8"},
      {"register_file.ifmap_words", "24"},
      {"register_file.filter_words", "64"},
      {"register_file.psum_words", "8"},
      {"noc.multicast", "false"},
      {"noc.words_per_cycle", "1"},
      {"global_buffer.size_bytes", "8192"},
      {"global_buffer.banks", "1"},
      {"global_buffer.block_words", "0"},
      {"global_buffer.read_words_per_cycle", "1"},
      {"global_buffer.write_words_per_cycle", "0.5"},
      {"global_buffer.double_buffered", "false"},
      {"dram.bandwidth_gb_per_s", "0.2"},
      {"dram.energy_per_access_pj", "100"},
      {"energy_table", "horowitz-45nm"},
      {"area_table", "nonexistent"},
  });
}
