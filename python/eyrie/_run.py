"""run, compare and sweep: the commands' entry points, the work done without the GIL."""
import os
import sys

from . import _eyrie
from ._arch import Arch, load_arch
from ._mapping import Mapping
from ._network import Network, load_network
from ._results import CompareResult, RunResult, SweepResult

ALL_DATAFLOWS = ("ws", "os", "is", "rs", "nlr")


def _arch(arch):
    return arch if isinstance(arch, Arch) else load_arch(arch)


def _network(network, batch):
    if not isinstance(network, Network):
        return load_network(network, batch)
    return network if batch is None else network.with_batch(batch)


def run(arch, network, dataflow=None, objective="edp", mapping=None, batch=None, engine="analytic"):
    """`eyrie run`: the best mapping per layer for a dataflow (default: the arch's, else rs),
    or `mapping` for every layer; engine="systemc" also plays the mappings out in the timed
    engine. The work runs without the GIL: threads can run several at once."""
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = Mapping.load(mapping)
    data, mappings = _eyrie.run(_arch(arch)._spec, _network(network, batch)._spec, dataflow or "", objective,
                                None if mapping is None else mapping._spec, engine)
    return RunResult(data, mappings)


def compare(arch, network, dataflows=ALL_DATAFLOWS, objective="edp", batch=None):
    """`eyrie compare`: every dataflow's best mappings; the best by the objective marked."""
    if isinstance(dataflows, str):
        dataflows = dataflows.split(",")
    data = _eyrie.compare(_arch(arch)._spec, _network(network, batch)._spec, list(dataflows), objective)
    return CompareResult(data)


def _print_progress(done, total):
    end = "\n" if done == total or not sys.stderr.isatty() else "\r"
    print(f"sweep: {done}/{total} points", end=end, file=sys.stderr, flush=True)


def sweep(path, jobs=None, progress=None, engine="analytic"):
    """`eyrie sweep FILE`: every point of a sweep file, on `jobs` threads (default: all cores).
    `progress` is a callable (done, total) called as points finish, or True for a line on
    stderr. The result does not depend on `jobs`. A timed sweep (engine="systemc") plays one
    point at a time: SystemC has one kernel per process."""
    if jobs is None:
        jobs = os.cpu_count() or 1
    if progress is True:
        progress = _print_progress
    elif progress is False:
        progress = None
    return SweepResult(_eyrie.sweep(os.fspath(path), engine, int(jobs), progress))
