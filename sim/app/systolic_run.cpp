#include "sim/app/systolic_run.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/report/format.h"
#include "sim/report/text_table.h"
#include "sim/systolic/scalesim_report.h"
#include "sim/systolic/systolic_sim.h"
#include "sim/timing/sc_systolic.h"
#include "workloads/network.h"

namespace eyrie::cli {

namespace {

using systolic::SystolicLayerResult;

const char* kOperands[] = {"ifmap", "filter", "ofmap"};

std::string layers_csv(const std::vector<SystolicLayerResult>& layers) {
  std::string out =
      "layer,macs,folds,cycles,stall_cycles,overall_util_pct,mapping_efficiency_pct,compute_util_pct,"
      "sram_ifmap_reads,sram_filter_reads,sram_ofmap_writes,dram_ifmap_reads,dram_filter_reads,dram_ofmap_writes\n";
  for (const auto& r : layers) {
    out += csv_cell(r.name) + "," + std::to_string(r.macs) + "," + std::to_string(r.folds) + "," +
           std::to_string(r.total_cycles) + "," + std::to_string(r.stall_cycles) + "," +
           systolic::python_float(r.overall_util_pct) + "," + systolic::python_float(r.mapping_efficiency_pct) + "," +
           systolic::python_float(r.compute_util_pct);
    for (auto v : r.sram_requests) out += "," + std::to_string(v);
    for (const auto& d : r.dram) out += "," + std::to_string(d.words);
    out += "\n";
  }
  return out;
}

std::string layers_json(const systolic::SystolicArch& arch, const std::vector<SystolicLayerResult>& layers,
                        const std::vector<SystolicTimedLayer>& timed) {
  nlohmann::json j;
  j["template"] = "systolic";
  j["arch"] = {{"source", arch.source}, {"rows", arch.rows}, {"cols", arch.cols},
               {"dataflow", systolic::to_string(arch.dataflow)},
               {"bandwidth_mode", arch.mode == systolic::BandwidthMode::Calc ? "CALC" : "USER"}};
  std::int64_t cycles = 0, stalls = 0;
  for (const auto& r : layers) {
    nlohmann::json l = {{"name", r.name}, {"macs", r.macs}, {"folds", r.folds}, {"cycles", r.total_cycles},
                        {"stall_cycles", r.stall_cycles}, {"overall_util_pct", r.overall_util_pct},
                        {"mapping_efficiency_pct", r.mapping_efficiency_pct}, {"compute_util_pct", r.compute_util_pct}};
    for (int op = 0; op < 3; ++op) {
      l["sram"][kOperands[op]] = {{"requests", r.sram_requests[op]}, {"start_cycle", r.sram_start[op]},
                                  {"stop_cycle", r.sram_stop[op]}};
      l["dram"][kOperands[op]] = {{"words", r.dram[op].words}, {"start_cycle", r.dram[op].start_cycle},
                                  {"stop_cycle", r.dram[op].stop_cycle}};
    }
    const std::size_t i = static_cast<std::size_t>(&r - layers.data());
    if (!timed.empty()) l["timed"] = {{"cycles", timed[i].cycles}, {"stall_cycles", timed[i].stall_cycles}};
    j["layers"].push_back(l);
    cycles += r.total_cycles;
    stalls += r.stall_cycles;
  }
  j["total"] = {{"cycles", cycles}, {"stall_cycles", stalls}};
  return j.dump(2) + "\n";
}

std::string layers_table(const std::vector<SystolicLayerResult>& layers, const std::vector<SystolicTimedLayer>& timed) {
  TextTable t;
  t.add_column("layer", TextTable::Align::Left);
  for (const char* h : {"folds", "cycles", "stalls", "util %", "SRAM ifmap rd", "SRAM filter rd", "SRAM ofmap wr",
                        "DRAM ifmap rd", "DRAM filter rd", "DRAM ofmap wr"})
    t.add_column(h);
  if (!timed.empty()) t.add_column("SystemC cycles");
  std::int64_t cycles = 0, stalls = 0, sc_cycles = 0;
  for (const auto& r : layers) {
    char util[32];
    std::snprintf(util, sizeof util, "%.2f", r.overall_util_pct);
    std::vector<std::string> row{r.name, with_commas(r.folds), with_commas(r.total_cycles), with_commas(r.stall_cycles), util,
                                 with_commas(r.sram_requests[0]), with_commas(r.sram_requests[1]), with_commas(r.sram_requests[2]),
                                 with_commas(r.dram[0].words), with_commas(r.dram[1].words), with_commas(r.dram[2].words)};
    const std::size_t i = static_cast<std::size_t>(&r - layers.data());
    if (!timed.empty()) row.push_back(with_commas(timed[i].cycles)), sc_cycles += timed[i].cycles;
    t.add_row(row);
    cycles += r.total_cycles;
    stalls += r.stall_cycles;
  }
  t.add_separator();
  std::vector<std::string> total{"total", "", with_commas(cycles), with_commas(stalls), "", "", "", "", "", "", ""};
  if (!timed.empty()) total.push_back(with_commas(sc_cycles));
  t.add_row(total);
  return t.render();
}

// SCALE-Sim's layer<i>/{IFMAP,FILTER,OFMAP}_SRAM_TRACE.csv (numpy savetxt '%i', ','): each
// file written under a temporary name and renamed once the layer is done.
class SramTraceFiles : public systolic::SramTraceSink {
 public:
  explicit SramTraceFiles(const std::string& dir) : dir_(dir) {
    std::filesystem::create_directories(dir);
    for (int op = 0; op < 3; ++op) {
      out_[op].open(path(op) + ".tmp", std::ios::binary);
      if (!out_[op]) throw Error(path(op) + ": cannot write");
    }
  }
  ~SramTraceFiles() override {
    for (int op = 0; op < 3; ++op) {
      if (out_[op].is_open()) {
        out_[op].close();
        std::remove((path(op) + ".tmp").c_str());
      }
    }
  }
  void row(systolic::Operand op, std::int64_t cycle, const std::int64_t* addr, std::size_t width) override {
    char buf[32];
    std::string& line = line_;
    line.clear();
    auto put = [&](std::int64_t v) { line.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr); };
    put(cycle);
    for (std::size_t c = 0; c < width; ++c) line += ',', put(addr[c]);
    line += '\n';
    out_[static_cast<int>(op)] << line;
  }
  void commit() {
    for (int op = 0; op < 3; ++op) {
      out_[op].close();
      if (!out_[op]) throw Error(path(op) + ": write failed");
      std::filesystem::rename(path(op) + ".tmp", path(op));
    }
  }

 private:
  std::string path(int op) const {
    static const char* kNames[] = {"IFMAP_SRAM_TRACE.csv", "FILTER_SRAM_TRACE.csv", "OFMAP_SRAM_TRACE.csv"};
    return dir_ + "/" + kNames[op];
  }
  std::string dir_, line_;
  std::ofstream out_[3];
};

}  // namespace

int run_systolic(const SystolicRunRequest& q) {
  if (q.format != "table" && q.format != "csv" && q.format != "json" && q.format != "scalesim")
    throw Error("--format: must be table, csv, json or scalesim, got \"" + q.format + "\"");
  systolic::SystolicArch arch = systolic::load_scalesim_cfg(q.arch_path);
  if (!q.dataflow.empty()) {
    if (q.dataflow == "os") arch.dataflow = systolic::Dataflow::OutputStationary;
    else if (q.dataflow == "ws") arch.dataflow = systolic::Dataflow::WeightStationary;
    else if (q.dataflow == "is") arch.dataflow = systolic::Dataflow::InputStationary;
    else throw Error("--dataflow: the systolic template runs os, ws or is, got \"" + q.dataflow + "\"");
  }
  std::string network = q.network;
  if (network.empty()) {
    if (arch.topology_path.empty())
      throw Error("--network: required (" + q.arch_path + " has no [network_presets] TopologyCsvLoc)");
    network = arch.topology_path;
  }
  const Network net = load_network(network);
  if (q.engine != "analytic" && q.engine != "systemc")
    throw Error("--engine: must be analytic or systemc, got \"" + q.engine + "\"");
  if (q.sram_traces && q.out_dir.empty()) throw Error("--sram-traces: needs --out DIR to write them under");
  std::vector<SystolicLayerResult> layers;
  if (q.sram_traces) {  // every GEMM simulated on its own, groups included: each has its files
    for (const systolic::NetworkGemm& n : systolic::network_gemms(net)) {
      SramTraceFiles files(q.out_dir + "/layer" + std::to_string(layers.size()));
      layers.push_back(systolic::simulate_layer(n.gemm, arch, &files));
      files.commit();
    }
  } else {
    layers = systolic::simulate_network(net, arch);
  }
  const std::vector<SystolicTimedLayer> timed =
      q.engine == "systemc" ? simulate_systolic_timed(net, arch) : std::vector<SystolicTimedLayer>{};
  const std::string compute = systolic::compute_report_csv(layers);
  const std::string bandwidth = systolic::bandwidth_report_csv(layers);
  const std::string detail = systolic::detailed_access_report_csv(layers);
  if (!q.out_dir.empty()) {
    write_file_atomically(q.out_dir + "/COMPUTE_REPORT.csv", compute);
    write_file_atomically(q.out_dir + "/BANDWIDTH_REPORT.csv", bandwidth);
    write_file_atomically(q.out_dir + "/DETAILED_ACCESS_REPORT.csv", detail);
    write_file_atomically(q.out_dir + "/layers.csv", layers_csv(layers));
  }
  if (q.format == "scalesim")
    std::cout << "# COMPUTE_REPORT.csv\n" << compute << "# BANDWIDTH_REPORT.csv\n" << bandwidth
              << "# DETAILED_ACCESS_REPORT.csv\n" << detail;
  else if (q.format == "csv")
    std::cout << layers_csv(layers);
  else if (q.format == "json")
    std::cout << layers_json(arch, layers, timed);
  else
    std::cout << layers_table(layers, timed);
  return 0;
}

}  // namespace eyrie::cli
