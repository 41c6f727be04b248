#pragma once
// Where results go. Output locations are checked before any work (a long run never fails at
// its end on an unwritable path), an output never replaces one of the command's inputs, and a
// command's files are committed together or not at all: each is written to a temporary file
// beside its target, and only when every one is complete are they renamed into place.
#include <string>
#include <utility>
#include <vector>

namespace eyrie {

// A file and its bytes.
using OutputFile = std::pair<std::string, std::string>;

// Throws eyrie::Error "option path: reason" unless `path` could be written as a file: not a
// directory, and its nearest existing ancestor a writable directory. Creates nothing.
void check_output_file(const std::string& path, const std::string& option);
// The same for a directory of outputs: `dir` is a writable directory or could be created.
void check_output_dir(const std::string& dir, const std::string& option);
// Throws when `path` names the same file as one of `inputs` (after following links).
void check_not_an_input(const std::string& path, const std::string& option, const std::vector<std::string>& inputs);

// Writes every file or none: temporaries first, renames last; on any failure the temporaries
// and the directories this call created are removed. Creates missing parent directories. Two
// files of the set with the same name are an error before anything is written.
void write_files_together(const std::vector<OutputFile>& files);

}  // namespace eyrie
