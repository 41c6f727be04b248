#include "sim/systolic/scalesim_report.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace eyrie::systolic {

std::string python_float(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  // Shortest round-trip digits in scientific form: [-]d[.ddd]e(+|-)XX.
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  std::string sign;
  if (s[0] == '-') sign = "-", s.erase(0, 1);
  const auto e = s.find('e');
  const int exp10 = std::atoi(s.c_str() + e + 1);
  std::string digits = s.substr(0, e);
  if (digits.size() > 1) digits.erase(1, 1);  // drop the '.'
  if (v == 0) return sign + "0.0";
  if (exp10 >= -4 && exp10 < 16) {
    std::string out;
    if (exp10 < 0) {
      out = "0." + std::string(static_cast<std::size_t>(-exp10 - 1), '0') + digits;
    } else if (static_cast<int>(digits.size()) <= exp10 + 1) {
      out = digits + std::string(static_cast<std::size_t>(exp10 + 1 - static_cast<int>(digits.size())), '0') + ".0";
    } else {
      out = digits.substr(0, static_cast<std::size_t>(exp10 + 1)) + "." + digits.substr(static_cast<std::size_t>(exp10 + 1));
    }
    return sign + out;
  }
  std::string mant = digits.substr(0, 1);
  if (digits.size() > 1) mant += "." + digits.substr(1);
  const int a = std::abs(exp10);
  return sign + mant + "e" + (exp10 < 0 ? "-" : "+") + (a < 10 ? "0" : "") + std::to_string(a);
}

namespace {

// A trace cycle: SCALE-Sim's trace matrices are numpy floats.
std::string cycle(std::int64_t c) { return python_float(static_cast<double>(c)); }

template <typename RowFn>
std::string report(const std::string& header, const std::vector<SystolicLayerResult>& layers, RowFn row) {
  std::string out = header + "\n";
  for (std::size_t i = 0; i < layers.size(); ++i) {
    out += std::to_string(i);
    for (const std::string& v : row(layers[i])) out += ", " + v;
    out += ",\n";
  }
  return out;
}

}  // namespace

std::string compute_report_csv(const std::vector<SystolicLayerResult>& layers) {
  return report("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,", layers,
                [](const SystolicLayerResult& r) {
                  return std::vector<std::string>{std::to_string(r.total_cycles), std::to_string(r.stall_cycles),
                                                  python_float(r.overall_util_pct), python_float(r.mapping_efficiency_pct),
                                                  python_float(r.compute_util_pct)};
                });
}

std::string bandwidth_report_csv(const std::vector<SystolicLayerResult>& layers) {
  return report(
      "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,",
      layers, [](const SystolicLayerResult& r) {
        std::vector<std::string> v;
        for (double x : r.avg_sram_bw) v.push_back(python_float(x));
        for (double x : r.avg_dram_bw) v.push_back(python_float(x));
        return v;
      });
}

std::string detailed_access_report_csv(const std::vector<SystolicLayerResult>& layers) {
  return report(
      "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, SRAM Filter Start Cycle, SRAM Filter Stop Cycle, "
      "SRAM Filter Reads, SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, DRAM IFMAP Start Cycle, DRAM IFMAP "
      "Stop Cycle, DRAM IFMAP Reads, DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, DRAM OFMAP Start Cycle, "
      "DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,",
      layers, [](const SystolicLayerResult& r) {
        std::vector<std::string> v;
        for (int op = 0; op < 3; ++op) {
          v.push_back(cycle(r.sram_start[op]));
          v.push_back(cycle(r.sram_stop[op]));
          v.push_back(std::to_string(r.sram_requests[op]));
        }
        for (int op = 0; op < 3; ++op) {
          v.push_back(cycle(r.dram[op].start_cycle));
          v.push_back(cycle(r.dram[op].stop_cycle));
          v.push_back(std::to_string(r.dram[op].words));
        }
        return v;
      });
}

}  // namespace eyrie::systolic
