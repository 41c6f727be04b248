#pragma once
// Errors the user can fix: a bad file, an impossible config, a layer that does not fit.
// The message is one line and names the file, the field and the reason; the CLI prints it
// and exits with status 2. Programming errors are not eyrie::Error.
#include <stdexcept>
#include <string>

namespace eyrie {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Builds "where: what" without a trailing colon when `where` is empty.
inline std::string located(const std::string& where, const std::string& what) {
  return where.empty() ? what : where + ": " + what;
}

}  // namespace eyrie
