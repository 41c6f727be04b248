#include "sim/core/data_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace eyrie {

namespace {
// An installed eyrie (cmake --install) finds its data beside it: PREFIX/bin/eyrie and
// PREFIX/share/eyrie/{configs,workloads}. "" when this program is not laid out that way.
std::string installed_data_dir() {
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return "";
  exe[n] = '\0';
  const std::filesystem::path share = std::filesystem::path(exe).parent_path().parent_path() / "share" / "eyrie";
  std::error_code ec;
  return std::filesystem::is_directory(share / "configs", ec) ? share.string() : "";
}
}  // namespace

std::string data_dir() {
  if (const char* env = std::getenv("EYRIE_DATA_DIR"); env && *env) return env;
  static const std::string installed = installed_data_dir();
  return installed.empty() ? EYRIE_DATA_DIR : installed;
}

}  // namespace eyrie
