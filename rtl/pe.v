// pe: one Eyeriss-style processing element: an int MAC (mac_int) and three register files
// (scratchpads) for ifmap, filter and psum values; depths are parameters (Eyeriss v1: 12, 224
// and 24 words). The array's controller/NoC writes the ifmap and filter scratchpads and
// sequences the compute one step per clock:
//
//   if_we/flt_we        write if_wdata/flt_wdata at if_waddr/flt_waddr (at the edge)
//   mac_en              acc <= fit(base + ifmap[if_raddr] * filter[flt_raddr])
//   acc_clear           base = 0                                   (priority)
//   acc_load            base = acc_load_ext ? psum_in : psum[ps_addr]   (resume a psum)
//   ps_we               psum[ps_addr] <= acc (the accumulator before this edge)
//   psum_out            psum[ps_addr], combinational read (drained by the controller)
//
// base and the MAC semantics are those of mac_int.v (bit-exact with IntMacUnit); a MAC issued
// at edge t is on `acc` after edge t (latency 1), one MAC per cycle (II 1). An address at or
// past a scratchpad's depth reads 0 and writes nothing.
module pe #(
    parameter integer OPERAND_BITS = 8,
    parameter integer ACC_BITS = 32,
    parameter integer SATURATE = 0,
    parameter integer IFMAP_DEPTH = 12,
    parameter integer FILTER_DEPTH = 224,
    parameter integer PSUM_DEPTH = 24,
    localparam integer IA = IFMAP_DEPTH > 1 ? $clog2(IFMAP_DEPTH) : 1,
    localparam integer FA = FILTER_DEPTH > 1 ? $clog2(FILTER_DEPTH) : 1,
    localparam integer PA = PSUM_DEPTH > 1 ? $clog2(PSUM_DEPTH) : 1
) (
    input  wire                    clk,
    input  wire                    if_we,
    input  wire [          IA-1:0] if_waddr,
    input  wire [OPERAND_BITS-1:0] if_wdata,
    input  wire                    flt_we,
    input  wire [          FA-1:0] flt_waddr,
    input  wire [OPERAND_BITS-1:0] flt_wdata,
    input  wire [          IA-1:0] if_raddr,
    input  wire [          FA-1:0] flt_raddr,
    input  wire                    mac_en,
    input  wire                    acc_clear,
    input  wire                    acc_load,
    input  wire                    acc_load_ext,
    input  wire [    ACC_BITS-1:0] psum_in,
    input  wire [          PA-1:0] ps_addr,
    input  wire                    ps_we,
    output wire [    ACC_BITS-1:0] acc,
    output wire [    ACC_BITS-1:0] psum_out
);
  reg [OPERAND_BITS-1:0] ifmap_rf[IFMAP_DEPTH];
  reg [OPERAND_BITS-1:0] filter_rf[FILTER_DEPTH];
  reg [ACC_BITS-1:0] psum_rf[PSUM_DEPTH];

  wire if_ok = {{(32 - IA) {1'b0}}, if_raddr} < IFMAP_DEPTH;
  wire flt_ok = {{(32 - FA) {1'b0}}, flt_raddr} < FILTER_DEPTH;
  wire ps_ok = {{(32 - PA) {1'b0}}, ps_addr} < PSUM_DEPTH;
  wire [OPERAND_BITS-1:0] act = if_ok ? ifmap_rf[if_raddr] : {OPERAND_BITS{1'b0}};
  wire [OPERAND_BITS-1:0] wgt = flt_ok ? filter_rf[flt_raddr] : {OPERAND_BITS{1'b0}};
  assign psum_out = ps_ok ? psum_rf[ps_addr] : {ACC_BITS{1'b0}};

  always @(posedge clk) begin
    if (if_we && {{(32 - IA) {1'b0}}, if_waddr} < IFMAP_DEPTH) ifmap_rf[if_waddr] <= if_wdata;
    if (flt_we && {{(32 - FA) {1'b0}}, flt_waddr} < FILTER_DEPTH) filter_rf[flt_waddr] <= flt_wdata;
    if (ps_we && ps_ok) psum_rf[ps_addr] <= acc;
  end

  mac_int #(
      .OPERAND_BITS(OPERAND_BITS),
      .ACC_BITS(ACC_BITS),
      .SATURATE(SATURATE)
  ) mac (
      .clk(clk),
      .clear(acc_clear),
      .load(acc_load),
      .enable(mac_en),
      .act(act),
      .wgt(wgt),
      .acc_in(acc_load_ext ? psum_in : psum_out),
      .acc(acc)
  );
endmodule
