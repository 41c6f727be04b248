#include "sim/report/output_files.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "sim/core/error.h"

namespace eyrie {

namespace fs = std::filesystem;

namespace {

std::string prefix(const std::string& option, const std::string& path) {
  return option.empty() ? path : option + " " + path;
}

// The nearest ancestor of `p` (or `p` itself) that exists.
fs::path existing_ancestor(fs::path p) {
  std::error_code ec;
  if (p.empty()) return ".";
  p = fs::absolute(p, ec);
  while (!p.empty() && !fs::exists(p, ec)) {
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  return p;
}

void check_creatable_below(const fs::path& target, const std::string& where) {
  const fs::path base = existing_ancestor(target);
  std::error_code ec;
  if (!fs::is_directory(base, ec))
    throw Error(where + ": cannot create: " + base.string() + " is not a directory");
  if (::access(base.c_str(), W_OK | X_OK) != 0)
    throw Error(where + ": cannot write: permission denied in " + base.string());
}

}  // namespace

void check_output_file(const std::string& path, const std::string& option) {
  const std::string where = prefix(option, path);
  if (path.empty()) throw Error(located(option, "empty path"));
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) throw Error(where + ": cannot write: is a directory");
  if (fs::exists(p, ec)) {
    if (::access(path.c_str(), W_OK) != 0) throw Error(where + ": cannot write: permission denied");
    // The file is replaced by a rename, which needs its directory writable.
    check_creatable_below(fs::absolute(p, ec).parent_path(), where);
    return;
  }
  check_creatable_below(fs::absolute(p, ec).parent_path(), where);
}

void check_output_dir(const std::string& dir, const std::string& option) {
  const std::string where = prefix(option, dir);
  if (dir.empty()) throw Error(located(option, "empty path"));
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) throw Error(where + ": cannot write: not a directory");
  check_creatable_below(dir, where);
}

void check_not_an_input(const std::string& path, const std::string& option, const std::vector<std::string>& inputs) {
  std::error_code ec;
  for (const std::string& in : inputs)
    if (fs::equivalent(path, in, ec))
      throw Error(prefix(option, path) + ": is an input of this command (" + in + "); refusing to overwrite it");
}

void write_files_together(const std::vector<OutputFile>& files) {
  // Two outputs of one set with the same name would silently keep only the last.
  std::set<std::string> names;
  for (const auto& f : files)
    if (!names.insert(fs::path(f.first).lexically_normal().string()).second)
      throw Error(f.first + ": two outputs of this command would have this name; nothing written");
  std::vector<std::string> temporaries;
  std::vector<fs::path> created_dirs;  // outermost first
  auto undo = [&] {
    for (const auto& t : temporaries) std::remove(t.c_str());
    std::error_code ec;
    for (auto d = created_dirs.rbegin(); d != created_dirs.rend(); ++d) fs::remove(*d, ec);  // only if empty
  };
  try {
    for (const auto& [path, content] : files) {
      const fs::path target(path);
      std::error_code ec;
      if (fs::is_directory(target, ec)) throw Error(path + ": cannot write: is a directory");
      if (target.has_parent_path()) {
        std::vector<fs::path> missing;
        for (fs::path d = target.parent_path(); !d.empty() && !fs::exists(d, ec); d = d.parent_path()) {
          missing.push_back(d);
          if (d == d.parent_path()) break;
        }
        for (auto d = missing.rbegin(); d != missing.rend(); ++d) {
          if (!fs::create_directory(*d, ec) && ec)
            throw Error(path + ": cannot create directory " + d->string() + ": " + ec.message());
          created_dirs.push_back(*d);
        }
      }
      const std::string tmp = path + ".tmp." + std::to_string(::getpid());
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw Error(path + ": cannot write: permission denied or no such directory");
      temporaries.push_back(tmp);
      out.write(content.data(), static_cast<std::streamsize>(content.size()));
      out.flush();
      if (!out) throw Error(path + ": write failed (disk full?)");
    }
  } catch (...) {
    undo();
    throw;
  }
  // Every file is complete; renames within a directory do not fail for want of space.
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    fs::rename(temporaries[i], files[i].first, ec);
    if (ec) {
      const std::string why = files[i].first + ": cannot write: " + ec.message();
      temporaries.erase(temporaries.begin(), temporaries.begin() + static_cast<std::ptrdiff_t>(i));
      created_dirs.clear();  // earlier files are in place already
      undo();
      throw Error(why);
    }
  }
}

}  // namespace eyrie
