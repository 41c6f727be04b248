#pragma once
// A 64-bit FNV-1a digest as 16 hex digits: identifies a file's bytes or a resolved
// architecture in a sweep's rows, so that a resumed or merged sweep can tell a row computed
// from the same inputs from a stale one. A change detector, not a cryptographic hash.
#include <cstdint>
#include <string>

namespace eyrie {

// FNV-1a over 64-bit values, one step per value, with a final fold of the high bits into the
// low ones: the key hash of the in-memory tables that index by a row of factors (the mapper's
// cost table, the counter's memo of a dimension's cases).
inline std::uint64_t hash_values(const std::int64_t* values, int count) {
  std::uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < count; ++i) h = (h ^ static_cast<std::uint64_t>(values[i])) * 1099511628211ull;
  return h ^ (h >> 29);
}

std::string content_hash(const std::string& bytes);
// The digest of a file's bytes; throws eyrie::Error naming the file when it cannot be read.
std::string file_hash(const std::string& path);

}  // namespace eyrie
