import sys
from pathlib import Path

import pytest

# Make tests/support.py importable as `support` wherever pytest is started.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True, scope="session")
def _private_spelling_cache(tmp_path_factory: pytest.TempPathFactory):
    """The spelling verdict cache of every test (and of the CLI they start) lives in a temporary
    folder, never in the user's cache directory; shared by the session, so warm after first use."""
    patch = pytest.MonkeyPatch()
    patch.setenv("COPYCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("spelling-cache")))
    yield
    patch.undo()
