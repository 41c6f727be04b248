#include "sim/core/config_node.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

#include "sim/core/file_read.h"

namespace eyrie {

struct ConfigNode::Impl {
  YAML::Node node;
  std::string file;
  std::string path;
  // Key paths replaced by with_override(): their nodes have no line in the file.
  std::shared_ptr<const std::vector<std::string>> overridden;
};

namespace {

// A user's value in a message: quoted, and cut short when long (a whole paragraph given where a
// number belongs); Error escapes any control characters left.
std::string quote(const std::string& s) {
  constexpr std::size_t kShown = 60;
  return "\"" + (s.size() <= kShown ? s : s.substr(0, kShown) + "...") + "\"";
}

// What the user wrote, for "got ..." in messages.
std::string shown(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsScalar()) return quote(n.Scalar());
  if (n.IsSequence()) return "a list";
  return "a mapping";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

int yaml_line(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.line >= 0 ? m.line + 1 : 0;
}

// "file:line", or `origin` alone for text that is not from a file (a --set value).
std::string at_line(const std::string& origin, const YAML::Node& n) {
  const int line = origin.rfind("--set ", 0) == 0 ? 0 : yaml_line(n);
  return line > 0 ? origin + ":" + std::to_string(line) : origin;
}

bool has_extension(const std::string& path, const char* ext) {
  const std::string e(ext);
  return path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
}

// Text that is not YAML at all gets a message saying what it looks like, rather than a parse
// error quoting binary bytes: an ONNX model, another binary file, a SCALE-Sim .cfg (INI).
// Returns "" for text that may be YAML.
std::string not_yaml_reason(const std::string& text, const std::string& origin) {
  if (has_extension(origin, ".onnx"))
    return "an ONNX model, not YAML: eyrie reads networks as YAML or SCALE-Sim topology CSV (ONNX import is not supported)";
  if (text.find('\0') != std::string::npos) {
    // ONNX is a protobuf ModelProto: field 1 (ir_version, varint) comes first, tag byte 0x08.
    if (!text.empty() && text[0] == '\x08')
      return "a binary file (an ONNX model?), not YAML text";
    return "a binary file, not YAML text";
  }
  // SCALE-Sim's .cfg is INI: "[general]" then "run_name = ...". In YAML "[general]" is a list,
  // so the parser would complain about the next line; say what the file is instead.
  std::istringstream lines(text);
  std::string line, first;
  while (std::getline(lines, line)) {
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#' || line[b] == ';') continue;
    first = line.substr(b);
    break;
  }
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ' || first.back() == '\t')) first.pop_back();
  const bool ini_section = first.size() > 2 && first.front() == '[' && first.back() == ']' &&
                           first.find_first_of(",:{}\"'", 1) == std::string::npos;
  if (ini_section || has_extension(origin, ".cfg") || has_extension(origin, ".ini"))
    return "an INI file (a SCALE-Sim .cfg?), not YAML: give a SCALE-Sim architecture as --arch FILE.cfg "
           "(the systolic template) and its topology CSV as --network";
  return "";
}

// Walks the whole tree once after parsing: every mapping key must be a plain scalar and appear
// once (YAML forbids duplicates; yaml-cpp keeps both and answers lookups with the first), and
// aliases may not expand the tree past kMaxNodes (a few lines of anchors can name 10^9 nodes).
constexpr std::size_t kMaxNodes = 1000000;

void check_tree(const YAML::Node& n, const std::string& origin, const std::string& path, std::size_t& visited) {
  if (++visited > kMaxNodes)
    throw Error(at_line(origin, n) + ": " + (path.empty() ? "" : path + ": ") + "more than " +
                std::to_string(kMaxNodes) + " values once aliases are expanded");
  if (n.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : n) check_tree(item, origin, path + "[" + std::to_string(i++) + "]", visited);
  } else if (n.IsMap()) {
    std::set<std::string> seen;
    for (const auto& kv : n) {
      const std::string where = at_line(origin, kv.first) + ": " + (path.empty() ? "" : path + ": ");
      if (!kv.first.IsScalar())
        throw Error(where + "a key must be a plain name, got " + shown(kv.first) +
                    (kv.first.IsNull() ? " (an empty key)" : ""));
      const std::string key = kv.first.Scalar();
      const std::string child = path.empty() ? key : path + "." + key;
      if (!seen.insert(key).second)
        throw Error(at_line(origin, kv.first) + ": " + child + ": duplicate key");
      check_tree(kv.second, origin, child, visited);
    }
  }
}

}  // namespace

ConfigNode::ConfigNode(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

ConfigNode ConfigNode::load_file(const std::string& path) {
  return parse(read_file_bounded(path, kMaxConfigFileBytes, "a YAML file"), path);
}

ConfigNode ConfigNode::parse(const std::string& text, const std::string& origin) {
  const std::string not_yaml = not_yaml_reason(text, origin);
  if (!not_yaml.empty()) throw Error(origin + ": " + not_yaml);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const int line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    throw Error(origin + ":" + std::to_string(line) + ": invalid YAML: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) throw Error(origin + ": file is empty");
  std::size_t visited = 0;
  check_tree(root, origin, "", visited);
  auto impl = std::make_shared<Impl>();
  impl->node = root;
  impl->file = origin;
  return ConfigNode(impl);
}

ConfigNode ConfigNode::with_override(const std::string& dotted_path, const std::string& value) const {
  const std::string where = "--set " + dotted_path;
  if (dotted_path.empty() || dotted_path.front() == '.' || dotted_path.back() == '.' ||
      dotted_path.find("..") != std::string::npos)
    throw Error(where + ": expected a dotted key path such as pe_array.rows");
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    throw Error(where + ": value \"" + value + "\" is not valid YAML: " + e.msg);
  }
  if (!parsed.IsDefined() || parsed.IsNull()) throw Error(where + ": empty value");
  std::size_t visited = 0;
  check_tree(parsed, where, "", visited);
  YAML::Node root = YAML::Clone(m_impl->node);
  if (!root.IsMap()) throw Error(where + ": " + m_impl->file + " is not a mapping");
  // Walk with a list of nodes: yaml-cpp's operator= on a Node rebinds the handle, so
  // `n = n[key]` would overwrite the parent's value instead of descending into it.
  std::vector<YAML::Node> chain{root};
  std::size_t start = 0;
  std::string walked;
  for (;;) {
    const std::size_t dot = dotted_path.find('.', start);
    const std::string key = dotted_path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      chain.back()[key] = parsed;
      break;
    }
    walked += (walked.empty() ? "" : ".") + key;
    YAML::Node next = chain.back()[key];
    if (!next.IsDefined() || !next.IsMap())
      throw Error(where + ": " + m_impl->file + " has no section '" + walked + "'");
    chain.push_back(next);
    start = dot + 1;
  }
  auto impl = std::make_shared<Impl>();
  impl->node = root;
  impl->file = m_impl->file;
  impl->path = m_impl->path;
  auto overridden = std::make_shared<std::vector<std::string>>();
  if (m_impl->overridden) *overridden = *m_impl->overridden;
  overridden->push_back(m_impl->path.empty() ? dotted_path : m_impl->path + "." + dotted_path);
  impl->overridden = overridden;
  return ConfigNode(impl);
}

bool ConfigNode::is_map() const { return m_impl->node.IsMap(); }
bool ConfigNode::is_sequence() const { return m_impl->node.IsSequence(); }
bool ConfigNode::is_scalar() const { return m_impl->node.IsScalar(); }
bool ConfigNode::is_null() const { return !m_impl->node.IsDefined() || m_impl->node.IsNull(); }
const std::string& ConfigNode::file() const { return m_impl->file; }
const std::string& ConfigNode::path() const { return m_impl->path; }
int ConfigNode::line() const { return yaml_line(m_impl->node); }
std::string ConfigNode::tag() const {
  // yaml-cpp reports "?" for an untagged node and "!" for a quoted scalar: neither was written.
  const std::string& t = m_impl->node.Tag();
  return t == "?" || t == "!" ? std::string() : t;
}

std::string ConfigNode::where() const {
  const std::string& path = m_impl->path;
  if (m_impl->overridden)
    for (const std::string& o : *m_impl->overridden)
      if (path == o || path.rfind(o + ".", 0) == 0 || path.rfind(o + "[", 0) == 0)
        return m_impl->file + ": --set " + path;
  std::string w = m_impl->file;
  if (line() > 0) w += ":" + std::to_string(line());
  if (!path.empty()) w += ": " + path;
  return w;
}

void ConfigNode::fail(const std::string& reason) const { throw Error(where() + ": " + reason); }

ConfigNode ConfigNode::child(const std::string& key_or_index, const void* yaml_node) const {
  auto impl = std::make_shared<Impl>();
  impl->node = *static_cast<const YAML::Node*>(yaml_node);
  impl->file = m_impl->file;
  impl->overridden = m_impl->overridden;
  if (!key_or_index.empty() && key_or_index.front() == '[')
    impl->path = m_impl->path + key_or_index;
  else
    impl->path = m_impl->path.empty() ? key_or_index : m_impl->path + "." + key_or_index;
  return ConfigNode(impl);
}

void ConfigNode::require_map() const {
  if (!is_map()) fail("must be a mapping of keys to values, got " + shown(m_impl->node));
}

void ConfigNode::require_sequence() const {
  if (!is_sequence()) fail("must be a list, got " + shown(m_impl->node));
}

bool ConfigNode::has(const std::string& key) const {
  return is_map() && m_impl->node[key].IsDefined();
}

std::optional<ConfigNode> ConfigNode::find(const std::string& key) const {
  require_map();
  const YAML::Node n = m_impl->node[key];
  if (!n.IsDefined()) return std::nullopt;
  return child(key, &n);
}

ConfigNode ConfigNode::at(const std::string& key) const {
  require_map();
  const YAML::Node n = m_impl->node[key];
  if (!n.IsDefined()) fail("missing required key '" + key + "'");
  return child(key, &n);
}

std::vector<std::string> ConfigNode::keys() const {
  require_map();
  std::vector<std::string> out;
  for (const auto& kv : m_impl->node) out.push_back(kv.first.Scalar());  // scalar: check_tree
  return out;
}

std::vector<ConfigNode> ConfigNode::items() const {
  require_sequence();
  std::vector<ConfigNode> out;
  std::size_t i = 0;
  for (const auto& n : m_impl->node) {
    const YAML::Node item = n;
    out.push_back(child("[" + std::to_string(i++) + "]", &item));
  }
  return out;
}

std::size_t ConfigNode::size() const { return m_impl->node.size(); }

void ConfigNode::allow_only(std::initializer_list<const char*> allowed) const {
  require_map();
  for (const auto& kv : m_impl->node) {
    const std::string key = kv.first.Scalar();  // scalar and unique: check_tree() saw every key
    const YAML::Node value = kv.second;
    bool ok = false;
    std::string best;
    std::size_t best_distance = 3;  // suggest only near misses
    for (const char* a : allowed) {
      if (key == a) ok = true;
      const std::size_t d = edit_distance(key, a);
      if (d < best_distance) best_distance = d, best = a;
    }
    if (!ok) {
      std::string msg = "unknown key";
      if (!best.empty()) msg += " (did you mean '" + best + "'?)";
      else {
        msg += "; allowed:";
        for (const char* a : allowed) msg += std::string(" ") + a;
      }
      child(key, &value).fail(msg);
    }
  }
}

std::string ConfigNode::as_string() const {
  if (!is_scalar()) fail("must be a string, got " + shown(m_impl->node));
  return m_impl->node.Scalar();
}

std::int64_t ConfigNode::as_int() const {
  if (!is_scalar()) fail("must be an integer, got " + shown(m_impl->node));
  const std::string& s = m_impl->node.Scalar();
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE || m_impl->node.Tag() == "!")
    fail("must be an integer, got " + quote(s));
  return v;
}

double ConfigNode::as_double() const {
  if (!is_scalar()) fail("must be a number, got " + shown(m_impl->node));
  const std::string& s = m_impl->node.Scalar();
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v) || m_impl->node.Tag() == "!")
    fail("must be a number, got " + quote(s));
  return v;
}

bool ConfigNode::as_bool() const {
  if (is_scalar()) {
    const std::string& s = m_impl->node.Scalar();
    // YAML 1.2's core schema also spells them True/TRUE (Timeloop's problem files write True).
    if (s == "true" || s == "True" || s == "TRUE" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "False" || s == "FALSE" || s == "no" || s == "off") return false;
  }
  fail("must be true or false, got " + shown(m_impl->node));
}

namespace {
// An integer no smaller than `least`, with the message naming what was wanted.
std::int64_t int_at_least(const ConfigNode& n, std::int64_t least, const char* wanted) {
  const std::string got = n.is_scalar() ? n.as_string() : std::string();
  std::int64_t v = 0;
  try {
    v = n.as_int();
  } catch (const Error&) {
    n.fail(std::string("must be a ") + wanted + ", got " + (n.is_scalar() ? quote(got) : std::string(n.is_sequence() ? "a list" : "a mapping")));
  }
  if (v < least) n.fail(std::string("must be a ") + wanted + ", got " + got);
  return v;
}
}  // namespace

std::int64_t ConfigNode::as_positive_int() const { return int_at_least(*this, 1, "positive integer"); }
std::int64_t ConfigNode::as_non_negative_int() const { return int_at_least(*this, 0, "non-negative integer"); }

double ConfigNode::as_positive_double() const {
  const double v = as_double();
  if (!(v > 0)) fail("must be a positive number, got " + m_impl->node.Scalar());
  return v;
}

double ConfigNode::as_non_negative_double() const {
  const double v = as_double();
  if (v < 0) fail("must be a non-negative number, got " + m_impl->node.Scalar());
  return v;
}

double ConfigNode::as_double_in(double lo, double hi, const std::string& unit) const {
  const double v = as_double();
  if (!(v >= lo && v <= hi)) {
    std::ostringstream range;
    range << "must be between " << lo << " and " << hi << " " << unit << ", got " << m_impl->node.Scalar();
    fail(range.str());
  }
  return v;
}

std::string ConfigNode::as_choice(std::initializer_list<const char*> choices) const {
  const std::string s = as_string();
  std::string list;
  for (const char* c : choices) {
    if (s == c) return s;
    list += list.empty() ? c : std::string(" | ") + c;
  }
  fail("must be one of " + list + ", got " + quote(s));
}

}  // namespace eyrie
