"""examples/dataflow_study.py runs (a smaller grid than its default, the same code), writes its
plot, and its points and Pareto front are right: each point's figures are the CLI's for that
array size, and the front is exactly the non-dominated points."""
import csv
import os
import struct
import subprocess
import sys

SIZES = ["4x4", "8x8", "12x14"]


def test_dataflow_study(tmp_path, root, cli):
    png, points = tmp_path / "study.png", tmp_path / "points.csv"
    p = subprocess.run([sys.executable, str(root / "examples" / "dataflow_study.py"), "--sizes", ",".join(SIZES),
                        "--jobs", "2", "-o", str(png), "--csv", str(points)],
                       capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    assert p.returncode == 0, p.stderr
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert (width, height) == (9 * 120, int(6.5 * 120))

    rows = list(csv.DictReader(points.open()))
    assert [(r["size"], r["dataflow"]) for r in rows] == [(s, d) for s in SIZES for d in ("ws", "os", "is", "rs", "nlr")]
    for r in rows:
        rr, cc = map(int, r["size"].split("x"))
        assert int(r["pes"]) == rr * cc
    # One point against the command line at that size.
    r = next(r for r in rows if r["size"] == "8x8" and r["dataflow"] == "ws")
    expected = cli.json("run", "--arch", "configs/eyeriss.yaml", "--network", "resnet50", "--dataflow", "ws",
                        "--set", "pe_array.rows=8", "--set", "pe_array.cols=8")["total"]
    assert int(r["cycles"]) == expected["cycles"] and float(r["energy"]) == expected["energy_normalized"]["total"]
    # The front: no point on it is dominated, every point off it is.
    pts = [(int(r["cycles"]), float(r["energy"]), r["pareto"] == "True") for r in rows]

    def dominated(c, e):
        return any(c2 <= c and e2 <= e and (c2 < c or e2 < e) for c2, e2, _ in pts)

    assert all(dominated(c, e) != on_front for c, e, on_front in pts)
    assert any(on for *_, on in pts)
    assert "on the Pareto front" in p.stdout
