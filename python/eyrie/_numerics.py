"""The numerics on numpy arrays: the exam's quantized convolution on every backend (scalar,
AVX2, the functional PE array MAC by MAC, CUDA where built), the quantizers, NRMSE, tensor files.

Tensors are NHWC inputs and (KH, KW, OC, IC) kernels, float32 (other dtypes are converted);
the convolution is stride 1 with SAME padding, as `eyrie conv`.
"""
import os

from . import _eyrie


class ConvResult:
    """What `eyrie conv` reports for one run, the output as an (N, H, W, OC) float32 array."""

    def __init__(self, d):
        self.__dict__.update(d)

    def scale_curve(self):
        """The naive scheme's search (S_in = 2^k_in, S_w = 2^k_w, NRMSE) as a DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.scale_search, columns=["k_in", "k_w", "nrmse"])

    def __repr__(self):
        return f"<eyrie.ConvResult {self.precision} on {self.backend}: NRMSE {self.nrmse:.3e}, {self.conv_seconds:.4f} s>"


class QuantizedTensor:
    """Integers q and what they stand for: values = scale[ch] * (q - zero_point)."""

    def __init__(self, d):
        self.q = d["q"]
        self.scale = d["scale"]
        self.zero_point = d["zero_point"]
        self.channel_dim = d["channel_dim"]  # -1 per tensor; 2: the kernel's OC
        self.zero_fraction = d["zero_fraction"]
        self.values = d["values"]            # dequantized, the input's shape

    def __repr__(self):
        return f"<eyrie.QuantizedTensor {self.q.shape}, {len(self.scale)} scale(s), zero point {self.zero_point}>"


class TernaryWeights:
    """TTQ weights: code in {-1, 0, +1}, standing for -wn, 0, +wp; threshold = t * max|w|."""

    def __init__(self, d):
        self.__dict__.update(d)

    def __repr__(self):
        return f"<eyrie.TernaryWeights {self.code.shape}, wp {self.wp:.4g}, wn {self.wn:.4g}>"


def conv(input, kernel, precision="fp32", backend="scalar", scheme=None, rounding="nearest", overflow="wrap",
         threads=1, ternary_threshold=0.05, array=None, arch=None, dataflow=None, naive_k=None, reference=None):
    """`eyrie conv` on arrays: quantize, convolve on `backend`, dequantize, NRMSE against the
    FP32 scalar result (pass it as `reference` to skip recomputing it). backend="array" runs
    the functional PE array (`array=(rows, cols)`, or an arch's size; default 12x14), in the
    loop order the mapper picks for `dataflow` when given. Runs without the GIL."""
    from ._arch import Arch, load_arch

    if arch is not None and not isinstance(arch, Arch):
        arch = load_arch(arch)
    d = _eyrie.conv(input, kernel, precision, backend, scheme, rounding, overflow, int(threads),
                    float(ternary_threshold), None if array is None else tuple(array),
                    None if arch is None else arch._spec, dataflow,
                    None if naive_k is None else tuple(naive_k), reference)
    return ConvResult(d)


def quantize(x, scheme="maxabs", bits=8, rounding="nearest", multiplier=None, qmax=None, threshold=0.05):
    """One tensor through a quantizer: naive (q = round(x * multiplier)), maxabs, asymmetric
    (any shape), perchannel (a KH,KW,OC,IC kernel), ternary (a kernel; returns TernaryWeights).
    Symmetric ranges are [-qmax, qmax], by default 2^(bits-1) - 1 (see symmetric_qmax)."""
    d = _eyrie.quantize(x, scheme, int(bits), rounding, multiplier, qmax, float(threshold))
    return TernaryWeights(d) if scheme == "ternary" else QuantizedTensor(d)


def symmetric_qmax(bits, accumulator_bits, reduction):
    """The largest symmetric magnitude whose `reduction` products fit the accumulator."""
    if not (2 <= bits <= 32 and 2 <= accumulator_bits <= 64 and reduction >= 1):
        raise _eyrie.Error("symmetric_qmax: needs 2 <= bits <= 32, 2 <= accumulator_bits <= 64, reduction >= 1")
    return _eyrie.symmetric_qmax(int(bits), int(accumulator_bits), int(reduction))


def nrmse(approx, reference):
    """RMS(approx - reference) / (max(reference) - min(reference)), the exam's metric."""
    return _eyrie.nrmse(approx, reference)


def read_tensor(path):
    """An exam-format tensor file (16-byte header, FP32 values) as a 4-D float32 array."""
    return _eyrie.read_tensor(os.fspath(path))


def write_tensor(path, array):
    """Writes a 4-D array as an exam-format tensor file (never half-written)."""
    _eyrie.write_tensor(os.fspath(path), array)


def generate_tensors(layer, seed=1):
    """Realistic tensors for a layer, as `eyrie gen-tensors`: post-ReLU inputs, He weights.
    `layer` is "H=56,W=56,C=64,M=64,R=3,S=3" or a dict of those keys. Returns (input, kernel)."""
    if isinstance(layer, dict):
        layer = ",".join(f"{k}={v}" for k, v in layer.items())
    return _eyrie.generate_tensors(layer, int(seed))


def conv_backends():
    """The backends this machine can run: scalar, avx2 (if the CPU has it), array, cuda (if built and a GPU is there)."""
    return list(_eyrie.conv_backends())
