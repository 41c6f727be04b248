#include "sim/sweep/sweep_row.h"

#include <nlohmann/json.hpp>

#include "sim/core/error.h"

namespace eyrie {

std::string resume_key(const SweepRow& r) {
  // '\n' cannot occur in any field of a row read from one line of JSON Lines.
  return std::to_string(r.point) + "\n" + r.network + "\n" + r.dataflow + "\n" + r.arch_hash + "\n" + r.objective +
         "\n" + std::to_string(r.batch) + "\n" + r.engine + "\n" + r.eyrie_version;
}

std::string row_to_json_line(const SweepRow& r) {
  nlohmann::ordered_json j = {{"task", r.task},         {"point", r.point},       {"values", r.values},
                              {"network", r.network},   {"dataflow", r.dataflow}, {"status", r.status},
                              {"macs", r.macs},         {"cycles", r.cycles},     {"utilization", r.utilization},
                              {"energy", r.energy},     {"energy_unit", r.energy_unit},
                              {"dram_bytes", r.dram_bytes}};
  if (r.timed_cycles) j["timed_cycles"] = *r.timed_cycles;
  j["area_um2"] = {r.area.mac_um2, r.area.register_file_um2, r.area.global_buffer_um2};
  j["eyrie_version"] = r.eyrie_version;
  j["arch_file"] = r.arch_file;
  j["arch_file_hash"] = r.arch_file_hash;
  j["arch_hash"] = r.arch_hash;
  j["overrides"] = r.overrides;
  j["objective"] = r.objective;
  j["batch"] = r.batch;
  j["engine"] = r.engine;
  return j.dump();  // doubles print with enough digits to read back exactly
}

SweepRow row_from_json_line(const std::string& line, const std::string& where) {
  try {
    const nlohmann::json j = nlohmann::json::parse(line);
    SweepRow r;
    r.task = j.at("task").get<std::size_t>();
    r.point = j.at("point").get<std::size_t>();
    r.values = j.at("values").get<std::vector<std::string>>();
    r.network = j.at("network").get<std::string>();
    r.dataflow = j.at("dataflow").get<std::string>();
    r.status = j.at("status").get<std::string>();
    r.macs = j.at("macs").get<std::int64_t>();
    r.cycles = j.at("cycles").get<std::int64_t>();
    r.utilization = j.at("utilization").get<double>();
    r.energy = j.at("energy").get<double>();
    r.energy_unit = j.at("energy_unit").get<std::string>();
    r.dram_bytes = j.at("dram_bytes").get<std::int64_t>();
    if (j.contains("timed_cycles")) r.timed_cycles = j.at("timed_cycles").get<std::int64_t>();
    const auto& a = j.at("area_um2");
    r.area.mac_um2 = a.at(0).get<double>();
    r.area.register_file_um2 = a.at(1).get<double>();
    r.area.global_buffer_um2 = a.at(2).get<double>();
    r.eyrie_version = j.at("eyrie_version").get<std::string>();
    r.arch_file = j.at("arch_file").get<std::string>();
    r.arch_file_hash = j.at("arch_file_hash").get<std::string>();
    r.arch_hash = j.at("arch_hash").get<std::string>();
    r.overrides = j.at("overrides").get<std::string>();
    r.objective = j.at("objective").get<std::string>();
    r.batch = j.at("batch").get<std::int64_t>();
    r.engine = j.at("engine").get<std::string>();
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": not a sweep row: " + e.what());
  }
}

}  // namespace eyrie
