#include "sim/app/cli.h"

#include <algorithm>
#include <iostream>
#include <thread>

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

std::uint64_t parse_unsigned(const std::string& text, const std::string& option) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  // 20 digits may still pass 2^64 - 1 = 18446744073709551615; compare as text of equal length.
  const std::string max = "18446744073709551615";
  if (!digits || text.size() > max.size() || (text.size() == max.size() && text > max))
    throw Error(option + ": must be an integer from 0 to 2^64 - 1, got \"" + text + "\"");
  return std::stoull(text);
}

int capped_threads(long long asked, const std::string& command) {
  const long long have = std::max(1u, std::thread::hardware_concurrency());
  if (asked < 1) throw Error("--threads: must be at least 1, got " + std::to_string(asked));
  if (asked <= have) return static_cast<int>(asked);
  std::cerr << "eyrie " << command << ": note: --threads " << asked << " is more than this machine's " << have
            << " hardware threads; using " << have << "\n";
  return static_cast<int>(have);
}

void progress(const std::string& command, std::size_t step, std::size_t steps, const std::string& what) {
  std::cerr << "eyrie " << command << ": [" << step << "/" << steps << "] " << what << "\n";
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
