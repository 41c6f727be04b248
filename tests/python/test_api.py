"""Every call of the model half of the API, with hand-derived values; errors carry the CLI's
one-line message; bad input raises and never takes the interpreter down; long calls release
the GIL."""
import re
import threading
import time

import pytest

import eyrie

ALEXNET_CONV1_MACS = 96 * 55 * 55 * 3 * 11 * 11  # M * P * Q * C * R * S = 105,415,200


def test_load_arch_and_overrides():
    a = eyrie.load_arch("configs/eyeriss.yaml")
    assert (a.name, a.file, a.dataflow, a.overrides) == ("eyeriss", "configs/eyeriss.yaml", "rs", {})
    d = a.to_dict()  # the lowered form: levels as data, outermost first
    levels = {lv["name"]: lv for lv in d["storage"]}
    assert [lv["name"] for lv in d["storage"]] == ["dram", "global_buffer", "register_file"]
    assert (levels["register_file"]["mesh_x"], levels["register_file"]["mesh_y"]) == (14, 12)
    assert levels["global_buffer"]["capacity_words"] == 110592 // 2  # 16-bit words
    assert a.to_yaml().startswith("name: eyeriss")
    b = a.with_overrides({"pe_array.rows": 16}, global_buffer__double_buffered=False)
    assert b.overrides == {"pe_array.rows": 16, "global_buffer.double_buffered": False}
    lb = {lv["name"]: lv for lv in b.to_dict()["storage"]}
    assert lb["register_file"]["mesh_y"] == 16 and lb["global_buffer"]["buffering"] == 1
    # The override reaches the model: peak = PEs x clock = 16 * 14 * 200 MHz.
    assert eyrie.run(b, "lenet5").total["roofline"]["peak_macs_per_s"] == 16 * 14 * 200e6
    assert eyrie.run(a, "lenet5").total["roofline"]["peak_macs_per_s"] == 12 * 14 * 200e6


def test_parse_arch_from_text(root):
    text = (root / "configs" / "tiny-4x4.yaml").read_text().replace("rows: 4", "rows: 2")
    a = eyrie.parse_arch(text, "mine.yaml")
    assert a.name == "tiny-4x4" and a.to_dict()["storage"][-1]["mesh_y"] == 2
    with pytest.raises(eyrie.Error, match="with_overrides: mine.yaml was parsed from text"):
        a.with_overrides({"pe_array.cols": 2})
    with pytest.raises(eyrie.Error) as e:
        eyrie.parse_arch(text.replace("rows: 2", "rows: -2"), "mine.yaml")
    assert re.fullmatch(r"mine\.yaml:\d+: pe_array\.rows: .+", str(e.value)), str(e.value)


def test_networks_bundled_yaml_csv(root):
    assert {"alexnet", "resnet50", "vgg16", "lenet5", "mobilenet_v1"} <= set(eyrie.bundled_networks())
    net = eyrie.load_network("alexnet")
    assert net.name == "alexnet" and len(net) == 11 and net.layers_with_macs == 8
    assert net.layers[0] == {"name": "conv1", "type": "conv", "N": 1, "C": 3, "M": 96, "H": 227, "W": 227, "R": 11,
                             "S": 11, "stride": (4, 4), "dilation": (1, 1), "pad": (0, 0, 0, 0), "groups": 1}
    df = net.to_dataframe()
    assert df["macs"].iloc[0] == ALEXNET_CONV1_MACS and (df["P"].iloc[0], df["Q"].iloc[0]) == (55, 55)
    assert eyrie.units(df)["macs"] == "MAC"
    assert eyrie.load_network("alexnet", batch=4).total_macs == 4 * net.total_macs
    assert net.with_batch(2).layers[0]["N"] == 2
    csv = eyrie.load_network(root / "tests" / "data" / "scalesim_alexnet.csv")
    conv2 = csv.to_dataframe().set_index("name").loc["Conv2"]
    assert conv2["macs"] == 256 * 23 * 23 * 96 * 5 * 5  # 27x27 input, 5x5 filter, no padding
    yaml_net = eyrie.load_network(root / "workloads" / "networks" / "lenet5.yaml")
    assert yaml_net.name == "lenet5" and yaml_net.total_macs == eyrie.load_network("lenet5").total_macs


def test_network_from_python_layers():
    net = eyrie.Network.from_layers("mine", [
        {"name": "c1", "type": "conv", "C": 3, "M": 4, "H": 8, "W": 8, "R": 3, "S": 3, "pad": 1},
        {"name": "p1", "type": "pool", "C": 4, "H": 8, "W": 8, "R": 2, "S": 2, "stride": 2},
        {"name": "fc", "type": "fc", "C": 64, "M": 10},
    ], description="built in Python")
    assert (net.name, net.description, net.source) == ("mine", "built in Python", "<python>")
    assert net.total_macs == 4 * 8 * 8 * 3 * 3 * 3 + 10 * 64  # 6912 + 640
    import numpy as np
    numpy_ints = eyrie.Network.from_layers("np", [{"name": "c", "C": np.int64(3), "M": np.int32(4), "H": 8, "W": 8,
                                                   "R": 3, "S": 3, "pad": np.int64(1)}])
    assert numpy_ints.total_macs == 6912
    again = eyrie.Network.from_layers("again", eyrie.load_network("resnet50").layers)
    assert again.total_macs == eyrie.load_network("resnet50").total_macs
    r = eyrie.run("configs/tiny-4x4.yaml", net, dataflow="ws")
    assert [layer["name"] for layer in r.layers] == ["c1", "fc"]  # the pool has no MACs
    assert r.total["macs"] == 6912 + 640
    c1 = r.layers[0]
    assert c1["utilization"] == pytest.approx(6912 / (c1["cycles"] * 16))


def test_bad_layer_is_a_located_error():
    with pytest.raises(eyrie.Error) as e:
        eyrie.Network.from_layers("bad", [
            {"name": "ok", "C": 3, "M": 4, "H": 8, "W": 8, "R": 3, "S": 3},
            {"name": "c2", "C": 3, "M": 0, "H": 8, "W": 8, "R": 3, "S": 3},
        ])
    assert re.fullmatch(r"<python>:3: layers\[1\]\.M: .+", str(e.value)), str(e.value)
    with pytest.raises(eyrie.Error, match=r"layers\[0\]: unknown key 'K'|layers\[0\]\.K"):
        eyrie.Network.from_layers("bad", [{"name": "x", "C": 3, "M": 4, "H": 8, "W": 8, "R": 3, "S": 3, "K": 1}])


def test_mappings_read_write_construct(tmp_path):
    r = eyrie.run("configs/eyeriss.yaml", "alexnet", dataflow="rs")
    m = r.mappings["conv3"]
    assert str(m) == r.layers[2]["mapping"] == m.to_text()
    data = m.to_dict()
    assert [level["level"] for level in data["mapping"]] == ["dram", "global_buffer", "register_file"]
    built = eyrie.Mapping.from_dict(data["mapping"])  # constructed from data
    assert built.to_text() == m.to_text() and built.to_yaml() == m.to_yaml()
    path = tmp_path / "conv3.yaml"
    m.save(path)
    assert eyrie.Mapping.load(path).to_text() == m.to_text()
    assert eyrie.Mapping.parse(path.read_text()).to_text() == m.to_text()
    # The mapping runs again and gives the same layer.
    conv3 = eyrie.Network.from_layers("one", [eyrie.load_network("alexnet").layers[4]])
    again = eyrie.run("configs/eyeriss.yaml", conv3, mapping=path)
    assert again.dataflow == "mapping"
    for key in ("cycles", "energy_normalized", "accesses", "mapping"):
        assert again.layers[0][key] == r.layers[2][key]
    # A run's mapping on a layer it does not fit: conv1's M = 96 against conv2's 256 / 2 groups.
    with pytest.raises(eyrie.Error) as e:
        eyrie.run("configs/eyeriss.yaml", "alexnet", mapping=r.mappings["conv1"])
    assert str(e.value) == "the mapping of layer conv1: layer conv2: factors of M multiply to 96, the layer has 128"
    # A hand-written mapping: 1x1 conv, C=2, M=2, one PE, everything in DRAM's loops.
    tiny = eyrie.Network.from_layers("t", [{"name": "t", "C": 2, "M": 2, "H": 1, "W": 1, "R": 1, "S": 1}])
    hand = eyrie.Mapping.from_dict([{"level": "dram", "temporal": {"M": 2, "C": 2}}])
    t = eyrie.run("configs/tiny-4x4.yaml", tiny, mapping=hand)
    assert t.total["macs"] == 4 and t.total["compute_cycles"] == 4


def test_compare_and_units():
    c = eyrie.compare("configs/eyeriss.yaml", "alexnet", dataflows="rs,ws")
    assert list(c.runs) == ["rs", "ws"] and c.best in ("rs", "ws") and c.unmappable == {}
    df = c.to_dataframe()
    assert list(df["dataflow"]) == ["rs", "ws"]
    edp = {d: r.total["energy_normalized"]["total"] * r.total["cycles"] for d, r in c.runs.items()}
    assert c.best == min(edp, key=edp.get)
    u = eyrie.units(df)
    assert (u["cycles"], u["energy_normalized.total"], u["dram_bytes"], u["accesses.dram.inputs.reads"]) == (
        "cycle", "normalized", "byte", "word")
    assert "cycles [cycle]" in eyrie.with_units(df).columns
    assert len(c.layers_dataframe()) == 2 * 8


def test_sweep_progress_and_jobs(small_sweep_file):
    seen = []
    s = eyrie.sweep(small_sweep_file, jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert s.parameters == ["pe_array.rows", "pe_array.cols"] and len(s.rows) == 4 * 2
    assert eyrie.sweep(small_sweep_file, jobs=1).json == s.json
    df = s.to_dataframe()
    assert list(df["parameters.pe_array.rows"]) == ["4"] * 4 + ["8"] * 4  # as the CLI writes them: override text
    assert eyrie.units(df)["area_um2.total"] == "um^2"


def test_sweep_progress_line(small_sweep_file, capsys):
    eyrie.sweep(small_sweep_file, jobs=1, progress=True)
    assert capsys.readouterr().err.splitlines() == [f"sweep: {i}/4 points" for i in range(1, 5)]  # not a terminal


@pytest.fixture
def small_sweep_file(tmp_path, root):
    f = tmp_path / "s.yaml"
    f.write_text(f"sweep: s\narch: {root}/configs/eyeriss.yaml\nnetworks: [lenet5]\ndataflows: [rs, ws]\n"
                 "grid:\n  pe_array.rows: [4, 8]\n  pe_array.cols: [4, 8]\n")
    return f


# Errors: the same line as the CLI prints after "eyrie <command>: error: ".

def test_error_bad_override_value(cli):
    expected = cli.error("run", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--set", "pe_array.rows=twelve")
    with pytest.raises(eyrie.Error) as e:
        eyrie.load_arch("configs/eyeriss.yaml", {"pe_array.rows": "twelve"})
    assert str(e.value) == expected
    assert expected == 'configs/eyeriss.yaml: --set pe_array.rows: must be a positive integer, got "twelve"'


def test_error_unknown_override_key(cli):
    expected = cli.error("run", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--set", "pe_array.depth=3")
    with pytest.raises(eyrie.Error) as e:
        eyrie.load_arch("configs/eyeriss.yaml", {"pe_array.depth": 3})
    assert str(e.value) == expected


def test_error_missing_files_and_names(cli, tmp_path):
    cases = [
        (("validate", "--arch", "nope.yaml"), lambda: eyrie.load_arch("nope.yaml")),
        (("workload", "--network", "nonet"), lambda: eyrie.load_network("nonet")),
        (("run", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--dataflow", "xs"),
         lambda: eyrie.run("configs/eyeriss.yaml", "lenet5", dataflow="xs")),
        (("run", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--objective", "speed"),
         lambda: eyrie.run("configs/eyeriss.yaml", "lenet5", objective="speed")),
        (("run", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--batch", "0"),
         lambda: eyrie.run("configs/eyeriss.yaml", "lenet5", batch=0)),
        (("sweep", tmp_path / "none.yaml"), lambda: eyrie.sweep(tmp_path / "none.yaml")),
        (("compare", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--dataflows", "rs,zz"),
         lambda: eyrie.compare("configs/eyeriss.yaml", "lenet5", dataflows=["rs", "zz"])),
    ]
    for args, call in cases:
        expected = cli.error(*args)
        with pytest.raises(eyrie.Error) as e:
            call()
        assert str(e.value) == expected, args


def test_error_bad_mapping_file(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("mapping:\n  - level: dram\n    temporal: {M: four}\n")
    expected = cli.error("run", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--mapping", bad)
    with pytest.raises(eyrie.Error) as e:
        eyrie.Mapping.load(bad)
    assert str(e.value) == expected and expected.startswith(f"{bad}:3: mapping[0].temporal.M: ")
    # A legal file whose factors do not fit the layers: the run's error, as the CLI's.
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("mapping:\n  - level: dram\n    temporal: {M: 2}\n")
    expected = cli.error("run", "--arch", "configs/eyeriss.yaml", "--network", "lenet5", "--mapping", wrong)
    with pytest.raises(eyrie.Error) as e:
        eyrie.run("configs/eyeriss.yaml", "lenet5", mapping=wrong)
    assert str(e.value) == expected


def test_error_no_dataflow_maps(cli):
    expected = cli.error("compare", "--arch", "configs/tiny-4x4.yaml", "--network", "alexnet", "--dataflows", "rs")
    with pytest.raises(eyrie.Error) as e:
        eyrie.compare("configs/tiny-4x4.yaml", "alexnet", dataflows=["rs"])
    assert str(e.value) == expected and "no legal mapping" in expected


def test_bad_arguments_raise_not_crash(small_sweep_file):
    with pytest.raises(eyrie.Error, match="engine: must be analytic or systemc"):
        eyrie.run("configs/eyeriss.yaml", "lenet5", engine="rtl")
    with pytest.raises(eyrie.Error, match="jobs: must be between 1 and 1024"):
        eyrie.sweep(small_sweep_file, jobs=0)
    with pytest.raises(eyrie.Error, match="progress: must be callable"):
        eyrie.sweep(small_sweep_file, progress=3)
    with pytest.raises(eyrie.Error, match="dataflows: name at least one"):
        eyrie.compare("configs/eyeriss.yaml", "lenet5", dataflows=[])
    with pytest.raises(TypeError):
        eyrie.run(42, "lenet5")
    with pytest.raises(eyrie.Error):
        eyrie.Mapping.from_dict({"mapping": "not a list"})

    class Stop(Exception):
        pass

    def progress(done, total):
        raise Stop()

    with pytest.raises(Stop):  # the callback's exception comes through; the workers are joined
        eyrie.sweep(small_sweep_file, jobs=2, progress=progress)
    assert len(eyrie.sweep(small_sweep_file, jobs=2).rows) == 8  # and the module still works


def test_runs_on_threads_equal_serial_runs():
    from concurrent.futures import ThreadPoolExecutor
    archs = [eyrie.load_arch("configs/eyeriss.yaml", {"pe_array.rows": r}) for r in (4, 8, 12, 16)]
    net = eyrie.load_network("alexnet")
    serial = [eyrie.run(a, net, dataflow=d).json for a in archs for d in ("rs", "os")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda ad: eyrie.run(ad[0], net, dataflow=ad[1]).json,
                                 [(a, d) for a in archs for d in ("rs", "os")]))
    assert threaded == serial
    timed = list(ThreadPoolExecutor(max_workers=3).map(
        lambda a: eyrie.run(a, "lenet5", engine="systemc").json, archs[:3]))  # one SystemC kernel, locked
    assert timed == [eyrie.run(a, "lenet5", engine="systemc").json for a in archs[:3]]


def longest_pause_while(fn):
    """Runs fn on a thread; returns (fn's seconds, the longest gap between the ticks of a Python
    loop on this thread meanwhile). A call holding the GIL stops the loop for its whole length."""
    done = threading.Event()
    t = threading.Thread(target=lambda: (fn(), done.set()))
    start = time.perf_counter()
    t.start()
    last, gap = start, 0.0
    while True:
        finished = done.is_set()
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
        if finished:
            break
        time.sleep(0.001)
    t.join()
    return time.perf_counter() - start, gap


def test_long_runs_release_the_gil(tmp_path, root):
    # The probe itself: a C call that keeps the GIL (sorting floats) stops the loop throughout.
    import random
    values = [random.random() for _ in range(10**6)]
    seconds, gap = longest_pause_while(lambda: sorted(values))
    assert gap > seconds / 2, (seconds, gap)
    arch = eyrie.load_arch("configs/eyeriss.yaml")
    net = eyrie.load_network("resnet50")
    sweep = tmp_path / "r.yaml"
    sweep.write_text(f"sweep: r\narch: {root}/configs/eyeriss.yaml\nnetworks: [resnet50]\ndataflows: [rs, os]\n"
                     "grid:\n  pe_array.rows: [8, 12]\n")
    x, w = eyrie.generate_tensors("H=28,W=28,C=32,M=32,R=3,S=3", seed=1)
    for fn in (lambda: eyrie.compare(arch, net), lambda: eyrie.sweep(sweep, jobs=1),
               lambda: eyrie.conv(x, w, precision="int8", backend="array")):
        seconds, gap = longest_pause_while(fn)
        assert seconds > 0.05 and gap < seconds / 2, (seconds, gap)  # long enough to tell
