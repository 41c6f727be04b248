"""`cmake --install` puts a package that imports outside the build tree (into a DESTDIR here,
so the test leaves the system alone): the README's second way."""
import os
import subprocess
import sys

import pytest


@pytest.mark.skipif("EYRIE_BUILD_DIR" not in os.environ, reason="run by ctest, which names the build tree")
def test_cmake_install_then_import(tmp_path):
    dest = tmp_path / "root"
    p = subprocess.run(["cmake", "--install", os.environ["EYRIE_BUILD_DIR"], "--component", "python"],
                       capture_output=True, text=True, env={**os.environ, "DESTDIR": str(dest)})
    assert p.returncode == 0, p.stderr
    site = dest / os.environ["EYRIE_PYTHON_INSTALL_DIR"].lstrip("/")
    assert (site / "eyrie" / "__init__.py").exists()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    code = "import eyrie; print(eyrie.__file__); print(eyrie.load_network('alexnet').total_macs)"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    where, macs = p.stdout.split()
    assert where.startswith(str(site)) and int(macs) == 724406816  # AlexNet: 666M conv + 58.6M FC MACs
