#include "timeloop/tl_factors.h"

#include <cctype>
#include <set>

namespace eyrie::tl {

namespace {

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::int64_t digits_at(const ConfigNode& n, const std::string& s, std::size_t* i, const std::string& item) {
  const std::size_t start = *i;
  std::int64_t v = 0;
  while (*i < s.size() && is_digit(s[*i])) {
    if (v > (INT64_MAX - 9) / 10) n.fail("factor \"" + item + "\" is too large");
    v = v * 10 + (s[*i] - '0');
    ++*i;
  }
  if (*i == start) n.fail("bad factor \"" + item + "\": the value must be a positive integer");
  return v;
}

// One string of factors. Timeloop scans it with the regex
//   ([A-Za-z]+)\s*=*\s*([0-9]+)(,([0-9]+))?
// and skips whatever lies between matches; eyrie accepts the same items but rejects any other
// text, so "R=3;P=16" or "R=three" is an error instead of a factor silently left at 1.
void scan(const ConfigNode& n, const std::string& text, std::vector<TlFactor>* out) {
  const std::string s = text.substr(0, text.find('#'));
  std::size_t i = 0;
  auto skip_separators = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
  };
  for (skip_separators(); i < s.size(); skip_separators()) {
    const std::size_t start = i;
    if (!is_letter(s[i])) n.fail("bad factor text at \"" + s.substr(i) + "\" (write R=3 P=16 or R3 P16)");
    while (i < s.size() && is_letter(s[i])) ++i;
    TlFactor f;
    f.dim = s.substr(start, i - start);
    while (i < s.size() && s[i] == ' ') ++i;
    if (i + 1 < s.size() && (s[i] == '<' || s[i] == '>') && s[i + 1] == '=') {
      f.bound = s[i] == '<' ? TlFactor::Bound::AtMost : TlFactor::Bound::AtLeast;
      i += 2;
    }
    while (i < s.size() && (s[i] == ' ' || s[i] == '=')) ++i;
    const std::string item = s.substr(start, s.find_first_of(" \t,", start) - start);
    f.value = digits_at(n, s, &i, item);
    if (f.bound != TlFactor::Bound::Exact && f.value == 0) n.fail("bound of factor " + f.dim + " must be positive");
    // ",<digits>" right after the value is the residual of an imperfect factor (Timeloop's
    // third group); ",<letter>" starts the next factor.
    if (i + 1 < s.size() && s[i] == ',' && is_digit(s[i + 1]) && f.bound == TlFactor::Bound::Exact) {
      ++i;
      f.residual = digits_at(n, s, &i, item);
      if (f.residual == 0 || f.residual > f.value)
        n.fail("factor " + f.dim + ": the last iteration's " + std::to_string(f.residual) +
               " must lie in 1.." + std::to_string(f.value));
    }
    if (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != ',')
      n.fail("bad factor text at \"" + item + "\" (write R=3 P=16 or R3 P16)");
    for (const TlFactor& g : *out)
      if (g.dim == f.dim && (g.bound == f.bound || g.bound == TlFactor::Bound::Exact || f.bound == TlFactor::Bound::Exact))
        n.fail("dimension " + f.dim + " has two factors");
    out->push_back(f);
  }
}

}  // namespace

std::vector<TlFactor> parse_factors(const ConfigNode& n) {
  std::vector<TlFactor> out;
  if (n.is_sequence())
    for (const ConfigNode& item : n.items()) scan(item, item.as_string(), &out);
  else
    scan(n, n.as_string(), &out);
  return out;
}

std::vector<std::string> parse_permutation(const ConfigNode& n) {
  std::vector<std::string> out;
  if (n.is_sequence()) {
    for (const ConfigNode& item : n.items()) out.push_back(item.as_string());
  } else {
    // Timeloop reads one character per dimension; separators are a convenience.
    for (char c : n.as_string()) {
      if (c == ' ' || c == ',' || c == '\t') continue;
      if (!is_letter(c)) n.fail(std::string("bad permutation character '") + c + "' (write dimension letters, innermost first)");
      out.emplace_back(1, c);
    }
  }
  std::set<std::string> seen;
  for (const std::string& d : out)
    if (!seen.insert(d).second) n.fail("dimension " + d + " appears twice");
  return out;
}

std::vector<std::string> parse_name_list(const ConfigNode& n) {
  std::vector<std::string> out;
  if (n.is_null()) return out;
  n.require_sequence();
  for (const ConfigNode& item : n.items()) out.push_back(item.as_string());
  return out;
}

}  // namespace eyrie::tl
