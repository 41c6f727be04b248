#include <unistd.h>

#include <iostream>
#include <memory>
#include <set>

#include "sim/app/cli.h"
#include "sim/core/error.h"
#include "sim/sweep/sweep_output.h"
#include "sim/sweep/sweep_progress.h"
#include "sim/sweep/sweep_report.h"

namespace eyrie::cli {

namespace {

// `eyrie sweep merge DIR... [--out DIR] [--format F]`: joins the shards' rows into the result
// one process would have written.
int cmd_sweep_merge(int argc, char** argv) {
  po::options_description opts("sweep merge options");
  std::vector<std::string> dirs;
  std::string format, out;
  opts.add_options()
      ("shards", po::value(&dirs)->required()->multitoken(), "the --out directories of the shards")
      ("format,f", po::value(&format)->default_value("table"), "table | csv | json")
      ("out,o", po::value(&out), "write sweep.csv and sweep.json here");
  po::positional_options_description pos;
  pos.add("shards", -1);
  po::variables_map vm;
  if (!parse_options(argc, argv, "eyrie sweep merge SHARD_DIR... [--out DIR] [--format table|csv|json]", opts, vm, &pos))
    return 0;
  const Format fmt = parse_format(format);
  if (!out.empty()) SweepLog::check_writable(out);
  const SweepResult r = merge_shards(dirs);
  if (!out.empty()) write_sweep_files(out, r);
  std::cout << sweep_report(r, fmt);
  return 0;
}

}  // namespace

int cmd_sweep(int argc, char** argv) {
  return run_guarded("sweep", [&] {
    if (argc > 1 && std::string(argv[1]) == "merge") return cmd_sweep_merge(argc - 1, argv + 1);
    po::options_description opts("sweep options");
    std::string file, format, out, engine, shard_text;
    int jobs = 0;
    opts.add_options()
        ("sweep,s", po::value(&file)->required(), "sweep YAML (configs/sweeps/*.yaml)")
        ("format,f", po::value(&format)->default_value("table"), "table | csv | json")
        ("engine", po::value(&engine)->default_value("analytic"), "analytic | systemc (adds timed cycles)")
        ("out,o", po::value(&out), "stream rows to DIR/rows.jsonl and rows.csv, then write sweep.csv and sweep.json")
        ("jobs,j", po::value(&jobs)->default_value(0), "worker threads (0: all cores)")
        ("quiet,q", "no progress on stderr")
        ("dry-run", "load and check the sweep, print how many rows it (or the shard) has, run nothing")
        ("resume", "keep the rows already in --out DIR/rows.jsonl that still hold; run the rest")
        ("shard", po::value(&shard_text), "run slice I of N (tasks I-1 mod N) into --out; join with `eyrie sweep merge`");
    po::positional_options_description pos;
    pos.add("sweep", 1);
    po::variables_map vm;
    if (!parse_options(argc, argv,
                       "eyrie sweep FILE [--format table|csv|json] [--engine analytic|systemc] [--out DIR] "
                       "[--jobs N] [--quiet] [--resume] [--shard I/N] [--dry-run]\n       eyrie sweep merge SHARD_DIR... [--out DIR]",
                       opts, vm, &pos))
      return 0;
    const Format fmt = parse_format(format);
    if (engine != "analytic" && engine != "systemc")
      throw Error("--engine: must be analytic or systemc, got \"" + engine + "\"");
    if (jobs < 0) throw Error("--jobs: must be 0 (all cores) or a positive count, got " + std::to_string(jobs));
    const bool resume = vm.count("resume") > 0, quiet = vm.count("quiet") > 0;
    if (resume && out.empty()) throw Error("--resume: needs --out DIR (the rows to resume from)");
    const Shard shard = shard_text.empty() ? Shard{} : parse_shard(shard_text);
    if (!shard_text.empty() && out.empty() && !vm.count("dry-run")) throw Error("--shard: needs --out DIR (what `eyrie sweep merge` joins)");
    if (!out.empty()) SweepLog::check_writable(out);  // before any work, not after it

    const SweepSpec spec = load_sweep(file);
    SweepSettings settings;
    settings.timed = engine == "systemc";
    settings.jobs = jobs;
    const std::vector<SweepTask> all = sweep_tasks(spec);
    std::vector<SweepTask> mine;
    std::vector<SweepRow> expected;
    for (const SweepTask& t : all)
      if (shard.holds(t.index)) {
        mine.push_back(t);
        expected.push_back(row_header(spec, t, settings));
      }
    if (vm.count("dry-run")) {
      std::cout << "sweep " << spec.name << ": " << spec.points.size() << " points x " << spec.networks.size()
                << " networks: " << all.size() << " rows";
      if (shard.count > 1) std::cout << "; shard " << shard.text() << ": " << mine.size();
      std::cout << "\n";
      return 0;
    }
    std::unique_ptr<SweepLog> log;
    if (!out.empty()) log = std::make_unique<SweepLog>(out, manifest_of(spec, shard, all.size()), resume, expected);

    std::vector<SweepTask> todo;
    std::set<std::string> done;
    if (log)
      for (const SweepRow& r : log->resumed()) done.insert(resume_key(r));
    for (std::size_t i = 0; i < mine.size(); ++i)
      if (!done.count(resume_key(expected[i]))) todo.push_back(mine[i]);
    if (resume && !quiet)
      std::cerr << "sweep: resuming: " << log->resumed().size() << " rows kept, " << log->stale()
                << " stale rows dropped, " << todo.size() << " to run\n";

    SweepProgress progress(todo.size(), std::cerr, ::isatty(STDERR_FILENO) != 0);
    SweepResult r;
    r.header = header_of(spec);
    r.rows = run_sweep_tasks(spec, todo, settings, [&](const SweepRow& row) {
      if (log) log->append(row);
      if (!quiet) progress.row_done();
    });
    if (!quiet) progress.finish();
    if (log) r.rows.insert(r.rows.end(), log->resumed().begin(), log->resumed().end());
    if (shard.count > 1) {
      if (!quiet)
        std::cerr << "sweep: shard " << shard.text() << ": " << r.rows.size() << " rows in " << out
                  << "/rows.jsonl; join the shards with `eyrie sweep merge`\n";
      return 0;
    }
    finish_sweep(r);
    if (log) write_sweep_files(out, r);
    std::cout << sweep_report(r, fmt);
    return 0;
  });
}

}  // namespace eyrie::cli
