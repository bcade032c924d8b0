"""Locate the data that ships with the package (rule packs, dictionaries, schema)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """Return the folder or file `name` shipped with copycheck.

    The wheel carries the top-level `rules/` and `dictionaries/` folders inside the package;
    a source checkout (or an editable install) keeps them beside the package.
    """
    packaged = Path(str(resources.files("copycheck"))) / name
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[1] / name
