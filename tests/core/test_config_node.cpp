#include <gtest/gtest.h>

#include <functional>

#include "sim/core/config_node.h"
#include "tests/support/error_of.h"

using namespace eyrie;
using eyrie::testing::error_of;

TEST(ConfigNode, PathsAndLinesInMessages) {
  const ConfigNode root = ConfigNode::parse("a:\n  b:\n    c: twelve\n", "x.yaml");
  EXPECT_EQ(error_of([&] { root.at("a").at("b").at("c").as_positive_int(); }),
            "x.yaml:3: a.b.c: must be a positive integer, got \"twelve\"");
  EXPECT_EQ(error_of([&] { root.at("a").at("missing"); }), "x.yaml:2: a: missing required key 'missing'");
}

TEST(ConfigNode, StrictScalars) {
  const ConfigNode root = ConfigNode::parse("i: 12\nq: \"12\"\nf: 1.5\nb: maybe\nz: 0\nn: -4\n", "x.yaml");
  EXPECT_EQ(root.at("i").as_int(), 12);
  EXPECT_EQ(error_of([&] { root.at("q").as_int(); }), "x.yaml:2: q: must be an integer, got \"12\"");
  EXPECT_DOUBLE_EQ(root.at("f").as_double(), 1.5);
  EXPECT_EQ(error_of([&] { root.at("f").as_int(); }), "x.yaml:3: f: must be an integer, got \"1.5\"");
  EXPECT_EQ(error_of([&] { root.at("b").as_bool(); }), "x.yaml:4: b: must be true or false, got \"maybe\"");
  EXPECT_EQ(error_of([&] { root.at("z").as_positive_int(); }), "x.yaml:5: z: must be a positive integer, got 0");
  EXPECT_EQ(root.at("z").as_non_negative_int(), 0);
  EXPECT_EQ(error_of([&] { root.at("n").as_non_negative_int(); }), "x.yaml:6: n: must be a non-negative integer, got -4");
}

TEST(ConfigNode, UnknownAndDuplicateKeys) {
  const ConfigNode root = ConfigNode::parse("rows: 1\ncolz: 2\n", "x.yaml");
  EXPECT_EQ(error_of([&] { root.allow_only({"rows", "cols"}); }),
            "x.yaml:2: colz: unknown key (did you mean 'cols'?)");
  const ConfigNode far = ConfigNode::parse("rows: 1\nbanana: 2\n", "x.yaml");
  EXPECT_EQ(error_of([&] { far.allow_only({"rows", "cols"}); }), "x.yaml:2: banana: unknown key; allowed: rows cols");
  const ConfigNode dup = ConfigNode::parse("rows: 1\nrows: 2\n", "x.yaml");
  EXPECT_EQ(error_of([&] { dup.allow_only({"rows"}); }), "x.yaml:2: rows: duplicate key");
}

TEST(ConfigNode, SequencesCarryIndices) {
  const ConfigNode root = ConfigNode::parse("l:\n  - {a: 1}\n  - {a: x}\n", "x.yaml");
  const auto items = root.at("l").items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(error_of([&] { items[1].at("a").as_int(); }), "x.yaml:3: l[1].a: must be an integer, got \"x\"");
}

TEST(ConfigNode, ChoicesListTheAlternatives) {
  const ConfigNode root = ConfigNode::parse("p: int4\n", "x.yaml");
  EXPECT_EQ(error_of([&] { root.at("p").as_choice({"int8", "int16"}); }),
            "x.yaml:1: p: must be one of int8 | int16, got \"int4\"");
}

TEST(ConfigNode, FileProblems) {
  EXPECT_EQ(error_of([] { ConfigNode::load_file("/nonexistent/a.yaml"); }), "/nonexistent/a.yaml: cannot open: no such file");
  EXPECT_EQ(error_of([] { ConfigNode::load_file("/tmp"); }), "/tmp: cannot read: is a directory, expected a YAML file");
  EXPECT_EQ(error_of([] { ConfigNode::parse("", "e.yaml"); }), "e.yaml: file is empty");
  EXPECT_EQ(error_of([] { ConfigNode::parse("# only a comment\n", "e.yaml"); }), "e.yaml: file is empty");
}
