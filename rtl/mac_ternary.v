// mac_ternary: ternary-weight MAC (TTQ weights {-Wn, 0, +Wp}): no multiplier, the activation is
// added, subtracted or skipped. Bit-exact with eyrie::TernaryMacUnit(ACT_BITS, ACC_BITS,
// SATURATE ? Saturate : Wrap) (pe_array/mac_unit.h).
//
// Weight code (2 bits): 2'b00 zero (skip), 2'b01 +1, 2'b11 -1, 2'b10 reserved = zero.
// SPLIT = 1 (default): DeepChip's form, TernaryMacUnit::accumulate: two accumulators, acc_pos
//   sums the activations under +1 and acc_neg those under -1 (the output is Wp*pos - Wn*neg,
//   scaled after the loop); each wraps or saturates on its own.
// SPLIT = 0: the symmetric form, TernaryMacUnit::mac: one accumulator (acc_pos) that adds under
//   +1 and subtracts under -1; acc_neg is held at 0 and acc_neg_in is ignored.
//
// Controls as in mac_int.v, per accumulator: base = clear ? 0 : load ? *_in : acc;
// acc <= enable ? fit(base +/- act) : base. Latency 1, initiation interval 1.
module mac_ternary #(
    parameter integer ACT_BITS = 8,
    parameter integer ACC_BITS = 32,
    parameter integer SATURATE = 0,
    parameter integer SPLIT = 1
) (
    input  wire                clk,
    input  wire                clear,
    input  wire                load,
    input  wire                enable,
    input  wire [ACT_BITS-1:0] act,
    input  wire [         1:0] code,
    input  wire [ACC_BITS-1:0] acc_pos_in,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [ACC_BITS-1:0] acc_neg_in,  // unused when SPLIT == 0
    /* verilator lint_on UNUSEDSIGNAL */
    output reg  [ACC_BITS-1:0] acc_pos,
    output reg  [ACC_BITS-1:0] acc_neg
);
  localparam integer SUM_BITS = (ACC_BITS > ACT_BITS ? ACC_BITS : ACT_BITS) + 1;

`ifdef BUG_TERNARY_SWAP
  // Mutant: +1 and -1 swapped (add where the model subtracts and vice versa).
  wire plus = code == 2'b11;
  wire minus = code == 2'b01;
`else
  wire plus = code == 2'b01;
  wire minus = code == 2'b11;
`endif

  wire [SUM_BITS-1:0] act_ext = {{(SUM_BITS - ACT_BITS) {act[ACT_BITS-1]}}, act};
  wire [ACC_BITS-1:0] base_pos = clear ? {ACC_BITS{1'b0}} : (load ? acc_pos_in : acc_pos);
  wire [SUM_BITS-1:0] pos_ext = {{(SUM_BITS - ACC_BITS) {base_pos[ACC_BITS-1]}}, base_pos};
  wire [ACC_BITS-1:0] next_pos;

  generate
    if (SPLIT != 0) begin : g_split
      wire [ACC_BITS-1:0] base_neg = clear ? {ACC_BITS{1'b0}} : (load ? acc_neg_in : acc_neg);
      wire [SUM_BITS-1:0] neg_ext = {{(SUM_BITS - ACC_BITS) {base_neg[ACC_BITS-1]}}, base_neg};
      wire [ACC_BITS-1:0] next_neg;
      acc_fit #(
          .SUM_BITS(SUM_BITS),
          .ACC_BITS(ACC_BITS),
          .SATURATE(SATURATE)
      ) fit_pos (
          .sum(pos_ext + act_ext),
          .fitted(next_pos)
      );
      acc_fit #(
          .SUM_BITS(SUM_BITS),
          .ACC_BITS(ACC_BITS),
          .SATURATE(SATURATE)
      ) fit_neg (
          .sum(neg_ext + act_ext),
          .fitted(next_neg)
      );
      always @(posedge clk) begin
        acc_pos <= (enable && plus) ? next_pos : base_pos;
        acc_neg <= (enable && minus) ? next_neg : base_neg;
      end
    end else begin : g_single
      acc_fit #(
          .SUM_BITS(SUM_BITS),
          .ACC_BITS(ACC_BITS),
          .SATURATE(SATURATE)
      ) fit_pos (
          .sum(minus ? pos_ext - act_ext : pos_ext + act_ext),
          .fitted(next_pos)
      );
      always @(posedge clk) begin
        acc_pos <= (enable && (plus || minus)) ? next_pos : base_pos;
        acc_neg <= {ACC_BITS{1'b0}};
      end
    end
  endgenerate
endmodule
