#include "sim/core/version.h"

namespace eyrie {
const char* eyrie_version() { return EYRIE_VERSION; }
}  // namespace eyrie
