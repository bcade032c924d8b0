"""copycheck: an editorial quality checker for Arabic copy."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__` is read from the installed metadata on first use only: importing
    importlib.metadata costs tens of milliseconds, and most runs never print the version."""
    if name != "__version__":
        raise AttributeError(f"module 'copycheck' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("copycheck")
    except PackageNotFoundError:  # running from a source checkout that was never installed
        value = "0.0.0+source"
    globals()["__version__"] = value
    return value
