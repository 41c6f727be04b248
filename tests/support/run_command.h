#pragma once
// Runs a shell command for the CLI tests and captures its exit status, stdout and stderr.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace eyrie::testing {

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline CommandResult run_command(const std::string& command) {
  const std::string base = "/tmp/eyrie_test_" + std::to_string(::getpid());
  const std::string out_path = base + ".out", err_path = base + ".err";
  const int raw = std::system((command + " >" + out_path + " 2>" + err_path).c_str());
  CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return r;
}

inline std::string eyrie_cmd(const std::string& args) { return std::string(EYRIE_BINARY) + " " + args; }
inline std::string source_path(const std::string& rel) { return std::string(EYRIE_SOURCE_DIR) + "/" + rel; }

// Temporary files and folders of a test process, removed when it exits (each test runs in its
// own process), so nothing accumulates in /tmp.
class TempPaths {
 public:
  static TempPaths& instance() {
    static TempPaths paths;
    return paths;
  }
  std::string next(const std::string& stem, const std::string& suffix) {
    const std::string path = "/tmp/eyrie_" + stem + "_" + std::to_string(::getpid()) + "_" +
                             std::to_string(m_counter++) + suffix;
    m_paths.push_back(path);
    return path;
  }
  ~TempPaths() {
    std::error_code ec;
    for (const auto& p : m_paths) std::filesystem::remove_all(p, ec);
  }

 private:
  int m_counter = 0;
  std::vector<std::string> m_paths;
};

// Writes `text` to a fresh temporary file with the given suffix and returns its path.
inline std::string temp_file(const std::string& text, const std::string& suffix = ".yaml") {
  const std::string path = TempPaths::instance().next("fixture", suffix);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A fresh path for a temporary folder (not created), removed with everything in it at exit.
inline std::string temp_dir(const std::string& stem = "dir") { return TempPaths::instance().next(stem, ""); }

// The names in a folder, sorted ("" when it does not exist): "nothing left behind" checks.
inline std::vector<std::string> dir_listing(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec))
    names.push_back(std::filesystem::relative(e.path(), dir).string());
  std::sort(names.begin(), names.end());
  return names;
}

inline int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace eyrie::testing
