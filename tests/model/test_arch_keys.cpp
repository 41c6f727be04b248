// Every architecture key changes a result or is rejected: each key of the bundled files is
// overridden (as --set does) and the model's output must move. A key that parses and changes
// nothing would be a silent default. Name and description are labels; they are echoed.
// mac.accumulator_bits and mac.overflow shape the bit-exact numerics (eyrie conv, tested in
// tests/numerics), not the counts. dram.latency_cycles (and latency_cycles on the outermost
// storage level) moves only the timed engine's cycles: tests/timing
// (NetworkTiming.DramLatencyKeyMovesTimedCyclesByHand).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/model/area_model.h"
#include "sim/model/network_run.h"
#include "sim/report/run_report.h"
#include "workloads/network.h"

using namespace eyrie;

namespace {

// Everything the model says about AlexNet's conv layers (and the arch's area), as one string.
std::string outcome_of(const ArchSpec& arch, std::size_t first_conv = 0) {
  const AnalyticEngine engine(arch, load_energy_table(arch.energy_table));
  Network net = load_network("alexnet");
  std::vector<ConvLayer> convs;
  for (const auto& l : net.layers)
    if (l.type == LayerType::Conv) convs.push_back(l);
  net.layers.assign(convs.begin() + static_cast<std::ptrdiff_t>(first_conv), convs.end());  // conv1-5 from first_conv
  RunOptions o;
  o.dataflow = arch.dataflow.empty() ? "ws" : arch.dataflow;
  const NetworkResult r = run_network(net, engine, o);
  const AreaBreakdown a = estimate_area(arch, load_area_table(arch.area_table));
  return run_json(r).dump() + " area " + std::to_string(a.total_um2());
}

std::string outcome(const std::string& file, const std::vector<ConfigOverride>& overrides) {
  return outcome_of(load_arch(std::string(EYRIE_SOURCE_DIR) + "/" + file, overrides));
}

std::string read_text(const std::string& file) {
  std::ifstream in(std::string(EYRIE_SOURCE_DIR) + "/" + file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
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

// The general form's keys, each edited in configs/simba-like.yaml's text (a `--set` path cannot
// index into the storage list).
TEST(ArchKeys, EveryGeneralKeyMovesTheOutput) {
  const std::string text = read_text("configs/simba-like.yaml");
  // conv4 and conv5 (13 x 13): small enough to map 24 times quickly.
  const std::string base = outcome_of(parse_arch_text(text, "simba-like.yaml"), 3);
  // Under os the weights are shared down the columns (Y), which row buses cannot reach.
  std::string os_text = text;
  os_text.replace(os_text.find("dataflow: ws"), 12, "dataflow: os");
  const std::string os_base = outcome_of(parse_arch_text(os_text, "simba-like.yaml"), 3);
  {
    std::string edited = os_text;
    const std::string from = "network: {multicast: any, spatial_reduction: true, words_per_cycle: 16}";
    edited.replace(edited.find(from), from.size(), "network: {multicast: x, spatial_reduction: true, words_per_cycle: 16}");
    EXPECT_NE(outcome_of(parse_arch_text(edited, "simba-like.yaml"), 3), os_base) << "multicast x changed nothing";
  }
  const std::pair<const char*, const char*> edits[] = {
      {"    words_per_cycle: 16\n    energy: {table: dram}", "    words_per_cycle: 1\n    energy: {table: dram}"},
      {"capacity_words: 32768", "capacity_words: 2048"},
      {"    buffering: 2\n", "    buffering: 4\n"},
      {"banks: 8", "banks: 1"},
      {"block_words: 2", "block_words: 1"},
      {"    read_words_per_cycle: 16\n    write_words_per_cycle: 16", "    read_words_per_cycle: 1\n    write_words_per_cycle: 16"},
      {"    read_words_per_cycle: 16\n    write_words_per_cycle: 16", "    read_words_per_cycle: 16\n    write_words_per_cycle: 0.25"},
      {"    mesh_x: 4\n", "    mesh_x: 2\n"},
      {"    mesh_y: 4\n", "    mesh_y: 1\n"},
      {"    mesh_x: 8\n    mesh_y: 1", "    mesh_x: 4\n    mesh_y: 2"},
      {"network: {multicast: any, spatial_reduction: true, words_per_cycle: 16}",
       "network: {multicast: none, spatial_reduction: true, words_per_cycle: 16}"},
      {"spatial_reduction: true, words_per_cycle: 16}", "spatial_reduction: false, words_per_cycle: 16}"},
      {"words_per_cycle: 16}", "words_per_cycle: 0.5}"},
      {"words_per_cycle: 16}", "words_per_cycle: 16, energy_per_word: 9}"},
      {"network: {multicast: any, spatial_reduction: true}\n    energy: {table: global_buffer}",
       "network: {multicast: any, spatial_reduction: true}\n    energy: {table: register_file}"},
      {"    energy: {table: register_file}", "    energy: {read: 3, fill: 1, update: 1}"},
      {"    energy: {table: register_file}", "    energy: {table: register_file, leakage_per_cycle: 0.01}"},
      {"    energy: {table: register_file}", "    energy: {table: register_file}\n    area_um2: 1000"},
      {"    capacity_words: {weights: 1, inputs: 1, outputs: 16}", "    capacity_words: {weights: 1, inputs: 1, outputs: 16}\n    word_bits: {weights: 16, inputs: 16, outputs: 32}"},
      {"compute: {mesh_x: 1, mesh_y: 1}", "compute: {mesh_x: 2, mesh_y: 1}"},
      {"dataflow: ws", "dataflow: os"},
      {"clock_mhz: 1000", "clock_mhz: 500"},
  };
  for (const auto& [from, to] : edits) {
    std::string edited = text;
    const auto at = edited.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    edited.replace(at, std::string(from).size(), to);
    std::string moved;
    try {
      moved = outcome_of(parse_arch_text(edited, "simba-like.yaml"), 3);
    } catch (const Error& e) {
      moved = std::string("rejected: ") + e.what();
    }
    EXPECT_NE(moved, base) << "simba-like.yaml: " << from << " -> " << to << " changed nothing";
  }
}
