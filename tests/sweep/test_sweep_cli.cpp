// `eyrie sweep` end to end: parallel runs equal serial ones byte for byte, a SIGKILLed sweep
// resumes to the uninterrupted result, shards merge to the one-process result, bad outputs
// fail before any work, unmapped rows are empty cells, progress goes to stderr.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "sim/core/content_hash.h"
#include "tests/support/run_command.h"

using namespace eyrie::testing;
namespace fs = std::filesystem;

namespace {

const std::string kEyeriss = source_path("configs/eyeriss.yaml");

std::string fresh_dir(const std::string& name) {
  const std::string d = "/tmp/eyrie_sweep_test_" + std::to_string(::getpid()) + "_" + name;
  fs::remove_all(d);
  return d;
}

// 4 x 3 x 2 points x 3 dataflows of LeNet-5: 72 rows, fast.
std::string lenet_grid() {
  return temp_file("sweep: lenet-grid\narch: " + kEyeriss +
                   "\nnetworks: [lenet5]\ndataflows: [rs, ws, os]\nobjective: energy\ngrid:\n"
                   "  pe_array.rows: [4, 8, 12, 16]\n  pe_array.cols: [4, 8, 14]\n"
                   "  global_buffer.size_bytes: [32768, 65536]\n");
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1) out.push_back(s.substr(start, nl - start));
  return out;
}

std::vector<std::string> sorted_lines(const std::string& s) {
  auto v = lines_of(s);
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(SweepCli, ThreadsDoNotChangeTheResult) {
  const std::string sweep = lenet_grid(), one = fresh_dir("j1"), two = fresh_dir("j2");
  const auto a = run_command(eyrie_cmd("sweep " + sweep + " --jobs 1 --format csv --quiet --out " + one));
  const auto b = run_command(eyrie_cmd("sweep " + sweep + " --jobs 2 --format csv --quiet --out " + two));
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(count_lines(a.out), 1 + 72);
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(slurp(one + "/sweep.csv"), a.out);
  EXPECT_EQ(slurp(one + "/sweep.json"), slurp(two + "/sweep.json"));
  // The streamed logs hold the same rows, in completion order.
  EXPECT_EQ(count_lines(slurp(one + "/rows.jsonl")), 72);
  EXPECT_EQ(sorted_lines(slurp(one + "/rows.jsonl")), sorted_lines(slurp(two + "/rows.jsonl")));
  EXPECT_EQ(count_lines(slurp(two + "/rows.csv")), 1 + 72);
  EXPECT_FALSE(fs::exists(one + "/sweep.csv.part"));
}

TEST(SweepCli, KilledSweepResumesToTheUninterruptedResult) {
  // 48 ResNet-50 points under rs, one thread, so the kill lands mid-sweep.
  std::string grid = "sweep: r50\narch: " + kEyeriss + "\nnetworks: [resnet50]\ndataflows: [rs]\ngrid:\n"
                     "  pe_array.rows: [6, 8, 10, 12, 14, 16]\n  pe_array.cols: [6, 8, 10, 12, 14, 16, 18, 20]\n";
  const std::string sweep = temp_file(grid), whole = fresh_dir("whole"), cut = fresh_dir("cut");
  const auto full = run_command(eyrie_cmd("sweep " + sweep + " --quiet --format csv --out " + whole));
  ASSERT_EQ(full.status, 0) << full.err;

  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::execl(EYRIE_BINARY, EYRIE_BINARY, "sweep", sweep.c_str(), "--jobs", "1", "--quiet", "--out", cut.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int rows_before_kill = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    rows_before_kill = count_lines(slurp(cut + "/rows.jsonl"));
    if (rows_before_kill >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the sweep ended before the kill; make it longer";
  const auto partial = lines_of(slurp(cut + "/rows.jsonl"));
  ASSERT_GE(partial.size(), 3u);
  ASSERT_LT(partial.size(), 48u);
  EXPECT_EQ(std::set<std::string>(partial.begin(), partial.end()).size(), partial.size());  // no row twice
  EXPECT_FALSE(fs::exists(cut + "/sweep.csv"));  // the report comes only at the end

  const auto resumed = run_command(eyrie_cmd("sweep " + sweep + " --resume --format csv --out " + cut));
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: " + std::to_string(partial.size()) + " rows kept, 0 stale rows dropped, " +
                             std::to_string(48 - partial.size()) + " to run"),
            std::string::npos)
      << resumed.err;
  EXPECT_EQ(resumed.out, full.out);
  EXPECT_EQ(slurp(cut + "/sweep.csv"), slurp(whole + "/sweep.csv"));
  EXPECT_EQ(slurp(cut + "/sweep.json"), slurp(whole + "/sweep.json"));
  EXPECT_EQ(sorted_lines(slurp(cut + "/rows.jsonl")), sorted_lines(slurp(whole + "/rows.jsonl")));
  EXPECT_EQ(sorted_lines(slurp(cut + "/rows.csv")), sorted_lines(slurp(whole + "/rows.csv")));  // rebuilt, then appended

  // Resuming a finished sweep runs nothing; resuming after the objective changed runs all again.
  const auto again = run_command(eyrie_cmd("sweep " + sweep + " --resume --format csv --out " + cut));
  EXPECT_NE(again.err.find("48 rows kept, 0 stale rows dropped, 0 to run"), std::string::npos) << again.err;
  EXPECT_EQ(again.out, full.out);
  std::ofstream(sweep, std::ios::app) << "objective: energy\n";
  const auto changed = run_command(eyrie_cmd("sweep " + sweep + " --resume --quiet --out " + cut));
  ASSERT_EQ(changed.status, 0) << changed.err;
  EXPECT_EQ(count_lines(slurp(cut + "/rows.jsonl")), 48);
  EXPECT_NE(slurp(cut + "/rows.jsonl").find("\"objective\":\"energy\""), std::string::npos);
  EXPECT_EQ(slurp(cut + "/rows.jsonl").find("\"objective\":\"edp\""), std::string::npos);
}

TEST(SweepCli, ShardsMergeToTheOneProcessResult) {
  const std::string sweep = lenet_grid(), single = fresh_dir("single"), merged = fresh_dir("merged");
  const auto one = run_command(eyrie_cmd("sweep " + sweep + " --quiet --format json --out " + single));
  ASSERT_EQ(one.status, 0) << one.err;
  std::string dirs;
  std::vector<std::string> shard;
  for (int i = 1; i <= 3; ++i) {
    const std::string d = fresh_dir("shard" + std::to_string(i));
    shard.push_back(d);
    const auto s = run_command(eyrie_cmd("sweep " + sweep + " --shard " + std::to_string(i) + "/3 --jobs 1 --out " + d));
    ASSERT_EQ(s.status, 0) << s.err;
    EXPECT_EQ(s.out, "");  // a shard's rows go to its directory only
    EXPECT_EQ(count_lines(slurp(d + "/rows.jsonl")), 24);
    dirs += " " + d;
  }
  const auto m = run_command(eyrie_cmd("sweep merge" + dirs + " --format json --out " + merged));
  ASSERT_EQ(m.status, 0) << m.err;
  EXPECT_EQ(m.out, one.out);
  EXPECT_EQ(slurp(merged + "/sweep.csv"), slurp(single + "/sweep.csv"));
  EXPECT_EQ(slurp(merged + "/sweep.json"), slurp(single + "/sweep.json"));

  const std::string d1 = shard[0], d2 = shard[1], d3 = shard[2];
  auto merge_err = [](const std::string& args) {
    const auto r = run_command(eyrie_cmd("sweep merge " + args));
    EXPECT_EQ(r.status, 2) << args;
    return r.err;
  };
  EXPECT_EQ(merge_err(d1 + " " + d2), "eyrie sweep: error: sweep merge: missing shard 3/3\n");
  EXPECT_EQ(merge_err(d1 + " " + d1 + " " + d2),
            "eyrie sweep: error: " + d1 + "/manifest.json: shard 1/3 is also " + d1 + "\n");
  // A shard killed mid-way is refused, not merged short.
  const auto rows = lines_of(slurp(d3 + "/rows.jsonl"));
  std::ofstream(d3 + "/rows.jsonl", std::ios::trunc) << rows[0] << "\n" << rows[1].substr(0, 20);
  EXPECT_EQ(merge_err(d1 + " " + d2 + " " + d3), "eyrie sweep: error: " + d3 +
                                                     "/rows.jsonl: shard 3/3 is incomplete: 1 of 24 rows (run it "
                                                     "again with --resume)\n");
}

TEST(SweepCli, OutputLocationIsCheckedBeforeAnyWork) {
  const std::string sweep = lenet_grid();
  const std::string file = temp_file("not a directory\n", ".txt");
  auto r = run_command(eyrie_cmd("sweep " + sweep + " --out " + file));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "eyrie sweep: error: --out " + file + ": exists and is not a directory\n");
  r = run_command(eyrie_cmd("sweep " + sweep + " --out /proc/eyrie-sweep"));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("eyrie sweep: error: --out /proc/eyrie-sweep: cannot create directory: ", 0), 0u) << r.err;
  EXPECT_EQ(r.out, "");
  r = run_command(eyrie_cmd("sweep " + sweep + " --resume"));
  EXPECT_EQ(r.err, "eyrie sweep: error: --resume: needs --out DIR (the rows to resume from)\n");
  r = run_command(eyrie_cmd("sweep " + sweep + " --shard 1/2"));
  EXPECT_EQ(r.err, "eyrie sweep: error: --shard: needs --out DIR (what `eyrie sweep merge` joins)\n");
  r = run_command(eyrie_cmd("sweep " + sweep + " --jobs -1"));
  EXPECT_EQ(r.err, "eyrie sweep: error: --jobs: must be 0 (all cores) or a positive count, got -1\n");
}

TEST(SweepCli, UnmappedRowsAreEmptyCellsWithTheirReason) {
  // At the second point the filter spad holds 2 words, less than one 5-wide LeNet filter row: rs cannot map.
  const std::string sweep = temp_file("sweep: s\narch: " + kEyeriss +
                                      "\nnetworks: [lenet5]\ndataflows: [rs]\npoints:\n"
                                      "  - {register_file.filter_words: 224}\n  - {register_file.filter_words: 2}\n");
  const auto r = run_command(eyrie_cmd("sweep " + sweep + " --quiet --format csv"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = lines_of(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].rfind("1,2,lenet5,rs,layer C1: dataflow rs: no legal mapping: ", 0), 0u) << rows[2];
  EXPECT_NE(rows[2].find("no legal mapping"), std::string::npos);
  // macs .. energy_per_mac empty, the unit, dram_bytes empty; then the area (known), best and pareto empty.
  EXPECT_NE(rows[2].find("register file,,,,,,,normalized,,"), std::string::npos) << rows[2];
  EXPECT_NE(rows[2].find(",,,0.1.0,"), std::string::npos) << rows[2];
  EXPECT_NE(rows[1].find(",1,1,0.1.0,"), std::string::npos) << rows[1];  // the only mappable row: best, on the front
}

TEST(SweepCli, EveryRowRecordsItsProvenance) {
  const std::string sweep = temp_file("sweep: s\narch: " + kEyeriss +
                                      "\nnetworks: [lenet5]\npoints:\n  - {pe_array.rows: 8, pe_array.cols: 8}\n");
  const auto r = run_command(eyrie_cmd("sweep " + sweep + " --quiet --format csv"));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string version = run_command(eyrie_cmd("--version")).out;  // "eyrie 0.1.0\n"
  const std::string expected = "," + version.substr(6, version.size() - 7) + "," + kEyeriss + "," +
                               eyrie::content_hash(slurp(kEyeriss)) + ",";
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("," + eyrie::content_hash(slurp(kEyeriss)) + ","), std::string::npos);
  EXPECT_NE(r.out.find(",pe_array.rows=8 pe_array.cols=8,edp,1,analytic\n"), std::string::npos) << r.out;
}

TEST(SweepCli, ProgressOnStderrATenthAtATime) {
  const std::string sweep = lenet_grid();
  const auto r = run_command(eyrie_cmd("sweep " + sweep + " --jobs 2 --format csv"));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 10u) << r.err;  // not a terminal: one line per 10 %
  EXPECT_EQ(lines[0].rfind("sweep: 8/72 rows (11%), ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(" rows/s, ETA "), std::string::npos) << lines[0];
  EXPECT_EQ(lines[9].rfind("sweep: 72/72 rows (100%), ", 0), 0u) << lines[9];
  EXPECT_NE(lines[9].find(", done in "), std::string::npos) << lines[9];
  EXPECT_EQ(run_command(eyrie_cmd("sweep " + sweep + " --quiet --format csv")).err, "");
  // On a terminal (script(1) gives the command one): a line redrawn in place, ended once.
  if (run_command("command -v script").status != 0) GTEST_SKIP() << "script(1) (util-linux) not installed";
  const auto tty = run_command("script -qec '" + eyrie_cmd("sweep " + sweep + " --format csv >/dev/null") + "' /dev/null");
  ASSERT_EQ(tty.status, 0) << tty.err;
  EXPECT_EQ(tty.out.rfind("\r\033[Ksweep: ", 0), 0u) << tty.out;
  EXPECT_NE(tty.out.find("\r\033[Ksweep: 72/72 rows (100%), "), std::string::npos) << tty.out;
  EXPECT_EQ(count_lines(tty.out), 1) << tty.out;  // the newline only at the end (script writes \r\n)
}

TEST(SweepCli, PlotReadsWhatTheSweepWritesAndSkipsUnmappedRows) {
  // rs cannot map the second point (2-word filter spad); ws maps both.
  const std::string sweep = temp_file("sweep: s\narch: " + kEyeriss +
                                      "\nnetworks: [lenet5]\ndataflows: [rs, ws]\npoints:\n"
                                      "  - {register_file.filter_words: 224}\n  - {register_file.filter_words: 2}\n");
  const std::string dir = fresh_dir("plot");
  ASSERT_EQ(run_command(eyrie_cmd("sweep " + sweep + " --quiet --out " + dir)).status, 0);
  const std::string plot = source_path("scripts/plot.py") + " sweep ";
  for (const char* input : {"sweep.csv", "sweep.json", "rows.jsonl"}) {
    const std::string png = dir + "/" + input + ".png";
    const auto r = run_command(plot + dir + "/" + input + " -o " + png);  // default axes: cycles, energy
    ASSERT_EQ(r.status, 0) << input << ": " << r.err;
    // On the front: point 0 rs (fewest cycles) and point 1 ws (least area); point 0 ws maps
    // like point 1 ws (ws keeps no filter row in the spad) on a larger register file, so it is
    // dominated. rows.jsonl is the stream: no Pareto marks until the sweep ends.
    const int front = std::string(input) == "rows.jsonl" ? 0 : 2;
    EXPECT_EQ(r.out, png + ": 3 rows drawn, 1 unmapped (not drawn), " + std::to_string(front) + " on the Pareto front\n");
    EXPECT_EQ(slurp(png).substr(1, 3), "PNG");
  }
  const auto bad = run_command(plot + dir + "/sweep.csv --y energy_pj -o " + dir + "/x.png");
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err.rfind("plot.py: error: " + dir + "/sweep.csv: no column 'energy_pj' (numeric columns: macs, ", 0),
            0u)
      << bad.err;
}

TEST(SweepCli, TimedEngineUnderThreadsEqualsSerial) {
  // The SystemC kernel is one per process: the runner serializes it; results do not depend on --jobs.
  const std::string sweep = temp_file("sweep: sc\narch: " + kEyeriss +
                                      "\nnetworks: [lenet5]\ndataflows: [rs, ws]\ngrid:\n  pe_array.rows: [8, 12, 16]\n");
  const auto a = run_command(eyrie_cmd("sweep " + sweep + " --engine systemc --jobs 1 --quiet --format csv"));
  const auto b = run_command(eyrie_cmd("sweep " + sweep + " --engine systemc --jobs 2 --quiet --format csv"));
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const auto rows = lines_of(a.out);
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[1].find(",ok,416520,,"), std::string::npos) << rows[1];  // timed_cycles filled
  EXPECT_EQ(rows[1].substr(rows[1].size() - 8), ",systemc");
}
