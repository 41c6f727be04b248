#include "sim/systolic/systolic_arch.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/core/error.h"

namespace eyrie::systolic {

const char* to_string(Dataflow df) {
  switch (df) {
    case Dataflow::OutputStationary: return "os";
    case Dataflow::WeightStationary: return "ws";
    case Dataflow::InputStationary: return "is";
  }
  return "?";
}

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Entry {
  std::string value;
  int line = 0;
};

// section -> key -> value, both lower-cased as configparser does.
using Ini = std::map<std::string, std::map<std::string, Entry>>;

Ini parse_ini(const std::string& text, const std::string& origin) {
  Ini ini;
  std::istringstream in(text);
  std::string raw, section;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    if (line_no == 1 && raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    const std::string at = origin + ":" + std::to_string(line_no);
    if (line.front() == '[') {
      if (line.back() != ']') throw Error(at + ": section header must end with ']', got '" + line + "'");
      section = lower(trim(line.substr(1, line.size() - 2)));
      ini[section];
      continue;
    }
    const auto sep = line.find_first_of(":=");
    if (sep == std::string::npos) throw Error(at + ": expected 'key: value' or 'key = value', got '" + line + "'");
    if (section.empty()) throw Error(at + ": key outside a section");
    const std::string key = lower(trim(line.substr(0, sep)));
    if (ini[section].count(key)) throw Error(at + ": " + section + "." + key + ": duplicate key");
    ini[section][key] = Entry{trim(line.substr(sep + 1)), line_no};
  }
  return ini;
}

class Reader {
 public:
  Reader(const Ini& ini, std::string origin) : ini_(ini), origin_(std::move(origin)) {}

  const Entry* find(const std::string& section, const std::string& key) const {
    const auto s = ini_.find(section);
    if (s == ini_.end()) return nullptr;
    const auto k = s->second.find(key);
    return k == s->second.end() ? nullptr : &k->second;
  }
  const Entry& need(const std::string& section, const std::string& key) const {
    if (const Entry* e = find(section, key)) return *e;
    throw Error(origin_ + ": " + section + "." + key + ": missing (SCALE-Sim requires it)");
  }
  std::string where(const std::string& section, const std::string& key, const Entry& e) const {
    return origin_ + ":" + std::to_string(e.line) + ": " + section + "." + key;
  }
  std::int64_t integer(const std::string& section, const std::string& key, std::int64_t min,
                       std::int64_t max = std::int64_t{1} << 40) const {
    const Entry& e = need(section, key);
    return parse_integer(e.value, where(section, key, e), min, max);
  }
  static std::int64_t parse_integer(const std::string& v, const std::string& where, std::int64_t min,
                                    std::int64_t max = std::int64_t{1} << 40) {
    std::size_t used = 0;
    long long x = 0;
    try {
      x = std::stoll(v, &used);
    } catch (...) {
      used = 0;
    }
    if (used == 0 || used != v.size())
      throw Error(where + ": must be an integer, got \"" + v + "\"");
    if (x < min) throw Error(where + ": must be >= " + std::to_string(min) + ", got " + v);
    if (x > max) throw Error(where + ": must be <= " + std::to_string(max) + ", got " + v);
    return x;
  }

 private:
  const Ini& ini_;
  std::string origin_;
};

}  // namespace

SystolicArch parse_scalesim_cfg(const std::string& text, const std::string& origin) {
  const Ini ini = parse_ini(text, origin);
  // Every key SCALE-Sim v2 reads, and the ones its shipped configs carry that it ignores.
  static const std::map<std::string, std::vector<std::string>> known = {
      {"general", {"run_name"}},
      {"architecture_presets",
       {"arrayheight", "arraywidth", "ifmapsramszkb", "filtersramszkb", "ofmapsramszkb", "ifmapoffset",
        "filteroffset", "ofmapoffset", "dataflow", "bandwidth", "memorybanks"}},
      {"run_presets", {"interfacebandwidth"}},
      {"network_presets", {"topologycsvloc"}},
  };
  for (const auto& [section, keys] : ini) {
    const auto k = known.find(section);
    if (k == known.end()) throw Error(origin + ": [" + section + "]: unknown section (SCALE-Sim reads general, architecture_presets, run_presets, network_presets)");
    for (const auto& [key, entry] : keys)
      if (std::find(k->second.begin(), k->second.end(), key) == k->second.end())
        throw Error(origin + ":" + std::to_string(entry.line) + ": " + section + "." + key + ": unknown key");
  }
  const Reader r(ini, origin);
  SystolicArch a;
  a.source = origin;
  a.run_name = r.need("general", "run_name").value;
  const std::string ap = "architecture_presets";
  // Bounds that keep every cycle and address count far inside 64 bits.
  const std::int64_t max_dim = 65536, max_kb = std::int64_t{1} << 30;
  a.rows = r.integer(ap, "arrayheight", 1, max_dim);
  a.cols = r.integer(ap, "arraywidth", 1, max_dim);
  a.ifmap_sram_kb = r.integer(ap, "ifmapsramszkb", 1, max_kb);
  a.filter_sram_kb = r.integer(ap, "filtersramszkb", 1, max_kb);
  a.ofmap_sram_kb = r.integer(ap, "ofmapsramszkb", 1, max_kb);
  a.ifmap_offset = r.integer(ap, "ifmapoffset", 0);
  a.filter_offset = r.integer(ap, "filteroffset", 0);
  a.ofmap_offset = r.integer(ap, "ofmapoffset", 0);
  {
    const Entry& e = r.need(ap, "dataflow");
    const std::string df = e.value;  // SCALE-Sim compares case-sensitively
    if (df == "os") a.dataflow = Dataflow::OutputStationary;
    else if (df == "ws") a.dataflow = Dataflow::WeightStationary;
    else if (df == "is") a.dataflow = Dataflow::InputStationary;
    else throw Error(r.where(ap, "dataflow", e) + ": must be os, ws or is, got \"" + df + "\"");
  }
  if (const Entry* e = r.find(ap, "memorybanks")) {
    // scale-sim-v2 never reads this key; one bank is what it models.
    if (Reader::parse_integer(e->value, r.where(ap, "memorybanks", *e), 1) != 1)
      throw Error(r.where(ap, "memorybanks", *e) + ": only 1 bank is modelled (scale-sim-v2 ignores this key), got " + e->value);
  }
  {
    const Entry& e = r.need("run_presets", "interfacebandwidth");
    if (e.value == "CALC") a.mode = BandwidthMode::Calc;
    else if (e.value == "USER") a.mode = BandwidthMode::User;
    else throw Error(r.where("run_presets", "interfacebandwidth", e) + ": must be CALC or USER, got \"" + e.value + "\"");
  }
  if (a.mode == BandwidthMode::User) {
    // USER mode takes the first of a comma-separated list, as SCALE-Sim does (min() is unused).
    const Entry& e = r.need(ap, "bandwidth");
    const std::string first = trim(e.value.substr(0, e.value.find(',')));
    a.bandwidth_words = Reader::parse_integer(first, r.where(ap, "bandwidth", e), 1);
  }
  if (const Entry* e = r.find("network_presets", "topologycsvloc")) {
    const auto q1 = e->value.find('"'), q2 = e->value.rfind('"');
    if (q1 == std::string::npos || q2 == q1)
      throw Error(r.where("network_presets", "topologycsvloc", *e) + ": must be a quoted path, got " + e->value);
    a.topology_path = e->value.substr(q1 + 1, q2 - q1 - 1);
  }
  return a;
}

SystolicArch load_scalesim_cfg(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(path + ": cannot read: is a directory, expected a SCALE-Sim .cfg file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open: no such file or unreadable");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_scalesim_cfg(buffer.str(), path);
}

std::string to_cfg(const SystolicArch& a) {
  std::ostringstream o;
  o << "[general]\nrun_name = " << a.run_name << "\n\n[architecture_presets]\n"
    << "ArrayHeight: " << a.rows << "\nArrayWidth: " << a.cols << "\nIfmapSramSzkB: " << a.ifmap_sram_kb
    << "\nFilterSramSzkB: " << a.filter_sram_kb << "\nOfmapSramSzkB: " << a.ofmap_sram_kb
    << "\nIfmapOffset: " << a.ifmap_offset << "\nFilterOffset: " << a.filter_offset << "\nOfmapOffset: " << a.ofmap_offset
    << "\nDataflow: " << to_string(a.dataflow) << "\n";
  if (a.mode == BandwidthMode::User) o << "Bandwidth: " << a.bandwidth_words << "\n";
  o << "\n[run_presets]\nInterfaceBandwidth: " << (a.mode == BandwidthMode::Calc ? "CALC" : "USER") << "\n";
  if (!a.topology_path.empty()) o << "\n[network_presets]\nTopologyCsvLoc: \"" << a.topology_path << "\"\n";
  return o.str();
}

bool is_scalesim_cfg_path(const std::string& path) {
  return lower(std::filesystem::path(path).extension().string()) == ".cfg";
}

}  // namespace eyrie::systolic
