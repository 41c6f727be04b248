"""The numerics on numpy arrays: hand-derived quantizer outputs and NRMSE, the convolution on
every backend (bit-exact integer paths, the functional PE array's own statistics), equality
with `eyrie conv` and `eyrie gen-tensors` on the same tensors, and bad arrays as errors."""
import math

import numpy as np
import pytest

import eyrie

LAYER = "H=8,W=8,C=16,M=8,R=3,S=3"


@pytest.fixture(scope="module")
def tensors():
    return eyrie.generate_tensors(LAYER, seed=1)


def test_nrmse_by_hand():
    # sqrt(((0)^2 + 0^2 + 2^2) / 3) / (5 - 1)
    assert eyrie.nrmse(np.array([1, 2, 3]), np.array([1, 2, 5])) == pytest.approx(math.sqrt(4 / 3) / 4, rel=1e-7)
    assert eyrie.nrmse([[1.0, 2.0]], [[1.0, 2.0]]) == 0.0


def test_quantizers_by_hand():
    # maxabs, 8 bits: scale = 1/127, q = round(x * 127), halves away from zero (63.5 -> 64).
    q = eyrie.quantize(np.array([-1, 0.5, 0.25, 1], np.float32), "maxabs", bits=8)
    assert q.q.tolist() == [-127, 64, 32, 127] and q.scale.tolist() == [1 / 127] and q.zero_point == 0
    assert q.values == pytest.approx(np.array([-127, 64, 32, 127]) / 127)
    # naive: q = round(x * S) or the exam's (int) cast.
    x = np.array([0.4, -0.7], np.float32)
    assert eyrie.quantize(x, "naive", bits=8, multiplier=4).q.tolist() == [2, -3]
    assert eyrie.quantize(x, "naive", bits=8, multiplier=4, rounding="truncate").q.tolist() == [1, -2]
    # asymmetric over [-128, 127]: scale = 2.55 / 255 = 0.01, 0.0 at the zero point -128.
    a = eyrie.quantize(np.array([0, 1, 2.55], np.float32), "asymmetric", bits=8)
    assert a.q.tolist() == [-128, -28, 127] and a.zero_point == -128 and a.scale[0] == pytest.approx(0.01)
    # per channel: a (1,1,2,1) kernel, one scale per output channel.
    p = eyrie.quantize(np.array([0.5, -2.0], np.float32).reshape(1, 1, 2, 1), "perchannel", bits=8)
    assert p.q.reshape(-1).tolist() == [127, -127] and p.channel_dim == 2
    assert p.scale.tolist() == pytest.approx([0.5 / 127, 2 / 127])
    # ternary: delta = 0.05 * 0.9 = 0.045; wp = mean(0.9, 0.5), wn = mean(0.8).
    t = eyrie.quantize(np.array([0.9, -0.8, 0.01, 0.5], np.float32).reshape(1, 1, 1, 4), "ternary")
    assert t.code.reshape(-1).tolist() == [1, -1, 0, 1] and t.zero_fraction == 0.25
    assert (t.threshold, t.wp, t.wn) == pytest.approx((0.045, 0.7, 0.8))
    # The qmax that keeps 576 products inside 32 bits: 2^min(bits - 1, floor((31 - 10) / 2)) - 1.
    assert eyrie.symmetric_qmax(16, 32, 576) == 2 ** 10 - 1
    assert eyrie.symmetric_qmax(8, 32, 576) == 127


def test_conv_of_ones_on_every_backend():
    # 3x3 ones * 3x3 ones, SAME: each output counts the input pixels its window covers.
    x = np.ones((1, 3, 3, 1), np.float32)
    w = np.ones((3, 3, 1, 1), np.float32)
    expected = np.array([[4, 6, 4], [6, 9, 6], [4, 6, 4]], np.float32).reshape(1, 3, 3, 1)
    for backend in eyrie.conv_backends():
        r = eyrie.conv(x, w, backend=backend)
        assert np.array_equal(r.output, expected), backend
        assert r.nrmse == 0 and r.macs == 9 * 9
        r8 = eyrie.conv(x, w, precision="int8", backend=backend, scheme="maxabs")
        assert r8.output == pytest.approx(expected, rel=1e-6), backend


def test_integer_backends_bit_exact(tensors):
    x, w = tensors
    for precision in ("int8", "int16", "int32", "ternary"):
        backends = [b for b in eyrie.conv_backends() if b != "cuda" or precision == "int8"]  # CUDA: fp32, int8
        outs = {b: eyrie.conv(x, w, precision=precision, backend=b) for b in backends}
        ref = outs["scalar"]
        for b, r in outs.items():
            assert np.array_equal(r.output, ref.output), (precision, b)
            assert r.nrmse == ref.nrmse and r.scheme == ref.scheme
    fp32 = eyrie.conv(x, w, backend="scalar").output
    assert np.array_equal(eyrie.conv(x, w, backend="array").output, fp32)  # same order, same roundings


def test_fp32_matches_numpy(tensors):
    x, w = tensors
    padded = np.pad(x.astype(np.float64), ((0, 0), (1, 1), (1, 1), (0, 0)))
    expected = np.zeros((1, 8, 8, 8))
    for r in range(3):
        for s in range(3):
            expected += np.einsum("nhwc,mc->nhwm", padded[:, r:r + 8, s:s + 8, :], w[r, s].astype(np.float64))
    out = eyrie.conv(x, w).output
    assert np.max(np.abs(out - expected)) < 1e-5 * np.max(np.abs(expected))


def test_functional_array_statistics(tensors):
    x, w = tensors
    r = eyrie.conv(x, w, precision="int8", backend="array", array=(12, 14))
    a = r.array
    # Output-stationary: 64 pixels over 12 rows -> 6 tiles, 8 channels on 8 of 14 columns;
    # each tile takes the reduction 3 * 3 * 16 = 144 cycles.
    assert (a["rows"], a["cols"], a["tiles"], a["cycles"]) == (12, 14, 6, 6 * 144)
    assert a["macs_per_pe"].shape == (12, 14) and a["macs_per_pe"].sum() == r.macs == 64 * 8 * 144
    assert a["utilization"] == pytest.approx(r.macs / (864 * 168))
    small = eyrie.conv(x, w, precision="int8", backend="array", array=(4, 4))
    assert small.array["tiles"] == 16 * 2 and np.array_equal(small.output, r.output)
    tiny = eyrie.conv(x, w, precision="int8", backend="array", arch="configs/tiny-4x4.yaml")
    assert (tiny.array["rows"], tiny.array["cols"]) == (4, 4)
    ws = eyrie.conv(x, w, precision="int8", backend="array", dataflow="ws")
    assert ws.array["mapping"] and np.array_equal(ws.output, r.output)


def test_naive_scale_search(tensors):
    x, w = tensors
    r = eyrie.conv(x, w, precision="int8")
    curve = r.scale_curve()
    assert r.scheme == "naive" and len(curve) > 1 and r.nrmse == curve["nrmse"].min()
    k = curve.loc[curve["nrmse"].idxmin()]
    fixed = eyrie.conv(x, w, precision="int8", naive_k=(int(k.k_in), int(k.k_w)))
    assert np.array_equal(fixed.output, r.output) and fixed.scale_search == []
    again = eyrie.conv(x, w, precision="int8", reference=eyrie.conv(x, w).output)
    assert np.array_equal(again.output, r.output) and again.nrmse == r.nrmse


def test_equals_cli_conv_and_gen_tensors(cli, tmp_path, tensors):
    cli("gen-tensors", "--layer", LAYER, "--seed", "1", "-o", tmp_path)
    x, w = tensors
    assert np.array_equal(eyrie.read_tensor(tmp_path / "input_tensor.bin"), x)
    assert np.array_equal(eyrie.read_tensor(tmp_path / "kernel_tensor.bin"), w)
    eyrie.write_tensor(tmp_path / "k2.bin", w)
    assert (tmp_path / "k2.bin").read_bytes() == (tmp_path / "kernel_tensor.bin").read_bytes()
    for precision, backend in (("int8", "array"), ("int16", "scalar"), ("ternary", "scalar"), ("fp32", "scalar")):
        out = tmp_path / f"{precision}.bin"
        p = cli("conv", tmp_path / "input_tensor.bin", tmp_path / "kernel_tensor.bin", "--precision", precision,
                "--backend", backend, "-o", out)
        r = eyrie.conv(x, w, precision=precision, backend=backend)
        assert np.array_equal(eyrie.read_tensor(out), r.output), precision
        assert f"NRMSE vs FP32        {r.nrmse:.3e}" in p.stdout


def test_conv_errors(cli, tmp_path, tensors):
    x, w = tensors
    with pytest.raises(eyrie.Error, match="input: must be a 4-D array N,H,W,C, got 3 dimensions"):
        eyrie.conv(x[0], w)
    with pytest.raises(eyrie.Error, match="dimension 1 must be between 1 and"):
        eyrie.conv(np.zeros((1, 0, 8, 16), np.float32), w)
    with pytest.raises(eyrie.Error, match="IC"):
        eyrie.conv(x, w[:, :, :, :8])
    with pytest.raises(eyrie.Error, match="precision: must be one of"):
        eyrie.conv(x, w, precision="int4")
    with pytest.raises(eyrie.Error, match="backend: must be one of"):
        eyrie.conv(x, w, backend="fpga")
    with pytest.raises(eyrie.Error, match="array: rows and cols"):
        eyrie.conv(x, w, backend="array", array=(0, 4))
    with pytest.raises(eyrie.Error, match="dataflow: needs backend='array'"):
        eyrie.conv(x, w, dataflow="ws")
    with pytest.raises(eyrie.Error, match="reference: must hold"):
        eyrie.conv(x, w, reference=np.zeros(3, np.float32))
    # The pipeline's own refusals carry the CLI's message.
    expected = "--backend avx2 implements the wrapping accumulator; --overflow saturate needs --backend scalar or array"
    if "avx2" in eyrie.conv_backends():
        with pytest.raises(eyrie.Error) as e:
            eyrie.conv(x, w, precision="int8", backend="avx2", overflow="saturate")
        assert str(e.value) == expected
    with pytest.raises(eyrie.Error, match="nrmse: approx has 2 values, reference 3"):
        eyrie.nrmse([1, 2], [1, 2, 3])
    with pytest.raises(eyrie.Error, match="multiplier: the naive scheme needs"):
        eyrie.quantize(x, "naive")
    with pytest.raises(eyrie.Error, match="4-D array KH,KW,OC,IC"):
        eyrie.quantize(np.ones(4, np.float32), "perchannel")
    with pytest.raises(eyrie.Error, match="bits: must be between 2 and 32"):
        eyrie.quantize(x, bits=1)
    with pytest.raises(eyrie.Error, match="symmetric_qmax: needs"):
        eyrie.symmetric_qmax(8, 32, 0)
    with pytest.raises(TypeError):
        eyrie.conv("not an array", w)
    nan = x.copy()
    nan[0, 1, 2, 3] = np.nan
    with pytest.raises(eyrie.Error, match=r"input: value 163 \(row-major\) is NaN"):  # (1 * 8 + 2) * 16 + 3
        eyrie.conv(nan, w)
    with pytest.raises(eyrie.Error, match="x: value 1 .* is infinite"):
        eyrie.quantize(np.array([0, np.inf], np.float32))
    # A truncated tensor file: the same line as `eyrie conv`.
    bad = tmp_path / "bad.bin"
    eyrie.write_tensor(bad, x)
    bad.write_bytes(bad.read_bytes()[:-4])
    expected = cli.error("conv", bad, bad)
    with pytest.raises(eyrie.Error) as e:
        eyrie.read_tensor(bad)
    assert str(e.value) == expected
    # Non-contiguous and other dtypes are converted, not misread.
    xd = np.asfortranarray(x.astype(np.float64))
    assert np.array_equal(eyrie.conv(xd, w).output, eyrie.conv(x, w).output)
