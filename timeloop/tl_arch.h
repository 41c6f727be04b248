#pragma once
// Timeloop architecture files (v0.4 `nodes:` with !Container/!Component/!Parallel tags, and the
// older `subtree:`/`local:` tree that Timeloop's front end also dumps), read unchanged into the
// flat level list Timeloop itself builds: storage levels outermost first, then the one compute
// level. Each level's numbers follow Timeloop's BufferLevel::ParseSpecs (docs/TIMELOOP.md):
//   block_size = width / word_bits unless given;   size = depth * block_size (words);
//   effective size = floor(size / multiple_buffering); instances from the enclosing fan-outs.
// A !Container with `spatial: {meshX, meshY}` becomes a storage level that holds nothing, named
// inter_<container>_spatial, as Timeloop's front end makes it: the fan-out below it is where a
// mapping's spatial entry for that container goes. Errors: "arch.yaml:12: key.path: reason".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eyrie::tl {

// An architecture constraint as the mapper reads it (per level: temporal / spatial / dataspace).
// A factor of 0 in a constraint means "the whole remaining dimension" (Timeloop's rule).
struct TlFactor {
  std::string dim;
  std::int64_t value = 1;
  std::int64_t residual = 0;  // "R=3,2": the last iteration runs 2; 0 when not given (= value)
  // Constraints may bound a factor instead of pinning it: "M<=4", "C>=2".
  enum class Bound { Exact, AtMost, AtLeast } bound = Bound::Exact;
};

struct TlConstraint {
  std::string type;  // temporal | spatial | dataspace
  std::vector<TlFactor> factors;
  std::vector<std::string> permutation;  // innermost first
  std::optional<std::int64_t> split;     // spatial: permutation[0..split) on X, the rest on Y
  std::vector<std::string> keep, bypass;
  // timeloopfe (v0.4 nodes) completes a partial permutation by putting the dimensions it leaves
  // out first (innermost), so `split` counts them: [C, M] with split 1 over C, K, R, S, N, P, Q
  // is N Q P S R C M, X = {N}, Y = the rest. Timeloop's own (v0.3) form appends them instead.
  bool missing_dims_first = false;
  std::string where;  // file:line: key.path, for errors found when a mapping is checked
};

struct TlLevel {
  std::string name;        // Timeloop's level name, without an instance range ("PE[0..167]" -> "PE")
  std::string klass;       // class as written: DRAM, SRAM, regfile, smartbuffer_RF, intmac, ...
  std::string subclass;    // v0.4 `subclass` (Accelergy's class when `class: storage`)
  bool is_compute = false;  // the innermost level: intmac, fpmac, mac, compute
  bool is_dram = false;     // class contains "DRAM" or technology: DRAM (unbounded, no leakage table)
  bool holds_nothing = false;    // a container's fan-out point (inter_<c>_spatial, dummy_storage)
  std::string container;    // for holds_nothing levels made from a !Container: its name
  int parallel_group = -1;  // levels of one !Parallel group share a number
  std::int64_t instances = 1;
  std::int64_t mesh_x = 1, mesh_y = 1;  // instances = mesh_x * mesh_y

  // Storage (Timeloop BufferLevel specs); compute levels use word_bits only.
  std::int64_t word_bits = 16;   // datawidth | word_bits | word_width; Timeloop's default 16
  std::int64_t block_size = 1;   // words per vector access
  std::int64_t cluster_size = 1;
  std::optional<std::int64_t> size_words;       // none: unbounded (DRAM without depth)
  std::optional<std::int64_t> effective_size_words;
  std::optional<double> read_bandwidth, write_bandwidth, shared_bandwidth;  // words per cycle
  double multiple_buffering = 1.0;
  double min_utilization = 0.0;
  std::int64_t n_banks = 2;
  std::int64_t num_ports = 2;
  bool reduction_supported = true;
  bool allow_overbooking = false;

  // Accelergy's view (energy and area come from its tables, not from these).
  std::string technology;
  std::optional<double> global_cycle_seconds;

  std::vector<TlConstraint> constraints;
  std::string where;  // file:line: key.path of the node
};

struct TlArch {
  std::string file;
  std::string version;
  std::vector<TlLevel> levels;  // outermost first; the last is the compute level

  const TlLevel& compute() const { return levels.back(); }
  std::size_t storage_levels() const { return levels.size() - 1; }
  // The level a mapping `target` names: a level's name, or a !Container's name for its fan-out
  // level (timeloopfe accepts both). -1 when none.
  int find_target(const std::string& target) const;
};

TlArch load_tl_arch(const std::string& path);
TlArch parse_tl_arch_text(const std::string& text, const std::string& origin);

// "PE[0..167]" -> 168, "PE" -> 1 (Timeloop's parseElementSize); bad ranges are errors at `where`.
std::int64_t element_count(const std::string& name, const std::string& where);
std::string base_name(const std::string& name);  // "PE[0..167]" -> "PE"

}  // namespace eyrie::tl
