"""Networks: bundled, from a YAML or SCALE-Sim file, or built from layers in Python."""
import os

from . import _eyrie
from ._data import dumps
from ._frames import frame


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
        lines = [dumps(head)[:-1] + ', "layers": [']
        entries = [dumps(dict(layer)) for layer in layers]
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
