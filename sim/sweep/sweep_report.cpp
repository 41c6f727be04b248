#include "sim/sweep/sweep_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/report/text_table.h"

namespace eyrie {

namespace {

double energy_per_mac(const SweepRow& r) { return r.macs ? r.energy / static_cast<double>(r.macs) : 0; }

std::string energy_unit(const SweepResult& r) { return r.rows.empty() ? "" : r.rows.front().energy_unit; }

std::string csv(const SweepResult& r) {
  std::string out = sweep_csv_header(r.header);
  for (const SweepRow& row : r.rows) out += sweep_csv_row(row, true);
  return out;
}

std::string json(const SweepResult& r) {
  nlohmann::ordered_json j;
  j["sweep"] = r.header.name;
  j["objective"] = r.header.objective;
  j["energy_unit"] = energy_unit(r);
  j["parameters"] = r.header.parameters;
  j["rows"] = nlohmann::ordered_json::array();
  for (const SweepRow& row : r.rows) {
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < r.header.parameters.size() && k < row.values.size(); ++k)
      p[r.header.parameters[k]] = row.values[k];
    nlohmann::ordered_json e = {{"point", row.point}, {"parameters", p}, {"network", row.network},
                                {"dataflow", row.dataflow}, {"status", row.status}};
    if (row.ok()) {
      e["macs"] = row.macs;
      e["cycles"] = row.cycles;
      if (row.timed_cycles) e["timed_cycles"] = *row.timed_cycles;
      e["utilization"] = row.utilization;
      e["energy"] = row.energy;
      e["energy_per_mac"] = energy_per_mac(row);
      e["dram_bytes"] = row.dram_bytes;
      e["best"] = row.best;
      e["pareto"] = row.pareto;
    }
    e["area_um2"] = {{"total", row.area.total_um2()},
                     {"mac", row.area.mac_um2},
                     {"register_file", row.area.register_file_um2},
                     {"global_buffer", row.area.global_buffer_um2}};
    e["provenance"] = {{"eyrie_version", row.eyrie_version}, {"arch_file", row.arch_file},
                       {"arch_file_hash", row.arch_file_hash}, {"arch_hash", row.arch_hash},
                       {"overrides", row.overrides},         {"objective", row.objective},
                       {"batch", row.batch},                 {"engine", row.engine}};
    j["rows"].push_back(e);
  }
  return j.dump(2) + "\n";
}

std::string table(const SweepResult& r) {
  TextTable t;
  t.add_column("#");
  for (const auto& p : r.header.parameters) t.add_column(p);
  t.add_column("network", TextTable::Align::Left);
  t.add_column("dataflow", TextTable::Align::Left);
  for (const char* h : {"cycles", "util"}) t.add_column(h);
  t.add_column(energy_unit(r) == "pJ" ? "pJ/MAC" : "E/MAC");
  t.add_column("area mm2");
  t.add_column("pareto");
  t.add_column("", TextTable::Align::Left);
  for (const SweepRow& row : r.rows) {
    std::vector<std::string> cells = {std::to_string(row.point)};
    cells.insert(cells.end(), row.values.begin(), row.values.end());
    cells.push_back(row.network);
    cells.push_back(row.dataflow);
    if (row.ok()) {
      cells.push_back(with_commas(row.cycles));
      cells.push_back(fmt::format("{:.1f}%", 100 * row.utilization));
      cells.push_back(fmt::format("{:.3f}", energy_per_mac(row)));
      cells.push_back(fmt::format("{:.3f}", row.area.total_um2() / 1e6));
      cells.push_back(row.pareto ? "*" : "");
      cells.push_back(row.best ? "<- best (" + r.header.objective + ")" : "");
    } else {
      cells.insert(cells.end(), {"-", "-", "-", fmt::format("{:.3f}", row.area.total_um2() / 1e6), "", "no mapping: " + row.status});
    }
    t.add_row(cells);
  }
  return fmt::format("sweep {} ({} rows, objective {}; * on the per-network Pareto front of energy, cycles, area)\n",
                     r.header.name, r.rows.size(), r.header.objective) +
         t.render();
}

}  // namespace

std::string sweep_csv_header(const SweepHeader& header) {
  std::string out = "point";
  for (const auto& p : header.parameters) out += "," + csv_cell(p);
  return out +
         ",network,dataflow,status,macs,cycles,timed_cycles,utilization,energy,energy_per_mac,energy_unit,dram_bytes,"
         "area_mm2,mac_area_mm2,register_file_area_mm2,global_buffer_area_mm2,best,pareto,"
         "eyrie_version,arch_file,arch_file_hash,arch_hash,overrides,objective,batch,engine\n";
}

std::string sweep_csv_row(const SweepRow& row, bool marked) {
  std::string out = std::to_string(row.point);
  for (const auto& v : row.values) out += "," + csv_cell(v);
  out += "," + csv_cell(row.network) + "," + csv_cell(row.dataflow) + "," + csv_cell(row.status);
  if (row.ok()) {
    out += fmt::format(",{},{},{},{},{},{},{},{}", row.macs, row.cycles,
                       row.timed_cycles ? std::to_string(*row.timed_cycles) : "", row.utilization, row.energy,
                       energy_per_mac(row), csv_cell(row.energy_unit), row.dram_bytes);
  } else {
    out += ",,,,,,," + csv_cell(row.energy_unit) + ",";  // nothing mapped: no numbers, not zeros
  }
  out += fmt::format(",{},{},{},{}", row.area.total_um2() / 1e6, row.area.mac_um2 / 1e6,
                     row.area.register_file_um2 / 1e6, row.area.global_buffer_um2 / 1e6);
  if (marked && row.ok()) out += fmt::format(",{},{}", row.best ? 1 : 0, row.pareto ? 1 : 0);
  else out += ",,";
  out += "," + csv_cell(row.eyrie_version) + "," + csv_cell(row.arch_file) + "," + row.arch_file_hash + "," +
         row.arch_hash + "," + csv_cell(row.overrides) + "," + row.objective + "," + std::to_string(row.batch) + "," +
         row.engine + "\n";
  return out;
}

std::string sweep_report(const SweepResult& result, Format format) {
  switch (format) {
    case Format::Table: return table(result);
    case Format::Csv: return csv(result);
    case Format::Json: return json(result);
  }
  return {};
}

}  // namespace eyrie
