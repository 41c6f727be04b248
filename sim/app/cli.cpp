#include "sim/app/cli.h"

#include <iostream>

#include "sim/core/error.h"

namespace eyrie::cli {

bool parse_options(int argc, char** argv, const std::string& usage, po::options_description& options,
                   po::variables_map& vm, const po::positional_options_description* positional) {
  options.add_options()("help,h", "show this help");
  auto parser = po::command_line_parser(argc, argv).options(options);  // skips argv[0], the command name
  if (positional) parser.positional(*positional);
  po::store(parser.run(), vm);
  if (vm.count("help")) {
    std::cout << "usage: " << usage << "\n\n" << options << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

int run_guarded(const std::string& command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const Error& e) {
    std::cerr << "eyrie " << command << ": error: " << e.what() << "\n";
    return 2;
  } catch (const po::error& e) {
    std::cerr << "eyrie " << command << ": error: " << e.what() << " (see eyrie " << command << " --help)\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "eyrie " << command << ": error: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "eyrie " << command << ": internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace eyrie::cli
