#include "sim/core/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sim/core/error.h"

namespace eyrie {

std::string size_text(std::int64_t bytes) {
  if (bytes >= (std::int64_t{1} << 30) && bytes % (std::int64_t{1} << 30) == 0)
    return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (std::int64_t{1} << 20) && bytes % (std::int64_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

InputFile::InputFile(const std::string& path, const std::string& kind) : m_path(path), m_kind(kind) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw Error(path + ": cannot open: no such file");
    throw Error(path + ": cannot open: " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw Error(path + ": cannot read: is a directory, expected " + kind);
  m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (m_fd < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
  if (S_ISREG(st.st_mode)) m_size = st.st_size;
}

InputFile::~InputFile() {
  if (m_fd >= 0) ::close(m_fd);
}

bool InputFile::read_some(std::string& out, std::int64_t max_bytes) {
  char chunk[1 << 16];
  while (max_bytes > 0) {
    const ssize_t n = ::read(m_fd, chunk, static_cast<std::size_t>(std::min<std::int64_t>(max_bytes, sizeof chunk)));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(m_path + ": cannot read: " + std::strerror(errno));
    }
    if (n == 0) return false;
    out.append(chunk, static_cast<std::size_t>(n));
    max_bytes -= n;
  }
  return true;
}

std::string InputFile::read_rest(std::string bytes, std::int64_t max_bytes) {
  const std::string too_large = m_path + ": too large for " + m_kind + ": ";
  if (m_size > max_bytes)
    throw Error(too_large + std::to_string(m_size) + " bytes, the limit is " + size_text(max_bytes));
  if (m_size > 0) bytes.reserve(static_cast<std::size_t>(m_size));
  // One byte past the limit tells "exactly at the limit" from "more": devices and pipes have no
  // size to stat, and a regular file may grow while it is read.
  const std::int64_t left = max_bytes + 1 - static_cast<std::int64_t>(bytes.size());
  read_some(bytes, left);
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes)
    throw Error(too_large + "more than " + size_text(max_bytes) + " (the limit)" +
                (m_size < 0 ? "; it is not a regular file" : ""));
  return bytes;
}

std::string read_file_bounded(const std::string& path, std::int64_t max_bytes, const std::string& kind) {
  InputFile f(path, kind);
  return f.read_rest(std::string(), max_bytes);
}

}  // namespace eyrie
