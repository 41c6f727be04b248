#include "sim/report/format.h"

#include "sim/core/error.h"
#include "sim/report/output_files.h"

namespace eyrie {

Format parse_format(const std::string& s) {
  if (s == "table") return Format::Table;
  if (s == "csv") return Format::Csv;
  if (s == "json") return Format::Json;
  throw Error("--format: must be one of table | csv | json, got \"" + s + "\"");
}

void write_file_atomically(const std::string& path, const std::string& content) {
  write_files_together({{path, content}});
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace eyrie
