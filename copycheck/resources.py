"""Locate the data that ships with the package (rule packs, dictionaries, schema)."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any


def data_path(name: str) -> Path:
    """Return the folder or file `name` shipped with copycheck.

    The wheel carries the top-level `rules/` and `dictionaries/` folders inside the package;
    a source checkout (or an editable install) keeps them beside the package.
    """
    packaged = Path(str(resources.files("copycheck"))) / name
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[1] / name


# -- shipped indexes (dictionaries/accepted.bin, deletes.bin) ------------------------------------
# Each is gzip of a JSON header line and a binary payload; the header names what the index was
# built from (the frequency list's forms by digest), so a stale index is refused, never misread.
def pack_index(header: dict[str, Any], payload: bytes) -> bytes:
    return gzip.compress(json.dumps(header).encode() + b"\n" + payload, mtime=0)


def read_index(path: Path) -> tuple[dict[str, Any], bytes] | None:
    """The header and payload of a shipped index; None when it is missing or unreadable."""
    try:
        header, _, payload = gzip.decompress(path.read_bytes()).partition(b"\n")
        meta = json.loads(header)
    except (OSError, ValueError, EOFError):
        return None
    return (meta, payload) if isinstance(meta, dict) else None


def forms_digest(forms: Sequence[str]) -> str:
    """The digest of a list of forms, in order: what an index built from them records."""
    return hashlib.sha256("\n".join(forms).encode("utf-8", "surrogatepass")).hexdigest()
