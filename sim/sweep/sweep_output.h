#pragma once
// The files a sweep writes under `--out DIR`:
//   manifest.json          what the rows belong to: the sweep, its file's hash, the shard, the
//                          parameters and objective, how many tasks the whole sweep has
//   rows.jsonl, rows.csv   every finished row, appended and flushed the moment it finishes
//                          (completion order): a killed sweep loses only the rows in flight
//   sweep.csv, sweep.json  the finished report (serial order, best and Pareto marks), both
//                          written to temporary files first and renamed together at the end
// `--resume` reads rows.jsonl back, keeps the rows whose resume_key a task of this run still
// has (a changed point, objective or eyrie version makes its row stale), rewrites the log with
// just those and appends the rest as they finish; a row is never duplicated.
#include <string>
#include <vector>

#include "sim/sweep/sweep_run.h"
#include "sim/sweep/sweep_task.h"

namespace eyrie {

struct SweepManifest {
  SweepHeader header;
  std::string sweep_file;
  std::string sweep_file_hash;
  std::string eyrie_version;
  Shard shard;
  std::size_t tasks = 0;  // of the whole sweep, every shard
};

SweepManifest manifest_of(const SweepSpec& spec, const Shard& shard, std::size_t tasks);

class SweepLog {
 public:
  // Creates `dir` and proves it writable, before any work; throws eyrie::Error naming it.
  static void check_writable(const std::string& dir);

  // Starts the log: fresh (truncating), or with `resume` keeping the rows of rows.jsonl whose
  // key is among `expected` (the row_header of each task of this run).
  SweepLog(const std::string& dir, const SweepManifest& manifest, bool resume, const std::vector<SweepRow>& expected);
  ~SweepLog();
  SweepLog(const SweepLog&) = delete;
  SweepLog& operator=(const SweepLog&) = delete;

  const std::vector<SweepRow>& resumed() const { return m_resumed; }
  std::size_t stale() const { return m_stale; }
  // One write(2) per file per row, so what the kernel has survives SIGKILL whole.
  void append(const SweepRow& row);

 private:
  std::string m_dir;
  int m_jsonl = -1;
  int m_csv = -1;
  std::vector<SweepRow> m_resumed;
  std::size_t m_stale = 0;
};

// Writes sweep.csv and sweep.json under `dir`: both to temporary files, then both renamed,
// so neither is replaced unless both could be written.
void write_sweep_files(const std::string& dir, const SweepResult& result);

// `eyrie sweep merge`: the rows of every shard directory, checked to be the N shards of one
// sweep, each complete, in serial order and marked, as one process would have written them.
SweepResult merge_shards(const std::vector<std::string>& dirs);

}  // namespace eyrie
