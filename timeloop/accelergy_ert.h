#pragma once
// Accelergy's energy reference table (ERT.yaml, versions 0.3 / 0.4), as Timeloop reads it
// (src/model/topology.cpp, ParseAccelergyERT):
//   ERT:
//     version: '0.4'
//     tables:
//       - name: system_top_level.weights_spad[1..168]
//         actions:
//           - name: read
//             arguments: {}          # or {global_cycle_seconds: 1e-09, ...}; several variants allowed
//             energy: 1.976602       # pJ per action (per vector access for storage)
// A table names its level by the text after the last '.', without the instance range. Per
// action Timeloop takes the largest energy over the action's argument variants; a storage
// operation takes the first action the table has of (Timeloop's storageOperationMappings):
//   read: random_read, read    fill: random_fill, random_write, fill, write
//   update: random_update, random_write, update, write    leak: leak
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eyrie::tl {

struct ErtAction {
  std::string name;
  std::vector<std::pair<std::string, std::string>> arguments;  // as written
  double energy_pj = 0;
};

struct ErtTable {
  std::string full_name;  // "system_top_level.weights_spad[1..168]"
  std::string level;      // "weights_spad"
  std::int64_t instances = 1;
  std::vector<ErtAction> actions;
  std::string where;

  // The largest energy over the variants of `action`; none when the table lacks it.
  std::optional<double> action_pj(const std::string& action) const;
  // Per storage operation (read | fill | update | leak), through Timeloop's fallbacks above.
  std::optional<double> storage_op_pj(const std::string& op) const;
  // Timeloop's "vector access energy": the largest action energy.
  double max_action_pj() const;
};

struct Ert {
  std::string file;
  std::string version;
  std::vector<ErtTable> tables;
  const ErtTable* find(const std::string& level) const;  // nullptr when none
};

Ert load_ert(const std::string& path);
Ert parse_ert_text(const std::string& text, const std::string& origin);

}  // namespace eyrie::tl
