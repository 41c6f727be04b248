#include "workloads/scalesim_topology.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
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

std::vector<std::string> split_row(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) cells.push_back(trim(cell));
  while (!cells.empty() && cells.back().empty()) cells.pop_back();  // trailing comma, blank columns
  return cells;
}

bool is_integer(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

Network parse_scalesim_topology(const std::string& text, const std::string& origin) {
  static const char* kConvColumns[] = {"layer name", "ifmap height", "ifmap width", "filter height",
                                       "filter width", "channels", "num filter", "strides"};
  static const char* kGemmColumns[] = {"layer", "m", "n", "k"};
  Network net;
  net.source = origin;
  net.name = std::filesystem::path(origin).stem().string();
  net.description = "SCALE-Sim topology " + origin;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  bool gemm = false, header_seen = false;
  std::set<std::string> names;
  while (std::getline(in, line)) {
    ++line_no;
    const std::vector<std::string> cells = split_row(line);
    if (cells.empty()) continue;
    const std::string at = origin + ":" + std::to_string(line_no);
    if (!header_seen && net.layers.empty() && cells.size() > 1 && !is_integer(cells[1])) {
      const std::string first = lower(cells[0]);
      gemm = cells.size() == 4 && lower(cells[1]) == "m" && lower(cells[2]) == "n" &&
             lower(cells[3]) == "k";
      if (!gemm && first != "layer name" && first != "layer")
        throw Error(at + ": header: expected SCALE-Sim columns 'Layer name, IFMAP Height, ...' or 'Layer, M, N, K', got '" + cells[0] + "'");
      header_seen = true;
      continue;
    }
    const std::size_t want = gemm ? 4 : 8;
    if (cells.size() != want)
      throw Error(at + ": expected " + std::to_string(want) + " columns (" +
                  (gemm ? "Layer, M, N, K" : "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides") +
                  "), got " + std::to_string(cells.size()));
    std::vector<std::int64_t> v(want, 0);
    for (std::size_t i = 1; i < want; ++i) {
      const char* column = gemm ? kGemmColumns[i] : kConvColumns[i];
      errno = 0;
      const long long x = is_integer(cells[i]) ? std::strtoll(cells[i].c_str(), nullptr, 10) : -1;
      if (x <= 0 || errno == ERANGE)
        throw Error(at + ": " + column + ": must be a positive integer, got \"" + cells[i] + "\"");
      v[i] = x;
    }
    ConvLayer l;
    l.name = cells[0];
    if (l.name.empty()) throw Error(at + ": layer name: must not be empty");
    if (!names.insert(l.name).second) throw Error(at + ": duplicate layer name '" + l.name + "'");
    if (gemm) {
      // SCALE-Sim turns a GEMM (M x K) * (K x N) into a conv over an M x K ifmap with N filters
      // of 1 x K, one channel: M output rows, N output channels, K-long dot products.
      l.type = LayerType::Conv;
      l.H = v[1];
      l.W = v[3];
      l.R = 1;
      l.S = v[3];
      l.C = 1;
      l.M = v[2];
    } else {
      l.type = LayerType::Conv;
      l.H = v[1];
      l.W = v[2];
      l.R = v[3];
      l.S = v[4];
      l.C = v[5];
      l.M = v[6];
      l.stride_h = l.stride_w = v[7];
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
    }
    validate(l, at + ": " + l.name);
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
