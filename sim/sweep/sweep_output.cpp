#include "sim/core/version.h"
#include "sim/sweep/sweep_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/report/format.h"
#include "sim/sweep/sweep_report.h"


namespace eyrie {

namespace fs = std::filesystem;

namespace {

const char* const kManifest = "manifest.json";
const char* const kRowsJsonl = "rows.jsonl";
const char* const kRowsCsv = "rows.csv";

std::string join(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(path + ": write failed: " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

int open_append(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(path + ": cannot write: " + std::strerror(errno));
  return fd;
}

std::string manifest_json(const SweepManifest& m) {
  nlohmann::ordered_json j = {{"sweep", m.header.name},
                              {"sweep_file", m.sweep_file},
                              {"sweep_file_hash", m.sweep_file_hash},
                              {"objective", m.header.objective},
                              {"parameters", m.header.parameters},
                              {"eyrie_version", m.eyrie_version},
                              {"shard", m.shard.text()},
                              {"tasks", m.tasks}};
  return j.dump(2) + "\n";
}

SweepManifest read_manifest(const std::string& dir) {
  const std::string path = join(dir, kManifest);
  const std::string text = read_all(path);
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    SweepManifest m;
    m.header.name = j.at("sweep").get<std::string>();
    m.header.objective = j.at("objective").get<std::string>();
    m.header.parameters = j.at("parameters").get<std::vector<std::string>>();
    m.sweep_file = j.at("sweep_file").get<std::string>();
    m.sweep_file_hash = j.at("sweep_file_hash").get<std::string>();
    m.eyrie_version = j.at("eyrie_version").get<std::string>();
    m.shard = parse_shard(j.at("shard").get<std::string>());
    m.tasks = j.at("tasks").get<std::size_t>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a sweep manifest: " + e.what());
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

// The complete lines of rows.jsonl; a last line without its newline was cut by a kill
// mid-write and is dropped (its task runs again).
std::vector<SweepRow> read_rows(const std::string& dir, bool* cut = nullptr) {
  const std::string path = join(dir, kRowsJsonl);
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  const std::string text = read_all(path);
  std::vector<SweepRow> rows;
  std::size_t start = 0;
  int line = 1;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1, ++line)
    rows.push_back(row_from_json_line(text.substr(start, nl - start), path + ":" + std::to_string(line)));
  if (cut) *cut = start < text.size();
  return rows;
}

std::string rows_jsonl(const std::vector<SweepRow>& rows) {
  std::string s;
  for (const SweepRow& r : rows) s += row_to_json_line(r) + "\n";
  return s;
}

std::string rows_csv(const SweepHeader& header, const std::vector<SweepRow>& rows) {
  std::string s = sweep_csv_header(header);
  for (const SweepRow& r : rows) s += sweep_csv_row(r, false);
  return s;
}

}  // namespace

SweepManifest manifest_of(const SweepSpec& spec, const Shard& shard, std::size_t tasks) {
  return {header_of(spec), spec.file, spec.file_hash, eyrie_version(), shard, tasks};
}

void SweepLog::check_writable(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) throw Error("--out " + dir + ": exists and is not a directory");
  fs::create_directories(dir, ec);
  if (ec) throw Error("--out " + dir + ": cannot create directory: " + ec.message());
  if (!fs::is_directory(dir, ec)) throw Error("--out " + dir + ": not a directory");
  const std::string probe = join(dir, ".eyrie-write-probe");
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("--out " + dir + ": cannot write there: " + std::strerror(errno));
  ::close(fd);
  std::remove(probe.c_str());
  for (const char* name : {kManifest, kRowsJsonl, kRowsCsv, "sweep.csv", "sweep.json"})
    if (fs::is_directory(join(dir, name), ec)) throw Error("--out " + join(dir, name) + ": is a directory");
}

SweepLog::SweepLog(const std::string& dir, const SweepManifest& manifest, bool resume,
                   const std::vector<SweepRow>& expected)
    : m_dir(dir) {
  if (resume) {
    std::set<std::string> wanted, seen;
    for (const SweepRow& r : expected) wanted.insert(resume_key(r));
    for (SweepRow& r : read_rows(dir)) {
      const std::string key = resume_key(r);
      if (wanted.count(key) && seen.insert(key).second) m_resumed.push_back(std::move(r));
      else ++m_stale;
    }
  }
  // The log restarts from what is kept (nothing, when not resuming): no stale or cut line
  // stays behind, and no row can appear twice.
  write_file_atomically(join(dir, kManifest), manifest_json(manifest));
  write_file_atomically(join(dir, kRowsJsonl), rows_jsonl(m_resumed));
  write_file_atomically(join(dir, kRowsCsv), rows_csv(manifest.header, m_resumed));
  m_jsonl = open_append(join(dir, kRowsJsonl));
  m_csv = open_append(join(dir, kRowsCsv));
}

SweepLog::~SweepLog() {
  if (m_jsonl >= 0) ::close(m_jsonl);
  if (m_csv >= 0) ::close(m_csv);
}

void SweepLog::append(const SweepRow& row) {
  write_all(m_jsonl, row_to_json_line(row) + "\n", join(m_dir, kRowsJsonl));
  write_all(m_csv, sweep_csv_row(row, false), join(m_dir, kRowsCsv));
}

void write_sweep_files(const std::string& dir, const SweepResult& result) {
  const std::string csv = join(dir, "sweep.csv"), json = join(dir, "sweep.json");
  const std::string csv_tmp = csv + ".part", json_tmp = json + ".part";
  try {
    write_file_atomically(csv_tmp, sweep_report(result, Format::Csv));
    write_file_atomically(json_tmp, sweep_report(result, Format::Json));
  } catch (const Error&) {
    std::remove(csv_tmp.c_str());
    std::remove(json_tmp.c_str());
    throw;
  }
  std::error_code ec;
  fs::rename(json_tmp, json, ec);
  if (!ec) fs::rename(csv_tmp, csv, ec);
  if (ec) throw Error(dir + ": cannot write sweep.csv and sweep.json: " + ec.message());
}

SweepResult merge_shards(const std::vector<std::string>& dirs) {
  if (dirs.empty()) throw Error("sweep merge: give the shard directories");
  std::vector<SweepManifest> manifests;
  for (const auto& d : dirs) manifests.push_back(read_manifest(d));
  const SweepManifest& first = manifests.front();
  std::map<std::size_t, std::string> shard_dir;
  SweepResult out;
  out.header = first.header;
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    const SweepManifest& m = manifests[i];
    const std::string where = join(dirs[i], kManifest);
    if (m.sweep_file_hash != first.sweep_file_hash || m.header.name != first.header.name)
      throw Error(where + ": sweep " + m.header.name + " (" + m.sweep_file_hash + ") is not the sweep of " + dirs[0] +
                  " (" + first.header.name + ", " + first.sweep_file_hash + ")");
    if (m.eyrie_version != first.eyrie_version)
      throw Error(where + ": written by eyrie " + m.eyrie_version + ", " + dirs[0] + " by " + first.eyrie_version);
    if (m.shard.count != first.shard.count || m.tasks != first.tasks)
      throw Error(where + ": shard " + m.shard.text() + " of " + std::to_string(m.tasks) + " tasks does not match " +
                  dirs[0] + "'s " + first.shard.text() + " of " + std::to_string(first.tasks));
    if (!shard_dir.emplace(m.shard.index, dirs[i]).second)
      throw Error(where + ": shard " + m.shard.text() + " is also " + shard_dir[m.shard.index]);
    bool cut = false;
    std::vector<SweepRow> rows = read_rows(dirs[i], &cut);
    std::set<std::size_t> tasks;
    for (const SweepRow& r : rows)
      if (r.task >= m.tasks || !m.shard.holds(r.task) || !tasks.insert(r.task).second)
        throw Error(join(dirs[i], kRowsJsonl) + ": task " + std::to_string(r.task) + " does not belong to shard " +
                    m.shard.text() + " or appears twice");
    const std::size_t expected = m.tasks / m.shard.count + (m.shard.index - 1 < m.tasks % m.shard.count ? 1 : 0);
    if (cut || tasks.size() != expected)
      throw Error(join(dirs[i], kRowsJsonl) + ": shard " + m.shard.text() + " is incomplete: " +
                  std::to_string(tasks.size()) + " of " + std::to_string(expected) +
                  " rows (run it again with --resume)");
    out.rows.insert(out.rows.end(), rows.begin(), rows.end());
  }
  if (shard_dir.size() != first.shard.count) {
    std::string missing;
    for (std::size_t i = 1; i <= first.shard.count; ++i)
      if (!shard_dir.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(first.shard.count);
    throw Error("sweep merge: missing shard " + missing);
  }
  finish_sweep(out);
  return out;
}

}  // namespace eyrie
