#pragma once
// Runs a shell command for the CLI tests and captures its exit status, stdout and stderr.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

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

// Writes `text` to a fresh temporary file with the given suffix and returns its path.
inline std::string temp_file(const std::string& text, const std::string& suffix = ".yaml") {
  static int counter = 0;
  const std::string path = "/tmp/eyrie_fixture_" + std::to_string(::getpid()) + "_" +
                           std::to_string(counter++) + suffix;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace eyrie::testing
