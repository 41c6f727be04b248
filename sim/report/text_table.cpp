#include "sim/report/text_table.h"

#include <algorithm>

namespace eyrie {

void TextTable::add_column(std::string header, Align align) {
  m_headers.push_back(std::move(header));
  m_aligns.push_back(align);
}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(m_headers.size());
  m_rows.push_back(std::move(cells));
}

void TextTable::add_separator() { m_rows.emplace_back(); }

std::string TextTable::render() const {
  std::vector<std::size_t> width(m_headers.size());
  for (std::size_t c = 0; c < m_headers.size(); ++c) width[c] = m_headers[c].size();
  for (const auto& row : m_rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(width[c] - cells[c].size(), ' ');
      if (c) out += "  ";
      out += m_aligns[c] == Align::Left ? cells[c] + pad : pad + cells[c];
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::size_t total = 0;
  for (std::size_t w : width) total += w;
  total += 2 * (width.empty() ? 0 : width.size() - 1);
  const std::string rule(total, '-');
  std::string out = line(m_headers) + rule + "\n";
  for (const auto& row : m_rows) out += row.empty() ? rule + "\n" : line(row);
  return out;
}

std::string with_commas(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

}  // namespace eyrie
