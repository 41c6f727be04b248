#pragma once
// A plain-text table for terminals: columns sized to their widest cell, numbers right-aligned.
#include <string>
#include <vector>

namespace eyrie {

class TextTable {
 public:
  enum class Align { Left, Right };
  void add_column(std::string header, Align align = Align::Right);
  void add_row(std::vector<std::string> cells);
  void add_separator();  // a rule before the next row (totals)
  std::string render() const;

 private:
  std::vector<std::string> m_headers;
  std::vector<Align> m_aligns;
  std::vector<std::vector<std::string>> m_rows;  // an empty row is a separator
};

// 1234567 -> "1,234,567"
std::string with_commas(long long v);

}  // namespace eyrie
