// mac_int8: 8-bit x 8-bit MAC, exact 16-bit product, ACC_BITS-bit accumulator (default 32),
// wrapping (SATURATE=0, default) or saturating (SATURATE=1). Latency 1, II 1; see mac_int.v.
// Matches eyrie::IntMacUnit(Precision::Int8, 8, ACC_BITS, SATURATE ? Saturate : Wrap).
module mac_int8 #(
    parameter integer ACC_BITS = 32,
    parameter integer SATURATE = 0
) (
    input  wire                clk,
    input  wire                clear,
    input  wire                load,
    input  wire                enable,
    input  wire [7:0]         act,
    input  wire [7:0]         wgt,
    input  wire [ACC_BITS-1:0] acc_in,
    output wire [ACC_BITS-1:0] acc
);
  mac_int #(
      .OPERAND_BITS(8),
      .ACC_BITS(ACC_BITS),
      .SATURATE(SATURATE)
  ) core (
      .clk(clk),
      .clear(clear),
      .load(load),
      .enable(enable),
      .act(act),
      .wgt(wgt),
      .acc_in(acc_in),
      .acc(acc)
  );
endmodule
