#include "sim/core/content_hash.h"

#include <cstdint>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace eyrie {

std::string content_hash(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a offset basis and prime (64-bit)
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", h);
}

std::string file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return content_hash(s.str());
}

}  // namespace eyrie
