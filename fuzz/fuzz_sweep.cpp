// Sweep files: the spec and every point's architecture. load_sweep() takes a path (the base
// architecture is found relative to it), so each input is written to a scratch folder laid out
// like configs/: sweeps/fuzz.yaml beside links to the bundled architectures one level up.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz/fuzz_target.h"
#include "sim/core/data_paths.h"
#include "sim/sweep/sweep_spec.h"

namespace {
namespace fs = std::filesystem;

const fs::path& scratch() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("eyrie_fuzz_sweep_" + std::to_string(::getpid()));
    fs::create_directories(d / "sweeps");
    for (const auto& e : fs::directory_iterator(fs::path(eyrie::data_dir()) / "configs"))
      if (e.path().extension() == ".yaml") fs::create_symlink(e.path(), d / e.path().filename());
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(scratch(), ec);
    });
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path file = scratch() / "sweeps" / "fuzz.yaml";
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 static_cast<std::streamsize>(size));
  eyrie::fuzz::expect_value_or_error([&] { eyrie::load_sweep(file.string()); });
  return 0;
}
