#include "sim/core/config_node.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace eyrie {

struct ConfigNode::Impl {
  YAML::Node node;
  std::string file;
  std::string path;
  // Key paths replaced by with_override(): their nodes have no line in the file.
  std::shared_ptr<const std::vector<std::string>> overridden;
};

namespace {

std::string quote(const std::string& s) { return "\"" + s + "\""; }

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

}  // namespace

ConfigNode::ConfigNode(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

ConfigNode ConfigNode::load_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(path + ": cannot open: no such file");
  if (S_ISDIR(st.st_mode)) throw Error(path + ": cannot read: is a directory, expected a YAML file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open: permission denied or unreadable");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

ConfigNode ConfigNode::parse(const std::string& text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const int line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    throw Error(origin + ":" + std::to_string(line) + ": invalid YAML: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) throw Error(origin + ": file is empty");
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
  for (const auto& kv : m_impl->node) out.push_back(kv.first.as<std::string>());
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
  std::set<std::string> seen;
  for (const auto& kv : m_impl->node) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node value = kv.second;
    if (!seen.insert(key).second) child(key, &value).fail("duplicate key");
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
