#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
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
  // Duplicates are rejected when the file is parsed, at any depth: a mapping's or a sweep's
  // maps that no allow_only() lists are covered too.
  EXPECT_EQ(error_of([] { ConfigNode::parse("rows: 1\nrows: 2\n", "x.yaml"); }), "x.yaml:2: rows: duplicate key");
  EXPECT_EQ(error_of([] { ConfigNode::parse("temporal: {M: 3, M: 1}\n", "m.yaml"); }),
            "m.yaml:1: temporal.M: duplicate key");
  EXPECT_EQ(error_of([] { ConfigNode::parse("grid:\n  pe_array.rows: [4]\n  pe_array.rows: [8]\n", "s.yaml"); }),
            "s.yaml:3: grid.pe_array.rows: duplicate key");
  EXPECT_EQ(error_of([] { ConfigNode::parse("l:\n  - {a: 1, a: 2}\n", "x.yaml"); }), "x.yaml:2: l[0].a: duplicate key");
}

TEST(ConfigNode, KeysMustBePlainNames) {
  // Complex keys ("? [a, b]") and empty ones used to escape as yaml-cpp's "bad conversion".
  EXPECT_EQ(error_of([] { ConfigNode::parse("? [a, b]\n: 1\n", "x.yaml"); }),
            "x.yaml:1: a key must be a plain name, got a list");
  EXPECT_EQ(error_of([] { ConfigNode::parse("a:\n  ? {b: 1}\n  : 2\n", "x.yaml"); }),
            "x.yaml:2: a: a key must be a plain name, got a mapping");
  EXPECT_EQ(error_of([] { ConfigNode::parse("a: 1\n: 2\n", "x.yaml"); }),
            "x.yaml:2: a key must be a plain name, got nothing (an empty key)");
  // The same rules hold for a --set value.
  const ConfigNode root = ConfigNode::parse("a: {b: 1}\n", "x.yaml");
  EXPECT_EQ(error_of([&] { root.with_override("a.b", "{c: 1, c: 2}"); }), "--set a.b: c: duplicate key");
}

TEST(ConfigNode, AliasesCannotExpandWithoutBound) {
  // Nine levels of ten aliases each name 10^9 values in a few hundred bytes.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  const std::string e = error_of([&] { ConfigNode::parse(text, "bomb.yaml"); });
  EXPECT_NE(e.find("bomb.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find(": more than 1000000 values once aliases are expanded"), std::string::npos) << e;
}

TEST(ConfigNode, TextThatIsNotYamlSaysWhatItIs) {
  EXPECT_EQ(error_of([] { ConfigNode::parse(std::string("\x08\x07\x12\x04\0\x01", 6), "model.yaml"); }),
            "model.yaml: a binary file (an ONNX model?), not YAML text");
  EXPECT_EQ(error_of([] { ConfigNode::parse(std::string("abc\0def", 7), "x.yaml"); }), "x.yaml: a binary file, not YAML text");
  EXPECT_EQ(error_of([] { ConfigNode::parse("x", "resnet.onnx"); }),
            "resnet.onnx: an ONNX model, not YAML: eyrie reads networks as YAML or SCALE-Sim topology CSV "
            "(ONNX import is not supported)");
  const std::string ini = "an INI file (a SCALE-Sim .cfg?), not YAML: give a SCALE-Sim architecture as --arch FILE.cfg "
                          "(the systolic template) and its topology CSV as --network";
  EXPECT_EQ(error_of([] { ConfigNode::parse("# SCALE-Sim\n[general]\nrun_name = eyeriss\n", "eyeriss.txt"); }),
            "eyeriss.txt: " + ini);
  EXPECT_EQ(error_of([] { ConfigNode::parse("a: 1\n", "google.cfg"); }), "google.cfg: " + ini);
  // A YAML flow list on the first line is YAML, not an INI section.
  EXPECT_EQ(error_of([] { ConfigNode::parse("[a, b]\n", "l.yaml").at("x"); }),
            "l.yaml:1: must be a mapping of keys to values, got a list");
}

TEST(ConfigNode, FilesAreReadWithASizeBound) {
  // /dev/zero never ends: the read stops one chunk past the limit instead of exhausting memory.
  EXPECT_EQ(error_of([] { ConfigNode::load_file("/dev/zero"); }),
            "/dev/zero: too large for a YAML file: more than 64 MiB (the limit); it is not a regular file");
  const std::string big = "/tmp/eyrie_big_" + std::to_string(::getpid()) + ".yaml";
  {
    std::ofstream out(big);
    out.seekp((64 << 20) + 1);  // a sparse 64 MiB + 2 bytes: refused from its size, not read
    out << "x";
  }
  EXPECT_EQ(error_of([&] { ConfigNode::load_file(big); }),
            big + ": too large for a YAML file: 67108866 bytes, the limit is 64 MiB");
  std::remove(big.c_str());
}

TEST(ConfigNode, RangedNumbers) {
  const ConfigNode root = ConfigNode::parse("bw: 1e-300\nok: 25.6\nbig: 1e9\n", "x.yaml");
  EXPECT_EQ(error_of([&] { root.at("bw").as_double_in(0.001, 1e6, "GB/s"); }),
            "x.yaml:1: bw: must be between 0.001 and 1e+06 GB/s, got 1e-300");
  EXPECT_DOUBLE_EQ(root.at("ok").as_double_in(0.001, 1e6, "GB/s"), 25.6);
  EXPECT_EQ(error_of([&] { root.at("big").as_double_in(0.001, 1e6, "GB/s"); }),
            "x.yaml:3: big: must be between 0.001 and 1e+06 GB/s, got 1e9");
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
