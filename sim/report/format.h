#pragma once
// Output formats shared by every command: a table for people, CSV and JSON for tools.
#include <string>

namespace eyrie {

enum class Format { Table, Csv, Json };
Format parse_format(const std::string& s);  // throws eyrie::Error naming --format

// Writes `content` to `path` through a temporary file and a rename, so a failure never leaves
// a half-written file behind. Creates missing parent directories. Several files that belong
// together: write_files_together (sim/report/output_files.h).
void write_file_atomically(const std::string& path, const std::string& content);

// Quotes a CSV cell when it needs it (RFC 4180).
std::string csv_cell(const std::string& s);

}  // namespace eyrie
