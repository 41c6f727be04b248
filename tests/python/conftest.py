"""Shared by the Python API tests: where the sources and the built CLI are, and how to run it.

ctest sets PYTHONPATH to build/python, EYRIE_DATA_DIR to the source tree and EYRIE_BINARY to
the built `eyrie`; run by hand, the defaults below find them from the repository root."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("EYRIE_DATA_DIR", Path(__file__).resolve().parents[2]))
EYRIE = os.environ.get("EYRIE_BINARY", str(ROOT / "build" / "bin" / "eyrie"))


class Cli:
    """The eyrie command line, run as a user would."""

    def __call__(self, *args, check=True):
        p = subprocess.run([EYRIE, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
        if check and p.returncode != 0:
            raise AssertionError(f"eyrie {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}")
        return p

    def json(self, *args):
        return json.loads(self(*args, "--format", "json").stdout)

    def error(self, command, *args):
        """The one-line message after "eyrie COMMAND: error: ", checking exit status 2."""
        p = self(command, *args, check=False)
        assert p.returncode == 2, (p.returncode, p.stderr)
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1, p.stderr
        prefix = f"eyrie {command}: error: "
        assert lines[0].startswith(prefix), lines[0]
        return lines[0][len(prefix):]


@pytest.fixture(scope="session")
def cli():
    return Cli()


@pytest.fixture(scope="session")
def root():
    return ROOT
