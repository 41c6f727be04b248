// mac_int: integer multiply-accumulate with a registered accumulator.
// Bit-exact with eyrie::IntMacUnit(precision, OPERAND_BITS, ACC_BITS, SATURATE ? Saturate : Wrap)
// (pe_array/mac_unit.h): operands are two's complement of OPERAND_BITS, the product is exact
// (2*OPERAND_BITS bits), acc + product is reduced to ACC_BITS by wrapping or saturating.
//
// One clock edge (posedge clk) per step; controls sampled at the edge:
//   base = clear ? 0 : load ? acc_in : acc          (clear has priority over load)
//   acc <= enable ? fit(base + act * wgt) : base
// so clear+enable starts a new sum with no bubble and load+enable adds to an incoming psum.
// Latency 1 (the result is on `acc` after the enabled edge), initiation interval 1; no
// combinational path from any input to `acc`. `clear` is the (synchronous) reset.
module mac_int #(
    parameter integer OPERAND_BITS = 8,
    parameter integer ACC_BITS = 32,
    parameter integer SATURATE = 0
) (
    input  wire                    clk,
    input  wire                    clear,
    input  wire                    load,
    input  wire                    enable,
    input  wire [OPERAND_BITS-1:0] act,
    input  wire [OPERAND_BITS-1:0] wgt,
    input  wire [    ACC_BITS-1:0] acc_in,
    output reg  [    ACC_BITS-1:0] acc
);
  localparam integer PROD_BITS = 2 * OPERAND_BITS;
  localparam integer SUM_BITS = (ACC_BITS > PROD_BITS ? ACC_BITS : PROD_BITS) + 1;

  // Sign-extend both operands to the product width; the low PROD_BITS of the (unsigned)
  // product of the extended operands are the exact signed product.
`ifdef BUG_NO_SIGN_EXTEND
  // Mutant: the activation is zero-extended.
  wire [PROD_BITS-1:0] act_ext = {{OPERAND_BITS{1'b0}}, act};
`else
  wire [PROD_BITS-1:0] act_ext = {{OPERAND_BITS{act[OPERAND_BITS-1]}}, act};
`endif
  wire [PROD_BITS-1:0] wgt_ext = {{OPERAND_BITS{wgt[OPERAND_BITS-1]}}, wgt};
  wire [PROD_BITS-1:0] product = act_ext * wgt_ext;

  wire [ACC_BITS-1:0] base = clear ? {ACC_BITS{1'b0}} : (load ? acc_in : acc);
  wire [SUM_BITS-1:0] sum = {{(SUM_BITS - ACC_BITS) {base[ACC_BITS-1]}}, base}
                          + {{(SUM_BITS - PROD_BITS) {product[PROD_BITS-1]}}, product};
  wire [ACC_BITS-1:0] next;
  acc_fit #(
      .SUM_BITS(SUM_BITS),
      .ACC_BITS(ACC_BITS),
      .SATURATE(SATURATE)
  ) fit (
      .sum(sum),
      .fitted(next)
  );

  always @(posedge clk) acc <= enable ? next : base;
endmodule
