// mac_bench: every MAC configuration the RTL tests check, side by side on shared inputs, so one
// Verilated model (one Verilator run, one C++ compile) covers them all. Not for synthesis.
//   int8  x {acc 32, acc 16} x {wrap, saturate}   (acc 16 overflows within a few MACs)
//   int16 x  acc 32          x {wrap, saturate}
//   ternary (8-bit activations) split x {acc 32, acc 12} x {wrap, saturate}, single x acc 12 x {wrap, saturate}
module mac_bench (
    input  wire        clk,
    input  wire        clear,
    input  wire        load,
    input  wire        enable,
    input  wire [ 7:0] act8,
    input  wire [ 7:0] wgt8,
    input  wire [15:0] act16,
    input  wire [15:0] wgt16,
    input  wire [ 1:0] code,
    input  wire [31:0] acc_in,
    input  wire [31:0] acc_neg_in,
    output wire [31:0] i8_w32,
    output wire [31:0] i8_s32,
    output wire [15:0] i8_w16,
    output wire [15:0] i8_s16,
    output wire [31:0] i16_w32,
    output wire [31:0] i16_s32,
    output wire [31:0] t_w32_pos,
    output wire [31:0] t_w32_neg,
    output wire [31:0] t_s32_pos,
    output wire [31:0] t_s32_neg,
    output wire [11:0] t_w12_pos,
    output wire [11:0] t_w12_neg,
    output wire [11:0] t_s12_pos,
    output wire [11:0] t_s12_neg,
    output wire [11:0] t1_w12,
    output wire [11:0] t1_s12
);
  mac_int8 #(.ACC_BITS(32), .SATURATE(0)) u_i8_w32 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .wgt(wgt8), .acc_in(acc_in), .acc(i8_w32));
  mac_int8 #(.ACC_BITS(32), .SATURATE(1)) u_i8_s32 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .wgt(wgt8), .acc_in(acc_in), .acc(i8_s32));
  mac_int8 #(.ACC_BITS(16), .SATURATE(0)) u_i8_w16 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .wgt(wgt8), .acc_in(acc_in[15:0]), .acc(i8_w16));
  mac_int8 #(.ACC_BITS(16), .SATURATE(1)) u_i8_s16 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .wgt(wgt8), .acc_in(acc_in[15:0]), .acc(i8_s16));
  mac_int16 #(.ACC_BITS(32), .SATURATE(0)) u_i16_w32 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act16), .wgt(wgt16), .acc_in(acc_in), .acc(i16_w32));
  mac_int16 #(.ACC_BITS(32), .SATURATE(1)) u_i16_s32 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act16), .wgt(wgt16), .acc_in(acc_in), .acc(i16_s32));
  mac_ternary #(.ACT_BITS(8), .ACC_BITS(32), .SATURATE(0), .SPLIT(1)) u_t_w32 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .code(code), .acc_pos_in(acc_in), .acc_neg_in(acc_neg_in), .acc_pos(t_w32_pos), .acc_neg(t_w32_neg));
  mac_ternary #(.ACT_BITS(8), .ACC_BITS(32), .SATURATE(1), .SPLIT(1)) u_t_s32 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .code(code), .acc_pos_in(acc_in), .acc_neg_in(acc_neg_in), .acc_pos(t_s32_pos), .acc_neg(t_s32_neg));
  mac_ternary #(.ACT_BITS(8), .ACC_BITS(12), .SATURATE(0), .SPLIT(1)) u_t_w12 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .code(code), .acc_pos_in(acc_in[11:0]), .acc_neg_in(acc_neg_in[11:0]), .acc_pos(t_w12_pos), .acc_neg(t_w12_neg));
  mac_ternary #(.ACT_BITS(8), .ACC_BITS(12), .SATURATE(1), .SPLIT(1)) u_t_s12 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .code(code), .acc_pos_in(acc_in[11:0]), .acc_neg_in(acc_neg_in[11:0]), .acc_pos(t_s12_pos), .acc_neg(t_s12_neg));
  /* verilator lint_off PINCONNECTEMPTY */
  mac_ternary #(.ACT_BITS(8), .ACC_BITS(12), .SATURATE(0), .SPLIT(0)) u_t1_w12 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .code(code), .acc_pos_in(acc_in[11:0]), .acc_neg_in(acc_neg_in[11:0]), .acc_pos(t1_w12), .acc_neg());
  mac_ternary #(.ACT_BITS(8), .ACC_BITS(12), .SATURATE(1), .SPLIT(0)) u_t1_s12 (.clk(clk), .clear(clear), .load(load), .enable(enable), .act(act8), .code(code), .acc_pos_in(acc_in[11:0]), .acc_neg_in(acc_neg_in[11:0]), .acc_pos(t1_s12), .acc_neg());
  /* verilator lint_on PINCONNECTEMPTY */
endmodule
