#pragma once
// The cycle-by-cycle checker of the RTL MAC units (rtl/mac_bench.v) against the C++ MacUnit
// models. One checker for the correct RTL and for its deliberately broken variants: it is a
// template over the Verilated class (Vmac_bench, Vmac_bench_<BUG>), whose ports are identical.
//
// Every cycle: drive the controls and operands, evaluate with the clock low and check that the
// outputs still show the state before the edge (no combinational path, enable=0 holds), raise
// the clock, step the reference state the same way and check every accumulator bit for bit.
// The reference step, per unit (the semantics documented in rtl/mac_int.v, rtl/mac_ternary.v):
//   base = clear ? 0 : load ? sign_extend(acc_in, A) : state
//   state' = enable ? unit.mac(base, act, wgt) : base      (ternary split: unit.accumulate)
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <verilated.h>

#include "pe_array/mac_unit.h"

namespace eyrie::rtl_test {

// Inputs of mac_bench for one cycle.
struct Controls {
  bool clear = false;
  bool load = false;
  bool enable = false;
  std::uint8_t act8 = 0, wgt8 = 0;
  std::uint16_t act16 = 0, wgt16 = 0;
  std::uint8_t code = 0;
  std::uint32_t acc_in = 0, acc_neg_in = 0;
};

// The configurations instantiated in mac_bench, in its port order.
enum Unit {
  kI8W32, kI8S32, kI8W16, kI8S16, kI16W32, kI16S32,
  kTW32Pos, kTW32Neg, kTS32Pos, kTS32Neg, kTW12Pos, kTW12Neg, kTS12Pos, kTS12Neg,
  kT1W12, kT1S12, kUnitCount
};
inline const char* unit_name(int u) {
  static const char* names[kUnitCount] = {
      "int8 acc32 wrap", "int8 acc32 sat", "int8 acc16 wrap", "int8 acc16 sat",
      "int16 acc32 wrap", "int16 acc32 sat", "ternary acc32 wrap pos", "ternary acc32 wrap neg",
      "ternary acc32 sat pos", "ternary acc32 sat neg", "ternary acc12 wrap pos",
      "ternary acc12 wrap neg", "ternary acc12 sat pos", "ternary acc12 sat neg",
      "ternary single acc12 wrap", "ternary single acc12 sat"};
  return names[u];
}
inline int unit_bits(int u) {
  if (u == kI8W16 || u == kI8S16) return 16;
  if (u >= kTW12Pos) return 12;
  return 32;
}

using State = std::array<std::int64_t, kUnitCount>;

// The C++ models, stepped the way the RTL is clocked.
class Reference {
 public:
  State step(const State& s, const Controls& c) const {
    State n{};
    const auto base = [&](int u, std::uint32_t in) {
      return c.clear ? 0 : c.load ? sign_extend(in, unit_bits(u)) : s[u];
    };
    const auto int_step = [&](int u, const IntMacUnit& m, std::int64_t a, std::int64_t w) {
      const std::int64_t b = base(u, c.acc_in);
      n[u] = c.enable ? m.mac(b, a, w) : b;
    };
    int_step(kI8W32, m_i8_w32, c.act8, c.wgt8);
    int_step(kI8S32, m_i8_s32, c.act8, c.wgt8);
    int_step(kI8W16, m_i8_w16, c.act8, c.wgt8);
    int_step(kI8S16, m_i8_s16, c.act8, c.wgt8);
    int_step(kI16W32, m_i16_w32, c.act16, c.wgt16);
    int_step(kI16S32, m_i16_s32, c.act16, c.wgt16);
    const auto split_step = [&](int pos, const TernaryMacUnit& m) {
      TernaryAccumulator acc{base(pos, c.acc_in), base(pos + 1, c.acc_neg_in)};
      if (c.enable) acc = m.accumulate(acc, c.act8, c.code);
      n[pos] = acc.pos;
      n[pos + 1] = acc.neg;
    };
    split_step(kTW32Pos, m_t_w32);
    split_step(kTS32Pos, m_t_s32);
    split_step(kTW12Pos, m_t_w12);
    split_step(kTS12Pos, m_t_s12);
    const auto single_step = [&](int u, const TernaryMacUnit& m) {
      const std::int64_t b = base(u, c.acc_in);
      n[u] = c.enable ? m.mac(b, c.act8, c.code) : b;
    };
    single_step(kT1W12, m_t_w12);
    single_step(kT1S12, m_t_s12);
    return n;
  }

 private:
  IntMacUnit m_i8_w32{Precision::Int8, 8, 32, Overflow::Wrap};
  IntMacUnit m_i8_s32{Precision::Int8, 8, 32, Overflow::Saturate};
  IntMacUnit m_i8_w16{Precision::Int8, 8, 16, Overflow::Wrap};
  IntMacUnit m_i8_s16{Precision::Int8, 8, 16, Overflow::Saturate};
  IntMacUnit m_i16_w32{Precision::Int16, 16, 32, Overflow::Wrap};
  IntMacUnit m_i16_s32{Precision::Int16, 16, 32, Overflow::Saturate};
  TernaryMacUnit m_t_w32{8, 32, Overflow::Wrap};
  TernaryMacUnit m_t_s32{8, 32, Overflow::Saturate};
  TernaryMacUnit m_t_w12{8, 12, Overflow::Wrap};
  TernaryMacUnit m_t_s12{8, 12, Overflow::Saturate};
};

struct CheckResult {
  std::uint64_t cycles = 0;
  std::uint64_t enabled = 0;                  // cycles with enable=1: MACs issued
  std::uint64_t mismatches = 0;               // (cycle, unit, phase) triples that differ
  std::array<std::uint64_t, kUnitCount> per_unit{};
  std::string first;                          // the first mismatch, described
};

inline std::string describe(const Controls& c) {
  std::ostringstream o;
  o << "clear=" << c.clear << " load=" << c.load << " enable=" << c.enable
    << " act8=" << sign_extend(c.act8, 8) << " wgt8=" << sign_extend(c.wgt8, 8)
    << " act16=" << sign_extend(c.act16, 16) << " wgt16=" << sign_extend(c.wgt16, 16)
    << " code=" << int(c.code) << " acc_in=" << sign_extend(c.acc_in, 32)
    << " acc_neg_in=" << sign_extend(c.acc_neg_in, 32);
  return o.str();
}

// Runs `cycles` cycles of stimulus from `next(i)` through a fresh model of class M.
template <class M>
CheckResult check(std::uint64_t cycles, const std::function<Controls(std::uint64_t)>& next) {
  auto context = std::make_unique<VerilatedContext>();
  auto model = std::make_unique<M>(context.get(), "bench");
  const Reference ref;
  CheckResult r;
  const auto outputs = [&]() {
    State o{};
    o[kI8W32] = sign_extend(model->i8_w32, 32);
    o[kI8S32] = sign_extend(model->i8_s32, 32);
    o[kI8W16] = sign_extend(model->i8_w16, 16);
    o[kI8S16] = sign_extend(model->i8_s16, 16);
    o[kI16W32] = sign_extend(model->i16_w32, 32);
    o[kI16S32] = sign_extend(model->i16_s32, 32);
    o[kTW32Pos] = sign_extend(model->t_w32_pos, 32);
    o[kTW32Neg] = sign_extend(model->t_w32_neg, 32);
    o[kTS32Pos] = sign_extend(model->t_s32_pos, 32);
    o[kTS32Neg] = sign_extend(model->t_s32_neg, 32);
    o[kTW12Pos] = sign_extend(model->t_w12_pos, 12);
    o[kTW12Neg] = sign_extend(model->t_w12_neg, 12);
    o[kTS12Pos] = sign_extend(model->t_s12_pos, 12);
    o[kTS12Neg] = sign_extend(model->t_s12_neg, 12);
    o[kT1W12] = sign_extend(model->t1_w12, 12);
    o[kT1S12] = sign_extend(model->t1_s12, 12);
    return o;
  };
  const auto drive = [&](const Controls& c) {
    model->clear = c.clear;
    model->load = c.load;
    model->enable = c.enable;
    model->act8 = c.act8;
    model->wgt8 = c.wgt8;
    model->act16 = c.act16;
    model->wgt16 = c.wgt16;
    model->code = c.code;
    model->acc_in = c.acc_in;
    model->acc_neg_in = c.acc_neg_in;
  };
  const auto compare = [&](std::uint64_t cycle, const char* phase, const Controls& c,
                           const State& before, const State& want, const State& got) {
    for (int u = 0; u < kUnitCount; ++u) {
      if (want[u] == got[u]) continue;
      ++r.mismatches;
      ++r.per_unit[u];
      if (r.first.empty()) {
        std::ostringstream o;
        o << "cycle " << cycle << " (" << phase << "), " << unit_name(u) << ": " << describe(c)
          << "; state before " << before[u] << ", model " << want[u] << ", RTL " << got[u];
        r.first = o.str();
      }
    }
  };

  // Start from a known state: one clearing edge (clear is the unit's synchronous reset).
  Controls reset;
  reset.clear = true;
  drive(reset);
  model->clk = 0;
  model->eval();
  model->clk = 1;
  model->eval();
  State state{};
  compare(0, "after reset", reset, state, state, outputs());

  for (std::uint64_t i = 0; i < cycles; ++i) {
    const Controls c = next(i);
    drive(c);
    model->clk = 0;
    model->eval();
    compare(i + 1, "before edge", c, state, state, outputs());
    model->clk = 1;
    model->eval();
    const State after = ref.step(state, c);
    compare(i + 1, "after edge", c, state, after, outputs());
    state = after;
    ++r.cycles;
    r.enabled += c.enable;
  }
  model->final();
  return r;
}

// Deterministic stimulus: splitmix64, so a failing vector reproduces everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  template <class T, std::size_t N>
  T pick(const T (&values)[N]) { return values[below(N)]; }

 private:
  std::uint64_t m_state;
};

// The stimulus sets shared by the tests of the correct RTL and of the mutants.
namespace stimulus {

// Accumulator corners for every width in the bench (32, 16, 12 bits) and their neighbours.
inline std::uint32_t acc_corner(Rng& rng) {
  static const std::int64_t corners[] = {
      INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1, 0, 1, -1,
      INT32_MAX - 16383, INT32_MAX - 16384, INT32_MIN + 16384, INT32_MIN + 16383,
      INT32_MAX - 1073741823, INT32_MIN + 1073741824,
      32767, 32766, -32768, -32767, 32767 - 16383, -32768 + 16384,
      2047, 2046, -2048, -2047, 2047 - 127, -2048 + 128};
  std::int64_t v = rng.pick(corners);
  if (rng.chance(30)) v += static_cast<std::int64_t>(rng.below(257)) - 128;  // near a corner
  return static_cast<std::uint32_t>(v);
}
inline std::uint32_t acc_value(Rng& rng) {
  return rng.chance(40) ? acc_corner(rng) : static_cast<std::uint32_t>(rng.next());
}
inline std::uint8_t op8(Rng& rng) {
  static const std::uint8_t corners[] = {0x80, 0x81, 0xff, 0x00, 0x01, 0x7f, 0x7e};
  return rng.chance(25) ? rng.pick(corners) : static_cast<std::uint8_t>(rng.next());
}
inline std::uint16_t op16(Rng& rng) {
  static const std::uint16_t corners[] = {0x8000, 0x8001, 0xffff, 0x0000, 0x0001, 0x7fff, 0x7ffe};
  return rng.chance(25) ? rng.pick(corners) : static_cast<std::uint16_t>(rng.next());
}
// Random controls: sequences that accumulate, hold (enable=0), clear and load.
inline Controls random_cycle(Rng& rng) {
  Controls c;
  c.clear = rng.chance(3);
  c.load = rng.chance(30);
  c.enable = rng.chance(85);
  c.act8 = op8(rng);
  c.wgt8 = op8(rng);
  c.act16 = op16(rng);
  c.wgt16 = op16(rng);
  c.code = static_cast<std::uint8_t>(rng.below(4));
  c.acc_in = acc_value(rng);
  c.acc_neg_in = acc_value(rng);
  return c;
}

// All 65,536 int8 operand pairs twice: first each into a freshly loaded random or corner
// accumulator (load=1, enable=1), then in a shuffled order under random controls.
inline std::function<Controls(std::uint64_t)> int8_exhaustive(std::uint64_t seed) {
  auto rng = std::make_shared<Rng>(seed);
  auto order = std::make_shared<std::vector<std::uint16_t>>(65536);
  for (int i = 0; i < 65536; ++i) (*order)[i] = static_cast<std::uint16_t>(i);
  for (int i = 65535; i > 0; --i) std::swap((*order)[i], (*order)[rng->below(i + 1)]);
  return [rng, order](std::uint64_t i) {
    Controls c = random_cycle(*rng);
    const std::uint16_t pair = i < 65536 ? static_cast<std::uint16_t>(i) : (*order)[i - 65536];
    c.act8 = static_cast<std::uint8_t>(pair >> 8);
    c.wgt8 = static_cast<std::uint8_t>(pair);
    if (i < 65536) {
      c.clear = false;
      c.load = true;
      c.enable = true;
    }
    return c;
  };
}
constexpr std::uint64_t kInt8ExhaustiveCycles = 2 * 65536;

// Every operand corner against every accumulator corner (load=1, enable=1), then runs that
// drive each accumulator into its limits from zero: +16384 (-128 * -128) and -16256
// (-128 * 127) per cycle, 140,000 cycles each (the 32-bit sums cross 2^31 after 131,072).
inline std::function<Controls(std::uint64_t)> overflow_corners(std::uint64_t seed) {
  auto rng = std::make_shared<Rng>(seed);
  return [rng](std::uint64_t i) {
    static const std::uint8_t ops8[] = {0x80, 0x81, 0xff, 0x00, 0x01, 0x7f};
    static const std::uint16_t ops16[] = {0x8000, 0x8001, 0xffff, 0x0000, 0x0001, 0x7fff};
    Controls c = random_cycle(*rng);
    if (i < 36 * 64) {
      const std::uint64_t pair = i % 36;
      c.act8 = ops8[pair / 6];
      c.wgt8 = ops8[pair % 6];
      c.act16 = ops16[pair / 6];
      c.wgt16 = ops16[pair % 6];
      c.clear = false;
      c.load = true;
      c.enable = true;
      c.acc_in = acc_corner(*rng);
      c.acc_neg_in = acc_corner(*rng);
      return c;
    }
    const std::uint64_t j = i - 36 * 64;
    const bool up = j < 140000;
    c.clear = j == 0 || j == 140000;
    c.load = false;
    c.enable = true;
    c.wgt8 = up ? 0x80 : 0x7f;
    c.act16 = 0x8000;
    c.wgt16 = up ? 0x8000 : 0x7fff;
    c.act8 = 0x80;
    c.code = up ? 0b01 : 0b11;
    return c;
  };
}
constexpr std::uint64_t kOverflowCornerCycles = 36 * 64 + 2 * 140000;

// Random cycles: corner-biased operands and accumulators, random controls.
inline std::function<Controls(std::uint64_t)> random(std::uint64_t seed) {
  auto rng = std::make_shared<Rng>(seed);
  return [rng](std::uint64_t) { return random_cycle(*rng); };
}

// Every ternary weight code against the edge activations and random ones, into loaded corner
// accumulators (load=1, enable=1); then random sequences with codes uniform over all four.
inline std::function<Controls(std::uint64_t)> ternary(std::uint64_t seed) {
  auto rng = std::make_shared<Rng>(seed);
  return [rng](std::uint64_t i) {
    static const std::uint8_t edges[] = {0x80, 0x81, 0xff, 0x00, 0x01, 0x7e, 0x7f};
    Controls c = random_cycle(*rng);
    if (i < 4 * 7 * 64) {
      c.code = static_cast<std::uint8_t>(i % 4);
      c.act8 = edges[(i / 4) % 7];
      c.clear = false;
      c.load = true;
      c.enable = true;
      c.acc_in = acc_corner(*rng);
      c.acc_neg_in = acc_corner(*rng);
    } else if (i < 4 * 7 * 64 + 4 * 65536) {
      c.code = static_cast<std::uint8_t>(i % 4);
      c.act8 = static_cast<std::uint8_t>(rng->next());
      c.clear = false;
      c.load = true;
      c.enable = true;
    }
    return c;
  };
}
constexpr std::uint64_t kTernaryDirectedCycles = 4 * 7 * 64 + 4 * 65536;

}  // namespace stimulus
}  // namespace eyrie::rtl_test
