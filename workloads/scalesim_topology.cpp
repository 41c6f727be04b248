#include "workloads/scalesim_topology.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/file_read.h"

namespace eyrie {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Cells of a row: comma-separated, or tab-separated where a row has no comma at all (one of
// scale-sim-v2's files). Trailing empty cells (the trailing comma, blank columns) are dropped.
std::vector<std::string> split_row(const std::string& line) {
  const char sep = line.find(',') == std::string::npos && line.find('\t') != std::string::npos ? '\t' : ',';
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, sep)) cells.push_back(trim(cell));
  while (!cells.empty() && cells.back().empty()) cells.pop_back();
  return cells;
}

bool is_integer(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::int64_t positive(const std::vector<std::string>& cells, std::size_t i, const char* column, const std::string& at) {
  const std::string v = i < cells.size() ? cells[i] : "";
  errno = 0;
  const long long x = is_integer(v) ? std::strtoll(v.c_str(), nullptr, 10) : -1;
  if (x <= 0 || errno == ERANGE) throw Error(at + ": " + column + ": must be a positive integer, got \"" + v + "\"");
  return x;
}

}  // namespace

Network parse_scalesim_topology(const std::string& text_in, const std::string& origin) {
  static const char* kConvColumns[] = {"layer name", "ifmap height", "ifmap width", "filter height",
                                       "filter width", "channels", "num filter", "strides"};
  static const char* kGemmColumns[] = {"layer", "m", "n", "k"};
  std::string text = text_in;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 BOM
  Network net;
  net.source = origin;
  net.name = std::filesystem::path(origin).stem().string();
  net.description = "SCALE-Sim topology " + origin;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  bool gemm = false, header_seen = false;
  while (std::getline(in, line)) {
    ++line_no;
    const std::vector<std::string> cells = split_row(line);
    if (cells.empty()) continue;  // blank row, or only commas
    const std::string at = origin + ":" + std::to_string(line_no);
    if (!header_seen && net.layers.empty() && cells.size() > 1 && !is_integer(cells[1])) {
      const std::string first = lower(cells[0]);
      gemm = cells.size() >= 4 && lower(cells[1]) == "m" && lower(cells[2]) == "n" && lower(cells[3]) == "k";
      if (!gemm && first != "layer name" && first != "layer")
        throw Error(at + ": header: expected SCALE-Sim columns 'Layer name, IFMAP Height, ...' or 'Layer, M, N, K', got '" + cells[0] + "'");
      header_seen = true;
      continue;
    }
    if (cells.size() == 1) continue;  // a title row naming the network that follows (MLPERF.csv)
    const std::size_t want = gemm ? 4 : 8;
    if (cells.size() < want)
      throw Error(at + ": expected " + std::to_string(want) + " columns (" +
                  (gemm ? "Layer, M, N, K" : "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides") +
                  "), got " + std::to_string(cells.size()));
    std::vector<std::int64_t> v(want, 0);
    for (std::size_t i = 1; i < want; ++i) v[i] = positive(cells, i, gemm ? kGemmColumns[i] : kConvColumns[i], at);
    ConvLayer l;
    l.name = cells[0];
    if (l.name.empty()) throw Error(at + ": layer name: must not be empty");
    l.type = LayerType::Conv;
    if (gemm) {
      // (M x K) times (K x N): K input channels, N filters, M output pixels as an M x 1 map.
      // SCALE-Sim's own 1-channel M x K ifmap with 1 x K filters reads the same addresses.
      l.H = v[1];
      l.W = 1;
      l.C = v[3];
      l.M = v[2];
      validate(l, at + ": " + l.name);
      net.layers.push_back(std::move(l));
      continue;
    }
    l.H = v[1];
    l.W = v[2];
    l.R = v[3];
    l.S = v[4];
    l.C = v[5];
    l.M = v[6];
    l.stride_h = l.stride_w = v[7];
    // A 9th column is the stride width; a non-number there is a marker ('#dw') SCALE-Sim drops.
    if (cells.size() > 8 && is_integer(cells[8])) l.stride_w = positive(cells, 8, "stride width", at);
    // SCALE-Sim sizes the ofmap as ceil((ifmap - filter + stride) / stride), which rounds up
    // where the stride does not divide: the same as padding the bottom/right edge just
    // enough for one more window. Reproduce it so imported layers get SCALE-Sim's MACs.
    // In 128 bits: a stride near 2^63 overflowed 64 (found by fuzz_scalesim_csv); validate()
    // then rejects the absurd padding by name.
    auto extra = [](std::int64_t in, std::int64_t f, std::int64_t s) {
      if (in < f) return std::int64_t{0};
      const __int128 out = (__int128{in} - f + s + s - 1) / s;
      const __int128 pad = (out - 1) * s + f - in;
      return pad > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(pad);
    };
    l.pad.bottom = extra(l.H, l.R, l.stride_h);
    l.pad.right = extra(l.W, l.S, l.stride_w);
    validate(l, at + ": " + l.name);
    if (l.name.find("DP") != std::string::npos) {
      // topology_utils.py: one single-channel layer per input channel, every filter kept.
      const std::int64_t channels = l.C;
      l.C = 1;
      for (std::int64_t c = 0; c < channels; ++c) {
        ConvLayer one = l;
        one.name = l.name + "Channel_" + std::to_string(c);
        net.layers.push_back(std::move(one));
      }
      continue;
    }
    net.layers.push_back(std::move(l));
  }
  if (net.layers.empty()) throw Error(origin + ": network has no layers");
  return net;
}

Network load_scalesim_topology(const std::string& path) {
  const std::string text = read_file_bounded(path, kMaxConfigFileBytes, "a SCALE-Sim .csv file");
  if (trim(text).empty()) throw Error(path + ": file is empty");
  return parse_scalesim_topology(text, path);
}

}  // namespace eyrie
