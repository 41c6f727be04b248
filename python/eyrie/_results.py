"""Results of run, compare and sweep. Each keeps the JSON the command line prints for the same
run (``.json``) and builds its DataFrames from it, so a DataFrame cell is the CLI's value."""
from ._frames import frame
from ._mapping import Mapping


def energy_key(unit, kind=""):
    """The JSON key of a result's energy in `unit` ("energy_pj", "energy_normalized"; with
    kind="by_operand_" the per-operand breakdown): the key names its unit."""
    return f"energy_{kind}{unit.lower()}"


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

    def levels_dataframe(self, total=False):
        """Tidy per-level records: one row per (layer, level, operand) with the JSON's access
        counts (reads, fills, updates, in words) and energy at that level. The levels are the
        JSON's keys, so the frame has whatever levels the architecture has."""
        records = list(self.layers) + ([{"name": "total", **self.total}] if total else [])
        rows = []
        for layer in records:
            accesses, energy = layer.get("accesses", {}), layer.get(energy_key(self.energy_unit, "by_operand_"), {})
            levels = list(accesses) + [lv for lv in energy if lv not in accesses]
            for level in levels:
                operands = list(accesses.get(level, {})) + [op for op in energy.get(level, {})
                                                             if op not in accesses.get(level, {})]
                for op in operands:
                    row = {"name": layer["name"], "level": level, "operand": op, **accesses.get(level, {}).get(op, {})}
                    if op in energy.get(level, {}):
                        row["energy"] = energy[level][op]
                    rows.append(row)
        return frame(rows, self.energy_unit)

    def __repr__(self):
        t = self.total
        return (f"<eyrie.RunResult {self.network} on {self.arch} ({self.dataflow}): "
                f"{t['cycles']:,} cycles, energy {t[energy_key(self.energy_unit)]['total']:.4g} {self.energy_unit}>")


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
