#include "sim/core/data_paths.h"

#include <cstdlib>

namespace eyrie {

std::string data_dir() {
  if (const char* env = std::getenv("EYRIE_DATA_DIR"); env && *env) return env;
  return EYRIE_DATA_DIR;
}

}  // namespace eyrie
