"""Mappings: read, written and built from data, checked by the mapping file reader."""
import os

from . import _eyrie
from ._data import dumps, yaml_dict


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
        return cls.parse(dumps(data), origin)  # JSON is YAML: the file reader checks it

    origin = property(lambda self: self._spec.origin)

    def to_yaml(self):
        return self._spec.to_yaml()

    def to_dict(self):
        return yaml_dict(self.to_yaml())

    def to_text(self):
        return self._spec.to_text()

    def save(self, path):
        self._spec.save(os.fspath(path))

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        return f"<eyrie.Mapping {self.to_text()}>"
