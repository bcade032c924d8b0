"""Start-up stays cheap: what only some runs need is imported when they need it."""

from __future__ import annotations

import subprocess
import sys

import copycheck
from copycheck.rules import _parse_yaml


def test_version_is_read_lazily_and_still_available():
    probe = "import sys, copycheck.cli; print('importlib.metadata' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
    assert copycheck.__version__ and copycheck.__version__[0].isdigit()


def test_each_rule_pack_is_parsed_once_per_content():
    from copycheck.engine import load_rules

    _parse_yaml.cache_clear()
    load_rules()
    info = _parse_yaml.cache_info()
    assert info.misses == info.hits  # every pack: parsed for its defines, reused for its rules
