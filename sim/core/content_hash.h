#pragma once
// A 64-bit FNV-1a digest as 16 hex digits: identifies a file's bytes or a resolved
// architecture in a sweep's rows, so that a resumed or merged sweep can tell a row computed
// from the same inputs from a stale one. A change detector, not a cryptographic hash.
#include <string>

namespace eyrie {

std::string content_hash(const std::string& bytes);
// The digest of a file's bytes; throws eyrie::Error naming the file when it cannot be read.
std::string file_hash(const std::string& path);

}  // namespace eyrie
