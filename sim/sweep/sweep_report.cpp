#include "sim/sweep/sweep_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/report/text_table.h"

namespace eyrie {

namespace {

std::string csv(const SweepResult& r) {
  std::string out = "point";
  for (const auto& p : r.spec.parameters) out += "," + csv_cell(p);
  out += ",network,dataflow,status,macs,cycles,timed_cycles,utilization,energy,energy_per_mac,dram_bytes,"
         "area_mm2,mac_area_mm2,register_file_area_mm2,global_buffer_area_mm2,best\n";
  for (const SweepRow& row : r.rows) {
    out += std::to_string(row.point);
    for (const auto& o : r.spec.points[row.point].overrides) out += "," + csv_cell(o.value);
    const bool ok = row.status == "ok";
    out += fmt::format(",{},{},{},{},{},{},{:.6f},{:.6g},{:.6g},{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", csv_cell(row.network),
                       row.dataflow, csv_cell(row.status), row.macs, row.cycles, row.timed_cycles, row.utilization,
                       row.energy, ok && row.macs ? row.energy / row.macs : 0, row.dram_bytes,
                       row.area.total_um2() / 1e6, row.area.mac_um2 / 1e6, row.area.register_file_um2 / 1e6,
                       row.area.global_buffer_um2 / 1e6, row.best ? 1 : 0);
  }
  return out;
}

std::string json(const SweepResult& r) {
  nlohmann::ordered_json j;
  j["sweep"] = r.spec.name;
  j["objective"] = r.spec.objective;
  j["energy_unit"] = r.energy_unit;
  j["parameters"] = r.spec.parameters;
  j["rows"] = nlohmann::ordered_json::array();
  for (const SweepRow& row : r.rows) {
    nlohmann::ordered_json p;
    for (const auto& o : r.spec.points[row.point].overrides) p[o.path] = o.value;
    nlohmann::ordered_json e = {{"point", row.point}, {"parameters", p}, {"network", row.network},
                                {"dataflow", row.dataflow}, {"status", row.status}};
    if (row.status == "ok") {
      e["macs"] = row.macs;
      e["cycles"] = row.cycles;
      if (row.timed_cycles) e["timed_cycles"] = row.timed_cycles;
      e["utilization"] = row.utilization;
      e["energy"] = row.energy;
      e["energy_per_mac"] = row.macs ? row.energy / row.macs : 0;
      e["dram_bytes"] = row.dram_bytes;
      e["best"] = row.best;
    }
    e["area_um2"] = {{"total", row.area.total_um2()},
                     {"mac", row.area.mac_um2},
                     {"register_file", row.area.register_file_um2},
                     {"global_buffer", row.area.global_buffer_um2}};
    j["rows"].push_back(e);
  }
  return j.dump(2) + "\n";
}

std::string table(const SweepResult& r) {
  TextTable t;
  t.add_column("#");
  for (const auto& p : r.spec.parameters) t.add_column(p);
  t.add_column("network", TextTable::Align::Left);
  t.add_column("dataflow", TextTable::Align::Left);
  for (const char* h : {"cycles", "util"}) t.add_column(h);
  t.add_column(r.energy_unit == "pJ" ? "pJ/MAC" : "E/MAC");
  t.add_column("area mm2");
  t.add_column("", TextTable::Align::Left);
  for (const SweepRow& row : r.rows) {
    std::vector<std::string> cells = {std::to_string(row.point)};
    for (const auto& o : r.spec.points[row.point].overrides) cells.push_back(o.value);
    cells.push_back(row.network);
    cells.push_back(row.dataflow);
    if (row.status == "ok") {
      cells.push_back(with_commas(row.cycles));
      cells.push_back(fmt::format("{:.1f}%", 100 * row.utilization));
      cells.push_back(fmt::format("{:.3f}", row.macs ? row.energy / row.macs : 0));
      cells.push_back(fmt::format("{:.3f}", row.area.total_um2() / 1e6));
      cells.push_back(row.best ? "<- best (" + r.spec.objective + ")" : "");
    } else {
      cells.insert(cells.end(), {"-", "-", "-", fmt::format("{:.3f}", row.area.total_um2() / 1e6), "no mapping: " + row.status});
    }
    t.add_row(cells);
  }
  return fmt::format("sweep {} ({} points, objective {})\n", r.spec.name, r.spec.points.size(), r.spec.objective) +
         t.render();
}

}  // namespace

std::string sweep_report(const SweepResult& result, Format format) {
  switch (format) {
    case Format::Table: return table(result);
    case Format::Csv: return csv(result);
    case Format::Json: return json(result);
  }
  return {};
}

}  // namespace eyrie
