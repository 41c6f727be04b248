#pragma once
// The eyrie command line: `eyrie <command> [options]`. Each command lives in its own
// cmd_<name>.cpp and is listed once in commands.cpp.
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

// Runs a command body: eyrie::Error and option errors become one line on stderr and exit 2;
// anything else is an internal error, exit 1. Never lets an exception escape.
int run_guarded(const std::string& command, const std::function<int()>& body);

}  // namespace eyrie::cli
