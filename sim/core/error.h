#pragma once
// Errors the user can fix: a bad file, an impossible config, a layer that does not fit.
// The message is one line and names the file, the field and the reason; the CLI prints it
// and exits with status 2. Programming errors are not eyrie::Error.
#include <stdexcept>
#include <string>

namespace eyrie {

// The message is one line by construction: control characters a user's file put into it (a
// multi-line YAML scalar quoted in "got ...", a tab, a stray NUL) are shown escaped.
std::string one_line(const std::string& text);

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(one_line(what)) {}
};

inline std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
      const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

// Builds "where: what" without a trailing colon when `where` is empty.
inline std::string located(const std::string& where, const std::string& what) {
  return where.empty() ? what : where + ": " + what;
}

}  // namespace eyrie
