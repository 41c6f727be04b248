"""Architectures: a YAML file plus `--set`-style overrides, validated by the simulator."""
import os

from . import _eyrie
from ._data import plain, yaml_dict
from ._eyrie import Error


def override_text(value):
    # Overrides are `--set`-style text, parsed by the same YAML reader as the file.
    value = plain(value) if hasattr(value, "item") else value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)



class Arch:
    """A validated architecture: a YAML file plus overrides ({"pe_array.rows": 16})."""

    def __init__(self, spec, overrides=None, from_text=False):
        self._spec = spec
        self.overrides = dict(overrides or {})
        self._from_text = from_text

    name = property(lambda self: self._spec.name)
    description = property(lambda self: self._spec.description)
    file = property(lambda self: self._spec.file)
    dataflow = property(lambda self: self._spec.dataflow or None)

    def to_yaml(self):
        """The resolved form, as `eyrie validate` prints it."""
        return self._spec.to_yaml()

    def to_dict(self):
        """The resolved form as data: every section and level the file format has."""
        return yaml_dict(self.to_yaml())

    def with_overrides(self, overrides=None, **kw):
        """The same file with more overrides (dotted keys in a dict, or `pe_array__rows=16`)."""
        if self._from_text:
            raise Error(f"with_overrides: {self.file} was parsed from text, not read from a file: edit the text")
        more = dict(overrides or {})
        more.update({k.replace("__", "."): v for k, v in kw.items()})
        return load_arch(self.file, {**self.overrides, **more})

    def __repr__(self):
        extra = f", overrides={self.overrides}" if self.overrides else ""
        return f"<eyrie.Arch {self.name} from {self.file!r}{extra}>"


def load_arch(path, overrides=None):
    """Loads and validates an architecture YAML; `overrides` as `eyrie run --set` takes them."""
    overrides = dict(overrides or {})
    pairs = [(str(k), override_text(v)) for k, v in overrides.items()]
    return Arch(_eyrie.load_arch(os.fspath(path), pairs), overrides)


def parse_arch(text, origin="<python>"):
    """An architecture from YAML text; errors name `origin` and the line."""
    return Arch(_eyrie.parse_arch(text, origin), from_text=True)
