"""`pip install .` into a fresh virtual environment gives a working `copycheck` from any folder,
reading its rule packs (and schema) from the installed package, never from the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9eb9693275b328fe.txt"


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nothing may lead the fresh venv back to the checkout or to the test venv.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env)


@pytest.mark.slow
def test_non_editable_install_in_a_fresh_venv(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    install = run(bin_dir / "python", "-m", "pip", "install", "--quiet", ROOT, cwd=tmp_path)
    assert install.returncode == 0, install.stderr

    # The seed, checked from a folder that is not the checkout.
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "article.txt").write_bytes(SEED.read_bytes())
    result = run(bin_dir / "copycheck", "check", "--format", "json", "article.txt", cwd=work)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert {"spacing.before-punctuation", "punctuation.double", "spacing.detached-conjunction"} <= rules

    # Rule packs and the schema are package data inside the venv, not the checkout's folders.
    probe = run(bin_dir / "python", "-c",
                "import copycheck, copycheck.engine as e, copycheck.resources as r;"
                "print(copycheck.__file__); print(*e.builtin_packs(), sep='\\n');"
                "print(r.data_path('schema/report.schema.json'))", cwd=work)
    assert probe.returncode == 0, probe.stderr
    package, *packs, schema = [Path(line) for line in probe.stdout.splitlines()]
    site = package.parent
    assert env_dir in package.parents and ROOT not in package.parents
    assert {p.name for p in packs} >= {"spacing.yaml", "punctuation.yaml", "macros.yaml"}
    assert all(site in p.parents for p in packs)
    assert schema.is_file() and site in schema.parents
    assert run(bin_dir / "copycheck", "rules", "show", "spacing.before-punctuation", cwd=work).returncode == 0
