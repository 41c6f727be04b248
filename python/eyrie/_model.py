"""Architectures, networks, mappings; run, compare and sweep.

Every result keeps the JSON the command line prints for the same run (``.json``) and builds
its DataFrames from it, so a DataFrame cell is the CLI's value.
"""
import json as _json
import os
import sys

from . import _eyrie
from ._eyrie import Error
from ._frames import frame

ALL_DATAFLOWS = ("ws", "os", "is", "rs", "nlr")


def _plain(value):
    # numpy and pandas scalars (np.int64 from a DataFrame) as the Python numbers JSON takes.
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not a number, string, list or dict")


def _dumps(data):
    return _json.dumps(data, default=_plain)


def _override_text(value):
    # Overrides are `--set`-style text, parsed by the same YAML reader as the file.
    value = _plain(value) if hasattr(value, "item") else value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _yaml_dict(text):
    import yaml  # python3-yaml

    return yaml.safe_load(text)


class Arch:
    """A validated architecture: a YAML file plus overrides ({"pe_array.rows": 16})."""

    def __init__(self, spec, overrides=None):
        self._spec = spec
        self.overrides = dict(overrides or {})

    name = property(lambda self: self._spec.name)
    description = property(lambda self: self._spec.description)
    file = property(lambda self: self._spec.file)
    dataflow = property(lambda self: self._spec.dataflow or None)

    def to_yaml(self):
        """The resolved form, as `eyrie validate` prints it."""
        return self._spec.to_yaml()

    def to_dict(self):
        """The resolved form as data: every section and level the file format has."""
        return _yaml_dict(self.to_yaml())

    def with_overrides(self, overrides=None, **kw):
        """The same file with more overrides (dotted keys in a dict, or `pe_array__rows=16`)."""
        if not self.file:
            raise Error("with_overrides: this architecture was not read from a file")
        more = dict(overrides or {})
        more.update({k.replace("__", "."): v for k, v in kw.items()})
        return load_arch(self.file, {**self.overrides, **more})

    def __repr__(self):
        extra = f", overrides={self.overrides}" if self.overrides else ""
        return f"<eyrie.Arch {self.name} from {self.file!r}{extra}>"


def load_arch(path, overrides=None):
    """Loads and validates an architecture YAML; `overrides` as `eyrie run --set` takes them."""
    overrides = dict(overrides or {})
    pairs = [(str(k), _override_text(v)) for k, v in overrides.items()]
    return Arch(_eyrie.load_arch(os.fspath(path), pairs), overrides)


def parse_arch(text, origin="<python>"):
    """An architecture from YAML text; errors name `origin` and the line."""
    return Arch(_eyrie.parse_arch(text, origin))


class Network:
    """A validated network: layers with the network file's keys (name, type, N, C, M, ...)."""

    def __init__(self, spec):
        self._spec = spec

    name = property(lambda self: self._spec.name)
    description = property(lambda self: self._spec.description)
    source = property(lambda self: self._spec.source)

    @property
    def layers(self):
        """The layers as network-file entries: Network.from_layers takes them back."""
        return self._spec.layers()

    @property
    def total_macs(self):
        return self._spec.total_macs()

    @property
    def layers_with_macs(self):
        return self._spec.layers_with_macs()

    def with_batch(self, batch):
        return Network(self._spec.with_batch(int(batch)))

    def workload_json(self):
        """`eyrie workload --format json`'s value: shapes, output sizes P x Q, MACs."""
        return self._spec.workload_json()

    def to_dataframe(self):
        """One row per layer, from `eyrie workload`'s JSON: shapes, P x Q, MACs."""
        return frame(self.workload_json()["layers"], "")

    @classmethod
    def from_layers(cls, name, layers, description=""):
        """A network from Python: layers are dicts with the keys of a network file's entries,
        e.g. {"name": "c1", "type": "conv", "C": 3, "M": 64, "H": 224, "W": 224, "R": 7,
        "S": 7, "stride": 2, "pad": 3}. They are read and checked by the network file reader,
        so a bad layer is the same error: "<python>:3: layers[1].M: ..." (one layer per line)."""
        head = {"network": name}
        if description:
            head["description"] = description
        lines = [_dumps(head)[:-1] + ', "layers": [']
        entries = [_dumps(dict(layer)) for layer in layers]
        lines += [e + ("," if i + 1 < len(entries) else "") for i, e in enumerate(entries)]
        lines.append("]}")
        return cls(_eyrie.parse_network("\n".join(lines) + "\n", "<python>"))

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        return f"<eyrie.Network {self.name}: {len(self)} layers, {self.total_macs:,} MACs>"


def load_network(name_or_path, batch=None):
    """A bundled network by name, a network YAML file or a SCALE-Sim topology CSV."""
    net = Network(_eyrie.load_network(os.fspath(name_or_path)))
    return net if batch is None else net.with_batch(batch)


def bundled_networks():
    return list(_eyrie.bundled_networks())


class Mapping:
    """A mapping: per storage level temporal factors and order, spatial fan-out, keep/bypass.

    Read it from a file (Mapping.load), text (Mapping.parse) or data (Mapping.from_dict);
    write it with save(); to_dict() gives the data that from_dict() takes back."""

    def __init__(self, spec):
        self._spec = spec

    @classmethod
    def load(cls, path):
        return cls(_eyrie.load_mapping(os.fspath(path)))

    @classmethod
    def parse(cls, text, origin="<python>"):
        return cls(_eyrie.parse_mapping(text, origin))

    @classmethod
    def from_dict(cls, data, origin="<python>"):
        """From {"mapping": [{"level": "dram", "temporal": {"M": 4}}, ...]} or the list alone."""
        if isinstance(data, (list, tuple)):
            data = {"mapping": list(data)}
        return cls.parse(_dumps(data), origin)  # JSON is YAML: the file reader checks it

    origin = property(lambda self: self._spec.origin)

    def to_yaml(self):
        return self._spec.to_yaml()

    def to_dict(self):
        return _yaml_dict(self.to_yaml())

    def to_text(self):
        return self._spec.to_text()

    def save(self, path):
        self._spec.save(os.fspath(path))

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        return f"<eyrie.Mapping {self.to_text()}>"


def _arch(arch):
    return arch if isinstance(arch, Arch) else load_arch(arch)


def _network(network, batch):
    if not isinstance(network, Network):
        return load_network(network, batch)
    return network if batch is None else network.with_batch(batch)


class RunResult:
    """One network on one architecture: `.json` is `eyrie run --format json`'s value."""

    def __init__(self, data, mappings=None):
        self.json = data
        self.mappings = {name: Mapping(m) for name, m in (mappings or [])}

    network = property(lambda self: self.json["network"])
    arch = property(lambda self: self.json["arch"])
    dataflow = property(lambda self: self.json["dataflow"])
    objective = property(lambda self: self.json["objective"])
    energy_unit = property(lambda self: self.json["energy_unit"])
    engine = property(lambda self: self.json["engine"])
    layers = property(lambda self: self.json["layers"])
    total = property(lambda self: self.json["total"])

    def to_dataframe(self, total=False):
        """One row per layer (with MACs); `total=True` appends the network's total as "total"."""
        records = list(self.layers)
        if total:
            records.append({"name": "total", **self.total})
        return frame(records, self.energy_unit)

    def total_dataframe(self):
        return frame([self.total], self.energy_unit)

    def __repr__(self):
        t = self.total
        return (f"<eyrie.RunResult {self.network} on {self.arch} ({self.dataflow}): "
                f"{t['cycles']:,} cycles, energy {t['energy_pj']['total']:.4g} {self.energy_unit}>")


class CompareResult:
    """Dataflows side by side: `.json` is `eyrie compare --format json`'s value."""

    def __init__(self, data):
        self.json = data
        self.runs = {d: RunResult(r) for d, r in data["dataflows"].items()}

    best = property(lambda self: self.json["best"])
    objective = property(lambda self: self.json["objective"])
    unmappable = property(lambda self: dict(self.json["unmappable"]))

    def to_dataframe(self):
        """One row per dataflow: its network total, and whether it is the best."""
        records = [{"dataflow": d, "best": d == self.best, **r.total} for d, r in self.runs.items()]
        unit = next(iter(self.runs.values())).energy_unit
        return frame(records, unit)

    def layers_dataframe(self):
        """Every layer of every dataflow, the dataflow as the first column."""
        records = [{"dataflow": d, **layer} for d, r in self.runs.items() for layer in r.layers]
        unit = next(iter(self.runs.values())).energy_unit
        return frame(records, unit)

    def __repr__(self):
        return f"<eyrie.CompareResult {self.json['network']} on {self.json['arch']}: best {self.best} ({self.objective})>"


class SweepResult:
    """A sweep: `.json` is `eyrie sweep --format json`'s value."""

    def __init__(self, data):
        self.json = data

    name = property(lambda self: self.json["sweep"])
    objective = property(lambda self: self.json["objective"])
    energy_unit = property(lambda self: self.json["energy_unit"])
    parameters = property(lambda self: list(self.json["parameters"]))
    rows = property(lambda self: self.json["rows"])

    def to_dataframe(self):
        """One row per point x network x dataflow; parameters as "parameters.<key>" columns.
        A point a dataflow cannot map has its reason in "status" and no figures (NaN)."""
        return frame(self.rows, self.energy_unit)

    def __repr__(self):
        return f"<eyrie.SweepResult {self.name}: {len(self.rows)} rows>"


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
