"""eyrie: a simulator of DNN accelerators (Eyeriss-style PE arrays), from Python.

    import eyrie
    arch = eyrie.load_arch("configs/eyeriss.yaml", {"pe_array.rows": 16})
    r = eyrie.run(arch, "resnet50", dataflow="rs")
    r.to_dataframe()                 # one row per layer, the CLI's JSON values, units in .attrs
    eyrie.compare(arch, "alexnet").to_dataframe()
    eyrie.sweep("configs/sweeps/eyeriss-array-size.yaml", jobs=2, progress=True).to_dataframe()
    eyrie.conv(x, w, precision="int8", backend="array").nrmse

Errors are eyrie.Error with the command line's one-line message.
"""
from ._eyrie import Error, __version__
from ._frames import units, with_units
from ._arch import Arch, load_arch, parse_arch
from ._mapping import Mapping
from ._network import Network, bundled_networks, load_network
from ._results import CompareResult, RunResult, SweepResult, energy_key
from ._run import ALL_DATAFLOWS, compare, run, sweep
from ._numerics import (ConvResult, QuantizedTensor, TernaryWeights, conv, conv_backends, generate_tensors,
                        nrmse, quantize, read_tensor, symmetric_qmax, write_tensor)

__all__ = [
    "Error", "__version__", "units", "with_units",
    "ALL_DATAFLOWS", "Arch", "CompareResult", "Mapping", "Network", "RunResult", "SweepResult",
    "bundled_networks", "compare", "energy_key", "load_arch", "load_network", "parse_arch", "run", "sweep",
    "ConvResult", "QuantizedTensor", "TernaryWeights", "conv", "conv_backends", "generate_tensors",
    "nrmse", "quantize", "read_tensor", "symmetric_qmax", "write_tensor",
]
