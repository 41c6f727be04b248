#include "sim/report/provenance.h"

#include "sim/core/content_hash.h"
#include "sim/core/version.h"

namespace eyrie {

RunProvenance run_provenance(const std::string& arch_path, const std::vector<ConfigOverride>& overrides,
                             const std::string& network_arg, const Network& net, std::int64_t batch,
                             const std::string& engine) {
  RunProvenance p;
  p.set = true;
  p.eyrie_version = eyrie_version();
  p.arch_file = arch_path;
  p.arch_file_hash = file_hash(arch_path);
  for (const auto& o : overrides) p.overrides += (p.overrides.empty() ? "" : " ") + o.path + "=" + o.value;
  p.network = network_arg;
  if (!net.source.empty()) p.network_file_hash = file_hash(net.source);
  p.batch = batch;
  p.engine = engine;
  return p;
}

}  // namespace eyrie
