"""For the same run, the Python results equal what the built `eyrie` prints, value for value:
the JSON objects as a whole, and every cell of every DataFrame against the JSON leaf at its
column's path (walked here independently of the module's flattening)."""
import math

import pytest

import eyrie


def leaves(record, prefix=""):
    """(dotted path, value) of every leaf of a JSON object."""
    for key, value in record.items():
        if isinstance(value, dict):
            yield from leaves(value, f"{prefix}{key}.")
        else:
            yield prefix + key, value


def assert_frame_equals_json(df, records):
    assert len(df) == len(records)
    paths = set()
    for i, record in enumerate(records):
        for path, value in leaves(record):
            paths.add(path)
            cell = df[path].iloc[i]
            if isinstance(value, float):
                assert cell == value or (math.isnan(value) and math.isnan(cell)), (i, path, cell, value)
            else:
                assert cell == value, (i, path, cell, value)
                assert type(value) is not bool or bool(cell) is value
    # No column that is not a JSON path; a row without a key has NaN there (sweep failures).
    assert set(df.columns) == paths
    for path in df.columns:
        for i, record in enumerate(records):
            if path not in dict(leaves(record)):
                assert df[path].isna().iloc[i], (i, path)


def test_run_equals_cli_json(cli):
    expected = cli.json("run", "--arch", "configs/eyeriss.yaml", "--network", "alexnet", "--set", "pe_array.rows=16")
    r = eyrie.run(eyrie.load_arch("configs/eyeriss.yaml", {"pe_array.rows": 16}), "alexnet")
    assert r.json == expected
    assert_frame_equals_json(r.to_dataframe(), expected["layers"])
    assert_frame_equals_json(r.total_dataframe(), [expected["total"]])
    assert_frame_equals_json(r.to_dataframe(total=True), expected["layers"] + [{"name": "total", **expected["total"]}])


def test_levels_frame_equals_cli_json(cli):
    expected = cli.json("run", "--arch", "configs/eyeriss.yaml", "--network", "alexnet")
    df = eyrie.run("configs/eyeriss.yaml", "alexnet").levels_dataframe(total=True)
    records = expected["layers"] + [{"name": "total", **expected["total"]}]
    n = 0
    for layer in records:
        for level, ops in layer["energy_by_operand_normalized"].items():
            for op, energy in ops.items():
                row = df[(df["name"] == layer["name"]) & (df["level"] == level) & (df["operand"] == op)]
                assert len(row) == 1 and row["energy"].iloc[0] == energy
                for action in ("reads", "fills", "updates"):
                    if level in layer["accesses"]:
                        assert row[action].iloc[0] == layer["accesses"][level][op][action]
                    else:  # the array NoC level has energy but no storage counts
                        assert row[action].isna().iloc[0]
                n += 1
        # Energy by level and operand plus the MACs' is the layer's total.
        in_layer = df[df["name"] == layer["name"]]["energy"].sum() + layer["energy_normalized"]["mac"]
        assert in_layer == pytest.approx(layer["energy_normalized"]["total"], rel=1e-12)
    assert len(df) == n
    assert eyrie.units(df)["fills"] == "word" and eyrie.units(df)["energy"] == "normalized"


def test_run_options_equal_cli_json(cli):
    # Dataflow, objective, batch and the timed engine are passed through, not defaulted.
    args = ["--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--dataflow", "ws", "--objective", "cycles",
            "--batch", "4", "--engine", "systemc"]
    expected = cli.json("run", *args)
    r = eyrie.run("configs/eyeriss.yaml", "lenet5", dataflow="ws", objective="cycles", batch=4, engine="systemc")
    assert r.json == expected
    assert expected["engine"] == "analytic+systemc" and expected["dataflow"] == "ws"
    assert "timed.cycles" in r.to_dataframe().columns
    assert_frame_equals_json(r.to_dataframe(), expected["layers"])


def test_run_with_mapping_file_equals_cli(cli, tmp_path):
    # A layer's chosen mapping, saved from Python, run through --mapping and through run(mapping=).
    first = eyrie.run("configs/eyeriss.yaml", "lenet5")
    name = first.layers[0]["name"]
    path = tmp_path / "m.yaml"
    first.mappings[name].save(path)
    one_layer = tmp_path / "one.yaml"
    one_layer.write_text("network: one\nlayers:\n  - {name: c1, type: conv, C: 1, M: 6, H: 32, W: 32, R: 5, S: 5}\n")
    expected = cli.json("run", "--arch", "configs/eyeriss.yaml", "--network", one_layer, "--mapping", path)
    r = eyrie.run("configs/eyeriss.yaml", one_layer, mapping=eyrie.Mapping.load(path))
    assert r.json == expected
    assert expected["layers"][0]["mapping"] == first.layers[0]["mapping"]
    assert_frame_equals_json(r.to_dataframe(), expected["layers"])


def test_compare_equals_cli_json(cli):
    expected = cli.json("compare", "--arch", "configs/tiny-4x4.yaml", "--network", "alexnet", "--objective", "energy")
    c = eyrie.compare("configs/tiny-4x4.yaml", "alexnet", objective="energy")
    assert c.json == expected
    assert c.unmappable == expected["unmappable"] and "rs" in c.unmappable  # an 11-wide filter row does not fit 4x4's RF
    assert c.best == expected["best"]
    names = list(expected["dataflows"])
    assert_frame_equals_json(c.to_dataframe().drop(columns=["dataflow", "best"]),
                             [expected["dataflows"][d]["total"] for d in names])
    assert list(c.to_dataframe()["dataflow"]) == names
    assert list(c.to_dataframe()["best"]) == [d == expected["best"] for d in names]
    layers = [layer for d in names for layer in expected["dataflows"][d]["layers"]]
    assert_frame_equals_json(c.layers_dataframe().drop(columns=["dataflow"]), layers)


@pytest.fixture
def small_sweep(tmp_path, root):
    f = tmp_path / "small.yaml"
    f.write_text(f"""sweep: small
arch: {root}/configs/eyeriss.yaml
networks: [lenet5, alexnet]
dataflows: [rs, ws]
objective: edp
grid:
  pe_array.rows: [4, 12]
  register_file.ifmap_words: [12, 4]
""")
    return f


@pytest.mark.parametrize("jobs", [1, 3])
def test_sweep_equals_cli_json(cli, small_sweep, jobs):
    expected = cli.json("sweep", small_sweep)
    s = eyrie.sweep(small_sweep, jobs=jobs)
    assert s.json == expected
    statuses = {row["status"] for row in expected["rows"]}
    assert "ok" in statuses and len(statuses) > 1  # the sweep has unmappable rows (RS with 4-word ifmap RF)
    assert_frame_equals_json(s.to_dataframe(), expected["rows"])
    assert sum(bool(b) for b in s.to_dataframe()["best"].fillna(False)) == 2  # one per network


def test_timed_sweep_equals_cli_json(cli, small_sweep):
    expected = cli.json("sweep", small_sweep, "--engine", "systemc")
    s = eyrie.sweep(small_sweep, jobs=2, engine="systemc")
    assert s.json == expected and "timed_cycles" in s.to_dataframe().columns
    assert_frame_equals_json(s.to_dataframe(), expected["rows"])


def test_bundled_sweep_equals_cli_json(cli, root):
    path = root / "configs" / "sweeps" / "precision.yaml"
    assert eyrie.sweep(path, jobs=2).json == cli.json("sweep", path)


def test_workload_layers_equal_cli(cli):
    # The network's layer table: MACs per layer as `eyrie workload` reports them.
    expected = cli.json("workload", "--network", "resnet50")
    net = eyrie.load_network("resnet50")
    assert net.workload_json() == expected
    assert_frame_equals_json(net.to_dataframe(), expected["layers"])
    assert net.total_macs == expected["total_macs"]
