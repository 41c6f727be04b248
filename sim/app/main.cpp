// eyrie: a simulator of DNN accelerators in the Eyeriss family.
#include <cstring>
#include <iostream>

#include "sim/core/version.h"
#include "sim/app/cli.h"


namespace {

void print_usage(std::ostream& out) {
  out << "eyrie " << eyrie::eyrie_version() << ": a simulator of DNN accelerators in the Eyeriss family\n\n"
      << "usage: eyrie <command> [options]\n"
      << "       eyrie <command> --help\n"
      << "       eyrie --help | --version\n\n"
      << "commands:\n";
  for (const auto& c : eyrie::cli::commands()) {
    out << "  " << c.name << std::string(12 - std::min<std::size_t>(11, std::strlen(c.name)), ' ') << c.summary << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(std::cerr);
    return 2;
  }
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(std::cout);
    return 0;
  }
  if (first == "--version" || first == "-V") {
    std::cout << "eyrie " << eyrie::eyrie_version() << "\n";
    return 0;
  }
  for (const auto& c : eyrie::cli::commands())
    if (first == c.name) return c.run(argc - 1, argv + 1);
  std::cerr << "eyrie: error: unknown command '" << first << "' (see eyrie --help)\n";
  return 2;
}
