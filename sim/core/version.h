#pragma once
// eyrie's version (the CMake project's), for the provenance every output records.
namespace eyrie {
const char* eyrie_version();
}  // namespace eyrie
