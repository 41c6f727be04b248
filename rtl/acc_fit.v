// acc_fit: reduces a SUM_BITS two's complement sum to ACC_BITS, wrapping (the high bits are
// dropped) or saturating at [-2^(ACC_BITS-1), 2^(ACC_BITS-1)-1]. Purely combinational.
// Matches eyrie::MacUnit::fit_accumulator (pe_array/mac_unit.cpp).
module acc_fit #(
    parameter integer SUM_BITS = 33,
    parameter integer ACC_BITS = 32,
    parameter integer SATURATE = 0
) (
    input  wire [SUM_BITS-1:0] sum,
    output wire [ACC_BITS-1:0] fitted
);
  // The sum fits in ACC_BITS exactly when its bits SUM_BITS-1 .. ACC_BITS-1 are all equal.
  wire [SUM_BITS-ACC_BITS:0] top = sum[SUM_BITS-1:ACC_BITS-1];
  wire overflow = (|top) && !(&top);
  localparam [ACC_BITS-1:0] ACC_MIN = {1'b1, {(ACC_BITS - 1) {1'b0}}};
`ifdef BUG_SAT_BOUND
  // Mutant: positive saturation one below the true maximum.
  localparam [ACC_BITS-1:0] ACC_MAX = {1'b0, {(ACC_BITS - 2) {1'b1}}, 1'b0};
`else
  localparam [ACC_BITS-1:0] ACC_MAX = {1'b0, {(ACC_BITS - 1) {1'b1}}};
`endif
  wire [ACC_BITS-1:0] bound = sum[SUM_BITS-1] ? ACC_MIN : ACC_MAX;
  assign fitted = (SATURATE != 0 && overflow) ? bound : sum[ACC_BITS-1:0];
endmodule
