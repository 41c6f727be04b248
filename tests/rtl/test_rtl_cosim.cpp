// SystemC co-simulation: a 4x4 array of Verilated PEs (rtl/pe.v as Vpe_sc) runs a real int8
// conv tile under an output-stationary mapping, driven cycle by cycle by a SystemC controller;
// the drained psums must equal a direct computation through IntMacUnit::mac.
//
// Layer (one tile, the whole output): C = 2 input channels, M = 4 output channels, 6x6 ifmap,
// 3x3 filters, stride 1 -> 4x4 ofmap per output channel. Mapping: PE (r, c) owns output pixel
// (r, c) for every m (psums stay in the PE's psum scratchpad at address m); its ifmap scratchpad
// holds its C x 3 x 3 input window (address ch*9 + ky*3 + kx, loaded once, reused by all M);
// filter rows (m, ch) are multicast to all 16 PEs (address ky*3 + kx). Per (m, ch): 9 filter
// writes, 9 MACs (the first clears, or resumes psum[m] with acc_load), 1 psum store.
//
// SystemC elaborates once per process: each TEST must run in its own process (ctest does, via
// gtest_discover_tests). Tracing: EYRIE_TRACE=file.vcd, or --trace=file.vcd on the command line,
// writes a VCD of the clock, the controller's signals and every PE's acc and psum_out.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <systemc>

#include "Vpe_sc.h"
#include "pe_array/mac_unit.h"

namespace {

constexpr int kRows = 4, kCols = 4;
constexpr int kC = 2, kM = 4, kH = 6, kW = 6, kR = 3, kS = 3;
constexpr int kE = kH - kR + 1, kF = kW - kS + 1;  // 4 x 4: one output pixel per PE
static_assert(kE == kRows && kF == kCols, "the tile is one ofmap pixel per PE");

std::string g_trace_path;  // from --trace=FILE (sc_main) or EYRIE_TRACE
bool g_elaborated = false;

struct Layer {
  std::vector<std::int8_t> ifmap;   // [C][H][W]
  std::vector<std::int8_t> filter;  // [M][C][R][S]
  std::int8_t in(int ch, int y, int x) const { return ifmap[(ch * kH + y) * kW + x]; }
  std::int8_t w(int m, int ch, int ky, int kx) const { return filter[((m * kC + ch) * kR + ky) * kS + kx]; }
};

Layer random_layer(std::uint64_t seed) {
  Layer l;
  std::uint64_t s = seed;
  const auto next = [&s]() {  // splitmix64: deterministic everywhere
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<std::int8_t>(z ^ (z >> 31));
  };
  for (int i = 0; i < kC * kH * kW; ++i) l.ifmap.push_back(next());
  for (int i = 0; i < kM * kC * kR * kS; ++i) l.filter.push_back(next());
  // Corners: full-scale values in one window, so products of -128 * -128 occur.
  l.ifmap[0] = -128;
  l.filter[0] = -128;
  l.ifmap[kH * kW + 7] = 127;
  return l;
}

// The expected ofmap [M][E][F], through the C++ functional MAC in the array's loop order.
std::vector<std::int64_t> expected_ofmap(const Layer& l, const eyrie::IntMacUnit& mac) {
  std::vector<std::int64_t> out(kM * kE * kF);
  for (int m = 0; m < kM; ++m)
    for (int oy = 0; oy < kE; ++oy)
      for (int ox = 0; ox < kF; ++ox) {
        std::int64_t acc = 0;
        for (int ch = 0; ch < kC; ++ch)
          for (int ky = 0; ky < kR; ++ky)
            for (int kx = 0; kx < kS; ++kx) acc = mac.mac(acc, l.in(ch, oy + ky, ox + kx), l.w(m, ch, ky, kx));
        out[(m * kE + oy) * kF + ox] = acc;
      }
  return out;
}

// The signals of one PE; the controller drives the inputs at the falling edge, the PE samples
// them at the rising edge, the controller reads outputs at a later falling edge.
struct PeSignals {
  sc_core::sc_signal<bool> if_we, flt_we, mac_en, acc_clear, acc_load, acc_load_ext, ps_we;
  sc_core::sc_signal<std::uint32_t> if_waddr, if_wdata, flt_waddr, flt_wdata, if_raddr, flt_raddr,
      psum_in, ps_addr, acc, psum_out;
};

SC_MODULE(ConvTileArray) {
  sc_core::sc_in<bool> clk;
  std::vector<std::unique_ptr<Vpe_sc>> pes;
  std::vector<std::unique_ptr<PeSignals>> sig;
  Layer layer;
  std::vector<std::int64_t> ofmap = std::vector<std::int64_t>(kM * kE * kF);
  std::uint64_t compute_cycles = 0, total_cycles = 0, macs = 0;
  bool done = false;

  SC_HAS_PROCESS(ConvTileArray);
  ConvTileArray(sc_core::sc_module_name name, Layer l) : sc_module(name), layer(std::move(l)) {
    for (int p = 0; p < kRows * kCols; ++p) {
      auto s = std::make_unique<PeSignals>();
      auto pe = std::make_unique<Vpe_sc>(("pe_" + std::to_string(p / kCols) + "_" + std::to_string(p % kCols)).c_str());
      pe->clk(clk);
      pe->if_we(s->if_we);
      pe->if_waddr(s->if_waddr);
      pe->if_wdata(s->if_wdata);
      pe->flt_we(s->flt_we);
      pe->flt_waddr(s->flt_waddr);
      pe->flt_wdata(s->flt_wdata);
      pe->if_raddr(s->if_raddr);
      pe->flt_raddr(s->flt_raddr);
      pe->mac_en(s->mac_en);
      pe->acc_clear(s->acc_clear);
      pe->acc_load(s->acc_load);
      pe->acc_load_ext(s->acc_load_ext);
      pe->psum_in(s->psum_in);
      pe->ps_addr(s->ps_addr);
      pe->ps_we(s->ps_we);
      pe->acc(s->acc);
      pe->psum_out(s->psum_out);
      pes.push_back(std::move(pe));
      sig.push_back(std::move(s));
    }
    SC_THREAD(control);
  }

  using sc_core::sc_module::trace;  // keeps sc_object's const overload visible (clang -Woverloaded-virtual)
  void trace(sc_core::sc_trace_file* tf) {
    sc_core::sc_trace(tf, clk, "clk");
    for (int p = 0; p < kRows * kCols; ++p) {
      const std::string n = "pe_" + std::to_string(p / kCols) + "_" + std::to_string(p % kCols) + ".";
      PeSignals& s = *sig[p];
      sc_core::sc_trace(tf, s.if_we, n + "if_we");
      sc_core::sc_trace(tf, s.if_waddr, n + "if_waddr");
      sc_core::sc_trace(tf, s.if_wdata, n + "if_wdata");
      sc_core::sc_trace(tf, s.flt_we, n + "flt_we");
      sc_core::sc_trace(tf, s.flt_wdata, n + "flt_wdata");
      sc_core::sc_trace(tf, s.mac_en, n + "mac_en");
      sc_core::sc_trace(tf, s.acc_clear, n + "acc_clear");
      sc_core::sc_trace(tf, s.acc_load, n + "acc_load");
      sc_core::sc_trace(tf, s.if_raddr, n + "if_raddr");
      sc_core::sc_trace(tf, s.flt_raddr, n + "flt_raddr");
      sc_core::sc_trace(tf, s.ps_addr, n + "ps_addr");
      sc_core::sc_trace(tf, s.ps_we, n + "ps_we");
      sc_core::sc_trace(tf, s.acc, n + "acc");
      sc_core::sc_trace(tf, s.psum_out, n + "psum_out");
    }
  }

  // Sets every control of every PE to idle; the phases below override what they use.
  void idle() {
    for (auto& s : sig) {
      s->if_we = false;
      s->flt_we = false;
      s->mac_en = false;
      s->acc_clear = false;
      s->acc_load = false;
      s->acc_load_ext = false;
      s->ps_we = false;
      s->psum_in = 0;
    }
  }
  void cycle() {
    wait(clk.negedge_event());
    ++total_cycles;
  }

  void control() {
    wait(clk.negedge_event());
    // 1. Ifmap windows, all PEs in parallel: C*R*S cycles.
    for (int ch = 0; ch < kC; ++ch)
      for (int ky = 0; ky < kR; ++ky)
        for (int kx = 0; kx < kS; ++kx) {
          idle();
          for (int p = 0; p < kRows * kCols; ++p) {
            const int oy = p / kCols, ox = p % kCols;
            sig[p]->if_we = true;
            sig[p]->if_waddr = static_cast<std::uint32_t>((ch * kR + ky) * kS + kx);
            sig[p]->if_wdata = static_cast<std::uint8_t>(layer.in(ch, oy + ky, ox + kx));
          }
          cycle();
        }
    for (int m = 0; m < kM; ++m)
      for (int ch = 0; ch < kC; ++ch) {
        // 2. Filter (m, ch) multicast to all PEs: R*S cycles.
        for (int k = 0; k < kR * kS; ++k) {
          idle();
          for (auto& s : sig) {
            s->flt_we = true;
            s->flt_waddr = static_cast<std::uint32_t>(k);
            s->flt_wdata = static_cast<std::uint8_t>(layer.w(m, ch, k / kS, k % kS));
          }
          cycle();
        }
        // 3. R*S MACs: the first clears (ch 0) or resumes psum[m] from the psum scratchpad.
        for (int k = 0; k < kR * kS; ++k) {
          idle();
          for (auto& s : sig) {
            s->mac_en = true;
            s->if_raddr = static_cast<std::uint32_t>(ch * kR * kS + k);
            s->flt_raddr = static_cast<std::uint32_t>(k);
            s->acc_clear = k == 0 && ch == 0;
            s->acc_load = k == 0 && ch > 0;
            s->ps_addr = static_cast<std::uint32_t>(m);
          }
          macs += kRows * kCols;
          ++compute_cycles;
          cycle();
        }
        // 4. Store the accumulator into psum[m].
        idle();
        for (auto& s : sig) {
          s->ps_we = true;
          s->ps_addr = static_cast<std::uint32_t>(m);
        }
        cycle();
      }
    // 5. Drain: address psum[m] at one falling edge, read it at the next.
    idle();
    for (int m = 0; m <= kM; ++m) {
      if (m > 0)
        for (int p = 0; p < kRows * kCols; ++p)
          ofmap[(m - 1) * kE * kF + p] = eyrie::sign_extend(sig[p]->psum_out.read(), 32);
      if (m < kM)
        for (auto& s : sig) s->ps_addr = static_cast<std::uint32_t>(m);
      cycle();
    }
    done = true;
    sc_core::sc_stop();
  }
};

struct CosimResult {
  std::vector<std::int64_t> ofmap;
  std::uint64_t total_cycles, compute_cycles, macs;
};

CosimResult run_tile(const Layer& layer, const std::string& trace_path) {
  g_elaborated = true;
  sc_core::sc_clock clk("clk", 10, sc_core::SC_NS);
  ConvTileArray array("array", layer);
  array.clk(clk);
  sc_core::sc_trace_file* tf = nullptr;
  if (!trace_path.empty()) {
    std::string base = trace_path;  // SystemC appends ".vcd"
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
    tf = sc_core::sc_create_vcd_trace_file(base.c_str());
    tf->set_time_unit(1, sc_core::SC_NS);
    array.trace(tf);
  }
  sc_core::sc_start(100, sc_core::SC_US);
  if (tf) sc_core::sc_close_vcd_trace_file(tf);
  for (auto& pe : array.pes) pe->final();
  EXPECT_TRUE(array.done) << "the controller did not finish";
  return {array.ofmap, array.total_cycles, array.compute_cycles, array.macs};
}

#define EYRIE_ONE_ELABORATION_PER_PROCESS()                                        \
  if (g_elaborated) GTEST_SKIP() << "SystemC elaborates once per process: run one " \
                                    "test per process (ctest does)"

TEST(RtlCosim, ConvTile4x4MatchesIntMacUnit) {
  EYRIE_ONE_ELABORATION_PER_PROCESS();
  const Layer layer = random_layer(2024);
  const eyrie::IntMacUnit mac(eyrie::Precision::Int8, 8, 32, eyrie::Overflow::Wrap);
  const auto want = expected_ofmap(layer, mac);
  const CosimResult got = run_tile(layer, g_trace_path);
  ASSERT_EQ(got.ofmap.size(), want.size());
  int mismatches = 0;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (got.ofmap[i] != want[i] && ++mismatches <= 5)
      ADD_FAILURE() << "ofmap[m=" << i / (kE * kF) << "][" << (i / kF) % kE << "][" << i % kF
                    << "]: RTL " << got.ofmap[i] << ", IntMacUnit " << want[i];
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(got.macs, static_cast<std::uint64_t>(kM * kE * kF * kC * kR * kS));
  std::cout << "4x4 PE array, tile C=" << kC << " M=" << kM << " " << kH << "x" << kW << " ifmap, "
            << kR << "x" << kS << " filters -> " << kM << "x" << kE << "x" << kF << " outputs: "
            << got.total_cycles << " cycles (" << got.compute_cycles << " MAC cycles, " << got.macs
            << " MACs), " << (want.size() - mismatches) << "/" << want.size() << " equal\n";
}

TEST(RtlCosim, TraceWritesVcd) {
  EYRIE_ONE_ELABORATION_PER_PROCESS();
  const std::string path = ::testing::TempDir() + "eyrie_rtl_cosim_trace.vcd";
  std::remove(path.c_str());
  const Layer layer = random_layer(7);
  const eyrie::IntMacUnit mac(eyrie::Precision::Int8, 8, 32, eyrie::Overflow::Wrap);
  EXPECT_EQ(run_tile(layer, path).ofmap, expected_ofmap(layer, mac));
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path << " was not written";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("$enddefinitions"), std::string::npos);
  EXPECT_NE(text.str().find("$scope module pe_3_3 $end"), std::string::npos);  // one scope per PE
  EXPECT_NE(text.str().find(" psum_out [31:0]"), std::string::npos);
  std::remove(path.c_str());
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--trace=", 0) == 0) g_trace_path = a.substr(8);
  }
  if (g_trace_path.empty())
    if (const char* env = std::getenv("EYRIE_TRACE")) g_trace_path = env;
  return RUN_ALL_TESTS();
}
