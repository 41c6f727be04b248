"""Records of the CLI's JSON as pandas DataFrames, one column per leaf, with units.

A nested object becomes dotted columns ("energy_normalized.total", "accesses.dram.inputs.reads"), so a
cell is the JSON value at that path, unchanged; the units of the columns are in
``df.attrs["units"]`` (column -> unit), derived from the key names by the table below.
"""
from fnmatch import fnmatchcase

# (column pattern, unit), first match wins. "{energy}" is the run's energy unit: "pJ", or
# "normalized" (1 = one 16-bit MAC) when the energy table is normalized.
_UNITS = [
    ("energy_per_mac", "{energy}/MAC"),
    ("energy_*.*", "{energy}"),  # energy_pj.* / energy_normalized.*, energy_by_operand_<unit>.*
    ("energy", "{energy}"),
    ("accesses.*", "word"),
    ("reads", "word"),
    ("fills", "word"),
    ("updates", "word"),
    ("noc.*", "word"),
    ("*bytes_per_s", "B/s"),
    ("*macs_per_s", "MAC/s"),
    ("*macs_per_byte", "MAC/B"),
    ("*bytes", "byte"),
    ("macs", "MAC"),
    ("*cycles", "cycle"),
    ("timed.tiles", "tile"),
    ("utilization", "fraction of PE-cycles"),
    ("area_um2.*", "um^2"),
    ("mappings_evaluated", "mapping"),
    ("[HWPQ]", "pixel"),
]


def unit_of(column, energy_unit):
    """The unit of a flattened column ("" for names, text and flags)."""
    for pattern, unit in _UNITS:
        if fnmatchcase(column, pattern):
            return unit.format(energy=energy_unit)
    return ""


def flatten(record, prefix=""):
    """A JSON object as {dotted path: leaf value}; lists stay values."""
    out = {}
    for key, value in record.items():
        path = prefix + key
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def frame(records, energy_unit, leading=None):
    """A DataFrame of JSON records, columns in first-seen order; `leading` columns go first."""
    import pandas as pd

    rows = [flatten(r) for r in records]
    columns = list(leading or [])
    for row in rows:
        for c in row:
            if c not in columns:
                columns.append(c)
    df = pd.DataFrame(rows, columns=columns)
    df.attrs["units"] = {c: unit_of(c, energy_unit) for c in columns}
    df.attrs["energy_unit"] = energy_unit
    return df


def units(df):
    """{column: unit} of a DataFrame made by eyrie."""
    return dict(df.attrs.get("units", {}))


def with_units(df):
    """A copy whose column names carry their units: "cycles [cycle]"."""
    u = units(df)
    return df.rename(columns={c: f"{c} [{u[c]}]" if u.get(c) else c for c in df.columns})
