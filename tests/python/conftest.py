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


def _without_provenance(j):
    if isinstance(j, dict):
        # A run's record (it has "layers"); sweep rows keep theirs, as the Python sweep does.
        return {k: _without_provenance(v) for k, v in j.items() if k != "provenance" or "layers" not in j}
    if isinstance(j, list):
        return [_without_provenance(v) for v in j]
    return j


class Cli:
    """The eyrie command line, run as a user would."""

    def __call__(self, *args, check=True):
        p = subprocess.run([EYRIE, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
        if check and p.returncode != 0:
            raise AssertionError(f"eyrie {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}")
        return p

    def json(self, *args, provenance=False):
        """The command's JSON. Its `provenance` (which files, hashes and options the command
        line was given) is dropped unless asked for: the Python objects keep those facts as
        attributes (Arch.file, .overrides), not in their JSON."""
        j = json.loads(self(*args, "--format", "json").stdout)
        return j if provenance else _without_provenance(j)

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
