#include "sim/sweep/sweep_task.h"

#include <charconv>

#include "sim/core/error.h"

namespace eyrie {

namespace {

bool parse_count(const std::string& s, std::size_t& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count) || s.count == 0 || s.index == 0 || s.index > s.count)
    throw Error("--shard: expected I/N with 1 <= I <= N, e.g. 2/8, got \"" + text + "\"");
  return s;
}

std::vector<SweepTask> sweep_tasks(const SweepSpec& spec) {
  std::vector<SweepTask> tasks;
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    const std::vector<std::string> dataflows = dataflows_at(spec, spec.points[p]);
    for (std::size_t n = 0; n < spec.networks.size(); ++n)
      for (const std::string& df : dataflows) tasks.push_back({tasks.size(), p, n, df});
  }
  return tasks;
}

}  // namespace eyrie
