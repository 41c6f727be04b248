#pragma once
// Reading a user's file with a size bound checked before the bytes are held: /dev/zero, a pipe
// or a multi-gigabyte file given by mistake fails at once with a size error instead of running
// out of memory after seconds. Every parser's file goes through here.
#include <cstdint>
#include <string>

namespace eyrie {

// Configuration files (architectures, networks, mappings, sweeps, tables, topologies): the
// largest bundled one is a few kilobytes; 64 MiB leaves room for generated networks.
inline constexpr std::int64_t kMaxConfigFileBytes = std::int64_t{64} << 20;

// An open input file. Opening throws eyrie::Error "path: reason" when it does not exist, is a
// directory (`kind` words it: "expected a YAML file") or cannot be opened.
class InputFile {
 public:
  InputFile(const std::string& path, const std::string& kind);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // A regular file has a size before reading; a device or a pipe does not (-1).
  std::int64_t size_bytes() const { return m_size; }
  // Appends up to `max_bytes` more bytes to `out`; returns false at the end of the file.
  bool read_some(std::string& out, std::int64_t max_bytes);
  // Everything left, or eyrie::Error "path: too large for KIND: ..." past `max_bytes` in all.
  std::string read_rest(std::string bytes, std::int64_t max_bytes);

 private:
  std::string m_path, m_kind;
  int m_fd = -1;
  std::int64_t m_size = -1;
};

// The whole file, at most `max_bytes` (else an error naming both sizes).
std::string read_file_bounded(const std::string& path, std::int64_t max_bytes, const std::string& kind);

// "64 MiB", "2 GiB", "1000 bytes": sizes in messages.
std::string size_text(std::int64_t bytes);

}  // namespace eyrie
