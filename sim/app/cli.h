#pragma once
// The eyrie command line: `eyrie <command> [options]`. Each command lives in its own
// cmd_<name>.cpp and is listed once in commands.cpp.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace eyrie::cli {

namespace po = boost::program_options;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);  // argv[0] is the command name
};

const std::vector<Command>& commands();

// Parses a command's options. Returns false when --help was asked for (the help is printed).
// Unknown options and bad values throw, and run_guarded reports them.
bool parse_options(int argc, char** argv, const std::string& usage, po::options_description& options,
                   po::variables_map& vm, const po::positional_options_description* positional = nullptr);

// A count from the command line (--seed): decimal digits only, below 2^64. "-1" is an error,
// not 18446744073709551615 (what an unsigned option would silently make of it).
std::uint64_t parse_unsigned(const std::string& text, const std::string& option);

// --threads: at least 1; more than the machine's hardware threads is capped to them, with a
// note on stderr naming both numbers (the run then reports the number it used).
int capped_threads(long long asked, const std::string& command);

// Progress of a long command, one line per step on stderr: "eyrie conv: [3/14] int8 on avx2".
void progress(const std::string& command, std::size_t step, std::size_t steps, const std::string& what);

// Runs a command body: eyrie::Error and option errors become one line on stderr and exit 2;
// anything else is an internal error, exit 1. Never lets an exception escape.
int run_guarded(const std::string& command, const std::function<int()>& body);

}  // namespace eyrie::cli
