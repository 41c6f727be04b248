// Output files: checked before work, never over an input, committed together or not at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/report/output_files.h"
#include "tests/support/error_of.h"
#include "tests/support/run_command.h"

using namespace eyrie;
using eyrie::testing::dir_listing;
using eyrie::testing::error_of;
using eyrie::testing::slurp;
using eyrie::testing::temp_dir;

TEST(OutputFiles, ASetIsWrittenWholeWithItsFolders) {
  const std::string dir = temp_dir("set");
  write_files_together({{dir + "/a.csv", "1\n"}, {dir + "/sub/deeper/b.json", "{}\n"}});
  EXPECT_EQ(slurp(dir + "/a.csv"), "1\n");
  EXPECT_EQ(slurp(dir + "/sub/deeper/b.json"), "{}\n");
  EXPECT_EQ(dir_listing(dir), (std::vector<std::string>{"a.csv", "sub", "sub/deeper", "sub/deeper/b.json"}));
}

TEST(OutputFiles, AFailureLeavesNothingNotEvenTheFoldersItMade) {
  const std::string dir = temp_dir("set");
  std::filesystem::create_directories(dir + "/taken");  // a folder where the last file should go
  EXPECT_EQ(error_of([&] {
              write_files_together({{dir + "/new/a.csv", "1\n"}, {dir + "/new/b.csv", "2\n"}, {dir + "/taken", "3\n"}});
            }),
            dir + "/taken: cannot write: is a directory");
  EXPECT_EQ(dir_listing(dir), std::vector<std::string>{"taken"});
}

TEST(OutputFiles, TwoFilesOfOneNameAreRefusedBeforeWriting) {
  // Layer names "a/b" and "a_b" both became mappings/a_b.yaml: the first was lost silently.
  const std::string dir = temp_dir("set");
  EXPECT_EQ(error_of([&] { write_files_together({{dir + "/m/a_b.yaml", "1"}, {dir + "/m/./a_b.yaml", "2"}}); }),
            dir + "/m/./a_b.yaml: two outputs of this command would have this name; nothing written");
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(OutputFiles, LocationsAreCheckedWithoutCreatingAnything) {
  const std::string dir = temp_dir("check");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/file") << "x";
  EXPECT_EQ(error_of([&] { check_output_file(dir, "-o"); }), "-o " + dir + ": cannot write: is a directory");
  EXPECT_EQ(error_of([&] { check_output_file(dir + "/file/x.bin", "-o"); }),
            "-o " + dir + "/file/x.bin: cannot create: " + dir + "/file is not a directory");
  EXPECT_EQ(error_of([&] { check_output_dir(dir + "/file", "--out"); }), "--out " + dir + "/file: cannot write: not a directory");
  EXPECT_EQ(error_of([&] { check_output_dir(dir + "/a/b/c", "--out"); }), "no error");
  EXPECT_EQ(error_of([&] { check_output_file(dir + "/a/b/c.csv", "--out"); }), "no error");
  EXPECT_FALSE(std::filesystem::exists(dir + "/a"));
  // The same file under another spelling is still an input.
  EXPECT_EQ(error_of([&] { check_not_an_input(dir + "/./file", "-o", {"unrelated", dir + "/file"}); }),
            "-o " + dir + "/./file: is an input of this command (" + dir + "/file); refusing to overwrite it");
  EXPECT_EQ(error_of([&] { check_not_an_input(dir + "/other", "-o", {dir + "/file"}); }), "no error");
}
