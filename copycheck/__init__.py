"""copycheck: an editorial quality checker for Arabic copy."""

from __future__ import annotations

# The name on PyPI: "copycheck" there is an unrelated project.
DISTRIBUTION = "copycheck-arabic"


def __getattr__(name: str) -> str:
    """`__version__` is read from the installed metadata on first use only: importing
    importlib.metadata costs tens of milliseconds, and most runs never print the version."""
    if name != "__version__":
        raise AttributeError(f"module 'copycheck' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a source checkout that was never installed
        value = "0.0.0+source"
    globals()["__version__"] = value
    return value
