#pragma once
// ConfigNode: the only door to yaml-cpp. Every configuration file (architectures, networks,
// mappings, energy and area tables) is read through it, so every error has the same form:
//   configs/x.yaml:12: pe_array.rows: must be a positive integer, got "twelve"
// A node remembers its file, its dotted key path and its line. Keys a parser does not list in
// allow_only() are errors: a typo never falls back to a default silently.
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.h"

namespace eyrie {

class ConfigNode {
 public:
  // Reads and parses a YAML file. Unreadable paths, directories, empty files and YAML syntax
  // errors throw eyrie::Error naming the file.
  static ConfigNode load_file(const std::string& path);
  // Parses YAML text; `origin` stands in for the file name in messages.
  static ConfigNode parse(const std::string& text, const std::string& origin);

  // A copy of this tree with `dotted.path` set to `value` (YAML text: 16, true, [1, 2], int8).
  // Sections on the path must exist as mappings; the last key may be new, and the parser's
  // allow_only() then rejects it if it is not a known key. Used by --set and by sweeps.
  ConfigNode with_override(const std::string& dotted_path, const std::string& value) const;

  bool is_map() const;
  bool is_sequence() const;
  bool is_scalar() const;
  bool is_null() const;

  const std::string& file() const;
  const std::string& path() const;  // dotted key path from the root, "" for the root
  int line() const;                 // 1-based; 0 when unknown
  // The node's explicit YAML tag as written ("!Component" in Timeloop v0.4 files), "" if none.
  std::string tag() const;

  bool has(const std::string& key) const;
  ConfigNode at(const std::string& key) const;  // required child of a map
  std::optional<ConfigNode> find(const std::string& key) const;
  std::vector<std::string> keys() const;       // in file order
  std::vector<ConfigNode> items() const;       // children of a sequence
  std::size_t size() const;                    // children of a sequence or map

  // Rejects keys outside `allowed`, suggesting the closest allowed key.
  void allow_only(std::initializer_list<const char*> allowed) const;
  void require_map() const;
  void require_sequence() const;

  // Scalar conversions with strict type checks ("must be an integer, got ...").
  std::string as_string() const;
  std::int64_t as_int() const;
  double as_double() const;
  bool as_bool() const;
  std::int64_t as_positive_int() const;       // > 0
  std::int64_t as_non_negative_int() const;   // >= 0
  double as_positive_double() const;          // > 0
  double as_non_negative_double() const;      // >= 0
  // A number in [lo, hi]: physical quantities whose absurd values (a bandwidth of 1e-300 GB/s)
  // would make every derived count meaningless. `unit` words the message ("GB/s").
  double as_double_in(double lo, double hi, const std::string& unit) const;
  // One of `choices`, else an error listing them.
  std::string as_choice(std::initializer_list<const char*> choices) const;

  // Convenience accessors for map children.
  std::string get_string(const std::string& key) const { return at(key).as_string(); }
  std::int64_t get_positive_int(const std::string& key) const { return at(key).as_positive_int(); }
  double get_positive_double(const std::string& key) const { return at(key).as_positive_double(); }

  // "file:line: path: reason", for errors found after parsing (cross-field rules).
  std::string where() const;
  [[noreturn]] void fail(const std::string& reason) const;

 private:
  struct Impl;
  explicit ConfigNode(std::shared_ptr<const Impl> impl);
  ConfigNode child(const std::string& key_or_index, const void* yaml_node) const;
  std::shared_ptr<const Impl> m_impl;
};

}  // namespace eyrie
